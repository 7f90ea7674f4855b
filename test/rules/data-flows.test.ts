import { Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as oss from 'aws-cdk-lib/aws-opensearchserverless';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { fn, natVpc } from '../flow-helpers';
import { discovered, env, ids, LakeStack, lint, newApp, NOVA_MICRO, only } from '../helpers';

/** A us-east-1 lake and a us-west-2 stack that reads it through a cross-region reference. */
function crossRegionApp() {
  const app = newApp();
  const lake = new LakeStack(app, 'DataLake', {
    env: env('us-east-1'),
    crossRegionReferences: true,
  });
  const stack = new Stack(app, 'Rag', { env: env('us-west-2'), crossRegionReferences: true });
  return { app, lake, stack };
}

describe('CrossRegionDataAccess', () => {
  test('a Lambda in us-west-2 reading a bucket of a us-east-1 stack through a cross-region reference', () => {
    const { app, lake, stack } = crossRegionApp();
    const reader = fn(stack, 'Reader', { LAKE_BUCKET: lake.bucket.bucketName });
    lake.bucket.grantRead(reader);
    const report = lint(app);
    expect(ids(report)).toEqual(['CrossRegionDataAccess']);
    const [finding] = report.findings;
    expect(finding).toMatchObject({
      severity: 'warning',
      constructPath: 'Rag/Reader/Resource',
      regions: { resource: 'us-west-2', peer: 'us-east-1' },
    });
    expect(finding.message).toMatch(
      /Lambda function Rag\/Reader in us-west-2 reads bucket DataLake\/Lake in us-east-1 \(IAM s3:GetObject\*.*; environment variable LAKE_BUCKET\)/,
    );
    expect(finding.related[0]).toMatchObject({
      stack: 'DataLake',
      constructPath: 'DataLake/Lake/Resource',
      region: 'us-east-1',
    });
    // The reference really is CDK's cross-region reader, not a literal.
    const template = JSON.stringify(app.synth().getStackByName('Rag').template);
    expect(template).toContain('Custom::CrossRegionExportReader');
  });

  test('a Lambda reading a bucket of its own region is compliant, and the flow is seen', () => {
    const app = newApp();
    const lake = new LakeStack(app, 'DataLake', { env: env('us-west-2') });
    const stack = new Stack(app, 'Rag', { env: env('us-west-2') });
    lake.bucket.grantReadWrite(fn(stack, 'Reader', { LAKE_BUCKET: lake.bucket.bucketName }));
    expect(lint(app).findings).toEqual([]);
    const [flow] = discovered(app).flows;
    expect(flow).toMatchObject({
      access: 'read-write',
      source: { name: 'Rag/Reader', place: { region: 'us-west-2' } },
      target: { kind: 'bucket', place: { region: 'us-west-2' } },
      route: { via: 'aws-network' },
    });
  });

  test('an ECS Fargate service reading the lake from another region', () => {
    const { app, lake, stack } = crossRegionApp();
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: natVpc(stack) });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('App', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
      environment: { DATA_BUCKET: lake.bucket.bucketName },
    });
    lake.bucket.grantRead(task.taskRole);
    new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task });
    const report = lint(app);
    expect(ids(report)).toEqual(['CrossRegionDataAccess', 'NatGatewayDataPath']);
    expect(only(report, 'CrossRegionDataAccess')[0].message).toMatch(
      /ECS task Rag\/Task in us-west-2 reads bucket DataLake\/Lake in us-east-1 .* passes NAT gateway/,
    );
  });
});

describe('NatGatewayDataPath', () => {
  /** The reader in private subnets, with a local bucket and the cross-region lake. */
  function vpcReader(withGatewayEndpoint: boolean) {
    const { app, lake, stack } = crossRegionApp();
    const vpc = natVpc(stack);
    if (withGatewayEndpoint)
      vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const local = new s3.Bucket(stack, 'Local');
    const reader = fn(stack, 'Reader', {}, vpc);
    lake.bucket.grantRead(reader);
    local.grantRead(reader);
    return lint(app);
  }

  test('private subnets with a NAT gateway and no S3 gateway endpoint: both buckets cross the NAT', () => {
    const report = vpcReader(false);
    expect(ids(report)).toEqual(['CrossRegionDataAccess', 'NatGatewayDataPath']);
    const [nat] = only(report, 'NatGatewayDataPath');
    expect(nat.message).toMatch(/reaches s3 through NAT gateway VpcPublicSubnet1NATGateway/);
    expect(nat.message).toMatch(
      /bucket DataLake\/Lake in us-east-1 \(s3 in us-east-1 is in another region/,
    );
    expect(nat.message).toMatch(
      /bucket Rag\/Local in us-west-2 \(the subnets have no s3 gateway endpoint\)/,
    );
    expect(nat.related.filter((r) => r.description.startsWith('NAT gateway'))).toHaveLength(1);
  });

  test('with an S3 gateway endpoint only the cross-region read still crosses the NAT', () => {
    const report = vpcReader(true);
    expect(ids(report)).toEqual(['CrossRegionDataAccess', 'NatGatewayDataPath']);
    const [nat] = only(report, 'NatGatewayDataPath');
    expect(nat.message).toMatch(/bucket DataLake\/Lake in us-east-1/);
    expect(nat.message).not.toMatch(/Rag\/Local/);
  });

  test('a same-region bucket behind a gateway endpoint is compliant and routed through it', () => {
    const app = newApp();
    const stack = new Stack(app, 'Rag', { env: env('us-west-2') });
    const vpc = natVpc(stack);
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    new s3.Bucket(stack, 'Local').grantRead(fn(stack, 'Reader', {}, vpc));
    expect(lint(app).findings).toEqual([]);
    expect(discovered(app).flows.map((f) => f.route.via)).toEqual(['gateway-endpoint']);
  });

  test('a subnet imported by id is an unknown path, not "no NAT"', () => {
    const app = newApp();
    const stack = new Stack(app, 'Rag', { env: env('us-west-2') });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-west-2a'],
      privateSubnetIds: ['subnet-0123456789abcdef0'],
    });
    new s3.Bucket(stack, 'Local').grantRead(fn(stack, 'Reader', {}, vpc));
    const report = lint(app);
    expect(ids(report)).toEqual(['UnresolvedRegion']);
    expect(report.findings[0].message).toMatch(
      /network path to s3: subnet subnet-0123456789abcdef0 is not defined in this app/,
    );
  });

  test('an interface endpoint whose service name names another region', () => {
    const app = newApp();
    const stack = new Stack(app, 'Rag', { env: env('us-west-2') });
    const vpc = natVpc(stack);
    vpc.addInterfaceEndpoint('Bedrock', {
      service: new ec2.InterfaceVpcEndpointService('com.amazonaws.us-east-1.bedrock-runtime', 443),
    });
    const report = lint(app);
    expect(ids(report)).toEqual(['NatGatewayDataPath']);
    expect(report.findings[0].message).toMatch(
      /VPC endpoint .* in us-west-2 names com\.amazonaws\.us-east-1\.bedrock-runtime/,
    );
  });
});

describe('OpenSearch Serverless from private subnets', () => {
  function vectorReader(withCollectionEndpoint: boolean) {
    const app = newApp();
    const stack = new Stack(app, 'Rag', { env: env('us-west-2') });
    const vpc = natVpc(stack);
    const collection = new oss.CfnCollection(stack, 'Vectors', {
      name: 'vectors',
      type: 'VECTORSEARCH',
    });
    if (withCollectionEndpoint)
      new oss.CfnVpcEndpoint(stack, 'AossEndpoint', {
        name: 'aoss-endpoint',
        vpcId: vpc.vpcId,
        subnetIds: vpc.privateSubnets.map((s) => s.subnetId),
      });
    fn(stack, 'Search', {}, vpc).addToRolePolicy(
      new iam.PolicyStatement({ actions: ['aoss:APIAccessAll'], resources: [collection.attrArn] }),
    );
    return app;
  }

  test('without an OpenSearch Serverless VPC endpoint the queries cross the NAT', () => {
    const report = lint(vectorReader(false));
    expect(ids(report)).toEqual(['NatGatewayDataPath']);
    expect(report.findings[0].message).toMatch(
      /reaches aoss through NAT gateway .*vector store Rag\/Vectors in us-west-2/,
    );
  });

  test('an AWS::OpenSearchServerless::VpcEndpoint serves them', () => {
    const app = vectorReader(true);
    expect(lint(app).findings).toEqual([]);
    expect(discovered(app).flows.map((f) => [f.target.service, f.route.via])).toEqual([
      ['aoss', 'interface-endpoint'],
    ]);
  });
});

test('a customization job with a VpcConfig in NAT subnets reads its training data through the NAT', () => {
  const app = newApp();
  const stack = new Stack(app, 'Tuning', { env: env('us-east-1') });
  const vpc = natVpc(stack);
  const data = new s3.Bucket(stack, 'Data');
  const job = new tasks.BedrockCreateModelCustomizationJob(stack, 'Tune', {
    baseModel: bedrock.FoundationModel.fromFoundationModelId(
      stack,
      'Base',
      new bedrock.FoundationModelIdentifier(NOVA_MICRO),
    ),
    customModelName: 'nova-custom',
    jobName: 'nova-job',
    trainingData: { bucket: data, path: 'train.jsonl' },
    outputData: { bucket: data, path: 'out/' },
    hyperParameters: { epochCount: '1', 'Evaluation percentage': '10' },
    vpcConfig: {
      securityGroups: [new ec2.SecurityGroup(stack, 'JobSg', { vpc })],
      subnets: vpc.privateSubnets,
    },
  });
  new sfn.StateMachine(stack, 'Pipeline', {
    definitionBody: sfn.DefinitionBody.fromChainable(job),
  });
  const report = lint(app);
  expect(ids(report)).toEqual(['NatGatewayDataPath']);
  expect(report.findings[0].message).toMatch(
    /customization job state "Tune" in us-east-1 reaches s3 through NAT gateway .*bucket Tuning\/Data in us-east-1 \(the subnets have no s3 gateway endpoint\)/,
  );
});
