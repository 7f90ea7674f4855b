import { CfnMapping, CfnParameter, CustomResource, Fn, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { discovered, env, lint, newApp, only, ossKnowledgeBase, sdkTuningJob } from './helpers';

/** A custom resource whose response is read with Fn::GetAtt: known only at deploy time. */
function lookup(scope: Construct): CustomResource {
  return new CustomResource(scope, 'Lookup', {
    serviceToken: `arn:aws:lambda:us-east-1:123456789012:function:lookup`,
    resourceType: 'Custom::Lookup',
  });
}

function knowledgeBase(scope: Construct, embeddingModelArn: string): void {
  ossKnowledgeBase(scope, embeddingModelArn);
}

function sdkJob(scope: Construct, training: Record<string, unknown>, base: string): void {
  sdkTuningJob(scope, { base, training });
}

const TITAN = 'foundation-model/amazon.titan-embed-text-v2:0';
const LLAMA_ID = 'meta.llama3-3-70b-instruct-v1:0:128k';

function unresolvedMessages(app: ReturnType<typeof newApp>): string[] {
  return only(lint(app), 'UnresolvedRegion').map((f) => f.message);
}

describe('regions that cannot be known are reported, never passed in silence', () => {
  test('a base-model ARN whose region is a CloudFormation parameter', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    const region = new CfnParameter(stack, 'ModelRegion', { type: 'String' });
    sdkJob(
      stack,
      { S3Uri: 's3://corp-train/train.jsonl' },
      Fn.sub('arn:aws:bedrock:${R}::foundation-model/' + LLAMA_ID, { R: region.valueAsString }),
    );
    expect(discovered(app).work[0].baseModel?.arnPlace).toMatchObject({ region: null });
    const messages = unresolvedMessages(app);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/base model .*CloudFormation parameter ModelRegion/);
  });

  test("an embedding-model region from a custom resource's response", () => {
    const app = newApp();
    const stack = new Stack(app, 'Rag', { env: env('us-east-1') });
    const region = lookup(stack).getAttString('Region');
    knowledgeBase(stack, `arn:aws:bedrock:${region}::${TITAN}`);
    expect(discovered(app).knowledgeBases[0].embeddingModel?.arnPlace).toMatchObject({
      region: null,
    });
    const messages = unresolvedMessages(app);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/embedding model .*custom resource Rag\/Lookup \(Custom::Lookup\)/);
  });

  test('an embedding-model region from Fn::FindInMap keyed by a parameter', () => {
    const app = newApp();
    const stack = new Stack(app, 'Rag', { env: env('us-east-1') });
    const envName = new CfnParameter(stack, 'Env', { type: 'String' });
    const regions = new CfnMapping(stack, 'Regions', {
      mapping: { prod: { model: 'us-east-1' }, test: { model: 'us-west-2' } },
    });
    const region = regions.findInMap(envName.valueAsString, 'model');
    knowledgeBase(stack, `arn:aws:bedrock:${region}::${TITAN}`);
    const messages = unresolvedMessages(app);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/embedding model .*mapping Regions .*CloudFormation parameter Env/);
  });

  test("a training bucket named by a custom resource's response is not placed in its stack", () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    const bucket = lookup(stack).getAttString('BucketName');
    sdkJob(stack, { S3Uri: `s3://${bucket}/train.jsonl` }, LLAMA_ID);
    const training = discovered(app).work[0].data.find((d) => d.role === 'training');
    expect(training?.place).toMatchObject({ region: null });
    const messages = unresolvedMessages(app);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/training data .*custom resource Tuning\/Lookup/);
  });

  test('a Step Functions SDK training URI from the state input', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    sdkJob(stack, { 'S3Uri.$': '$.trainingUri' }, LLAMA_ID);
    const training = discovered(app).work[0].data.find((d) => d.role === 'training');
    expect(training?.place).toMatchObject({ region: null });
    const messages = unresolvedMessages(app);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/training data .*state input \$\.trainingUri/);
  });

  test('a Step Functions SDK training URI from a parameter', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    const uri = new CfnParameter(stack, 'TrainingUri', { type: 'String' });
    sdkJob(stack, { S3Uri: uri.valueAsString }, LLAMA_ID);
    const messages = unresolvedMessages(app);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/training data .*CloudFormation parameter TrainingUri/);
  });

  test('compliant: the same job with a literal region and a bucket of the app passes', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    const data = new s3.Bucket(stack, 'Data');
    sdkJob(
      stack,
      { S3Uri: data.s3UrlForObject('train.jsonl') },
      `arn:aws:bedrock:us-west-2::foundation-model/${LLAMA_ID}`,
    );
    const work = discovered(app).work[0];
    expect(work.baseModel?.arnPlace).toMatchObject({ region: 'us-west-2' });
    expect(work.data.map((d) => [d.role, d.place.region])).toEqual([
      ['training', 'us-west-2'],
      ['output', 'us-west-2'],
    ]);
    expect(unresolvedMessages(app)).toEqual([]);
  });
});
