import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  customResourceTuningJob,
  discovered,
  env,
  ids,
  LakeStack,
  LLAMA,
  lint,
  newApp,
  NOVA_MICRO,
  only,
  sdkTuningJob,
  tuningJob,
} from '../helpers';

describe('CustomizationModelRegion', () => {
  test('Nova fine-tuning in us-west-2 is an error that names us-east-1 and what can be tuned here', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    tuningJob(stack, 'Nova', NOVA_MICRO, new s3.Bucket(stack, 'Data'));
    const report = lint(app);
    expect(ids(report)).toEqual(['CustomizationModelRegion']);
    const [finding] = report.findings;
    expect(finding.severity).toBe('error');
    expect(finding.constructPath).toBe('Tuning/Nova/Resource');
    expect(finding.regions).toEqual({ resource: 'us-west-2', peer: 'us-east-1' });
    expect(finding.message).toMatch(
      /cannot be customized with FINE_TUNING in us-west-2; it can be in us-east-1/,
    );
    // Only models a job can start on today: Llama 3.x is Legacy or end-of-life there.
    expect(finding.message).toMatch(/in us-west-2 today: Titan Multimodal Embeddings G1\./);
    expect(finding.location?.file).toBe('test/helpers.ts');
  });

  test('Nova fine-tuning in us-east-1 with its data there is compliant', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-east-1') });
    tuningJob(stack, 'Nova', NOVA_MICRO, new s3.Bucket(stack, 'Data'));
    expect(lint(app).findings).toEqual([]);
    const [job] = discovered(app).work;
    expect(job).toMatchObject({
      place: { region: 'us-east-1' },
      baseModel: { modelId: NOVA_MICRO },
      customizationType: 'FINE_TUNING',
    });
    expect(job.data.map((d) => [d.role, d.place.region])).toEqual([
      ['training', 'us-east-1'],
      ['output', 'us-east-1'],
    ]);
  });

  test('a legacy model (Claude 3 Haiku) through a Step Functions SDK integration is an error even in its region', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    sdkTuningJob(stack, {
      base: 'anthropic.claude-3-haiku-20240307-v1:0:200k',
      training: { S3Uri: 's3://corp-train/train.jsonl' },
      output: { S3Uri: 's3://corp-train/out/' },
    });
    const report = lint(app, { externalResources: { 's3://corp-train': 'us-west-2' } });
    expect(ids(report)).toEqual(['CustomizationModelRegion']);
    expect(report.findings[0].message).toMatch(
      /is end-of-life since 2026-09-10, Legacy since [\d-]+ \(source: \S*model-lifecycle-legacy\.md@\w+\) in us-west-2; Bedrock accepts no customization jobs for it/,
    );
  });

  describe('lifecycle on 2026-12-01', () => {
    const TODAY = new Date('2026-12-01T12:00:00Z');
    const job = (region: string, modelId: string) => {
      const app = newApp();
      const stack = new Stack(app, 'Tuning', { env: env(region) });
      tuningJob(stack, 'Job', modelId, new s3.Bucket(stack, 'Data'));
      const report = lint(app, {}, TODAY);
      expect(ids(report)).toEqual(['CustomizationModelRegion']);
      return report.findings[0].message;
    };

    test('Llama 3.2 11B is end-of-life since 2026-07-07, with the source', () => {
      expect(job('us-west-2', 'meta.llama3-2-11b-instruct-v1:0:128k')).toMatch(
        /Llama 3\.2 11B Instruct \(meta\.llama3-2-11b-instruct-v1:0:128k\) is end-of-life since 2026-07-07, Legacy since 2026-01-07 \(source: docs\/bedrock\/latest\/userguide\/model-lifecycle\.md \(archived pre-split version/,
      );
    });

    test('Llama 3.3 70B is Legacy without a published start date, end-of-life on 2027-03-30', () => {
      const message = job('us-west-2', LLAMA);
      expect(message).toMatch(
        /is Legacy as of 2026-12-01 \(start date not published\), end-of-life on 2027-03-30 \(source: c2hans\/aws-docs docs\/bedrock\/latest\/userguide\/model-card-meta-llama-3-3-70b-instruct\.md@0963287\) in us-west-2; Legacy: no new customization jobs/,
      );
      // Alternatives only name models a job can start on today.
      expect(message).toMatch(/in us-west-2 today: Titan Multimodal Embeddings G1\.$/);
    });

    test('Titan Text Express says end-of-life on third-party evidence, not legacy', () => {
      const message = job('us-east-1', 'amazon.titan-text-express-v1:0:8k');
      expect(message).toMatch(
        /is end-of-life as of \d{4}-\d\d-\d\d \(source: third-party reports only, https:\/\/github\.com\//,
      );
      expect(message).not.toMatch(/legacy/i);
    });
  });

  test('an AwsCustomResource job in us-east-1 from a eu-west-1 stack is checked in us-east-1', () => {
    const app = newApp();
    const stack = new Stack(app, 'Eu', { env: env('eu-west-1') });
    const lake = new s3.Bucket(stack, 'DataLake');
    customResourceTuningJob(stack, {
      region: 'us-east-1',
      baseModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k',
      bucketName: lake.bucketName,
    });
    const report = lint(app);
    // Nova Lite is tunable in us-east-1, so only the data placement is wrong.
    expect(ids(report)).toEqual(['CustomizationDataRegion', 'CustomizationDataRegion']);
    expect(report.findings.map((f) => f.regions)).toEqual([
      { resource: 'us-east-1', peer: 'eu-west-1' },
      { resource: 'us-east-1', peer: 'eu-west-1' },
    ]);
    expect(report.findings[0].related[0]).toMatchObject({
      stack: 'Eu',
      constructPath: 'Eu/DataLake/Resource',
      region: 'eu-west-1',
    });
  });

  test('a Lambda allowed CreateModelCustomizationJob whose environment names Nova and us-west-2', () => {
    const app = newApp();
    const stack = new Stack(app, 'Fn', { env: env('us-east-1') });
    const fn = new lambda.Function(stack, 'Starter', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      environment: { BASE_MODEL_ID: 'amazon.nova-pro-v1:0:300k', BEDROCK_REGION: 'us-west-2' },
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:CreateModelCustomizationJob'],
        resources: ['*'],
      }),
    );
    const report = lint(app);
    expect(ids(report)).toEqual(['CustomizationModelRegion']);
    expect(report.findings[0].message).toMatch(
      /environment variable BASE_MODEL_ID: Nova Pro .* in us-west-2; it can be in us-east-1/,
    );
  });
});

describe('CustomizationDataRegion', () => {
  test('a Llama job in us-west-2 reading a us-east-1 lake through a cross-region reference', () => {
    const app = newApp();
    const lake = new LakeStack(app, 'DataLake', {
      env: env('us-east-1'),
      crossRegionReferences: true,
    });
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2'), crossRegionReferences: true });
    tuningJob(stack, 'Llama', LLAMA, lake.bucket, new s3.Bucket(stack, 'Out'));
    const report = lint(app);
    expect(ids(report)).toEqual(['CustomizationDataRegion']);
    const [finding] = only(report, 'CustomizationDataRegion');
    expect(finding.regions).toEqual({ resource: 'us-west-2', peer: 'us-east-1' });
    expect(finding.message).toContain(
      's3://<DataLake/Lake>/train.jsonl is in us-east-1 (stack DataLake)',
    );
    expect(finding.awsError).toMatch(/same Region as the Amazon Bedrock model customization job/);
    expect(finding.related[0]).toMatchObject({
      stack: 'DataLake',
      constructPath: 'DataLake/Lake/Resource',
    });
  });

  test('a same-region Fn::ImportValue bucket is located in the exporting stack and passes', () => {
    const app = newApp();
    const lake = new LakeStack(app, 'DataLake', { env: env('us-west-2') });
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    tuningJob(stack, 'Llama', LLAMA, lake.bucket);
    const assembly = app.synth();
    const template = JSON.stringify(assembly.getStackByName('Tuning').template);
    expect(template).toContain('Fn::ImportValue');
    expect(lint(app).findings).toEqual([]);
    const training = discovered(app).work[0].data.find((d) => d.role === 'training');
    expect(training?.place).toMatchObject({
      region: 'us-west-2',
      resource: { stackId: 'DataLake' },
    });
  });

  test('a Llama job and its data both in us-west-2 produce no finding', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    tuningJob(stack, 'Llama', LLAMA, new s3.Bucket(stack, 'Data'));
    expect(lint(app).findings).toEqual([]);
    expect(
      discovered(app).work.map((w) => [w.baseModel?.modelId, w.place.region, w.data.length]),
    ).toEqual([[LLAMA, 'us-west-2', 2]]);
  });
});

describe('UnresolvedRegion', () => {
  test('an environment-agnostic stack yields UnresolvedRegion and nothing else', () => {
    const app = newApp();
    const stack = new Stack(app, 'Agnostic');
    tuningJob(stack, 'Nova', NOVA_MICRO, new s3.Bucket(stack, 'Data'));
    const report = lint(app);
    expect(ids(report)).toEqual(['UnresolvedRegion']);
    expect(report.findings[0].severity).toBe('warning');
    expect(report.findings[0].message).toMatch(/environment-agnostic/);
    expect(report.stacks[0].region).toBeNull();
  });

  test('strict makes it an error; a bucket outside the app is unresolved until declared', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    tuningJob(
      stack,
      'Llama',
      LLAMA,
      s3.Bucket.fromBucketName(stack, 'Corp', 'corp-lake'),
      new s3.Bucket(stack, 'Out'),
    );
    const report = lint(app, { strict: true });
    expect(ids(report)).toEqual(['UnresolvedRegion']);
    expect(report.findings[0].severity).toBe('error');
    expect(report.findings[0].message).toMatch(
      /bucket corp-lake is not defined in this app; declare its region in externalResources/,
    );
    const declared = lint(app, { externalResources: { 's3://corp-lake': 'us-east-1' } });
    expect(ids(declared)).toEqual(['CustomizationDataRegion']);
  });
});
