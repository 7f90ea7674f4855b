import { StackModel } from '../assembly/types';
import { Locator, Place, REGION_CODE } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { asExpr, asText, Expr, get, isValueObject, Value } from '../resolve/value';
import { dataKind } from './customization-call';
import { CustomizationAction, CustomizationWork, DataLocation, IngestionCallFact } from './facts';
import { IamIndex, Statement } from './iam';
import { ingestionTarget } from './ingestion-calls';
import { parseModelRef } from './model-ref';

const MODEL_ID =
  /^(arn:aws[a-z-]*:bedrock:|(us|eu|apac|global)\.)?[a-z0-9]+\.[a-z0-9][a-z0-9.:-]*$/;

/** What a Lambda function's role and environment say it starts: jobs, and ingestion calls. */
export interface LambdaCalls {
  readonly work: CustomizationWork[];
  readonly ingestions: IngestionCallFact[];
}

/**
 * Lambda functions that start Bedrock work: allowed `bedrock:CreateModelCustomizationJob` (or
 * `CreateModelInvocationJob`, batch inference) with an environment naming the model, or allowed
 * `bedrock:StartIngestionJob` with a knowledge base to sync. The code is opaque, so the role and
 * the environment are the evidence of what the call will use.
 */
export function discoverLambdaCalls(
  stack: StackModel,
  resolver: Resolver,
  locator: Locator,
  iam: IamIndex,
): LambdaCalls {
  const found: LambdaCalls = { work: [], ingestions: [] };
  for (const fn of stack.byType.get('AWS::Lambda::Function') ?? []) {
    const props = resolver.properties(stack, fn.logicalId);
    const role = asExpr(get(props, 'Role'))?.refs()[0];
    const environment = get(props, 'Environment', 'Variables');
    if (!role) continue;
    const variables: Record<string, Value> = isValueObject(environment) ? environment : {};
    const roleKey = `${role.stackId}/${role.logicalId}`;
    const subject = { stackId: stack.id, logicalId: fn.logicalId, type: fn.type };
    const place = regionFromEnvironment(variables, locator.resourcePlace(stack.id, fn.logicalId));
    const modelVar = Object.keys(variables).find(
      (k) => /MODEL/i.test(k) && MODEL_ID.test(asText(variables[k]) ?? ''),
    );
    for (const action of jobActions(iam, roleKey, variables, modelVar)) {
      const batch = action === 'CreateModelInvocationJob';
      found.work.push({
        subject,
        origin: 'lambda',
        action,
        detail: `environment variable ${modelVar}`,
        place,
        baseModel: parseModelRef(variables[modelVar!], locator, modelVar!),
        customizationType: asText(variables.CUSTOMIZATION_TYPE) ?? 'FINE_TUNING',
        data: dataFromEnvironment(variables, locator, batch ? BATCH_ROLES : TUNING_ROLES),
      });
    }
    if (grants(iam, roleKey, 'bedrock:StartIngestionJob')) {
      const calls = optional(ingestionFromEnvironment(variables, locator));
      for (const call of calls.length ? calls : ingestionFromGrants(iam, roleKey, locator))
        found.ingestions.push({ subject, origin: 'lambda', place, ...call });
    }
  }
  return found;
}

/**
 * The jobs a Lambda starts. Batch inference needs a grant that names the action (not `bedrock:*`)
 * and input data in the environment; such a batch starter starts tuning jobs too only when its
 * role names that action as well (a wildcard grant is not evidence of both).
 */
function jobActions(
  iam: IamIndex,
  roleKey: string,
  variables: Record<string, Value>,
  modelVar: string | undefined,
): CustomizationAction[] {
  if (!modelVar) return [];
  const batch =
    grants(iam, roleKey, 'bedrock:CreateModelInvocationJob') &&
    Object.keys(variables).some((k) => BATCH_ROLES(k) === 'input');
  const tuning = batch
    ? grants(iam, roleKey, 'bedrock:CreateModelCustomizationJob')
    : iam.allows(roleKey, 'bedrock:CreateModelCustomizationJob');
  return [
    ...(tuning ? (['CreateModelCustomizationJob'] as const) : []),
    ...(batch ? (['CreateModelInvocationJob'] as const) : []),
  ];
}

/** Whether a statement of the role allows the action by a pattern that names it (not `*`, `bedrock:*`). */
function grants(iam: IamIndex, roleKey: string, action: string): boolean {
  return grantsOf(iam, roleKey, action).length > 0;
}

function grantsOf(iam: IamIndex, roleKey: string, action: string): readonly Statement[] {
  return iam.grantsNaming(roleKey, action);
}

/** Knowledge bases of the app the StartIngestionJob grant names, when the environment names none. */
function ingestionFromGrants(
  iam: IamIndex,
  roleKey: string,
  locator: Locator,
): Omit<IngestionCallFact, 'subject' | 'origin' | 'place'>[] {
  return grantsOf(iam, roleKey, 'bedrock:StartIngestionJob').flatMap((s) =>
    s.resources
      .filter((r) => asExpr(r)?.refs().length)
      .map((r) => ({
        ...ingestionTarget(r, undefined, locator),
        evidence: 'IAM bedrock:StartIngestionJob',
      })),
  );
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
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

type RoleOf = (key: string) => DataLocation['role'] | undefined;

const TUNING_ROLES: RoleOf = (key) =>
  /VALID/i.test(key)
    ? 'validation'
    : /OUT/i.test(key)
      ? 'output'
      : /TRAIN|DATA/i.test(key)
        ? 'training'
        : undefined;

const BATCH_ROLES: RoleOf = (key) =>
  /(^|_)OUT(PUT)?(_|$)|RESULT/i.test(key)
    ? 'output'
    : /(^|_)IN(PUT)?(_|$)|PROMPT/i.test(key)
      ? 'input'
      : undefined;

function dataFromEnvironment(
  variables: Record<string, Value>,
  locator: Locator,
  roleOf: RoleOf,
): DataLocation[] {
  const data: DataLocation[] = [];
  for (const key of Object.keys(variables)) {
    const role = roleOf(key);
    if (!role) continue;
    const value = variables[key];
    const uri = asText(value)?.startsWith('s3://')
      ? value
      : asExpr(value) && /BUCKET/i.test(key)
        ? prefixS3(value)
        : undefined;
    const location = uri === undefined ? undefined : locator.s3UriPlace(uri, dataKind(role));
    if (location) data.push({ ...location, role });
  }
  return data;
}

function prefixS3(value: Value): Value {
  return new Expr([{ kind: 'text', text: 's3://' }, ...asExpr(value)!.parts]);
}

const KB_ID = /(KNOWLEDGE_?BASE|^KB)_?ID$/i;
const DATA_SOURCE_ID = /DATA_?SOURCE_?ID$/i;

/** The knowledge base (and data source) an ingestion Lambda names in its environment. */
function ingestionFromEnvironment(
  variables: Record<string, Value>,
  locator: Locator,
): Omit<IngestionCallFact, 'subject' | 'origin' | 'place'> | undefined {
  const kbKey = Object.keys(variables).find((k) => KB_ID.test(k));
  if (!kbKey) return undefined;
  const dsKey = Object.keys(variables).find((k) => DATA_SOURCE_ID.test(k));
  return {
    ...ingestionTarget(variables[kbKey], dsKey ? variables[dsKey] : undefined, locator),
    evidence: `environment variable ${kbKey}`,
  };
}
