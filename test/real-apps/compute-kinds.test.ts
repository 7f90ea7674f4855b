/**
 * ML and batch compute as platform teams build it: a SageMaker endpoint serving a model, a
 * notebook for the data scientists, Step Functions training jobs, AWS Batch jobs on Fargate, and
 * EC2 workers (an instance, an Auto Scaling group's launch template) with an instance role.
 */
import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { natVpc } from '../flow-helpers';
import { discovered, env, ids, LakeStack, lint, newApp, only } from '../helpers';

const IMAGE = '763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.3-cpu-py311';

function isolatedVpc(stack: Stack, s3Endpoint: boolean): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  if (s3Endpoint) vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  return vpc;
}

function sageMakerRole(stack: Stack): iam.Role {
  return new iam.Role(stack, 'ModelRole', {
    assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
  });
}

/** Model + endpoint config + endpoint, the model's artifact and its data in the lake. */
function endpointApp(lakeRegion: string) {
  const app = newApp();
  const lake = new LakeStack(app, 'DataLake', {
    env: env(lakeRegion),
    crossRegionReferences: true,
  });
  const stack = new Stack(app, 'Serving', { env: env('us-west-2'), crossRegionReferences: true });
  const role = sageMakerRole(stack);
  lake.bucket.grantRead(role);
  const model = new sagemaker.CfnModel(stack, 'Model', {
    executionRoleArn: role.roleArn,
    primaryContainer: { image: IMAGE, environment: { FEATURE_BUCKET: lake.bucket.bucketName } },
  });
  const config = new sagemaker.CfnEndpointConfig(stack, 'Config', {
    productionVariants: [
      {
        variantName: 'main',
        modelName: model.attrModelName,
        initialInstanceCount: 1,
        instanceType: 'ml.m5.large',
      },
    ],
  });
  new sagemaker.CfnEndpoint(stack, 'Endpoint', {
    endpointConfigName: config.attrEndpointConfigName,
  });
  return app;
}

/** A Fargate Batch environment in isolated subnets and a job whose role reads a bucket. */
function batchApp(s3Endpoint: boolean) {
  const app = newApp();
  const stack = new Stack(app, 'Embeddings', { env: env('us-east-1') });
  const vpc = isolatedVpc(stack, s3Endpoint);
  const corpus = new s3.Bucket(stack, 'Corpus');
  const environment = new batch.FargateComputeEnvironment(stack, 'Fargate', {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  new batch.JobQueue(stack, 'Queue', {
    computeEnvironments: [{ computeEnvironment: environment, order: 1 }],
  });
  const jobRole = new iam.Role(stack, 'JobRole', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
  });
  corpus.grantRead(jobRole);
  new batch.EcsJobDefinition(stack, 'Embed', {
    container: new batch.EcsFargateContainerDefinition(stack, 'EmbedContainer', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/python:3.12'),
      cpu: 1,
      memory: Size.gibibytes(2),
      jobRole,
      environment: { CORPUS_BUCKET: corpus.bucketName },
    }),
  });
  return app;
}

/** An EC2 worker in private subnets behind a NAT gateway whose instance role reads a bucket. */
function workerApp(s3Endpoint: boolean) {
  const app = newApp();
  const stack = new Stack(app, 'Workers', { env: env('us-west-2') });
  const vpc = natVpc(stack);
  if (s3Endpoint) vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  const documents = new s3.Bucket(stack, 'Documents');
  const instance = new ec2.Instance(stack, 'Indexer', {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    instanceType: new ec2.InstanceType('t3.large'),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
  });
  documents.grantRead(instance.role);
  return app;
}

describe('SageMaker endpoints, notebooks and training jobs are compute', () => {
  test('an endpoint model in us-west-2 whose role reads a us-east-1 lake: CrossRegionDataAccess', () => {
    const app = endpointApp('us-east-1');
    const model = discovered(app).compute.find((c) => c.kind === 'sagemaker-model');
    expect(model).toMatchObject({
      name: 'Serving/Model',
      roleKey: expect.stringMatching(/^Serving\/ModelRole/),
    });
    const [finding] = only(lint(app), 'CrossRegionDataAccess');
    expect(finding.message).toMatch(
      /SageMaker model Serving\/Model in us-west-2 reads bucket DataLake\/Lake in us-east-1 \(IAM s3:GetObject\*.*; environment variable FEATURE_BUCKET\)/,
    );
  });

  test('the same endpoint beside its lake reports nothing, and the read is seen', () => {
    const app = endpointApp('us-west-2');
    const flows = discovered(app).flows.filter((f) => f.source.kind === 'sagemaker-model');
    expect(flows.map((f) => [f.target.what, f.target.place.region, f.route.via])).toEqual([
      ['bucket DataLake/Lake', 'us-west-2', 'aws-network'],
    ]);
    expect(ids(lint(app))).toEqual([]);
  });

  test('a notebook without direct internet access in isolated subnets cannot reach its data', () => {
    const app = newApp();
    const stack = new Stack(app, 'Lab', { env: env('us-east-1') });
    const vpc = isolatedVpc(stack, false);
    const data = new s3.Bucket(stack, 'Datasets');
    const role = sageMakerRole(stack);
    data.grantRead(role);
    new sagemaker.CfnNotebookInstance(stack, 'Notebook', {
      instanceType: 'ml.t3.medium',
      roleArn: role.roleArn,
      subnetId: vpc.isolatedSubnets[0].subnetId,
      securityGroupIds: [new ec2.SecurityGroup(stack, 'Sg', { vpc }).securityGroupId],
      directInternetAccess: 'Disabled',
    });
    const [flow] = discovered(app).flows.filter((f) => f.source.kind === 'sagemaker-notebook');
    expect(flow).toMatchObject({
      target: { what: 'bucket Lab/Datasets' },
      route: { via: 'no-egress' },
    });
    const [finding] = only(lint(app), 'NoNetworkPath');
    expect(finding).toMatchObject({ severity: 'error', constructPath: 'Lab/Notebook' });
    expect(finding.message).toContain('SageMaker notebook instance Lab/Notebook');
  });

  test('a Step Functions training job reading and writing its own region is compliant and seen', () => {
    const app = newApp();
    const stack = new Stack(app, 'Training', { env: env('us-east-1') });
    const data = new s3.Bucket(stack, 'Data');
    const train = new tasks.SageMakerCreateTrainingJob(stack, 'Train', {
      trainingJobName: 'reranker',
      algorithmSpecification: { trainingImage: tasks.DockerImage.fromRegistry(IMAGE) },
      inputDataConfig: [
        {
          channelName: 'train',
          dataSource: {
            s3DataSource: { s3Location: tasks.S3Location.fromBucket(data, 'train/') },
          },
        },
      ],
      outputDataConfig: { s3OutputLocation: tasks.S3Location.fromBucket(data, 'models/') },
      stoppingCondition: { maxRuntime: Duration.hours(2) },
    });
    new sfn.StateMachine(stack, 'Pipeline', {
      definitionBody: sfn.DefinitionBody.fromChainable(train),
    });
    const job = discovered(app).compute.find((c) => c.kind === 'sagemaker-job');
    expect(job?.name).toBe('Training/Pipeline state "Train"');
    expect(job?.roleKey).toMatch(/^Training\/TrainSagemakerRole/);
    const flows = discovered(app).flows.filter((f) => f.source.kind === 'sagemaker-job');
    expect(flows.map((f) => [f.target.what, f.target.place.region])).toEqual([
      ['bucket Training/Data', 'us-east-1'],
    ]);
    // The data is the job's, not the state machine's: its role only starts the job.
    const machineFlows = discovered(app).flows.filter((f) => f.source.kind === 'state-machine');
    expect(machineFlows.map((f) => f.target.what)).toEqual([]);
    expect(ids(lint(app))).toEqual([]);
  });
});

describe('AWS Batch jobs run in their compute environments’ subnets', () => {
  test('a Fargate environment in isolated subnets with no S3 endpoint: NoNetworkPath', () => {
    const app = batchApp(false);
    const job = discovered(app).compute.find((c) => c.kind === 'batch-job');
    expect(job?.placement.kind).toBe('vpc');
    const [finding] = only(lint(app), 'NoNetworkPath');
    expect(finding.message).toContain('Batch job definition Embeddings/Embed');
    expect(finding.message).toContain('the subnets have no s3 gateway endpoint');
  });

  test('with the S3 gateway endpoint the job reaches its corpus and nothing is reported', () => {
    const app = batchApp(true);
    const flows = discovered(app).flows.filter((f) => f.source.kind === 'batch-job');
    expect(flows.map((f) => [f.target.what, f.route.via])).toEqual([
      ['bucket Embeddings/Corpus', 'gateway-endpoint'],
    ]);
    expect(ids(lint(app))).toEqual([]);
  });
});

describe('EC2 instances and launch templates run as their instance profile’s role', () => {
  test('an instance behind a NAT gateway reading S3 without a gateway endpoint: NatGatewayDataPath', () => {
    const app = workerApp(false);
    const instance = discovered(app).compute.find((c) => c.kind === 'ec2-instance');
    expect(instance?.roleKey).toMatch(/^Workers\/IndexerInstanceRole/);
    const [finding] = only(lint(app), 'NatGatewayDataPath');
    expect(finding.message).toContain('EC2 instance Workers/Indexer');
    expect(finding.message).toMatch(
      /bucket Workers\/Documents in us-west-2 \(the subnets have no s3 gateway endpoint\)/,
    );
  });

  test('with the S3 gateway endpoint the instance reports nothing, and its read is seen', () => {
    const app = workerApp(true);
    const flows = discovered(app).flows.filter((f) => f.source.kind === 'ec2-instance');
    expect(flows.map((f) => [f.target.what, f.route.via])).toEqual([
      ['bucket Workers/Documents', 'gateway-endpoint'],
    ]);
    expect(ids(lint(app))).toEqual([]);
  });

  test('an Auto Scaling group’s launch template runs in the group’s subnets as its role', () => {
    const app = newApp();
    const stack = new Stack(app, 'Fleet', { env: env('us-east-1') });
    const vpc = isolatedVpc(stack, false);
    const corpus = new s3.Bucket(stack, 'Corpus');
    const role = new iam.Role(stack, 'WorkerRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    });
    corpus.grantRead(role);
    const launchTemplate = new ec2.LaunchTemplate(stack, 'WorkerTemplate', {
      instanceType: new ec2.InstanceType('c7g.large'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({
        cpuType: ec2.AmazonLinuxCpuType.ARM_64,
      }),
      role,
    });
    new autoscaling.AutoScalingGroup(stack, 'Workers', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      launchTemplate,
    });
    const template = discovered(app).compute.find((c) => c.kind === 'ec2-launch-template');
    expect(template?.placement.kind).toBe('vpc');
    expect(template?.roleKey).toMatch(/^Fleet\/WorkerRole/);
    const [finding] = only(lint(app), 'NoNetworkPath');
    expect(finding.message).toContain('EC2 launch template Fleet/WorkerTemplate');
  });
});

describe('ECS on EC2 tasks use their container instances’ network', () => {
  function ec2ServiceApp(s3Endpoint: boolean) {
    const app = newApp();
    const stack = new Stack(app, 'Inference', { env: env('us-west-2') });
    const vpc = natVpc(stack);
    if (s3Endpoint) vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const prompts = new s3.Bucket(stack, 'Prompts');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const autoScalingGroup = new autoscaling.AutoScalingGroup(stack, 'Hosts', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      launchTemplate: new ec2.LaunchTemplate(stack, 'HostTemplate', {
        instanceType: new ec2.InstanceType('g5.xlarge'),
        machineImage: ecs.EcsOptimizedImage.amazonLinux2023(),
        userData: ec2.UserData.forLinux(),
        role: new iam.Role(stack, 'HostRole', {
          assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
        }),
      }),
    });
    cluster.addAsgCapacityProvider(
      new ecs.AsgCapacityProvider(stack, 'Capacity', { autoScalingGroup }),
    );
    const task = new ecs.Ec2TaskDefinition(stack, 'Task', { networkMode: ecs.NetworkMode.BRIDGE });
    task.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/python:3.12'),
      memoryLimitMiB: 2048,
      environment: { PROMPT_BUCKET: prompts.bucketName },
    });
    prompts.grantRead(task.taskRole);
    new ecs.Ec2Service(stack, 'Service', { cluster, taskDefinition: task });
    return app;
  }

  test('a bridge-mode task on hosts behind a NAT gateway without an S3 endpoint: NatGatewayDataPath', () => {
    const app = ec2ServiceApp(false);
    const task = discovered(app).compute.find((c) => c.kind === 'ecs-task');
    expect(task?.placement.kind).toBe('vpc');
    const [finding] = only(lint(app), 'NatGatewayDataPath');
    expect(finding.message).toContain('ECS task Inference/Task');
    expect(finding.message).toMatch(/bucket Inference\/Prompts in us-west-2/);
  });

  test('with the S3 gateway endpoint the task reports nothing, and its read is seen', () => {
    const app = ec2ServiceApp(true);
    const flows = discovered(app).flows.filter((f) => f.source.kind === 'ecs-task');
    expect(flows.map((f) => [f.target.what, f.route.via])).toEqual([
      ['bucket Inference/Prompts', 'gateway-endpoint'],
    ]);
    expect(ids(lint(app))).toEqual([]);
  });
});
