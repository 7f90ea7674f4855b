/**
 * Managed knowledge bases in the style of RAG samples that offer a "MANAGED" mode beside the
 * vector one: a `CfnKnowledgeBase` of type `MANAGED` (Bedrock keeps the vectors and, by default,
 * the embedding model), and a `CfnDataSource` of type `MANAGED_KNOWLEDGE_BASE_CONNECTOR` whose
 * S3 connector names its bucket by name under `ConnectorParameters.connectionConfiguration`
 * (set with a property override, as the typed props leave the connector parameters open).
 * The bucket must be in the knowledge base's region (Bedrock user guide, "Amazon S3" data source
 * of managed knowledge bases, kb-managed-ds-s3).
 */
import { Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { discovered, env, ids, lint, newApp, only } from '../helpers';

/** A managed knowledge base in `stack` fed by the S3 connector on `bucketName`. */
function managedKnowledgeBase(stack: Stack, bucketName: string, embeddingModelArn?: string) {
  const role = new iam.Role(stack, 'ManagedKbRole', {
    assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com'),
  });
  role.addToPolicy(
    new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:ListBucket'], resources: ['*'] }),
  );
  const kb = new bedrock.CfnKnowledgeBase(stack, 'ManagedKb', {
    name: 'managed-kb',
    roleArn: role.roleArn,
    knowledgeBaseConfiguration: {
      type: 'MANAGED',
      ...(embeddingModelArn
        ? { managedKnowledgeBaseConfiguration: { embeddingModelArn, embeddingModelType: 'CUSTOM' } }
        : {}),
    },
  });
  const source = new bedrock.CfnDataSource(stack, 'Docs', {
    knowledgeBaseId: kb.attrKnowledgeBaseId,
    name: 'docs',
    dataSourceConfiguration: { type: 'MANAGED_KNOWLEDGE_BASE_CONNECTOR' },
  });
  source.addPropertyOverride(
    'DataSourceConfiguration.ManagedKnowledgeBaseConnectorConfiguration.ConnectorParameters',
    {
      type: 'S3',
      version: '1',
      connectionConfiguration: { bucketName, bucketOwnerAccountId: stack.account },
    },
  );
  return kb;
}

describe('managed knowledge bases and their S3 connector', () => {
  test('a docs bucket of the same stack: no finding, and discovery found the connector bucket', () => {
    const app = newApp();
    const stack = new Stack(app, 'Rag', { env: env('us-east-1') });
    const docs = new s3.Bucket(stack, 'DocsBucket');
    managedKnowledgeBase(stack, docs.bucketName);
    const [kb] = discovered(app).knowledgeBases;
    expect(kb.store).toBeUndefined();
    expect(kb.embeddingModel).toBeUndefined();
    expect(kb.dataSources).toHaveLength(1);
    expect(kb.dataSources[0]).toMatchObject({
      type: 'MANAGED_KNOWLEDGE_BASE_CONNECTOR',
      bucket: { place: { region: 'us-east-1' } },
    });
    expect(lint(app).findings).toEqual([]);
  });

  test('the connector on a bucket another stack keeps in another region is an error', () => {
    const app = newApp();
    const lake = new Stack(app, 'Lake', { env: env('eu-west-1') });
    new s3.Bucket(lake, 'Corpus', { bucketName: 'corp-rag-corpus' });
    const rag = new Stack(app, 'Rag', { env: env('us-east-1') });
    managedKnowledgeBase(rag, 'corp-rag-corpus');
    const [finding] = only(lint(app), 'KnowledgeBaseDataRegion');
    expect(finding.message).toBe(
      'Data source Docs of knowledge base ManagedKb (us-east-1) reads bucket corp-rag-corpus in eu-west-1 (stack Lake).',
    );
  });

  test('a bucket outside the app is unresolved until externalResources gives its region', () => {
    const app = newApp();
    const stack = new Stack(app, 'Rag', { env: env('us-east-1') });
    managedKnowledgeBase(stack, 'shared-docs');
    const [gap] = only(lint(app), 'UnresolvedRegion');
    expect(gap.message).toContain('bucket shared-docs is not defined in this app');
    const declared = lint(app, { externalResources: { 's3://shared-docs': 'us-west-2' } });
    expect(ids(declared)).toEqual(['KnowledgeBaseDataRegion']);
    expect(declared.findings[0].message).toContain('reads bucket shared-docs in us-west-2');
  });

  test('a custom embedding model of another region is read from ManagedKnowledgeBaseConfiguration', () => {
    const app = newApp();
    const stack = new Stack(app, 'Rag', { env: env('us-east-1') });
    const docs = new s3.Bucket(stack, 'DocsBucket');
    managedKnowledgeBase(
      stack,
      docs.bucketName,
      'arn:aws:bedrock:us-west-2::foundation-model/amazon.titan-embed-text-v2:0',
    );
    const [kb] = discovered(app).knowledgeBases;
    expect(kb.embeddingModel).toMatchObject({ modelId: 'amazon.titan-embed-text-v2:0' });
    expect(ids(lint(app))).toContain('KnowledgeBaseStoreRegion');
  });

  test('the connector created by an AwsCustomResource call to bedrock-agent is read alike', () => {
    const app = newApp();
    const lake = new Stack(app, 'Lake', { env: env('eu-west-1') });
    new s3.Bucket(lake, 'Corpus', { bucketName: 'corp-rag-corpus' });
    const stack = new Stack(app, 'Rag', { env: env('us-east-1') });
    const kb = managedKnowledgeBase(stack, 'corp-rag-corpus');
    new cr.AwsCustomResource(stack, 'CreateConnector', {
      onCreate: {
        service: 'bedrock-agent',
        action: 'createDataSource',
        parameters: {
          knowledgeBaseId: kb.attrKnowledgeBaseId,
          name: 'corpus',
          dataSourceConfiguration: {
            type: 'MANAGED_KNOWLEDGE_BASE_CONNECTOR',
            managedKnowledgeBaseConnectorConfiguration: {
              connectorParameters: {
                type: 'S3',
                version: '1',
                connectionConfiguration: { bucketName: 'corp-rag-corpus' },
              },
            },
          },
        },
        physicalResourceId: cr.PhysicalResourceId.of('corpus'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: ['*'] }),
      installLatestAwsSdk: false,
    });
    const [managed] = discovered(app).knowledgeBases;
    expect(
      managed.dataSources.map((ds) => [ds.subject.logicalId, ds.bucket?.place.region]),
    ).toEqual([
      ['Docs', 'eu-west-1'],
      [expect.stringMatching(/^CreateConnector/), 'eu-west-1'],
    ]);
    expect(ids(lint(app))).toEqual(['KnowledgeBaseDataRegion', 'KnowledgeBaseDataRegion']);
  });
});
