/**
 * Fine-tuning pipelines in the style of awslabs aiops-modules' bedrock-finetuning: a VPC of the
 * module's own, a tuning job with `VpcConfig`, and a Lambda that starts jobs when data lands.
 */
import { Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { discovered, env, ids, lint, newApp, only } from '../helpers';

function isolatedVpc(stack: Stack, endpoints: { s3?: boolean; bedrock?: boolean } = {}): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  if (endpoints.s3) vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  if (endpoints.bedrock)
    vpc.addInterfaceEndpoint('Bedrock', { service: ec2.InterfaceVpcEndpointAwsService.BEDROCK });
  return vpc;
}

function vpcTuningApp(withS3Endpoint: boolean, imported = false) {
  const app = newApp();
  const stack = new Stack(app, 'Finetuning', { env: env('us-east-1') });
  const vpc = isolatedVpc(stack, { s3: withS3Endpoint });
  const subnets = imported
    ? [ec2.Subnet.fromSubnetId(stack, 'Shared', 'subnet-0bbb')]
    : vpc.isolatedSubnets;
  const data = new s3.Bucket(stack, 'TrainingData');
  const job = new tasks.BedrockCreateModelCustomizationJob(stack, 'Tune', {
    baseModel: bedrock.FoundationModel.fromFoundationModelId(
      stack,
      'Nova',
      bedrock.FoundationModelIdentifier.AMAZON_NOVA_MICRO_V1_0_128_K,
    ),
    customModelName: 'nova-tuned',
    jobName: 'nova-tuning',
    trainingData: { bucket: data, path: 'train.jsonl' },
    outputData: { bucket: data, path: 'output/' },
    hyperParameters: { epochCount: '2', 'Evaluation percentage': '10' },
    vpcConfig: {
      subnets,
      securityGroups: [new ec2.SecurityGroup(stack, 'JobSg', { vpc })],
    },
  });
  new sfn.StateMachine(stack, 'Pipeline', {
    definitionBody: sfn.DefinitionBody.fromChainable(job),
  });
  return app;
}

/** A Lambda that starts a tuning job when data lands: its environment names the base model. */
function starter(stack: Stack, vpc: ec2.IVpc, subnets: ec2.SubnetSelection): lambda.Function {
  const fn = new lambda.Function(stack, 'StartTuning', {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'index.handler',
    code: lambda.Code.fromInline('def handler(event, context): pass'),
    vpc,
    vpcSubnets: subnets,
    environment: {
      BASE_MODEL_ID: 'amazon.nova-micro-v1:0:128k',
      VIDEO_BUCKET_OWNER: '123456789012',
    },
  });
  fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['bedrock:CreateModelCustomizationJob'], resources: ['*'] }),
  );
  return fn;
}

describe('reachability of VPC-bound customization jobs and compute', () => {
  test('a tuning job in isolated subnets without an S3 endpoint is a NoNetworkPath error', () => {
    const app = vpcTuningApp(false);
    const flows = discovered(app).flows.filter((f) => f.source.kind === 'customization-job');
    expect(flows.map((f) => [f.target.what, f.route.via])).toEqual([
      ['bucket Finetuning/TrainingData', 'no-egress'],
    ]);
    const [finding] = only(lint(app), 'NoNetworkPath');
    expect(finding).toMatchObject({
      severity: 'error',
      constructPath: 'Finetuning/Pipeline/Resource',
    });
    expect(finding.message).toContain('no route to s3');
    expect(finding.message).toContain('the subnets have no s3 gateway endpoint');
  });

  test('with the S3 gateway endpoint the job reaches its data and nothing is reported', () => {
    const app = vpcTuningApp(true);
    const flows = discovered(app).flows.filter((f) => f.source.kind === 'customization-job');
    expect(flows.map((f) => f.route.via)).toEqual(['gateway-endpoint']);
    expect(ids(lint(app))).toEqual([]);
  });

  test('a tuning job in subnets imported by id leaves its network path unresolved', () => {
    const app = vpcTuningApp(false, true);
    const flows = discovered(app).flows.filter((f) => f.source.kind === 'customization-job');
    expect(flows.map((f) => f.route.via)).toEqual(['unknown']);
    const [finding] = only(lint(app), 'UnresolvedRegion');
    expect(finding.message).toContain('network path to s3');
    expect(finding.message).toContain('subnet subnet-0bbb is not defined in this app');
  });

  test('a job-starting Lambda in isolated subnets without a Bedrock endpoint cannot start jobs', () => {
    const app = newApp();
    const stack = new Stack(app, 'Starter', { env: env('us-east-1') });
    const vpc = isolatedVpc(stack, { s3: true });
    starter(stack, vpc, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
    const [call] = discovered(app).controlCalls;
    expect(call).toMatchObject({ service: 'bedrock', route: { via: 'no-egress' } });
    expect(only(lint(app), 'NoNetworkPath').map((f) => f.constructPath)).toEqual([
      'Starter/StartTuning/Resource',
    ]);
  });

  test('with a Bedrock interface endpoint the same Lambda reports nothing', () => {
    const app = newApp();
    const stack = new Stack(app, 'Starter', { env: env('us-east-1') });
    const vpc = isolatedVpc(stack, { s3: true, bedrock: true });
    starter(stack, vpc, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
    expect(discovered(app).controlCalls[0].route.via).toBe('interface-endpoint');
    expect(ids(lint(app))).toEqual([]);
  });

  test('a job-starting Lambda in subnets imported by id leaves its network path unresolved', () => {
    const app = newApp();
    const stack = new Stack(app, 'Imported', { env: env('us-east-1') });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Shared', {
      vpcId: 'vpc-0abc',
      availabilityZones: ['us-east-1a'],
      privateSubnetIds: ['subnet-0aaa'],
    });
    starter(stack, vpc, { subnets: vpc.privateSubnets });
    expect(discovered(app).controlCalls[0].route.via).toBe('unknown');
    const [finding] = only(lint(app), 'UnresolvedRegion');
    expect(finding.message).toContain('network path to bedrock');
    expect(finding.message).toContain('subnet subnet-0aaa is not defined in this app');
  });
});

describe('an environment-agnostic private-link app (endpoints named from AWS::Region)', () => {
  /** In the style of PrivateLink study apps: an EC2 instance in isolated subnets calling Bedrock. */
  function privateLinkApp(endpoints: { s3?: boolean; bedrock?: boolean }) {
    const app = newApp();
    const stack = new Stack(app, 'PrivateLink');
    const vpc = isolatedVpc(stack, {});
    if (endpoints.s3)
      vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    if (endpoints.bedrock)
      vpc.addInterfaceEndpoint('BedrockRuntime', {
        service: ec2.InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME,
      });
    const role = new iam.Role(stack, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:InvokeModel'],
        resources: [`arn:aws:bedrock:${stack.region}::foundation-model/amazon.nova-pro-v1:0`],
      }),
    );
    new s3.Bucket(stack, 'Prompts').grantRead(role);
    new ec2.Instance(stack, 'Client', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      role,
    });
    return app;
  }

  test('endpoints of the same (unknown) region serve the instance: no NoNetworkPath', () => {
    const app = privateLinkApp({ s3: true, bedrock: true });
    const routes = discovered(app).flows.map((f) => [f.target.service, f.route.via]);
    expect(routes).toEqual(
      expect.arrayContaining([
        ['bedrock-runtime', 'interface-endpoint'],
        ['s3', 'gateway-endpoint'],
      ]),
    );
    expect(ids(lint(app))).not.toContain('NoNetworkPath');
  });

  test('without the endpoints the same instance has no path out: NoNetworkPath', () => {
    const app = privateLinkApp({});
    // One finding per missing route: each is its own endpoint to add.
    const findings = only(lint(app), 'NoNetworkPath');
    expect(findings.map((f) => f.constructPath)).toEqual([
      'PrivateLink/Client/Resource',
      'PrivateLink/Client/Resource',
    ]);
    expect(findings.map((f) => f.message.match(/no route to ([a-z0-9-]+)/)?.[1]).sort()).toEqual([
      'bedrock-runtime',
      's3',
    ]);
  });
});

describe('NatGatewayCost', () => {
  /** A knowledge-base app's VPC as CDK defaults it: a NAT gateway per AZ, no S3 gateway endpoint. */
  function threeNatApp(withS3Endpoint: boolean) {
    const app = newApp();
    const stack = new Stack(app, 'KbStores', { env: env('us-east-1') });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
    if (withS3Endpoint)
      vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const docs = new s3.Bucket(stack, 'Documents');
    const loader = new lambda.Function(stack, 'Loader', {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'index.handler',
      code: lambda.Code.fromInline('def handler(event, context): pass'),
      vpc,
    });
    docs.grantRead(loader);
    return app;
  }

  test('three NAT gateways in front of a data workload carry their fixed monthly cost in an info finding', () => {
    const app = threeNatApp(false);
    const [flow] = discovered(app).flows;
    expect(flow.route).toMatchObject({ via: 'nat' });
    const report = lint(app, { rules: { NatGatewayCost: 'info' } });
    const [finding] = only(report, 'NatGatewayCost');
    expect(finding.severity).toBe('info');
    expect(finding.message).toMatch(/^3 NAT gateways \(KbStores\/Vpc\/PublicSubnet1\/NATGateway, /);
    expect(finding.message).toContain('carry the traffic of Lambda function KbStores/Loader');
    // 730 hours x 3 gateways x $0.045; counted here or in the NatGatewayDataPath warning, once.
    const hours = finding.estimate!.lineItems.filter((i) => i.key.startsWith('nat-hours:'));
    expect(hours.map((i) => [i.quantity, i.unitPriceUsd])).toEqual([
      [730, 0.045],
      [730, 0.045],
      [730, 0.045],
    ]);
    const warning = only(report, 'NatGatewayDataPath')[0];
    const counted = [...warning.estimate!.lineItems, ...finding.estimate!.lineItems].filter(
      (i) => i.key.startsWith('nat-hours:') && i.countedIn === null,
    );
    expect(counted).toHaveLength(3);
  });

  test('with the S3 gateway endpoint the traffic no longer uses the gateways: no cost finding', () => {
    const app = threeNatApp(true);
    expect(discovered(app).flows.map((f) => f.route.via)).toEqual(['gateway-endpoint']);
    expect(ids(lint(app, { rules: { NatGatewayCost: 'info' } }))).toEqual([]);
  });
});
