import { StackModel } from '../assembly/types';
import { Locator } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { asArray, asExpr, asText, get, soleRef, Value } from '../resolve/value';
import { ComputeFact, ComputeKind, Setting } from './facts';
import { NetworkIndex, Placement } from './network';
import { namedList, property, variables } from './settings';
import { SAGEMAKER_JOB, stateMachineTasks } from './step-functions';

/**
 * SageMaker, AWS Batch and EC2 compute: what each resource's properties say about the code it
 * runs — its role, its settings and its subnets. UserData and lifecycle scripts are opaque code,
 * not evidence.
 */
export interface KindShape {
  readonly kind: ComputeKind;
  readonly role: Value | undefined;
  readonly settings: Setting[];
  readonly placement: Placement;
}

/** Same parameters as discoverCompute's readers: properties first, the logical id fourth. */
type KindReader = (props: Value, network: unknown, ecs: unknown, logicalId: string) => KindShape;

const AWS_MANAGED: Placement = { kind: 'aws-managed' };

/** Readers by resource type for the compute kinds of this module; discoverCompute runs them. */
export function moreComputeReaders(
  stack: StackModel,
  resolver: Resolver,
  network: NetworkIndex,
): Record<string, KindReader> {
  const batch = batchPlacement(stack, resolver, network);
  const launched = launchTemplateGroups(stack, resolver, network);
  const profileRole = (value: Value | undefined) => instanceProfileRole(value, resolver);
  return {
    ...sageMakerReaders(network),
    'AWS::Batch::JobDefinition': (p) => ({
      kind: 'batch-job',
      role: get(p, 'ContainerProperties', 'JobRoleArn'),
      settings: [
        ...namedList(get(p, 'ContainerProperties', 'Environment'), 'Value', 'environment variable'),
        ...namedList(get(p, 'ContainerProperties', 'Secrets'), 'ValueFrom', 'secret'),
      ],
      placement: batch,
    }),
    'AWS::EC2::Instance': (p) => ({
      kind: 'ec2-instance',
      role: profileRole(get(p, 'IamInstanceProfile')),
      settings: [],
      placement: network.placement(instanceSubnets(p)),
    }),
    'AWS::EC2::LaunchTemplate': (p, _network, _ecs, logicalId) => ({
      kind: 'ec2-launch-template',
      role: profileRole(
        get(p, 'LaunchTemplateData', 'IamInstanceProfile', 'Arn') ??
          get(p, 'LaunchTemplateData', 'IamInstanceProfile', 'Name'),
      ),
      settings: [],
      placement: launched.get(logicalId) ?? templatePlacement(p, network),
    }),
  };
}

/** SageMaker models (the containers endpoints serve), notebook instances and processing jobs. */
function sageMakerReaders(network: NetworkIndex): Record<string, KindReader> {
  return {
    'AWS::SageMaker::Model': (p) => ({
      kind: 'sagemaker-model',
      role: get(p, 'ExecutionRoleArn'),
      settings: [get(p, 'PrimaryContainer'), ...asArray(get(p, 'Containers'))].flatMap((c) => [
        ...variables(get(c, 'Environment')),
        ...property(get(c, 'ModelDataUrl'), 'ModelDataUrl'),
        ...property(get(c, 'ModelDataSource', 'S3DataSource', 'S3Uri'), 'ModelDataSource'),
      ]),
      placement: network.placement(asArray(get(p, 'VpcConfig', 'Subnets'))),
    }),
    'AWS::SageMaker::NotebookInstance': (p) => ({
      kind: 'sagemaker-notebook',
      role: get(p, 'RoleArn'),
      settings: [],
      placement: notebookPlacement(p, network),
    }),
    'AWS::SageMaker::ProcessingJob': (p) => ({
      kind: 'sagemaker-job',
      role: get(p, 'RoleArn'),
      settings: [
        ...variables(get(p, 'Environment')),
        ...asArray(get(p, 'ProcessingInputs')).flatMap((i) =>
          property(get(i, 'S3Input', 'S3Uri'), 'ProcessingInputs'),
        ),
        ...asArray(get(p, 'ProcessingOutputConfig', 'Outputs')).flatMap((o) =>
          property(get(o, 'S3Output', 'S3Uri'), 'ProcessingOutputConfig'),
        ),
      ],
      placement: network.placement(asArray(get(p, 'NetworkConfig', 'VpcConfig', 'Subnets'))),
    }),
  };
}

/**
 * SageMaker training, processing and transform jobs that Step Functions starts: each runs as the
 * role and in the subnets its request names, reading and writing the S3 locations it names.
 */
export function sageMakerTaskCompute(
  stack: StackModel,
  resolver: Resolver,
  locator: Locator,
  network: NetworkIndex,
): ComputeFact[] {
  const facts: ComputeFact[] = [];
  for (const machine of stack.byType.get('AWS::StepFunctions::StateMachine') ?? []) {
    const props = resolver.properties(stack, machine.logicalId);
    for (const [name, state] of stateMachineTasks(props)) {
      const resource = asExpr(get(state, 'Resource'))?.toString() ?? '';
      if (!SAGEMAKER_JOB.test(resource)) continue;
      const params = get(state, 'Parameters') ?? get(state, 'Arguments');
      const roleRef = asExpr(get(params, 'RoleArn'))?.refs()[0];
      const subnets =
        get(params, 'VpcConfig', 'Subnets') ?? get(params, 'NetworkConfig', 'VpcConfig', 'Subnets');
      facts.push({
        subject: { stackId: stack.id, logicalId: machine.logicalId, type: machine.type },
        kind: 'sagemaker-job',
        name: `${machine.constructPath?.replace(/\/Resource$/, '') ?? machine.logicalId} state "${name}"`,
        place: locator.resourcePlace(stack.id, machine.logicalId),
        roleKey: roleRef ? `${roleRef.stackId}/${roleRef.logicalId}` : undefined,
        settings: [...variables(get(params, 'Environment')), ...jobLocations(params)],
        placement: network.placement(asArray(subnets)),
      });
    }
  }
  return facts;
}

/** The S3 locations of a SageMaker job request: inputs, outputs and the model artifact. */
function jobLocations(params: Value | undefined): Setting[] {
  return [
    ...asArray(get(params, 'InputDataConfig')).flatMap((c) =>
      property(get(c, 'DataSource', 'S3DataSource', 'S3Uri'), 'InputDataConfig'),
    ),
    ...property(get(params, 'OutputDataConfig', 'S3OutputPath'), 'OutputDataConfig'),
    ...asArray(get(params, 'ProcessingInputs')).flatMap((i) =>
      property(get(i, 'S3Input', 'S3Uri'), 'ProcessingInputs'),
    ),
    ...asArray(get(params, 'ProcessingOutputConfig', 'Outputs')).flatMap((o) =>
      property(get(o, 'S3Output', 'S3Uri'), 'ProcessingOutputConfig'),
    ),
    ...property(
      get(params, 'TransformInput', 'DataSource', 'S3DataSource', 'S3Uri'),
      'TransformInput',
    ),
    ...property(get(params, 'TransformOutput', 'S3OutputPath'), 'TransformOutput'),
  ];
}

/**
 * A notebook in a subnet sends its traffic through the VPC only when direct internet access is
 * disabled; by default SageMaker gives it internet access of its own.
 */
function notebookPlacement(p: Value, network: NetworkIndex): Placement {
  const subnet = get(p, 'SubnetId');
  if (subnet === undefined || asText(get(p, 'DirectInternetAccess')) !== 'Disabled')
    return AWS_MANAGED;
  return network.placement([subnet]);
}

function instanceSubnets(p: Value): Value[] {
  const subnet = get(p, 'SubnetId');
  if (subnet !== undefined) return [subnet];
  return asArray(get(p, 'NetworkInterfaces')).flatMap((n) => {
    const id = get(n, 'SubnetId');
    return id === undefined ? [] : [id];
  });
}

/** Subnets of the Auto Scaling groups that launch each template (`VPCZoneIdentifier`). */
function launchTemplateGroups(
  stack: StackModel,
  resolver: Resolver,
  network: NetworkIndex,
): Map<string, Placement> {
  const byTemplate = new Map<string, Placement>();
  for (const group of stack.byType.get('AWS::AutoScaling::AutoScalingGroup') ?? []) {
    const p = resolver.properties(stack, group.logicalId);
    const template = soleRef(
      get(p, 'LaunchTemplate', 'LaunchTemplateId') ??
        get(
          p,
          'MixedInstancesPolicy',
          'LaunchTemplate',
          'LaunchTemplateSpecification',
          'LaunchTemplateId',
        ),
    );
    const subnets = asArray(get(p, 'VPCZoneIdentifier'));
    if (template && subnets.length > 0)
      byTemplate.set(template.logicalId, network.placement(subnets));
  }
  return byTemplate;
}

function templatePlacement(p: Value, network: NetworkIndex): Placement {
  const subnets = instanceSubnets(get(p, 'LaunchTemplateData') ?? null);
  return subnets.length > 0
    ? network.placement(subnets)
    : {
        kind: 'unknown',
        reason:
          'no Auto Scaling group of this stack launches the template, so its subnets are unknown',
      };
}

/** The role of an instance profile given by name (`Ref`) or ARN (`Fn::GetAtt`). */
function instanceProfileRole(value: Value | undefined, resolver: Resolver): Value | undefined {
  const ref = asExpr(value)?.refs()[0];
  const stack = ref && resolver.stack(ref.stackId);
  if (!stack || stack.resources.get(ref.logicalId)?.type !== 'AWS::IAM::InstanceProfile')
    return undefined;
  return asArray(get(resolver.properties(stack, ref.logicalId), 'Roles'))[0];
}

/**
 * Batch jobs run in the compute environments of the queue they are submitted to, which the
 * template does not say: the subnets of every compute environment the stack's queues use (else
 * of the stack's compute environments) are where a job definition's jobs may run.
 */
function batchPlacement(stack: StackModel, resolver: Resolver, network: NetworkIndex): Placement {
  const queued = (stack.byType.get('AWS::Batch::JobQueue') ?? []).flatMap((q) =>
    asArray(get(resolver.properties(stack, q.logicalId), 'ComputeEnvironmentOrder')).flatMap(
      (o) => {
        const ref = soleRef(get(o, 'ComputeEnvironment'));
        return ref ? [ref.logicalId] : [];
      },
    ),
  );
  const all = (stack.byType.get('AWS::Batch::ComputeEnvironment') ?? []).map((e) => e.logicalId);
  const environments = queued.length > 0 ? [...new Set(queued)] : all;
  if (environments.length === 0)
    return {
      kind: 'unknown',
      reason:
        'no Batch compute environment of this stack runs its jobs, so their subnets are unknown',
    };
  const subnets: Value[] = [];
  for (const id of environments) {
    const list = asArray(get(resolver.properties(stack, id), 'ComputeResources', 'Subnets'));
    if (list.length === 0)
      return {
        kind: 'unknown',
        reason: `compute environment ${id} states no subnets (unmanaged), so its network is unknown`,
      };
    subnets.push(...list);
  }
  return network.placement(subnets);
}

/**
 * ECS on EC2 without `awsvpc`: tasks use the network of the container instances, which are the
 * Auto Scaling groups of the cluster's capacity providers.
 */
export function containerInstancePlacement(
  stack: StackModel,
  resolver: Resolver,
  network: NetworkIndex,
  cluster: Value | undefined,
): Placement | undefined {
  const clusterId = soleRef(cluster)?.logicalId;
  if (!clusterId) return undefined;
  const providers = (stack.byType.get('AWS::ECS::ClusterCapacityProviderAssociations') ?? [])
    .map((a) => resolver.properties(stack, a.logicalId))
    .filter((p) => soleRef(get(p, 'Cluster'))?.logicalId === clusterId)
    .flatMap((p) => asArray(get(p, 'CapacityProviders')).map((c) => soleRef(c)?.logicalId));
  const subnets = providers.flatMap((id) => {
    if (!id || stack.resources.get(id)?.type !== 'AWS::ECS::CapacityProvider') return [];
    const p = resolver.properties(stack, id);
    const group = soleRef(get(p, 'AutoScalingGroupProvider', 'AutoScalingGroupArn'));
    return group
      ? asArray(get(resolver.properties(stack, group.logicalId), 'VPCZoneIdentifier'))
      : [];
  });
  return subnets.length > 0 ? network.placement(subnets) : undefined;
}
