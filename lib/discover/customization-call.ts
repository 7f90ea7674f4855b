import { Locator, Place } from '../resolve/locate';
import { asArray, asText, Expr, isValueObject, Value, ValueObject } from '../resolve/value';
import { CustomizationAction, CustomizationWork, DataLocation, Subject, WorkOrigin } from './facts';
import { parseModelRef } from './model-ref';

const ACTIONS: Record<string, CustomizationAction> = {
  createmodelcustomizationjob: 'CreateModelCustomizationJob',
  createmodelcopyjob: 'CreateModelCopyJob',
  createmodelimportjob: 'CreateModelImportJob',
  createprovisionedmodelthroughput: 'CreateProvisionedModelThroughput',
  createcustommodeldeployment: 'CreateCustomModelDeployment',
  createcustommodel: 'CreateCustomModel',
};

/** The Bedrock action an API name means (case-insensitive, as IAM and SDKs spell it differently). */
export function customizationAction(name: string): CustomizationAction | undefined {
  return ACTIONS[name.toLowerCase()];
}

/** A request field by API name: Step Functions uses PascalCase, SDK calls camelCase; `X.$` is a path. */
export function field(params: Value | undefined, name: string): Value | undefined {
  if (!isValueObject(params)) return undefined;
  const camel = name[0].toLowerCase() + name.slice(1);
  for (const key of [name, camel]) {
    if (Object.prototype.hasOwnProperty.call(params, key)) return params[key];
    if (Object.prototype.hasOwnProperty.call(params, `${key}.$`)) {
      const reason = `the state input ${asText(params[`${key}.$`]) ?? ''} is known only at run time`;
      return new Expr([{ kind: 'unknown', reason }]);
    }
  }
  return undefined;
}

function path(params: Value | undefined, ...names: string[]): Value | undefined {
  return names.reduce<Value | undefined>((current, name) => field(current, name), params);
}

export interface CallContext {
  readonly subject: Subject;
  readonly origin: WorkOrigin;
  readonly place: Place;
  readonly detail?: string;
}

/** Builds the customization fact for one API call, whatever the integration that makes it. */
export function workFromCall(
  action: CustomizationAction,
  params: ValueObject | undefined,
  ctx: CallContext,
  locator: Locator,
): CustomizationWork {
  const data: DataLocation[] = [];
  const addData = (role: DataLocation['role'], uri: Value | undefined) => {
    const location = locator.dataUriPlace(uri, `${role} data`);
    if (location) data.push({ ...location, role });
  };
  addData('training', path(params, 'TrainingDataConfig', 'S3Uri'));
  for (const validator of asArray(path(params, 'ValidationDataConfig', 'Validators')))
    addData('validation', field(validator, 'S3Uri'));
  addData('output', path(params, 'OutputDataConfig', 'S3Uri'));
  addData('model-data', path(params, 'ModelDataSource', 'S3DataSource', 'S3Uri'));

  const modelField = MODEL_FIELD[action];
  // The name given to an imported model is a new name, not a base model to look up.
  const baseModel =
    action === 'CreateModelImportJob'
      ? undefined
      : parseModelRef(field(params, modelField), locator, modelField);
  const teacher = path(
    params,
    'CustomizationConfig',
    'DistillationConfig',
    'TeacherModelConfig',
    'TeacherModelIdentifier',
  );
  const subnets = path(params, 'VpcConfig', 'SubnetIds');
  return {
    ...ctx,
    action,
    baseModel,
    teacherModel: parseModelRef(teacher, locator, 'TeacherModelIdentifier'),
    customizationType: asText(field(params, 'CustomizationType')) ?? 'FINE_TUNING',
    data,
    vpcSubnets: Array.isArray(subnets) ? subnets : undefined,
  };
}

const MODEL_FIELD: Record<CustomizationAction, string> = {
  CreateModelCustomizationJob: 'BaseModelIdentifier',
  CreateModelCopyJob: 'SourceModelArn',
  CreateModelImportJob: 'ImportedModelName',
  CreateProvisionedModelThroughput: 'ModelId',
  CreateCustomModelDeployment: 'ModelArn',
  CreateCustomModel: 'ModelName',
};
