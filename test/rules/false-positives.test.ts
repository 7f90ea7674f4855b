import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as oss from 'aws-cdk-lib/aws-opensearchserverless';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { fn, natVpc } from '../flow-helpers';
import { discovered, env, LakeStack, lint, newApp } from '../helpers';

/**
 * One region for data, models and compute, with the endpoints that keep traffic off the NAT,
 * plus the plumbing CDK adds on its own: nothing to report.
 */
function sameRegionApp() {
  const app = newApp();
  const lake = new LakeStack(app, 'Lake', { env: env('us-east-1') });
  const stack = new Stack(app, 'Rag', { env: env('us-east-1') });
  const vpc = natVpc(stack);
  vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  vpc.addInterfaceEndpoint('Runtime', {
    service: ec2.InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME,
  });
  vpc.addInterfaceEndpoint('AgentRuntime', {
    service: ec2.InterfaceVpcEndpointAwsService.BEDROCK_AGENT_RUNTIME,
  });
  const model = bedrock.FoundationModel.fromFoundationModelId(
    stack,
    'Model',
    bedrock.FoundationModelIdentifier.AMAZON_NOVA_MICRO_V1_0,
  );
  new oss.CfnCollection(stack, 'Logs', { name: 'app-logs', type: 'SEARCH' });
  const docs = new s3.Bucket(stack, 'Docs', {
    autoDeleteObjects: true,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const chat = fn(
    stack,
    'Chat',
    { MODEL_ID: model.modelId, DOCS_BUCKET: docs.bucketName, LAKE_BUCKET: lake.bucket.bucketName },
    vpc,
  );
  lake.bucket.grantRead(chat);
  docs.grantReadWrite(chat);
  chat.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: [model.modelArn] }),
  );
  // CDK plumbing: a singleton AwsCustomResource provider and a log-retention function.
  new AwsCustomResource(stack, 'Seed', {
    onCreate: {
      service: 'S3',
      action: 'putObject',
      parameters: { Bucket: docs.bucketName, Key: 'seed.txt', Body: 'hello' },
      physicalResourceId: PhysicalResourceId.of('seed'),
    },
    policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [docs.arnForObjects('*')] }),
  });
  fn(stack, 'Cron').node.addDependency(chat);
  new logs.LogRetention(stack, 'Retention', {
    logGroupName: '/app/chat',
    retention: logs.RetentionDays.ONE_WEEK,
  });
  return app;
}

describe('false-positive discipline', () => {
  test('an app whose data, models and compute share one region reports nothing', () => {
    const app = sameRegionApp();
    expect(lint(app).findings).toEqual([]);
    const facts = discovered(app);
    // What was seen: the app's two functions, and the Chat flows through endpoints.
    expect(facts.compute.map((c) => c.name).sort()).toEqual(['Rag/Chat', 'Rag/Cron']);
    expect(facts.flows.map((f) => `${f.target.what} ${f.route.via}`).sort()).toEqual([
      'bucket Lake/Lake gateway-endpoint',
      'bucket Rag/Docs gateway-endpoint',
      'foundation-model amazon.nova-micro-v1:0 interface-endpoint',
      'model amazon.nova-micro-v1:0 interface-endpoint',
    ]);
    // A SEARCH collection is not a vector store.
    expect(facts.vectorCollections).toEqual([]);
  });

  test('CDK plumbing is never compute: custom-resource providers, log retention, auto-delete, export readers', () => {
    const app = newApp();
    const lake = new LakeStack(app, 'Lake', { env: env('us-east-1'), crossRegionReferences: true });
    const stack = new Stack(app, 'App', { env: env('us-west-2'), crossRegionReferences: true });
    new s3.Bucket(stack, 'Scratch', {
      autoDeleteObjects: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new AwsCustomResource(stack, 'Touch', {
      onCreate: {
        service: 'S3',
        action: 'headBucket',
        parameters: { Bucket: lake.bucket.bucketName },
        physicalResourceId: PhysicalResourceId.of('touch'),
      },
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [lake.bucket.bucketArn] }),
    });
    fn(stack, 'Worker'); // the app's own function: found, beside the plumbing
    new logs.LogRetention(stack, 'Retention', {
      logGroupName: '/app/x',
      retention: logs.RetentionDays.ONE_DAY,
    });
    const facts = discovered(app);
    const functions = app.synth().getStackByName('App').template.Resources;
    const lambdaCount = Object.values(functions as Record<string, { Type: string }>).filter(
      (r) => r.Type === 'AWS::Lambda::Function',
    ).length;
    expect(lambdaCount).toBeGreaterThanOrEqual(4); // the plumbing is really there
    expect(facts.compute.map((c) => c.name)).toEqual(['App/Worker']);
    expect(facts.flows).toEqual([]);
    expect(lint(app).findings).toEqual([]);
  });
});
