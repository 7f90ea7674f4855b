import { ResourceModel, StackModel } from '../assembly/types';
import { Locator } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { asArray, asExpr, get, Value } from '../resolve/value';
import { ComputeFact, ComputeKind, CustomizationWork, Setting } from './facts';
import { AGENTCORE_READERS } from './agentcore';
import { NetworkIndex, Placement } from './network';
import {
  containerInstancePlacement,
  moreComputeReaders,
  sageMakerTaskCompute,
} from './compute-kinds';
import { namedList, variables } from './settings';
import { taskSettings } from './step-functions';

/**
 * CDK's own plumbing: custom-resource providers (`Custom::...Provider`), singleton functions
 * (ids end in a 32-hex uuid: AwsCustomResource, LogRetention, BucketNotificationsHandler,
 * BucketDeployment) and the provider framework. They move no application data.
 */
export function isCdkPlumbing(resource: ResourceModel): boolean {
  return CDK_PLUMBING.test(resource.constructPath ?? resource.logicalId);
}

/** A path segment that starts with `Custom::`, ends in 32 hex digits, or is a framework function. */
const CDK_PLUMBING =
  /(^|\/)(Custom::|(framework-on(Event|Timeout)|framework-isComplete|waiter-state-machine)(\/|$))|[0-9a-fA-F]{32}(\/|$)/;

/** What a compute resource's properties say: its kind, role, settings and subnets. */
interface ComputeShape {
  readonly kind: ComputeKind;
  readonly role: Value | undefined;
  readonly settings: Setting[];
  readonly placement: Placement;
}

type ShapeReader = (
  props: Value,
  network: NetworkIndex,
  ecsPlacement: (taskLogicalId: string) => Placement,
  logicalId: string,
) => ComputeShape;

const AWS_MANAGED: Placement = { kind: 'aws-managed' };

/** One reader per compute resource type, so discovery visits each type's resources once. */
const READERS: Record<string, ShapeReader> = {
  'AWS::Lambda::Function': (p, network) => ({
    kind: 'lambda',
    role: get(p, 'Role'),
    settings: variables(get(p, 'Environment', 'Variables')),
    placement: network.placement(asArray(get(p, 'VpcConfig', 'SubnetIds'))),
  }),
  'AWS::ECS::TaskDefinition': (p, _network, ecsPlacement, logicalId) => ({
    kind: 'ecs-task',
    role: get(p, 'TaskRoleArn'),
    settings: asArray(get(p, 'ContainerDefinitions')).flatMap((c) => [
      ...namedList(get(c, 'Environment'), 'Value', 'environment variable'),
      ...namedList(get(c, 'Secrets'), 'ValueFrom', 'secret'),
    ]),
    placement: ecsPlacement(logicalId),
  }),
  'AWS::CodeBuild::Project': (p, network) => ({
    kind: 'codebuild',
    role: get(p, 'ServiceRole'),
    settings: namedList(
      get(p, 'Environment', 'EnvironmentVariables'),
      'Value',
      'environment variable',
    ),
    placement: network.placement(asArray(get(p, 'VpcConfig', 'Subnets'))),
  }),
  'AWS::StepFunctions::StateMachine': (p) => ({
    kind: 'state-machine',
    role: get(p, 'RoleArn'),
    settings: taskSettings(p),
    placement: AWS_MANAGED,
  }),
  'AWS::Bedrock::Agent': (p) => ({
    kind: 'bedrock-agent',
    role: get(p, 'AgentResourceRoleArn'),
    settings: agentSettings(p),
    placement: AWS_MANAGED,
  }),
  ...AGENTCORE_READERS,
};

/** Lambda functions, ECS tasks, CodeBuild projects, state machines, Bedrock agents, AgentCore and more of a stack. */
export function discoverCompute(
  stack: StackModel,
  resolver: Resolver,
  locator: Locator,
  network: NetworkIndex,
): ComputeFact[] {
  const services = ecsServices(stack, resolver, network);
  const ecsPlacement = (task: string): Placement =>
    services.get(task) ?? {
      kind: 'unknown',
      reason: 'no ECS service of this app runs the task, so its subnets are unknown',
    };
  const facts: ComputeFact[] = [];
  for (const [type, read] of Object.entries({
    ...READERS,
    ...moreComputeReaders(stack, resolver, network),
  })) {
    for (const r of stack.byType.get(type) ?? []) {
      if (isCdkPlumbing(r)) continue;
      const shape = read(
        resolver.properties(stack, r.logicalId),
        network,
        ecsPlacement,
        r.logicalId,
      );
      const roleRef = asExpr(shape.role)?.refs()[0];
      facts.push({
        subject: { stackId: stack.id, logicalId: r.logicalId, type: r.type },
        kind: shape.kind,
        name: displayName(r),
        place: locator.resourcePlace(stack.id, r.logicalId),
        roleKey: roleRef ? `${roleRef.stackId}/${roleRef.logicalId}` : undefined,
        settings: shape.settings,
        placement: shape.placement,
      });
    }
  }
  facts.push(...sageMakerTaskCompute(stack, resolver, locator, network));
  return facts;
}

function agentSettings(p: Value): Setting[] {
  const settings: Setting[] = [];
  const model = get(p, 'FoundationModel');
  if (model !== undefined)
    settings.push({
      label: 'property FoundationModel',
      name: 'FoundationModel',
      value: model,
      invokes: true,
    });
  for (const kb of asArray(get(p, 'KnowledgeBases'))) {
    const id = get(kb, 'KnowledgeBaseId');
    if (id !== undefined)
      settings.push({ label: 'property KnowledgeBases', name: 'KnowledgeBaseId', value: id });
  }
  return settings;
}

/**
 * Bedrock jobs as compute of their own, in the job's region: a customization job with a
 * `VpcConfig` (its data reads can cross a NAT; where its data lives is CustomizationDataRegion's),
 * and every batch inference or model import job with data, whose buckets are priced flows.
 */
export function jobCompute(
  work: CustomizationWork,
  network: NetworkIndex,
  resource?: ResourceModel,
): ComputeFact | undefined {
  const kind = JOB_KINDS[work.action] ?? 'customization-job';
  const inVpc = (work.vpcSubnets?.length ?? 0) > 0;
  if (!inVpc && (kind === 'customization-job' || work.data.length === 0)) return undefined;
  return {
    subject: work.subject,
    kind,
    // A state's name says which job it is; a custom resource or Lambda is named by its own id.
    name:
      kind === 'customization-job' || work.origin.startsWith('step-functions')
        ? (work.detail ?? work.subject.logicalId)
        : resource
          ? displayName(resource).replace(/\/Resource$/, '') // AwsCustomResource: X/Resource/Default
          : work.subject.logicalId,
    place: work.place,
    settings: [],
    placement: inVpc ? network.placement(work.vpcSubnets!) : AWS_MANAGED,
  };
}

const JOB_KINDS: Partial<Record<CustomizationWork['action'], ComputeKind>> = {
  CreateModelInvocationJob: 'batch-inference-job',
  CreateModelImportJob: 'model-import-job',
};

function ecsServices(
  stack: StackModel,
  resolver: Resolver,
  network: NetworkIndex,
): Map<string, Placement> {
  const byTask = new Map<string, Placement>();
  for (const service of stack.byType.get('AWS::ECS::Service') ?? []) {
    const p = resolver.properties(stack, service.logicalId);
    const task = asExpr(get(p, 'TaskDefinition'))?.refs()[0];
    if (!task) continue;
    const subnets = asArray(get(p, 'NetworkConfiguration', 'AwsvpcConfiguration', 'Subnets'));
    byTask.set(
      task.logicalId,
      subnets.length
        ? network.placement(subnets)
        : (containerInstancePlacement(stack, resolver, network, get(p, 'Cluster')) ?? {
            kind: 'unknown',
            reason: `service ${service.logicalId} uses the network of its container instances`,
          }),
    );
  }
  return byTask;
}

/** `Rag/Retriever` for `Rag/Retriever/Resource`: the name users gave the construct. */
export function displayName(resource: ResourceModel): string {
  return resource.constructPath?.replace(/\/(Resource|Default)$/, '') ?? resource.logicalId;
}
