import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { fn } from '../flow-helpers';
import { discovered, env, ids, lint, newApp, only } from '../helpers';
import { VectorBucket, VectorIndex, VectorKnowledgeBase } from './s3-vectors-style';

const TITAN_V2 = 'amazon.titan-embed-text-v2:0';
const titanIn = (region: string) => `arn:aws:bedrock:${region}::foundation-model/${TITAN_V2}`;

/** An S3 Vectors RAG stack in the style of the cdk-s3-vectors tutorial: bucket, index, knowledge base. */
function ragApp(
  opts: { embeddingRegion?: string; indexRegion?: string; resourceType?: string } = {},
) {
  const app = newApp();
  const stack = new Stack(app, 'VectorRag', { env: env('us-west-2') });
  const bucket = new VectorBucket(stack, 'Vectors', { bucketName: 'rag-vectors' });
  const index = new VectorIndex(stack, 'Index', {
    bucket,
    indexName: 'docs',
    dimension: 1024,
    region: opts.indexRegion,
  });
  new VectorKnowledgeBase(stack, 'Kb', {
    name: 'docs-kb',
    embeddingModelArn: titanIn(opts.embeddingRegion ?? 'us-west-2'),
    bucket,
    index,
    resourceType: opts.resourceType,
  });
  return app;
}

describe('knowledge bases built by custom resources (cdk-s3-vectors shape)', () => {
  test('an embedding model of another region is a KnowledgeBaseStoreRegion error', () => {
    const app = ragApp({ embeddingRegion: 'us-east-1' });
    const facts = discovered(app);
    expect(facts.knowledgeBases).toHaveLength(1);
    expect(facts.knowledgeBases[0]).toMatchObject({
      origin: 'custom-resource',
      subject: { type: 'AWS::CloudFormation::CustomResource' },
      place: { region: 'us-west-2' },
      embeddingModel: { modelId: TITAN_V2, arnPlace: { region: 'us-east-1' } },
      store: { kind: 'S3_VECTORS', place: { region: 'us-west-2' } },
    });
    const [finding] = only(lint(app), 'KnowledgeBaseStoreRegion');
    expect(finding.severity).toBe('error');
    expect(finding.constructPath).toBe('VectorRag/Kb/KnowledgeBase/Default');
    expect(finding.message).toContain('embedding model ARN names us-east-1');
  });

  test('the same app with the embedding model of its own region reports nothing', () => {
    const app = ragApp({ resourceType: 'Custom::S3VectorKnowledgeBase' });
    const facts = discovered(app);
    expect(facts.knowledgeBases.map((kb) => [kb.subject.type, kb.store?.kind])).toEqual([
      ['Custom::S3VectorKnowledgeBase', 'S3_VECTORS'],
    ]);
    // The vector bucket and index are facts too, placed by their calls' region.
    expect(facts.s3VectorStores.map((s) => s.place.region)).toEqual(['us-west-2', 'us-west-2']);
    expect(lint(app).findings).toEqual([]);
  });

  test('an index created by a call to another region is a store-region error', () => {
    const app = ragApp({ indexRegion: 'us-east-1' });
    expect(discovered(app).knowledgeBases[0].store?.place).toMatchObject({
      region: 'us-east-1',
      source: 'the call\'s "region"',
    });
    const [finding] = only(lint(app), 'KnowledgeBaseStoreRegion');
    expect(finding.message).toContain('S3_VECTORS vector store is in us-east-1');
  });
});

describe('AwsCustomResource calls to bedrock-agent', () => {
  function agentApp(callRegion: string) {
    const app = newApp();
    const stack = new Stack(app, 'Agents', { env: env('us-west-2') });
    const docs = new s3.Bucket(stack, 'Docs');
    const role = new iam.Role(stack, 'KbRole', {
      assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com'),
    });
    const policy = cr.AwsCustomResourcePolicy.fromSdkCalls({
      resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE,
    });
    const kb = new cr.AwsCustomResource(stack, 'CreateKb', {
      onCreate: {
        service: 'bedrock-agent',
        action: 'createKnowledgeBase',
        region: callRegion,
        parameters: {
          name: 'docs',
          roleArn: role.roleArn,
          knowledgeBaseConfiguration: {
            type: 'VECTOR',
            vectorKnowledgeBaseConfiguration: { embeddingModelArn: titanIn('us-west-2') },
          },
          storageConfiguration: {
            type: 'S3_VECTORS',
            s3VectorsConfiguration: {
              indexArn: 'arn:aws:s3vectors:us-west-2:123456789012:bucket/v/index/docs',
            },
          },
        },
        physicalResourceId: cr.PhysicalResourceId.fromResponse('knowledgeBase.knowledgeBaseId'),
      },
      policy,
      installLatestAwsSdk: false,
    });
    new cr.AwsCustomResource(stack, 'CreateDataSource', {
      onCreate: {
        service: 'bedrock-agent',
        action: 'createDataSource',
        region: callRegion,
        parameters: {
          knowledgeBaseId: kb.getResponseField('knowledgeBase.knowledgeBaseId'),
          name: 'docs',
          dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: docs.bucketArn } },
        },
        physicalResourceId: cr.PhysicalResourceId.of('docs'),
      },
      policy,
      installLatestAwsSdk: false,
    });
    new cr.AwsCustomResource(stack, 'CreateAgent', {
      onCreate: {
        service: '@aws-sdk/client-bedrock-agent',
        action: 'CreateAgentCommand',
        region: callRegion,
        parameters: {
          agentName: 'helper',
          foundationModel: 'anthropic.claude-3-haiku-20240307-v1:0',
          agentResourceRoleArn: role.roleArn,
        },
        physicalResourceId: cr.PhysicalResourceId.of('helper'),
      },
      policy,
      installLatestAwsSdk: false,
    });
    return app;
  }

  test('a knowledge base created in eu-west-1 from us-west-2 data and models is an error for each', () => {
    const app = agentApp('eu-west-1');
    const facts = discovered(app);
    expect(facts.knowledgeBases[0]).toMatchObject({
      origin: 'custom-resource',
      place: { region: 'eu-west-1' },
      store: { kind: 'S3_VECTORS', place: { region: 'us-west-2' } },
    });
    expect(facts.knowledgeBases[0].dataSources[0].bucket?.place.region).toBe('us-west-2');
    const agent = facts.compute.find((c) => c.kind === 'bedrock-agent');
    expect(agent).toMatchObject({ name: 'Agents/CreateAgent', place: { region: 'eu-west-1' } });
    const report = lint(app);
    expect(only(report, 'KnowledgeBaseStoreRegion').map((f) => f.severity)).toEqual([
      'error',
      'error',
    ]);
    expect(only(report, 'KnowledgeBaseDataRegion')).toHaveLength(1);
  });

  test('the same calls in the stack region report nothing, and their facts are there', () => {
    const app = agentApp('us-west-2');
    const facts = discovered(app);
    expect(facts.knowledgeBases.map((kb) => kb.place.region)).toEqual(['us-west-2']);
    expect(facts.knowledgeBases[0].dataSources).toHaveLength(1);
    expect(facts.compute.filter((c) => c.kind === 'bedrock-agent')).toHaveLength(1);
    expect(ids(lint(app))).toEqual([]);
  });
});

describe('AwsCustomResource calls to Bedrock runtime and S3', () => {
  function callApp(region: string) {
    const app = newApp();
    const stack = new Stack(app, 'Warmup', { env: env('eu-west-1') });
    const policy = cr.AwsCustomResourcePolicy.fromSdkCalls({
      resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE,
    });
    new cr.AwsCustomResource(stack, 'WarmModel', {
      onCreate: {
        service: '@aws-sdk/client-bedrock-runtime',
        action: 'ConverseCommand',
        region,
        parameters: {
          modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
          messages: [{ role: 'user', content: [{ text: 'ping' }] }],
        },
        physicalResourceId: cr.PhysicalResourceId.of('warm'),
      },
      policy,
      installLatestAwsSdk: false,
    });
    new cr.AwsCustomResource(stack, 'ArchiveBucket', {
      onCreate: {
        service: 'S3',
        action: 'createBucket',
        region,
        parameters: { Bucket: 'corp-archive-docs' },
        physicalResourceId: cr.PhysicalResourceId.of('corp-archive-docs'),
      },
      policy,
      installLatestAwsSdk: false,
    });
    fn(stack, 'Reader').addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: ['arn:aws:s3:::corp-archive-docs/*'],
      }),
    );
    return app;
  }

  test('a Converse call and a bucket created in another region are placed by the call', () => {
    const app = callApp('us-east-1');
    const facts = discovered(app);
    expect(facts.buckets.map((b) => [b.name, b.place.region])).toEqual([
      ['corp-archive-docs', 'us-east-1'],
    ]);
    expect(
      facts.flows.map((f) => [
        f.source.name,
        f.source.place.region,
        f.target.what,
        f.target.place.region,
      ]),
    ).toEqual([
      ['Warmup/Reader', 'eu-west-1', 'bucket Warmup/ArchiveBucket/Resource', 'us-east-1'],
      [
        'Warmup/WarmModel',
        'eu-west-1',
        'model anthropic.claude-3-haiku-20240307-v1:0',
        'us-east-1',
      ],
    ]);
    expect(ids(lint(app))).toEqual(['CrossRegionDataAccess', 'CrossRegionModelAccess']);
  });

  test('the same calls in the stack region report nothing', () => {
    const app = callApp('eu-west-1');
    expect(discovered(app).flows).toHaveLength(2);
    expect(ids(lint(app))).toEqual([]);
  });
});
