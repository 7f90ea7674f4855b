import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import { fn } from '../flow-helpers';
import { discovered, env, ids, LakeStack, LLAMA, lint, newApp, only, tuningJob } from '../helpers';

describe('DataResidency', () => {
  test("allowedRegions ['us-east-1'] with a Llama tuning job names Nova as tunable there", () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    tuningJob(stack, 'Llama', LLAMA, new s3.Bucket(stack, 'Data'));
    const report = lint(app, { allowedRegions: ['us-east-1'] });
    const residency = only(report, 'DataResidency');
    expect(residency.map((f) => f.constructPath).sort()).toEqual([
      'Tuning/Data/Resource',
      'Tuning/Llama/Resource',
      'Tuning/Llama/Resource',
    ]);
    const untunable = residency.find((f) => /can be customized/.test(f.message))!;
    expect(untunable.severity).toBe('error');
    expect(untunable.message).toMatch(
      /Llama 3\.3 70B Instruct can be customized with FINE_TUNING only in us-west-2, none of them in the allowed regions us-east-1\. Models that can be customized with FINE_TUNING there: .*Nova Micro \(us-east-1\)/,
    );
  });

  test("an eu. inference profile under allowedRegions ['eu-west-1']", () => {
    const app = newApp();
    const stack = new Stack(app, 'Eu', { env: env('eu-west-1') });
    fn(stack, 'Chat', { MODEL_ID: 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0' });
    const report = lint(app, { allowedRegions: ['eu-west-1'] });
    expect(ids(report)).toEqual(['DataResidency']);
    expect(report.findings[0].message).toMatch(
      /cross-Region inference profile eu\.anthropic\.claude-3-7-sonnet-20250219-v1:0 called from eu-west-1 may route requests to eu-central-1, eu-north-1 and eu-west-3, outside the allowed regions eu-west-1/,
    );
  });

  test('a global. profile may route to any commercial region', () => {
    const app = newApp();
    const stack = new Stack(app, 'Eu', { env: env('eu-west-1') });
    fn(stack, 'Chat', { MODEL_ID: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0' });
    const report = lint(app, { allowedRegions: ['eu-west-1', 'eu-central-1'] });
    expect(ids(report)).toEqual(['DataResidency']);
    expect(report.findings[0].message).toMatch(/may route requests to any commercial region/);
  });

  test('a flow from an allowed region to a bucket outside it', () => {
    const app = newApp();
    const lake = new LakeStack(app, 'Lake', { env: env('us-west-2'), crossRegionReferences: true });
    const stack = new Stack(app, 'App', { env: env('us-east-1'), crossRegionReferences: true });
    lake.bucket.grantRead(fn(stack, 'Reader'));
    const report = lint(app, { allowedRegions: ['us-east-1'] });
    expect(only(report, 'DataResidency').map((f) => f.message)).toEqual([
      expect.stringMatching(
        /bucket Lake\/Lake in us-west-2 .*: data is processed in us-west-2, outside the allowed regions/,
      ),
      expect.stringMatching(
        /bucket Lake\/Lake is in us-west-2 \(stack Lake\), outside the allowed regions us-east-1/,
      ),
    ]);
  });

  test('an app inside its allowed regions with an in-region model id reports nothing', () => {
    const app = newApp();
    const stack = new Stack(app, 'Eu', { env: env('eu-west-1') });
    const data = new s3.Bucket(stack, 'Data');
    data.grantRead(fn(stack, 'Chat', { MODEL_ID: 'anthropic.claude-3-haiku-20240307-v1:0' }));
    expect(lint(app, { allowedRegions: ['eu-west-1'] }).findings).toEqual([]);
    expect(discovered(app).flows.map((f) => [f.target.kind, f.target.place.region])).toEqual([
      ['bucket', 'eu-west-1'],
      ['model', 'eu-west-1'],
    ]);
  });
});

describe('ExternalModelProvider', () => {
  test('an OPENAI_API_KEY secret on a function that reads the training bucket', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    const training = new s3.Bucket(stack, 'TrainingData');
    const key = new secrets.Secret(stack, 'OpenAiKey', { secretName: 'prod/openai-api-key' });
    const labeler = fn(stack, 'Labeler', { OPENAI_API_KEY_SECRET_ARN: key.secretArn });
    key.grantRead(labeler);
    training.grantRead(labeler);
    const report = lint(app);
    expect(ids(report)).toEqual(['ExternalModelProvider']);
    expect(report.findings[0]).toMatchObject({
      severity: 'warning',
      constructPath: 'Tuning/Labeler/Resource',
    });
    expect(report.findings[0].message).toMatch(
      /Lambda function Tuning\/Labeler holds credentials or the endpoint of OpenAI \(environment variable OPENAI_API_KEY_SECRET_ARN; IAM read of secret prod\/openai-api-key\)\. It reads bucket Tuning\/TrainingData, which can leave AWS/,
    );
    expect(report.findings[0].related[0]).toMatchObject({
      constructPath: 'Tuning/TrainingData/Resource',
    });
  });

  test('an endpoint of another provider in a value, and a stored secret no compute is seen using', () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('us-east-1') });
    fn(stack, 'Summarizer', { LLM_BASE_URL: 'https://api.together.xyz/v1' });
    new secrets.Secret(stack, 'GeminiKey', { secretName: 'gemini-api-key' });
    const report = lint(app);
    expect(report.findings.map((f) => f.message).sort()).toEqual([
      'AWS::SecretsManager::Secret App/GeminiKey holds credentials or the endpoint of Google Vertex AI / Gemini (secret gemini-api-key).',
      'Lambda function App/Summarizer holds credentials or the endpoint of Together AI (environment variable LLM_BASE_URL value).',
    ]);
  });

  test('Bedrock model ids and AWS settings are not external providers', () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('us-east-1') });
    const chat = fn(stack, 'Chat', {
      MODEL_ID: 'amazon.nova-micro-v1:0',
      TABLE_NAME: 'sessions',
    });
    chat.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: ['*'] }),
    );
    expect(lint(app).findings).toEqual([]);
    // The settings were read; they just name no outside provider.
    const facts = discovered(app);
    expect(facts.compute[0].settings.map((s) => s.name)).toEqual(['MODEL_ID', 'TABLE_NAME']);
    expect(facts.externalProviders).toEqual([]);
  });
});
