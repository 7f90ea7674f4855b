/**
 * Estimates read the template (issue 9): a job's HyperParameters epochCount and the model units of
 * a Provisioned Throughput call beat the starter profile and say so; the usage file beats both.
 */
import { Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { LintOptions } from '../lib/options';
import { LineItem } from '../lib/report/types';
import { discovered, env, LLAMA, lint, newApp, only } from './helpers';

const COST: LintOptions = { rules: { CustomizationCost: 'info' } };

const STATED = {
  epochCount: '3',
  batchSize: '8',
  learningRate: '0.00001',
  'Evaluation percentage': '10',
};

/** A Llama fine-tuning state machine that sets its hyperparameters and, optionally, buys throughput. */
function tuningApp(withThroughput = false, hyperParameters: Record<string, string> = STATED) {
  const app = newApp();
  const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
  const data = new s3.Bucket(stack, 'Data');
  const job = new tasks.BedrockCreateModelCustomizationJob(stack, 'TuneTask', {
    baseModel: bedrock.FoundationModel.fromFoundationModelId(
      stack,
      'Base',
      new bedrock.FoundationModelIdentifier(LLAMA),
    ),
    customModelName: 'support-llama',
    jobName: 'support-llama-job',
    trainingData: { bucket: data, path: 'train/' },
    outputData: { bucket: data, path: 'out/' },
    hyperParameters,
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
  });
  const chain = withThroughput
    ? job.next(
        new tasks.CallAwsService(stack, 'BuyThroughput', {
          service: 'bedrock',
          action: 'createProvisionedModelThroughput',
          parameters: {
            ModelId: 'support-llama',
            ProvisionedModelName: 'support-llama-pt',
            ModelUnits: 2,
          },
          iamResources: ['*'],
        }),
      )
    : job;
  new sfn.StateMachine(stack, 'Tune', { definitionBody: sfn.DefinitionBody.fromChainable(chain) });
  return app;
}

function costOf(options: LintOptions, withThroughput = false) {
  const [finding] = only(
    lint(tuningApp(withThroughput), { ...COST, ...options }),
    'CustomizationCost',
  );
  const training = finding.estimate!.lineItems.find((i) => i.description.startsWith('training'))!;
  const provisioned = finding
    .estimate!.remediations.flatMap((r) => r.lineItems)
    .find((i: LineItem) => i.description.startsWith('Provisioned Throughput'))!;
  return { finding, training, provisioned };
}

describe('a Step Functions job that states its epochs', () => {
  test('discovery carries the hyperparameters as facts', () => {
    const [work] = discovered(tuningApp()).work;
    expect(work.action).toBe('CreateModelCustomizationJob');
    expect(work.stated).toEqual({
      epochs: { value: 3, field: 'HyperParameters.epochCount' },
      batchSize: { value: 8, field: 'HyperParameters.batchSize' },
      learningRate: { value: 0.00001, field: 'HyperParameters.learningRate' },
    });
    expect(work.customModelName).toBe('support-llama');
  });

  test('3 epochs from the template beat the profile’s 2, and the line item says so', () => {
    const { finding, training } = costOf({});
    // 25M starter tokens x 3 epochs x 1 run = 75,000 thousand tokens.
    expect(training.quantity).toBe(75_000);
    expect(training.source).toContain('epochs: 3 from the template (HyperParameters.epochCount)');
    expect(training.source).toContain('profile "starter": 25M tokens');
    expect(training.source).not.toContain('2 epochs');
    expect(finding.estimate!.notes).toContain(
      'The template sets batchSize 8, learningRate 0.00001 (HyperParameters): training is billed per trained token (corpus tokens x epochs), so they do not change the estimate.',
    );
  });

  test('the usage file beats the template', () => {
    const { training } = costOf({ usage: { 'Tuning/Tune': { epochs: 5, tokens: 1_000_000 } } });
    expect(training.quantity).toBe(5_000);
    expect(training.source).toContain('options.usage ("Tuning/Tune")');
    expect(training.source).not.toContain('from the template');
  });

  test('with profile "none" the template still gives the epochs', () => {
    const { training } = costOf({
      usage: { profile: 'none', 'Tuning/Tune': { tokens: 2_000_000, runsPerMonth: 1 } },
    });
    expect(training.quantity).toBe(6_000);
    expect(training.source).toContain('epochs: 3 from the template');
  });
});

describe('Provisioned Throughput model units from the template', () => {
  test('a throughput call in the same state machine: 2 model units price the serving line', () => {
    const work = discovered(tuningApp(true)).work;
    expect(work.map((w) => w.action).sort()).toEqual([
      'CreateModelCustomizationJob',
      'CreateProvisionedModelThroughput',
    ]);
    const job = work.find((w) => w.action === 'CreateModelCustomizationJob')!;
    expect(job.stated?.modelUnits).toEqual({
      value: 2,
      field: 'ModelUnits of state "BuyThroughput"',
    });
    const { provisioned } = costOf({}, true);
    expect(provisioned.description).toMatch(
      /^Provisioned Throughput, 2 model units, no commitment/,
    );
    expect(provisioned.quantity).toBe(1460); // 730 hours x 2 units
    expect(provisioned.source).toContain(
      'model units: 2 from the template (ModelUnits of state "BuyThroughput")',
    );
    // Without the call: one unit, as before.
    expect(costOf({}).provisioned.description).toMatch(/^Provisioned Throughput, 1 model unit,/);
    expect(costOf({}).provisioned.quantity).toBe(730);
  });

  test('AwsCustomResource calls: the job’s epochCount, and a throughput resource naming its model', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    const lake = new s3.Bucket(stack, 'Lake');
    const policy = AwsCustomResourcePolicy.fromSdkCalls({
      resources: AwsCustomResourcePolicy.ANY_RESOURCE,
    });
    new AwsCustomResource(stack, 'FTJob', {
      onCreate: {
        service: 'Bedrock',
        action: 'CreateModelCustomizationJob',
        parameters: {
          jobName: 'llama-ft',
          customModelName: 'llama-custom',
          roleArn: 'arn:aws:iam::123456789012:role/r',
          baseModelIdentifier: `arn:aws:bedrock:us-west-2::foundation-model/${LLAMA}`,
          trainingDataConfig: { s3Uri: `s3://${lake.bucketName}/train/` },
          outputDataConfig: { s3Uri: `s3://${lake.bucketName}/out/` },
          hyperParameters: { epochCount: '1' },
        },
        physicalResourceId: PhysicalResourceId.fromResponse('jobArn'),
      },
      policy,
    });
    new AwsCustomResource(stack, 'Throughput', {
      onCreate: {
        service: 'Bedrock',
        action: 'CreateProvisionedModelThroughput',
        parameters: {
          modelId: 'llama-custom',
          provisionedModelName: 'llama-pt',
          modelUnits: 3,
          commitmentDuration: 'OneMonth',
        },
        physicalResourceId: PhysicalResourceId.fromResponse('provisionedModelArn'),
      },
      policy,
    });
    const job = discovered(app).work.find((w) => w.action === 'CreateModelCustomizationJob')!;
    expect(job.stated).toEqual({
      epochs: { value: 1, field: 'HyperParameters.epochCount' },
      modelUnits: {
        value: 3,
        field: expect.stringMatching(/^ModelUnits of Throughput\w+ Create call$/),
      },
      commitment: 'OneMonth',
    });
    const [finding] = only(lint(app, COST), 'CustomizationCost');
    const training = finding.estimate!.lineItems.find((i) => i.description.startsWith('training'))!;
    expect(training.quantity).toBe(25_000);
    expect(training.source).toContain('epochs: 1 from the template (HyperParameters.epochCount)');
    const pt = finding.estimate!.remediations.flatMap((r) => r.lineItems)[0];
    expect(pt.quantity).toBe(2190);
    expect(finding.estimate!.notes).toContain(
      'The template buys the throughput with a OneMonth commitment; the bundled table has no-commitment rates only, so that line prices no commitment.',
    );
  });

  test('a run-time epochCount (from the state input) is not a stated quantity', () => {
    const app = tuningApp(false, {
      epochCount: sfn.JsonPath.stringAt('$.epochs'),
      'Evaluation percentage': '10',
    });
    const [work] = discovered(app).work;
    expect(work.action).toBe('CreateModelCustomizationJob');
    expect(work.stated?.epochs).toBeUndefined();
    const [finding] = only(lint(app, COST), 'CustomizationCost');
    const training = finding.estimate!.lineItems.find((i) => i.description.startsWith('training'))!;
    expect(training.source).toContain('profile "starter": 2 epochs');
  });
});
