/** Values that look like evidence to a name-based reader but are not, as real apps write them. */
import { Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { fn } from '../flow-helpers';
import { ACCOUNT, discovered, env, ids, lint, newApp, only } from '../helpers';

const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

describe('evidence discipline', () => {
  test('a global inference profile with its regionless foundation-model ARN is no unresolved region', () => {
    const app = newApp();
    const stack = new Stack(app, 'Chat', { env: env('us-east-1') });
    // The policy AWS documents for global profiles: the profile of the calling region, and the
    // model in every destination as a regionless ARN.
    fn(stack, 'Converse').addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:InvokeModel'],
        resources: [
          `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/global.${SONNET}`,
          `arn:aws:bedrock:::foundation-model/${SONNET}`,
        ],
      }),
    );
    const flows = discovered(app).flows;
    expect(flows.map((f) => [f.target.what, f.target.place.region])).toEqual([
      [`inference-profile global.${SONNET}`, 'us-east-1'],
    ]);
    expect(ids(lint(app))).toEqual([]);
  });

  test('the name given to a Custom Model Import job is not an unknown base model', () => {
    const app = newApp();
    const stack = new Stack(app, 'Import', { env: env('us-east-1') });
    const weights = new s3.Bucket(stack, 'Weights');
    new cr.AwsCustomResource(stack, 'ImportLlama', {
      onCreate: {
        service: 'bedrock',
        action: 'createModelImportJob',
        parameters: {
          jobName: 'import-llama',
          importedModelName: 'my-llama-3-1-8b-tuned',
          roleArn: `arn:aws:iam::${ACCOUNT}:role/import`,
          modelDataSource: { s3DataSource: { s3Uri: weights.s3UrlForObject('llama/') } },
        },
        physicalResourceId: cr.PhysicalResourceId.of('import-llama'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
        resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE,
      }),
      installLatestAwsSdk: false,
    });
    const [work] = discovered(app).work;
    expect(work).toMatchObject({ action: 'CreateModelImportJob', baseModel: undefined });
    expect(work.data.map((d) => [d.role, d.place.region])).toEqual([['model-data', 'us-east-1']]);
    expect(only(lint(app), 'UnknownModel')).toEqual([]);
  });

  test('bucket-named settings holding an account id, a region or an ARN of another service are no buckets', () => {
    const app = newApp();
    const stack = new Stack(app, 'Video', { env: env('us-east-1') });
    const videos = new s3.Bucket(stack, 'Videos');
    videos.grantRead(
      fn(stack, 'Transcode', {
        VIDEO_BUCKET_OWNER: ACCOUNT,
        VIDEO_BUCKET_REGION: 'eu-west-1',
        VIDEO_BUCKET_KEY_ARN: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        VIDEO_BUCKET: videos.bucketName,
      }),
    );
    const flows = discovered(app).flows;
    expect(flows.map((f) => f.target.what)).toEqual(['bucket Video/Videos']);
    expect(ids(lint(app))).toEqual([]);
  });

  test('a bucket-named setting with a real bucket name of another app is still a bucket', () => {
    const app = newApp();
    const stack = new Stack(app, 'Reader', { env: env('us-east-1') });
    fn(stack, 'Read', { SOURCE_BUCKET: 'corp-data-lake' });
    expect(discovered(app).flows.map((f) => f.target.what)).toEqual(['bucket corp-data-lake']);
    const [finding] = only(lint(app), 'UnresolvedRegion');
    expect(finding.message).toContain('bucket corp-data-lake is not defined in this app');
  });

  test('a knowledge base id on an ingestion function is no retrieval; on the query function it is', () => {
    // The amazon-bedrock-rag layout: the knowledge base in one stack, its functions in another.
    const app = newApp();
    const kbStack = new Stack(app, 'Kb', { env: env('us-east-1'), crossRegionReferences: true });
    const kb = new bedrock.CfnKnowledgeBase(kbStack, 'Docs', {
      name: 'docs',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/kb`,
      knowledgeBaseConfiguration: { type: 'VECTOR' },
    });
    const api = new Stack(app, 'Api', { env: env('us-west-2'), crossRegionReferences: true });
    const allow = (actions: string[]) => new iam.PolicyStatement({ actions, resources: ['*'] });
    fn(api, 'IngestionJob', { KNOWLEDGE_BASE_ID: kb.attrKnowledgeBaseId }).addToRolePolicy(
      allow(['bedrock:StartIngestionJob']),
    );
    fn(api, 'Query', { KNOWLEDGE_BASE_ID: kb.attrKnowledgeBaseId }).addToRolePolicy(
      allow(['bedrock:RetrieveAndGenerate', 'bedrock:Retrieve']),
    );
    const flows = discovered(app).flows;
    expect(flows.map((f) => [f.source.name, f.target.kind, f.target.place.region])).toEqual([
      ['Api/Query', 'knowledge-base', 'us-east-1'],
    ]);
    expect(only(lint(app), 'CrossRegionModelAccess').map((f) => f.constructPath)).toEqual([
      'Api/Query/Resource',
    ]);
  });
});
