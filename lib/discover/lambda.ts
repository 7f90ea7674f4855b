import { StackModel } from '../assembly/types';
import { Locator, Place, REGION_CODE } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { asExpr, asText, Expr, get, isValueObject, Value } from '../resolve/value';
import { CustomizationWork, DataLocation } from './facts';
import { IamIndex } from './iam';
import { parseModelRef } from './model-ref';

const MODEL_ID =
  /^(arn:aws[a-z-]*:bedrock:|(us|eu|apac|global)\.)?[a-z0-9]+\.[a-z0-9][a-z0-9.:-]*$/;

/**
 * Lambda functions allowed `bedrock:CreateModelCustomizationJob` whose environment names a base
 * model: the code is opaque, so the environment is the evidence of what the job will use.
 */
export function discoverLambdaJobs(
  stack: StackModel,
  resolver: Resolver,
  locator: Locator,
  iam: IamIndex,
): CustomizationWork[] {
  const work: CustomizationWork[] = [];
  for (const fn of stack.byType.get('AWS::Lambda::Function') ?? []) {
    const props = resolver.properties(stack, fn.logicalId);
    const role = asExpr(get(props, 'Role'))?.refs()[0];
    if (
      !role ||
      !iam.allows(`${role.stackId}/${role.logicalId}`, 'bedrock:CreateModelCustomizationJob')
    )
      continue;
    const variables = get(props, 'Environment', 'Variables');
    if (!isValueObject(variables)) continue;
    const modelVar = Object.keys(variables).find(
      (k) => /MODEL/i.test(k) && MODEL_ID.test(asText(variables[k]) ?? ''),
    );
    if (!modelVar) continue;
    work.push({
      subject: { stackId: stack.id, logicalId: fn.logicalId, type: fn.type },
      origin: 'lambda',
      action: 'CreateModelCustomizationJob',
      detail: `environment variable ${modelVar}`,
      place: regionFromEnvironment(variables, locator.resourcePlace(stack.id, fn.logicalId)),
      baseModel: parseModelRef(variables[modelVar], locator, modelVar),
      customizationType: asText(variables.CUSTOMIZATION_TYPE) ?? 'FINE_TUNING',
      data: dataFromEnvironment(variables, locator),
    });
  }
  return work;
}

function regionFromEnvironment(variables: Record<string, Value>, fallback: Place): Place {
  const key = Object.keys(variables).find(
    (k) => /REGION$/i.test(k) && REGION_CODE.test(asText(variables[k]) ?? ''),
  );
  return key
    ? {
        region: asText(variables[key])!,
        source: `environment variable ${key}`,
        resource: fallback.resource,
      }
    : fallback;
}

function dataFromEnvironment(variables: Record<string, Value>, locator: Locator): DataLocation[] {
  const data: DataLocation[] = [];
  for (const key of Object.keys(variables)) {
    const role: DataLocation['role'] | undefined = /VALID/i.test(key)
      ? 'validation'
      : /OUT/i.test(key)
        ? 'output'
        : /TRAIN|DATA/i.test(key)
          ? 'training'
          : undefined;
    if (!role) continue;
    const value = variables[key];
    const uri = asText(value)?.startsWith('s3://')
      ? value
      : asExpr(value) && /BUCKET/i.test(key)
        ? prefixS3(value)
        : undefined;
    const location = uri === undefined ? undefined : locator.s3UriPlace(uri, `${role} data`);
    if (location) data.push({ ...location, role });
  }
  return data;
}

function prefixS3(value: Value): Value {
  return new Expr([{ kind: 'text', text: 's3://' }, ...asExpr(value)!.parts]);
}
