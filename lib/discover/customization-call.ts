import { Locator, Place } from '../resolve/locate';
import { asArray, asText, Expr, isValueObject, Value, ValueObject } from '../resolve/value';
import {
  CustomizationAction,
  CustomizationWork,
  DataLocation,
  StatedNumber,
  StatedSettings,
  Subject,
  WorkOrigin,
} from './facts';
import { parseModelRef } from './model-ref';
import { lookupTable } from '../collections';

const ACTIONS = lookupTable<CustomizationAction>({
  createmodelcustomizationjob: 'CreateModelCustomizationJob',
  createmodelcopyjob: 'CreateModelCopyJob',
  createmodelimportjob: 'CreateModelImportJob',
  createprovisionedmodelthroughput: 'CreateProvisionedModelThroughput',
  createcustommodeldeployment: 'CreateCustomModelDeployment',
  createcustommodel: 'CreateCustomModel',
  createmodelinvocationjob: 'CreateModelInvocationJob',
});

/** `input data`, `model weights`: what a job's data location holds, for evidence and messages. */
export function dataKind(role: DataLocation['role']): string {
  return role === 'model-data' ? 'model weights' : `${role} data`;
}

/** The Bedrock action an API name means (case-insensitive, as IAM and SDKs spell it differently). */
export function customizationAction(name: string): CustomizationAction | undefined {
  // SDK v3 names (`CreateModelInvocationJobCommand`) are what `@aws-sdk/client-bedrock` calls take.
  return ACTIONS[name.replace(/Command$/, '').toLowerCase()];
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
    const location = locator.dataUriPlace(uri, dataKind(role));
    if (location) data.push({ ...location, role });
  };
  addData('training', path(params, 'TrainingDataConfig', 'S3Uri'));
  for (const validator of asArray(path(params, 'ValidationDataConfig', 'Validators')))
    addData('validation', field(validator, 'S3Uri'));
  addData('output', path(params, 'OutputDataConfig', 'S3Uri'));
  addData('model-data', path(params, 'ModelDataSource', 'S3DataSource', 'S3Uri'));
  // Batch inference nests its locations one level deeper.
  addData('input', path(params, 'InputDataConfig', 'S3InputDataConfig', 'S3Uri'));
  addData('output', path(params, 'OutputDataConfig', 'S3OutputDataConfig', 'S3Uri'));

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
    customModelName: asText(field(params, 'CustomModelName')),
    stated: statedSettings(params),
  };
}

/** Hyperparameters Bedrock takes as strings ("3"), with the bounds of a sane request. */
const HYPER_PARAMETERS = {
  epochs: { name: 'epochCount', max: 1000 },
  batchSize: { name: 'batchSize', max: 1e6 },
  learningRate: { name: 'learningRate', max: 1 },
  learningRateWarmupSteps: { name: 'learningRateWarmupSteps', max: 1e9 },
} as const;

/** What the request states about size and serving; run-time values and nonsense are left out. */
function statedSettings(params: ValueObject | undefined): StatedSettings | undefined {
  const stated: { -readonly [K in keyof StatedSettings]: StatedSettings[K] } = {};
  const hyper = field(params, 'HyperParameters');
  for (const [key, { name, max }] of Object.entries(HYPER_PARAMETERS)) {
    const value = statedNumber(field(hyper, name), max, `HyperParameters.${name}`);
    if (value) stated[key as keyof typeof HYPER_PARAMETERS] = value;
  }
  const units = statedNumber(field(params, 'ModelUnits'), 10_000, 'ModelUnits');
  if (units && Number.isInteger(units.value)) stated.modelUnits = units;
  const commitment = asText(field(params, 'CommitmentDuration'));
  if (commitment) stated.commitment = commitment;
  return Object.keys(stated).length > 0 ? stated : undefined;
}

function statedNumber(value: Value | undefined, max: number, name: string): StatedNumber | null {
  const text = typeof value === 'number' ? String(value) : asText(value);
  if (text === undefined || !/^\s*[0-9.eE+-]+\s*$/.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 && n <= max ? { value: n, field: name } : null;
}

/**
 * A job's model served by a `CreateProvisionedModelThroughput` call of the app: in the same state
 * machine or custom resource, or naming the job's `CustomModelName`. The job then carries the
 * call's model units and commitment, so its estimate prices what the app buys.
 */
export function linkThroughput(work: readonly CustomizationWork[]): CustomizationWork[] {
  const throughput = work.filter(
    (w) => w.action === 'CreateProvisionedModelThroughput' && w.stated?.modelUnits,
  );
  if (throughput.length === 0) return [...work];
  const sameSubject = (a: Subject, b: Subject) =>
    a.stackId === b.stackId && a.logicalId === b.logicalId;
  return work.map((job) => {
    if (job.action !== 'CreateModelCustomizationJob') return job;
    const serving = throughput.find(
      (pt) =>
        sameSubject(pt.subject, job.subject) ||
        (job.customModelName !== undefined && pt.baseModel?.text === job.customModelName),
    );
    if (!serving) return job;
    const { modelUnits, commitment } = serving.stated!;
    const call = sameSubject(serving.subject, job.subject)
      ? serving.detail
      : `${serving.subject.logicalId}${serving.detail ? ` ${serving.detail}` : ''}`;
    const where = call ? ` of ${call}` : '';
    return {
      ...job,
      stated: {
        ...job.stated,
        modelUnits: { value: modelUnits!.value, field: `${modelUnits!.field}${where}` },
        ...(commitment ? { commitment } : {}),
      },
    };
  });
}

const MODEL_FIELD: Record<CustomizationAction, string> = {
  CreateModelCustomizationJob: 'BaseModelIdentifier',
  CreateModelCopyJob: 'SourceModelArn',
  CreateModelImportJob: 'ImportedModelName',
  CreateProvisionedModelThroughput: 'ModelId',
  CreateCustomModelDeployment: 'ModelArn',
  CreateCustomModel: 'ModelName',
  CreateModelInvocationJob: 'ModelId',
};
