import { Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { fn } from '../flow-helpers';
import { ACCOUNT, discovered, env, ids, LakeStack, lint, newApp, only } from '../helpers';

const NOVA_CUSTOM = `arn:aws:bedrock:us-east-1:${ACCOUNT}:custom-model/amazon.nova-micro-v1:0:128k/a1b2c3d4e5f6`;
const LLAMA_CUSTOM = `arn:aws:bedrock:us-west-2:${ACCOUNT}:custom-model/meta.llama3-3-70b-instruct-v1:0:128k/z9y8x7w6v5u4`;

function allowInvoke(scope: Construct, id: string, resource: string) {
  const f = fn(scope, id);
  f.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: [resource] }),
  );
  return f;
}

/** An AwsCustomResource making one Bedrock control-plane call. */
function bedrockCall(
  scope: Construct,
  id: string,
  action: string,
  parameters: Record<string, unknown>,
  region?: string,
) {
  return new AwsCustomResource(scope, id, {
    onCreate: {
      service: 'Bedrock',
      action,
      region,
      parameters,
      physicalResourceId: PhysicalResourceId.of(id),
    },
    policy: AwsCustomResourcePolicy.fromSdkCalls({
      resources: AwsCustomResourcePolicy.ANY_RESOURCE,
    }),
  });
}

describe('CustomModelRegion', () => {
  test('a Lambda in eu-west-1 granted bedrock:InvokeModel on a us-west-2 custom model', () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('eu-west-1') });
    allowInvoke(stack, 'Chat', LLAMA_CUSTOM);
    const report = lint(app);
    expect(ids(report)).toEqual(['CustomModelRegion']);
    expect(report.findings[0]).toMatchObject({
      severity: 'error',
      constructPath: 'App/Chat/Resource',
      regions: { resource: 'eu-west-1', peer: 'us-west-2' },
    });
    expect(report.findings[0].message).toMatch(
      /Lambda function App\/Chat in eu-west-1 calls custom-model meta\.llama3-3-70b-instruct-v1:0:128k in us-west-2 \(IAM bedrock:InvokeModel\)\. The custom-model lives only in us-west-2/,
    );
  });

  test('the same invocation in the model region is compliant', () => {
    const app = newApp();
    allowInvoke(new Stack(app, 'App', { env: env('us-west-2') }), 'Chat', LLAMA_CUSTOM);
    expect(lint(app).findings).toEqual([]);
    expect(discovered(app).flows[0].target).toMatchObject({
      kind: 'model',
      model: { kind: 'custom-model', modelId: 'meta.llama3-3-70b-instruct-v1:0:128k' },
      place: { region: 'us-west-2' },
    });
  });

  test('a copy of the custom model into the caller region makes the invocation compliant', () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('eu-west-1') });
    bedrockCall(stack, 'Copy', 'CreateModelCopyJob', {
      sourceModelArn: NOVA_CUSTOM,
      targetModelName: 'nova-eu',
    });
    allowInvoke(stack, 'Chat', NOVA_CUSTOM);
    expect(lint(app).findings).toEqual([]);
    const facts = discovered(app);
    expect(facts.work.map((w) => [w.action, w.place.region])).toEqual([
      ['CreateModelCopyJob', 'eu-west-1'],
    ]);
    expect(facts.flows.map((f) => [f.target.model?.kind, f.target.place.region])).toEqual([
      ['custom-model', 'us-east-1'],
    ]);
  });

  test('a copy to a region the base model does not allow', () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('ca-central-1') });
    bedrockCall(stack, 'Copy', 'CreateModelCopyJob', {
      sourceModelArn: NOVA_CUSTOM,
      targetModelName: 'nova-ca',
    });
    const report = lint(app);
    expect(ids(report)).toEqual(['CustomModelRegion']);
    expect(report.findings[0].message).toMatch(
      /copies a custom Nova Micro model to ca-central-1, but custom Nova Micro models can only be copied to .*eu-west-1/,
    );
  });

  test('Provisioned Throughput bought in us-east-1 for a us-west-2 custom model', () => {
    const app = newApp();
    const stack = new Stack(app, 'Serve', { env: env('us-east-1') });
    bedrockCall(stack, 'Throughput', 'CreateProvisionedModelThroughput', {
      modelId: LLAMA_CUSTOM,
      provisionedModelName: 'llama-pt',
      modelUnits: 1,
    });
    const report = lint(app);
    expect(ids(report)).toEqual(['CustomModelRegion']);
    expect(report.findings[0].message).toMatch(
      /CreateProvisionedModelThroughput in us-east-1 .* lives in us-west-2/,
    );
  });
});

const invokeAny = new iam.PolicyStatement({
  actions: ['bedrock:InvokeModel', 'bedrock:Converse'],
  resources: ['*'],
});

describe('CrossRegionModelAccess', () => {
  test('BEDROCK_REGION=us-east-1 on a Lambda in ap-northeast-1', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tokyo', { env: env('ap-northeast-1') });
    // Allowed to call Bedrock: a region variable alone is not a call (see test/real-apps).
    fn(stack, 'Chat', { BEDROCK_REGION: 'us-east-1' }).addToRolePolicy(invokeAny);
    const report = lint(app);
    expect(ids(report)).toEqual(['CrossRegionModelAccess']);
    expect(report.findings[0]).toMatchObject({
      severity: 'warning',
      regions: { resource: 'ap-northeast-1', peer: 'us-east-1' },
    });
    expect(report.findings[0].message).toMatch(
      /Lambda function Tokyo\/Chat in ap-northeast-1 calls Amazon Bedrock in us-east-1 \(environment variable BEDROCK_REGION\)/,
    );
  });

  test('a model id with its region variable names the model, and a JSON model list gives each entry its region', () => {
    const app = newApp();
    const stack = new Stack(app, 'Eu', { env: env('eu-west-1') });
    fn(stack, 'Router', {
      MODELS: JSON.stringify([
        { modelId: 'amazon.nova-lite-v1:0', region: 'eu-west-1' },
        { modelId: 'amazon.nova-pro-v1:0', region: 'us-west-2' },
      ]),
    }).addToRolePolicy(invokeAny);
    const report = lint(app);
    expect(ids(report)).toEqual(['CrossRegionModelAccess']);
    expect(report.findings[0].message).toMatch(/model amazon\.nova-pro-v1:0 in us-west-2/);
  });

  test('an eu. inference profile called from us-east-1 is outside its geography', () => {
    const app = newApp();
    const stack = new Stack(app, 'Us', { env: env('us-east-1') });
    fn(stack, 'Chat', { MODEL_ID: 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0' });
    const report = lint(app);
    // Bedrock rejects the id there: ModelAvailability's error, not a cross-region call.
    expect(ids(report)).toEqual(['ModelAvailability']);
    expect(report.findings[0].severity).toBe('error');
    expect(report.findings[0].message).toContain(
      'eu.anthropic.claude-3-7-sonnet-20250219-v1:0 (invokes; environment variable MODEL_ID) can be called only from eu-central-1, eu-north-1, eu-west-1 and eu-west-3',
    );
  });

  test('a Bedrock agent whose model ARN names another region', () => {
    const app = newApp();
    const stack = new Stack(app, 'Agents', { env: env('eu-central-1') });
    new bedrock.CfnAgent(stack, 'Agent', {
      agentName: 'helper',
      foundationModel: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0',
      instruction: 'Help the user with their questions about the product catalog.',
    });
    const report = lint(app);
    expect(ids(report)).toEqual(['CrossRegionModelAccess']);
    expect(only(report, 'CrossRegionModelAccess')[0].message).toMatch(
      /Bedrock agent Agents\/Agent in eu-central-1 calls foundation-model amazon\.nova-pro-v1:0 in us-east-1 \(property FoundationModel\)/,
    );
  });

  test('a Lambda invoking a foundation model of its own region is compliant, and the flow is seen', () => {
    const app = newApp();
    const stack = new Stack(app, 'Us', { env: env('us-east-1') });
    const model = bedrock.FoundationModel.fromFoundationModelId(
      stack,
      'Model',
      bedrock.FoundationModelIdentifier.AMAZON_NOVA_MICRO_V1_0,
    );
    const chat = fn(stack, 'Chat', { MODEL_ID: model.modelId });
    chat.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: [model.modelArn] }),
    );
    expect(lint(app).findings).toEqual([]);
    const flows = discovered(app).flows;
    expect(flows.map((f) => [f.target.what, f.target.place.region, f.evidence.length])).toEqual([
      ['foundation-model amazon.nova-micro-v1:0', 'us-east-1', 1],
      ['model amazon.nova-micro-v1:0', 'us-east-1', 1],
    ]);
  });
});

describe('Step Functions tasks', () => {
  test('InvokeModel on a us-east-1 model and an SDK getObject on a us-east-1 lake, from us-west-2', () => {
    const app = newApp();
    const lake = new LakeStack(app, 'Lake', { env: env('us-east-1'), crossRegionReferences: true });
    const stack = new Stack(app, 'Flow', { env: env('us-west-2'), crossRegionReferences: true });
    const read = new tasks.CallAwsService(stack, 'Get', {
      service: 's3',
      action: 'getObject',
      parameters: { Bucket: lake.bucket.bucketName, Key: 'doc.txt' },
      iamResources: [lake.bucket.arnForObjects('*')],
    });
    const summarize = new tasks.BedrockInvokeModel(stack, 'Summarize', {
      model: { modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0' },
      body: sfn.TaskInput.fromObject({ inputText: sfn.JsonPath.stringAt('$.Body') }),
    });
    new sfn.StateMachine(stack, 'Pipeline', {
      definitionBody: sfn.DefinitionBody.fromChainable(read.next(summarize)),
    });
    const report = lint(app);
    expect(ids(report)).toEqual(['CrossRegionDataAccess', 'CrossRegionModelAccess']);
    expect(only(report, 'CrossRegionDataAccess')[0].message).toMatch(
      /state machine Flow\/Pipeline in us-west-2 reads bucket Lake\/Lake in us-east-1 \(.*state "Get" Bucket/,
    );
    expect(only(report, 'CrossRegionModelAccess')[0].message).toMatch(
      /calls foundation-model amazon\.nova-pro-v1:0 in us-east-1 \(.*state "Summarize" ModelId/,
    );
  });
});
