import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { discovered, env, ids, lint, newApp, only, tuningJob } from '../helpers';

/** The day lifecycle is judged on, fixed so the tests do not rot as models age. */
const NOW = new Date('2026-12-01T12:00:00Z');
const TRAIN = 's3://corp-train';
const OPTIONS = { externalResources: { [TRAIN]: 'us-west-2', 's3://corp-nova': 'us-east-1' } };

function at(app: App, rules: Record<string, 'info' | 'off'> = {}) {
  return lint(app, { ...OPTIONS, rules }, NOW);
}

/** A distillation job through the Step Functions SDK integration, as the API takes it. */
function distillation(
  scope: Construct,
  id: string,
  student: string,
  teacher: string,
  bucket = TRAIN,
): void {
  const call = new tasks.CallAwsService(scope, `${id}Task`, {
    service: 'bedrock',
    action: 'createModelCustomizationJob',
    iamResources: ['*'],
    parameters: {
      JobName: `${id}-job`,
      CustomModelName: `${id}-model`,
      RoleArn: 'arn:aws:iam::123456789012:role/r',
      BaseModelIdentifier: student,
      CustomizationType: 'DISTILLATION',
      CustomizationConfig: {
        DistillationConfig: {
          TeacherModelConfig: {
            TeacherModelIdentifier: teacher,
            MaxResponseLengthForInference: 1000,
          },
        },
      },
      TrainingDataConfig: { S3Uri: `${bucket}/prompts.jsonl` },
      OutputDataConfig: { S3Uri: `${bucket}/out/` },
    },
  });
  new sfn.StateMachine(scope, id, { definitionBody: sfn.DefinitionBody.fromChainable(call) });
}

/** An app whose only resource is one distillation job in `region`. */
function distillationApp(region: string, student: string, teacher: string, bucket?: string): App {
  const app = newApp();
  distillation(
    new Stack(app, 'Distill', { env: env(region) }),
    'Distill',
    student,
    teacher,
    bucket,
  );
  return app;
}

describe('CustomizationModelRegion: lifecycle by region and date', () => {
  test('fine-tuning Llama 3.2 11B in us-west-2: end-of-life since 2026-07-07, with the source', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    tuningJob(stack, 'Llama', 'meta.llama3-2-11b-instruct-v1:0:128k', new s3.Bucket(stack, 'Data'));
    const report = at(app, { CustomizationCost: 'info' });
    expect(ids(report)).toEqual(['CustomizationCost', 'CustomizationModelRegion']);
    const [finding] = only(report, 'CustomizationModelRegion');
    expect(finding.severity).toBe('error');
    expect(finding.message).toMatch(
      /base model Llama 3\.2 11B Instruct \(meta\.llama3-2-11b-instruct-v1:0:128k\) is end-of-life since 2026-07-07, Legacy since [\d-]+ \(source: \S+/,
    );
    expect(finding.message).toContain(
      'in us-west-2; Bedrock accepts no customization jobs for it.',
    );
    // Alternatives are only models a job can start on today.
    const alternatives = finding.message.split('today: ')[1];
    expect(alternatives).not.toMatch(/Llama 3\.2|Llama 3\.1 405B|Claude 3 Haiku/);
    // A job that cannot start is not priced; the info finding says why.
    const [cost] = only(report, 'CustomizationCost');
    expect(cost.estimate).toBeNull();
    expect(cost.message).toMatch(
      /cannot start, so it is not priced: see the BedrockRegions-CustomizationModelRegion error on this job\./,
    );
  });

  test('Titan Text Express says end-of-life, not legacy', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-east-1') });
    tuningJob(stack, 'Titan', 'amazon.titan-text-express-v1:0:8k', new s3.Bucket(stack, 'Data'));
    const [finding] = only(at(app), 'CustomizationModelRegion');
    expect(finding.message).toMatch(/Titan Text G1 - Express .* is end-of-life/);
    expect(finding.message).not.toMatch(/Legacy/i);
  });

  test('Llama 3.1 405B as distillation teacher: end-of-life since 2026-07-07, and the job is not priced', () => {
    const app = distillationApp(
      'us-west-2',
      'meta.llama3-1-8b-instruct-v1:0:128k',
      'arn:aws:bedrock:us-west-2::foundation-model/meta.llama3-1-405b-instruct-v1:0',
    );
    const report = at(app, { CustomizationCost: 'info' });
    const [teacher] = only(report, 'ModelAvailability');
    expect(teacher.severity).toBe('error');
    expect(teacher.message).toMatch(
      /^state machine Distill\/Distill uses end-of-life models in us-west-2: meta\.llama3-1-405b-instruct-v1:0 \(distills from; state "DistillTask" TeacherModelIdentifier\) is end-of-life since 2026-07-07, Legacy since [\d-]+ \(source: \S+/,
    );
    expect(only(report, 'CustomizationCost')[0]).toMatchObject({ estimate: null });
    expect(only(report, 'CustomizationCost')[0].message).toMatch(
      /cannot start, so it is not priced: /,
    );
  });

  test('an end-of-life teacher (Nova Premier) for a student that can be tuned: the job is not priced', () => {
    const app = distillationApp(
      'us-east-1',
      'amazon.nova-micro-v1:0:128k',
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-premier-v1:0',
      's3://corp-nova',
    );
    const report = at(app, { CustomizationCost: 'info' });
    expect(ids(report)).toEqual(['CustomizationCost', 'ModelAvailability']);
    expect(only(report, 'ModelAvailability')[0].message).toMatch(
      /us\.amazon\.nova-premier-v1:0 \(distills from; state "DistillTask" TeacherModelIdentifier\) is end-of-life since 2026-09-14/,
    );
    const [cost] = only(report, 'CustomizationCost');
    expect(cost.estimate).toBeNull();
    expect(cost.message).toMatch(
      /not priced: its distillation teacher us\.amazon\.nova-premier-v1:0 is end-of-life since 2026-09-14.*\(BedrockRegions-ModelAvailability\)\.$/,
    );
  });

  test('a Llama 3.3 70B teacher with a Llama 3.1 70B student: AWS does not offer the pair', () => {
    const app = distillationApp(
      'us-west-2',
      'meta.llama3-1-70b-instruct-v1:0:128k',
      'arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.meta.llama3-3-70b-instruct-v1:0',
    );
    const pair = only(at(app), 'CustomizationModelRegion').find((f) =>
      f.message.includes('as a distillation teacher'),
    );
    expect(pair?.message).toMatch(
      /AWS does not offer Llama 3\.3 70B Instruct \(us\.meta\.llama3-3-70b-instruct-v1:0\) as a distillation teacher for Llama 3\.1 70B Instruct \(meta\.llama3-1-70b-instruct-v1:0:128k\) in us-west-2\. Documented teachers for Llama 3\.1 70B Instruct: Llama 3\.1 405B Instruct/,
    );
    expect(pair?.message).toMatch(/usable in us-west-2 today: none\. Source: \S+/);
  });

  test('Nova Pro teaching Nova Micro in us-east-1 is a pair AWS offers: no finding', () => {
    const app = distillationApp(
      'us-east-1',
      'amazon.nova-micro-v1:0:128k',
      'amazon.nova-pro-v1:0',
      's3://corp-nova',
    );
    expect(at(app).findings).toEqual([]);
    const [job] = discovered(app, OPTIONS).work;
    expect(job).toMatchObject({
      customizationType: 'DISTILLATION',
      place: { region: 'us-east-1' },
      baseModel: { modelId: 'amazon.nova-micro-v1:0:128k' },
      teacherModel: { modelId: 'amazon.nova-pro-v1:0' },
    });
    expect(discovered(app, OPTIONS).modelUses.map((u) => [u.purpose, u.model.modelId])).toEqual([
      ['teacher', 'amazon.nova-pro-v1:0'],
    ]);
  });
});
