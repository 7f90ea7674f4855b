import { Stack } from 'aws-cdk-lib';
import * as cdkBedrock from 'aws-cdk-lib/aws-bedrock';
import * as oss from 'aws-cdk-lib/aws-opensearchserverless';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { bedrock as genai } from '@cdklabs/generative-ai-cdk-constructs';
import { Construct } from 'constructs';
import { discovered, env, ids, LakeStack, LLAMA, lint, newApp, only, tuningJob } from '../helpers';

const ROLE = 'arn:aws:iam::123456789012:role/kb';

function knowledgeBase(
  scope: Construct,
  embeddingArn: string,
  storage: cdkBedrock.CfnKnowledgeBase.StorageConfigurationProperty,
): cdkBedrock.CfnKnowledgeBase {
  return new cdkBedrock.CfnKnowledgeBase(scope, 'Kb', {
    name: 'kb',
    roleArn: ROLE,
    knowledgeBaseConfiguration: {
      type: 'VECTOR',
      vectorKnowledgeBaseConfiguration: { embeddingModelArn: embeddingArn },
    },
    storageConfiguration: storage,
  });
}

function ossStorage(
  collection: oss.CfnCollection,
): cdkBedrock.CfnKnowledgeBase.StorageConfigurationProperty {
  return {
    type: 'OPENSEARCH_SERVERLESS',
    opensearchServerlessConfiguration: {
      collectionArn: collection.attrArn,
      vectorIndexName: 'idx',
      fieldMapping: { vectorField: 'v', textField: 't', metadataField: 'm' },
    },
  };
}

function s3DataSource(scope: Construct, kb: cdkBedrock.CfnKnowledgeBase, bucketArn: string): void {
  new cdkBedrock.CfnDataSource(scope, 'Docs', {
    name: 'docs',
    knowledgeBaseId: kb.attrKnowledgeBaseId,
    dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn } },
  });
}

function titanV2(stack: Stack): string {
  return cdkBedrock.FoundationModel.fromFoundationModelId(
    stack,
    'Embed',
    cdkBedrock.FoundationModelIdentifier.AMAZON_TITAN_EMBED_TEXT_V2_0,
  ).modelArn;
}

describe('KnowledgeBaseDataRegion', () => {
  test('a data source on a bucket of another region (cross-region reference) is an error', () => {
    const app = newApp();
    const lake = new LakeStack(app, 'DataLake', {
      env: env('us-east-1'),
      crossRegionReferences: true,
    });
    const stack = new Stack(app, 'Rag', { env: env('us-west-2'), crossRegionReferences: true });
    const kb = knowledgeBase(
      stack,
      titanV2(stack),
      ossStorage(new oss.CfnCollection(stack, 'Coll', { name: 'c', type: 'VECTORSEARCH' })),
    );
    new cdkBedrock.CfnDataSource(stack, 'Docs', {
      name: 'docs',
      knowledgeBaseId: kb.attrKnowledgeBaseId,
      dataSourceConfiguration: {
        type: 'S3',
        s3Configuration: { bucketArn: lake.bucket.bucketArn },
      },
    });
    const report = lint(app);
    expect(ids(report)).toEqual(['KnowledgeBaseDataRegion']);
    expect(report.findings[0]).toMatchObject({
      constructPath: 'Rag/Docs',
      regions: { resource: 'us-west-2', peer: 'us-east-1' },
    });
  });

  test('a knowledge base built with @cdklabs/generative-ai-cdk-constructs over a bucket of another region', () => {
    const app = newApp();
    const lake = new LakeStack(app, 'DataLake', {
      env: env('eu-west-1'),
      crossRegionReferences: true,
    });
    const stack = new Stack(app, 'GenAi', { env: env('us-east-1'), crossRegionReferences: true });
    const kb = new genai.VectorKnowledgeBase(stack, 'Kb', {
      embeddingsModel: genai.BedrockFoundationModel.TITAN_EMBED_TEXT_V2_1024,
    });
    kb.addS3DataSource({ bucket: lake.bucket, dataSourceName: 'docs' });
    const report = lint(app);
    expect(ids(report)).toEqual(['KnowledgeBaseDataRegion']);
    expect(report.findings[0].regions).toEqual({ resource: 'us-east-1', peer: 'eu-west-1' });
  });

  test('the same construct library with its bucket in the same region is compliant', () => {
    const app = newApp();
    const stack = new Stack(app, 'GenAi', { env: env('us-east-1') });
    const kb = new genai.VectorKnowledgeBase(stack, 'Kb', {
      embeddingsModel: genai.BedrockFoundationModel.TITAN_EMBED_TEXT_V2_1024,
    });
    kb.addS3DataSource({ bucket: new s3.Bucket(stack, 'Docs'), dataSourceName: 'docs' });
    expect(lint(app).findings).toEqual([]);
    const [found] = discovered(app).knowledgeBases;
    expect(found.store).toMatchObject({
      kind: 'OPENSEARCH_SERVERLESS',
      place: { region: 'us-east-1' },
    });
    expect(found.embeddingModel).toMatchObject({
      modelId: 'amazon.titan-embed-text-v2:0',
      arnPlace: { region: 'us-east-1' },
    });
    expect(found.dataSources.map((d) => d.bucket?.place.region)).toEqual(['us-east-1']);
  });
});

describe('KnowledgeBaseStoreRegion', () => {
  test('a us-east-1 embedding model and a us-east-1 Aurora store for a eu-central-1 knowledge base', () => {
    const app = newApp();
    const stack = new Stack(app, 'Kb', { env: env('eu-central-1') });
    knowledgeBase(
      stack,
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0',
      {
        type: 'RDS',
        rdsConfiguration: {
          resourceArn: 'arn:aws:rds:us-east-1:123456789012:cluster:pgvec',
          credentialsSecretArn: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:db',
          databaseName: 'postgres',
          tableName: 'bedrock_kb',
          fieldMapping: {
            primaryKeyField: 'id',
            vectorField: 'v',
            textField: 't',
            metadataField: 'm',
          },
        },
      },
    );
    const report = lint(app);
    expect(ids(report)).toEqual(['KnowledgeBaseStoreRegion', 'KnowledgeBaseStoreRegion']);
    expect(report.findings.map((f) => f.regions.peer)).toEqual(['us-east-1', 'us-east-1']);
    expect(report.findings.map((f) => f.message).join('\n')).toMatch(
      /RDS vector store is in us-east-1[\s\S]*embedding model ARN names us-east-1/,
    );
    expect(report.findings[0].awsError).toBe(
      'The vector store must be in the same region as the knowledge base',
    );
  });

  test('a vector collection of another stack and region', () => {
    const app = newApp();
    const vectors = new Stack(app, 'Vectors', {
      env: env('us-east-1'),
      crossRegionReferences: true,
    });
    const collection = new oss.CfnCollection(vectors, 'Coll', { name: 'c', type: 'VECTORSEARCH' });
    const stack = new Stack(app, 'Rag', { env: env('us-west-2'), crossRegionReferences: true });
    knowledgeBase(stack, titanV2(stack), ossStorage(collection));
    const report = lint(app);
    expect(ids(report)).toEqual(['KnowledgeBaseStoreRegion']);
    expect(report.findings[0].related[0]).toMatchObject({
      stack: 'Vectors',
      constructPath: 'Vectors/Coll',
      region: 'us-east-1',
    });
  });
});

test('a same-region app (Llama tuning, knowledge base, bucket, collection, embedding model in us-west-2) has no finding at all', () => {
  const app = newApp();
  const stack = new Stack(app, 'AllWest', { env: env('us-west-2') });
  const data = new s3.Bucket(stack, 'Data');
  tuningJob(stack, 'Llama', LLAMA, data);
  const kb = knowledgeBase(
    stack,
    titanV2(stack),
    ossStorage(new oss.CfnCollection(stack, 'Coll', { name: 'c', type: 'VECTORSEARCH' })),
  );
  s3DataSource(stack, kb, data.bucketArn);
  const report = lint(app);
  expect(report.findings).toEqual([]);
  expect(report.summary).toMatchObject({
    error: 0,
    warning: 0,
    info: 0,
    acknowledged: 0,
    monthlyUsd: 0,
  });
  expect(only(report, 'UnresolvedRegion')).toEqual([]);
  const facts = discovered(app);
  expect(facts.work).toHaveLength(1);
  expect(
    facts.knowledgeBases.map((kb) => [
      kb.store?.place?.region,
      kb.embeddingModel?.arnPlace?.region,
      kb.dataSources.length,
    ]),
  ).toEqual([['us-west-2', 'us-west-2', 1]]);
});
