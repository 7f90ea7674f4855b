/**
 * Knowledge bases on vector stores outside AWS, as generative-ai-cdk-constructs users build them
 * (Pinecone, MongoDB Atlas), and Redis Enterprise Cloud, which CloudFormation does not support,
 * created by an `AwsCustomResource` call to `bedrock-agent`.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import {
  bedrock as genai,
  mongodbAtlas,
  pinecone as pineconeStore,
} from '@cdklabs/generative-ai-cdk-constructs';
import { discovered, env, ids, lint, newApp, only } from '../helpers';

const PINECONE_HOST = 'support-docs-4mkljsz.svc.aped-4627-b74a.pinecone.io';
const ATLAS_HOST = 'cluster0.x7hq2.mongodb.net';

/** A us-east-1 knowledge base on a Pinecone index, its API key in Secrets Manager. */
function pineconeApp() {
  const app = newApp();
  const stack = new Stack(app, 'Rag', { env: env('us-east-1') });
  const apiKey = new secrets.Secret(stack, 'PineconeApiKey');
  const kb = new genai.VectorKnowledgeBase(stack, 'Kb', {
    embeddingsModel: genai.BedrockFoundationModel.TITAN_EMBED_TEXT_V2_1024,
    vectorStore: new pineconeStore.PineconeVectorStore({
      connectionString: `https://${PINECONE_HOST}`,
      credentialsSecretArn: apiKey.secretArn,
      textField: 'text',
      metadataField: 'metadata',
    }),
  });
  kb.addS3DataSource({ bucket: new s3.Bucket(stack, 'Docs'), dataSourceName: 'docs' });
  return app;
}

function atlasApp(endpointServiceName?: string) {
  const app = newApp();
  const stack = new Stack(app, 'Rag', { env: env('eu-west-1') });
  new genai.VectorKnowledgeBase(stack, 'Kb', {
    embeddingsModel: genai.BedrockFoundationModel.TITAN_EMBED_TEXT_V2_1024,
    vectorStore: new mongodbAtlas.MongoDBAtlasVectorStore({
      endpoint: ATLAS_HOST,
      endpointServiceName,
      credentialsSecretArn: new secrets.Secret(stack, 'AtlasCredentials').secretArn,
      databaseName: 'rag',
      collectionName: 'chunks',
      vectorIndexName: 'vector_index',
      fieldMapping: { vectorField: 'embedding', textField: 'text', metadataField: 'metadata' },
    }),
  });
  return app;
}

describe('knowledge bases whose vectors live outside AWS', () => {
  test('Pinecone: ExternalModelProvider names the provider and host, with the egress rate', () => {
    const app = pineconeApp();
    const [kb] = discovered(app).knowledgeBases;
    expect(kb.store).toMatchObject({
      kind: 'PINECONE',
      place: null,
      external: { provider: 'Pinecone', host: PINECONE_HOST },
    });
    expect(kb.dataSources).toHaveLength(1);
    const report = lint(app);
    expect(ids(report)).toEqual(['ExternalModelProvider']);
    const [finding] = report.findings;
    expect(finding).toMatchObject({
      severity: 'warning',
      resourceType: 'AWS::Bedrock::KnowledgeBase',
      regions: { resource: 'us-east-1', peer: null },
    });
    expect(finding.message).toBe(
      `Knowledge base Rag/Kb/MyCfnKnowledgeBase in us-east-1 keeps its vectors in Pinecone (host ${PINECONE_HOST}): the documents' text and vectors and every query leave the AWS perimeter.`,
    );
    const [egress] = finding.estimate!.lineItems;
    expect(egress).toMatchObject({
      description: 'internet egress from us-east-1 to Pinecone',
      quantity: 1,
      unit: 'GB',
      unitPriceUsd: 0.09,
    });
    expect(finding.estimate!.monthlyUsd).toBeCloseTo(0.09, 3);
  });

  test('MongoDB Atlas over a PrivateLink endpoint service: the warning stays, no egress is priced', () => {
    const app = atlasApp('com.amazonaws.vpce.eu-west-1.vpce-svc-0a1b2c3d4e5f60718');
    const [kb] = discovered(app).knowledgeBases;
    expect(kb.store?.external).toEqual({
      provider: 'MongoDB Atlas',
      host: ATLAS_HOST,
      endpointService: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0a1b2c3d4e5f60718',
    });
    const [finding] = only(lint(app), 'ExternalModelProvider');
    expect(finding.message).toContain('keeps its vectors in MongoDB Atlas (host cluster0.x7hq2');
    expect(finding.message).toContain('(AWS PrivateLink), not the internet.');
    expect(finding.estimate).toBeNull();
  });

  test('under allowedRegions an external store is a DataResidency error: its location cannot be verified', () => {
    const app = atlasApp();
    const report = lint(app, { allowedRegions: ['eu-west-1', 'eu-central-1'] });
    expect(ids(report)).toEqual(['DataResidency', 'ExternalModelProvider']);
    const [residency] = only(report, 'DataResidency');
    expect(residency.severity).toBe('error');
    expect(residency.message).toBe(
      `knowledge base Rag/Kb/MyCfnKnowledgeBase keeps its vectors in MongoDB Atlas (host ${ATLAS_HOST}), outside AWS: where they are stored and processed cannot be verified to be inside the allowed regions eu-west-1 and eu-central-1.`,
    );
  });

  test('the same app on OpenSearch Serverless under the same policy reports nothing', () => {
    const app = newApp();
    const stack = new Stack(app, 'Rag', { env: env('eu-west-1') });
    new genai.VectorKnowledgeBase(stack, 'Kb', {
      embeddingsModel: genai.BedrockFoundationModel.TITAN_EMBED_TEXT_V2_1024,
    });
    const [kb] = discovered(app).knowledgeBases;
    expect(kb.store).toMatchObject({
      kind: 'OPENSEARCH_SERVERLESS',
      place: { region: 'eu-west-1' },
    });
    expect(kb.store?.external).toBeUndefined();
    expect(lint(app, { allowedRegions: ['eu-west-1'] }).findings).toEqual([]);
  });

  test('Redis Enterprise Cloud created by an AwsCustomResource call (CloudFormation lacks the type)', () => {
    const app = newApp();
    const stack = new Stack(app, 'Rag', { env: env('us-west-2') });
    const role = new iam.Role(stack, 'KbRole', {
      assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com'),
    });
    new cr.AwsCustomResource(stack, 'CreateKb', {
      onCreate: {
        service: 'bedrock-agent',
        action: 'createKnowledgeBase',
        parameters: {
          name: 'support',
          roleArn: role.roleArn,
          knowledgeBaseConfiguration: {
            type: 'VECTOR',
            vectorKnowledgeBaseConfiguration: {
              embeddingModelArn:
                'arn:aws:bedrock:us-west-2::foundation-model/amazon.titan-embed-text-v2:0',
            },
          },
          storageConfiguration: {
            type: 'REDIS_ENTERPRISE_CLOUD',
            redisEnterpriseCloudConfiguration: {
              endpoint: 'redis-12000.internal.example-support.cloud.redislabs.com:12000',
              vectorIndexName: 'idx',
              credentialsSecretArn: new secrets.Secret(stack, 'RedisCredentials').secretArn,
              fieldMapping: { vectorField: 'v', textField: 't', metadataField: 'm' },
            },
          },
        },
        physicalResourceId: cr.PhysicalResourceId.fromResponse('knowledgeBase.knowledgeBaseId'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
        resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE,
      }),
      installLatestAwsSdk: false,
    });
    const [kb] = discovered(app).knowledgeBases;
    expect(kb).toMatchObject({
      origin: 'custom-resource',
      store: {
        kind: 'REDIS_ENTERPRISE_CLOUD',
        external: {
          provider: 'Redis Enterprise Cloud',
          host: 'redis-12000.internal.example-support.cloud.redislabs.com',
        },
      },
    });
    const [finding] = only(lint(app), 'ExternalModelProvider');
    expect(finding.message).toMatch(
      /^Knowledge base Rag\/CreateKb\/Resource in us-west-2 keeps its vectors in Redis Enterprise Cloud \(host redis-12000\./,
    );
    expect(finding.estimate!.lineItems[0].description).toBe(
      'internet egress from us-west-2 to Redis Enterprise Cloud',
    );
  });
});
