import { App, Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { discovered, env, lint, newApp, only, ossKnowledgeBase } from '../helpers';

/** The day lifecycle is judged on, fixed so the tests do not rot as models age. */
const NOW = new Date('2026-12-01T12:00:00Z');

/** A knowledge base in `region` on an OpenSearch Serverless collection, one S3 data source parsed by `parsingModelId`. */
function ragApp(region: string, parsingModelId: string): App {
  const app = newApp();
  const stack = new Stack(app, 'Rag', { env: env(region) });
  const embedding = bedrock.FoundationModel.fromFoundationModelId(
    stack,
    'Embed',
    bedrock.FoundationModelIdentifier.AMAZON_TITAN_EMBED_TEXT_V2_0,
  );
  const kb = ossKnowledgeBase(stack, embedding.modelArn);
  new bedrock.CfnDataSource(stack, 'Docs', {
    name: 'docs',
    knowledgeBaseId: kb.attrKnowledgeBaseId,
    dataSourceConfiguration: {
      type: 'S3',
      s3Configuration: { bucketArn: new s3.Bucket(stack, 'Lake').bucketArn },
    },
    vectorIngestionConfiguration: {
      parsingConfiguration: {
        parsingStrategy: 'BEDROCK_FOUNDATION_MODEL',
        bedrockFoundationModelConfiguration: {
          modelArn: `arn:aws:bedrock:${region}::foundation-model/${parsingModelId}`,
        },
      },
    },
  });
  return app;
}

/** What discovery found: each model use as [subject type, purpose, model id, region]. */
function modelUses(app: App): (string | undefined)[][] {
  return discovered(app).modelUses.map((u) => [
    u.subject.type,
    u.purpose,
    u.model.modelId,
    String(u.place.region),
  ]);
}

describe('ModelAvailability: knowledge-base models', () => {
  test('a data source parsing documents with an end-of-life model is an error on the data source', () => {
    const report = lint(ragApp('us-west-2', 'anthropic.claude-3-haiku-20240307-v1:0'), {}, NOW);
    const [finding, ...rest] = only(report, 'ModelAvailability');
    expect(rest).toEqual([]);
    expect(finding.constructPath).toBe('Rag/Docs');
    expect(finding.message).toMatch(
      /^data source Rag\/Docs uses end-of-life models in us-west-2: anthropic\.claude-3-haiku-20240307-v1:0 \(parses documents with; parsing model ARN\) is end-of-life since 2026-09-10/,
    );
  });

  test('parsing with an active model: no finding; discovery saw the embedding and the parsing model in the knowledge base region', () => {
    const app = ragApp('us-east-1', 'amazon.nova-pro-v1:0');
    expect(only(lint(app, {}, NOW), 'ModelAvailability')).toEqual([]);
    expect(modelUses(app)).toEqual([
      ['AWS::Bedrock::KnowledgeBase', 'embedding', 'amazon.titan-embed-text-v2:0', 'us-east-1'],
      ['AWS::Bedrock::DataSource', 'parsing', 'amazon.nova-pro-v1:0', 'us-east-1'],
    ]);
  });

  test('an embedding model that is not offered in the knowledge base region is an error on the knowledge base', () => {
    const report = lint(ragApp('ap-southeast-1', 'amazon.nova-pro-v1:0'), {}, NOW);
    const [finding, ...rest] = only(report, 'ModelAvailability');
    expect(rest).toEqual([]);
    expect(finding.constructPath).toBe('Rag/Kb');
    expect(finding.message).toMatch(
      /^knowledge base Rag\/Kb uses models that Amazon Bedrock does not offer in ap-southeast-1: amazon\.titan-embed-text-v2:0 \(embeds with; embedding model ARN\) is not offered in ap-southeast-1; Bedrock serves it on demand in ap-northeast-1, .*ap-southeast-2, .*us-west-2\. Source: .*model-card-amazon-titan-text-embeddings-v2\.md@0cf8728\.$/,
    );
    expect(finding.regions).toEqual({ resource: 'ap-southeast-1', peer: 'ap-northeast-1' });
  });

  test('the same knowledge base in a region that serves its embedding model: no finding; discovery saw the embedding use there', () => {
    const app = ragApp('ap-southeast-2', 'amazon.nova-pro-v1:0');
    expect(only(lint(app, {}, NOW), 'ModelAvailability')).toEqual([]);
    expect(modelUses(app)).toContainEqual([
      'AWS::Bedrock::KnowledgeBase',
      'embedding',
      'amazon.titan-embed-text-v2:0',
      'ap-southeast-2',
    ]);
  });
});
