import { StackModel } from '../assembly/types';
import { parseEmbeddedJson } from '../resolve/embedded-json';
import { Locator } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { asExpr, get, isValueObject, Value, ValueObject } from '../resolve/value';
import { customizationAction, field, workFromCall } from './customization-call';
import { CustomizationWork, IngestionCallFact, Setting } from './facts';
import { ingestionTarget } from './ingestion-calls';

const OPTIMIZED = /:states:::bedrock:createModelCustomizationJob(\.sync)?$/;
const SDK = /:states:::aws-sdk:bedrock:([A-Za-z]+)$/;
/** Tasks that call a model: the optimized InvokeModel integration and the runtime SDK calls. */
const INVOKE =
  /:states:::(bedrock:invokeModel|aws-sdk:bedrockruntime:(converse|converseStream|invokeModel|invokeModelWithResponseStream))$/i;

/** Knowledge-base sync through the SDK integration, as ingestion pipelines start it. */
const INGESTION = /:states:::aws-sdk:bedrockagent:startIngestionJob$/i;

/** SageMaker jobs a state machine starts: their requests are compute of their own (compute-kinds). */
export const SAGEMAKER_JOB =
  /:states:::sagemaker:create(Training|Processing|Transform)Job(\.sync|\.waitForTaskToken)?$/;

/** Customization work in Step Functions definitions: optimized and SDK integrations. */
export function discoverStateMachines(
  stack: StackModel,
  resolver: Resolver,
  locator: Locator,
): CustomizationWork[] {
  const work: CustomizationWork[] = [];
  for (const machine of stack.byType.get('AWS::StepFunctions::StateMachine') ?? []) {
    const props = resolver.properties(stack, machine.logicalId);
    const definition =
      get(props, 'Definition') ?? parseEmbeddedJson(get(props, 'DefinitionString'));
    if (!isValueObject(definition)) continue;
    const subject = { stackId: stack.id, logicalId: machine.logicalId, type: machine.type };
    for (const [name, state] of tasks(definition)) {
      const resource = asExpr(get(state, 'Resource'))?.toString() ?? '';
      const sdk = SDK.exec(resource);
      const action = OPTIMIZED.test(resource)
        ? 'CreateModelCustomizationJob'
        : sdk
          ? customizationAction(sdk[1])
          : undefined;
      if (!action) continue;
      const params = get(state, 'Parameters') ?? get(state, 'Arguments');
      work.push(
        workFromCall(
          action,
          isValueObject(params) ? params : undefined,
          {
            subject,
            origin: sdk ? 'step-functions-sdk' : 'step-functions',
            place: locator.resourcePlace(stack.id, machine.logicalId),
            detail: `state "${name}"`,
          },
          locator,
        ),
      );
    }
  }
  return work;
}

/** `StartIngestionJob` Task states: ingestion calls in the state machine's region. */
export function discoverIngestionStates(
  stack: StackModel,
  resolver: Resolver,
  locator: Locator,
): IngestionCallFact[] {
  const calls: IngestionCallFact[] = [];
  for (const machine of stack.byType.get('AWS::StepFunctions::StateMachine') ?? []) {
    const subject = { stackId: stack.id, logicalId: machine.logicalId, type: machine.type };
    for (const [name, state] of stateMachineTasks(resolver.properties(stack, machine.logicalId))) {
      if (!INGESTION.test(asExpr(get(state, 'Resource'))?.toString() ?? '')) continue;
      const params = get(state, 'Parameters') ?? get(state, 'Arguments');
      const kb = field(params, 'KnowledgeBaseId');
      if (kb === undefined) continue;
      calls.push({
        subject,
        origin: 'step-functions-sdk',
        place: locator.resourcePlace(stack.id, machine.logicalId),
        ...ingestionTarget(kb, field(params, 'DataSourceId'), locator),
        evidence: `state "${name}" KnowledgeBaseId`,
      });
    }
  }
  return calls;
}

/** Every Task state, including those inside Parallel branches and Map iterators. */
function* tasks(definition: ValueObject): Generator<[string, ValueObject]> {
  const pending: Value[] = [definition];
  while (pending.length > 0) {
    const machine = pending.pop();
    const states = get(machine, 'States');
    if (!isValueObject(states)) continue;
    for (const name of Object.keys(states)) {
      const state = states[name];
      if (!isValueObject(state)) continue;
      if (state.Type === 'Task') yield [name, state];
      const branches = get(state, 'Branches');
      if (Array.isArray(branches)) pending.push(...branches);
      pending.push(get(state, 'Iterator') ?? null, get(state, 'ItemProcessor') ?? null);
    }
  }
}

/** The Task states of a state machine's definition, by name. */
export function stateMachineTasks(props: Value): Generator<[string, ValueObject]> | [] {
  const definition = get(props, 'Definition') ?? parseEmbeddedJson(get(props, 'DefinitionString'));
  return isValueObject(definition) ? tasks(definition) : [];
}

/** Request fields of Task states that name data, models or knowledge bases. */
const NAMING_FIELDS =
  /^(ModelId|ModelArn|ModelIdentifier|Bucket|BucketName|S3Uri|KnowledgeBaseId|AgentId)$/;

/**
 * Settings of a state machine's Task states (Bedrock InvokeModel, SDK integrations): the
 * evidence of what it reads and calls. Customization tasks are left to customization work.
 */
export function taskSettings(props: Value): Setting[] {
  const definition = get(props, 'Definition') ?? parseEmbeddedJson(get(props, 'DefinitionString'));
  if (!isValueObject(definition)) return [];
  const settings: Setting[] = [];
  for (const [name, state] of tasks(definition)) {
    const resource = asExpr(get(state, 'Resource'))?.toString() ?? '';
    if (
      OPTIMIZED.test(resource) ||
      (SDK.exec(resource) && customizationAction(SDK.exec(resource)![1])) ||
      SAGEMAKER_JOB.test(resource) ||
      INGESTION.test(resource)
    )
      continue;
    const invokes = INVOKE.test(resource);
    const visit = (value: Value | undefined, depth: number) => {
      if (!isValueObject(value) || depth > 4) return;
      for (const key of Object.keys(value)) {
        if (NAMING_FIELDS.test(key))
          settings.push({
            label: `state "${name}" ${key}`,
            name: key,
            value: value[key],
            invokes: invokes && key === 'ModelId',
          });
        else visit(value[key], depth + 1);
      }
    };
    visit(get(state, 'Parameters') ?? get(state, 'Arguments'), 0);
  }
  return settings;
}
