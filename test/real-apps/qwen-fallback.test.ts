/**
 * Multi-agent hybrid RAG in the style of public Bedrock-agents-plus-OpenSearch repositories: a
 * Python RAG Lambda behind the agents' action groups answers with a global Bedrock profile, and
 * falls back to Qwen on Alibaba Cloud Model Studio through its OpenAI-compatible endpoint
 * (`QWEN_BASE_URL`, an API key variable, the key's secret key name `DASHSCOPE_API_KEY`).
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { discovered, env, ids, lint, newApp } from '../helpers';

const GLOBAL_NOVA_2_LITE = 'global.amazon.nova-2-lite-v1:0';

function ragApp(qwenVariables: Record<string, string>) {
  const app = newApp();
  const stack = new Stack(app, 'BedrockAgentsStack', { env: env('us-east-1') });
  const corpus = new s3.Bucket(stack, 'Corpus');
  const rag = new lambda.Function(stack, 'RagSearchFn', {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'lambda_tool.handler',
    code: lambda.Code.fromInline('def handler(event, context): return {}'),
    environment: {
      RAG_ANSWER_MODEL_ID: GLOBAL_NOVA_2_LITE,
      RAG_S3_BUCKET: corpus.bucketName,
      QWEN_MODEL_ID: 'qwen-plus',
      ...qwenVariables,
    },
  });
  corpus.grantRead(rag);
  rag.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:InvokeModel'],
      resources: [
        `arn:aws:bedrock:us-east-1:${stack.account}:inference-profile/${GLOBAL_NOVA_2_LITE}`,
        'arn:aws:bedrock:::foundation-model/amazon.nova-2-lite-v1:0',
      ],
    }),
  );
  return app;
}

describe('a RAG function with a Qwen fallback on Alibaba Cloud Model Studio', () => {
  test('the DashScope endpoint is an external provider: the corpus it reads can leave AWS', () => {
    const app = ragApp({
      QWEN_BASE_URL: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
      QWEN_API_KEY_SECRET_KEY: 'DASHSCOPE_API_KEY',
    });
    const facts = discovered(app);
    expect(facts.externalProviders.map((p) => [p.provider, p.evidence])).toEqual([
      ['Alibaba Cloud Model Studio (DashScope)', 'environment variable QWEN_BASE_URL value'],
    ]);
    const report = lint(app);
    expect(ids(report)).toEqual(['ExternalModelProvider']);
    expect(report.findings[0].message).toBe(
      'Lambda function BedrockAgentsStack/RagSearchFn holds credentials or the endpoint of Alibaba Cloud Model Studio (DashScope) (environment variable QWEN_BASE_URL value). It reads bucket BedrockAgentsStack/Corpus, which can leave AWS with its prompts.',
    );
  });

  test('the international endpoint and a DASHSCOPE_API_KEY variable are found too', () => {
    const app = ragApp({
      QWEN_BASE_URL: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
      DASHSCOPE_API_KEY: '',
    });
    expect(
      discovered(app)
        .externalProviders.map((p) => p.evidence)
        .sort(),
    ).toEqual([
      'environment variable DASHSCOPE_API_KEY',
      'environment variable QWEN_BASE_URL value',
    ]);
  });

  test('Qwen on Bedrock is not external: a qwen. model id and no outside endpoint', () => {
    const app = ragApp({ QWEN_MODEL_ID: 'qwen.qwen3-32b-v1:0' });
    const facts = discovered(app);
    expect(facts.externalProviders).toEqual([]);
    const rag = facts.compute.find((c) => c.kind === 'lambda')!;
    expect(facts.flows.filter((f) => f.source === rag).map((f) => f.target.what)).toEqual([
      'bucket BedrockAgentsStack/Corpus',
      `inference-profile ${GLOBAL_NOVA_2_LITE}`,
      `model ${GLOBAL_NOVA_2_LITE}`,
      'model qwen.qwen3-32b-v1:0',
    ]);
  });
});
