/**
 * Batch inference in the style of public pipelines: a Step Functions state machine that submits
 * a `CreateModelInvocationJob` over a prompts bucket (JSONPath and JSONata), an `AwsCustomResource`
 * that starts one in another region, and a Lambda granted the action whose environment names the
 * model and the buckets.
 */
import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { CustomizationWork } from '../../lib/discover/facts';
import { discovered, env, ids, lint, newApp, only, sdkCall } from '../helpers';

const NOVA_MICRO = 'amazon.nova-micro-v1:0';
const ROLE = 'arn:aws:iam::123456789012:role/batch';

/** Each data location of a job as [role, region]. */
function dataRegions(work: CustomizationWork): [string, string | null][] {
  return work.data.map((d) => [d.role, d.place.region]);
}

interface BatchRequest {
  model?: string;
  input: string;
  output: string;
  vpc?: ec2.Vpc;
}

function isolatedVpc(stack: Stack, s3Endpoint = false): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  if (s3Endpoint) vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  return vpc;
}

/** `CallAwsService` to `bedrock:createModelInvocationJob`, JSONPath or JSONata. */
function batchMachine(stack: Stack, request: BatchRequest, jsonata = false): sfn.StateMachine {
  const vpc = request.vpc;
  const parameters: Record<string, unknown> = {
    JobName: jsonata ? '{% $states.input.jobName %}' : 'nightly-summaries',
    RoleArn: ROLE,
    ModelId: request.model ?? NOVA_MICRO,
    InputDataConfig: { S3InputDataConfig: { S3Uri: request.input } },
    OutputDataConfig: { S3OutputDataConfig: { S3Uri: request.output } },
    ...(vpc
      ? {
          VpcConfig: {
            SubnetIds: vpc.isolatedSubnets.map((s) => s.subnetId),
            SecurityGroupIds: [new ec2.SecurityGroup(stack, 'JobSg', { vpc }).securityGroupId],
          },
        }
      : {}),
  };
  const props = { service: 'bedrock', action: 'createModelInvocationJob', iamResources: ['*'] };
  const task = jsonata
    ? tasks.CallAwsService.jsonata(stack, 'SubmitBatch', { ...props, parameters })
    : new tasks.CallAwsService(stack, 'SubmitBatch', { ...props, parameters });
  return new sfn.StateMachine(stack, 'Summaries', {
    definitionBody: sfn.DefinitionBody.fromChainable(task),
    ...(jsonata ? { queryLanguage: sfn.QueryLanguage.JSONATA } : {}),
  });
}

/** A prompts bucket and a results bucket, each in its own region, and the job in `jobRegion`. */
function batchApp(opts: {
  jobRegion?: string;
  inputRegion?: string;
  outputRegion?: string;
  model?: string;
  jsonata?: boolean;
}) {
  const app = newApp();
  const jobRegion = opts.jobRegion ?? 'us-east-1';
  const stack = new Stack(app, 'Batch', { env: env(jobRegion), crossRegionReferences: true });
  const bucketIn = (id: string, region: string | undefined) =>
    !region || region === jobRegion
      ? new s3.Bucket(stack, id)
      : new s3.Bucket(
          new Stack(app, `${id}Stack`, { env: env(region), crossRegionReferences: true }),
          id,
        );
  const prompts = bucketIn('Prompts', opts.inputRegion);
  const results = bucketIn('Results', opts.outputRegion);
  batchMachine(
    stack,
    {
      model: opts.model,
      input: prompts.s3UrlForObject('prompts/'),
      output: results.s3UrlForObject('results/'),
    },
    opts.jsonata,
  );
  return app;
}

describe('batch inference jobs from Step Functions', () => {
  test('a job with its buckets in its own region reports nothing; discovery saw the job, both buckets and the flows', () => {
    const app = batchApp({});
    const facts = discovered(app);
    expect(facts.work).toHaveLength(1);
    expect(facts.work[0]).toMatchObject({
      action: 'CreateModelInvocationJob',
      origin: 'step-functions-sdk',
      detail: 'state "SubmitBatch"',
      place: { region: 'us-east-1' },
      baseModel: { modelId: NOVA_MICRO },
    });
    expect(dataRegions(facts.work[0])).toEqual([
      ['input', 'us-east-1'],
      ['output', 'us-east-1'],
    ]);
    const jobFlows = facts.flows.filter((f) => f.source.kind === 'batch-inference-job');
    expect(jobFlows.map((f) => [f.access, f.target.what])).toEqual([
      ['read', 'bucket Batch/Prompts'],
      ['write', 'bucket Batch/Results'],
    ]);
    expect(facts.modelUses.filter((u) => u.purpose === 'batch-inference')).toHaveLength(1);
    const report = lint(app);
    expect(report.findings).toEqual([]);
    expect(report.inventory?.find((r) => r.kind === 'batch-inference-job')).toMatchObject({
      type: 'AWS::StepFunctions::StateMachine',
      region: 'us-east-1',
    });
  });

  test("input in another region is a priced CrossRegionDataAccess warning, read at the bucket region's rate; no customization error", () => {
    const report = lint(batchApp({ inputRegion: 'us-west-2' }));
    expect(ids(report)).toEqual(['CrossRegionDataAccess']);
    const [finding] = report.findings;
    expect(finding.severity).toBe('warning');
    expect(finding.regions).toEqual({ resource: 'us-east-1', peer: 'us-west-2' });
    expect(finding.message).toContain('batch inference job state "SubmitBatch" runs in us-east-1');
    expect(finding.message).toContain('AWS documents no same-Region requirement');
    expect(finding.estimate!.lineItems.map((i) => i.description)).toEqual([
      expect.stringContaining(
        "inter-region transfer, reads us-west-2 -> us-east-1 at us-west-2's rate",
      ),
    ]);
    expect(finding.estimate!.lineItems[0].unitPriceUsd).toBeGreaterThan(0);
  });

  test('input and output in one other region are one finding, priced in both directions', () => {
    const report = lint(batchApp({ inputRegion: 'eu-west-1', outputRegion: 'eu-west-1' }));
    const findings = only(report, 'CrossRegionDataAccess');
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain('reads from eu-west-1 and writes from us-east-1');
    expect(findings[0].estimate!.lineItems.map((i) => i.description.split(' (')[0])).toEqual([
      "inter-region transfer, reads eu-west-1 -> us-east-1 at eu-west-1's rate",
      "inter-region transfer, writes us-east-1 -> eu-west-1 at us-east-1's rate",
    ]);
  });

  test('JSONata arguments are read the same way', () => {
    const facts = discovered(batchApp({ jsonata: true, outputRegion: 'us-west-2' }));
    expect(facts.work[0]).toMatchObject({ action: 'CreateModelInvocationJob' });
    expect(dataRegions(facts.work[0])).toEqual([
      ['input', 'us-east-1'],
      ['output', 'us-west-2'],
    ]);
  });

  test('the model must be served in the job region: a bare Nova Micro id in us-west-2 is a ModelAvailability error; its profile id is not', () => {
    const bare = only(lint(batchApp({ jobRegion: 'us-west-2' })), 'ModelAvailability');
    expect(bare).toHaveLength(1);
    expect(bare[0].message).toContain(
      `${NOVA_MICRO} (runs batch inference with; state "SubmitBatch" ModelId) is served in us-west-2 only through us.${NOVA_MICRO}`,
    );
    expect(bare[0].message).toContain(
      'The catalog does not record which models batch inference supports',
    );
    const profiled = lint(batchApp({ jobRegion: 'us-west-2', model: `us.${NOVA_MICRO}` }));
    expect(profiled.findings).toEqual([]);
  });

  test('a Legacy model through its profile is a ModelLifecycle warning for the job', () => {
    const december = new Date('2026-12-01T12:00:00Z'); // Llama 3.3 is Legacy by then
    const report = lint(batchApp({ model: 'us.meta.llama3-3-70b-instruct-v1:0' }), {}, december);
    expect(ids(report)).toEqual(['ModelLifecycle']);
    expect(report.findings[0].message).toContain(
      'us.meta.llama3-3-70b-instruct-v1:0 (runs batch inference with; state "SubmitBatch" ModelId) is Legacy',
    );
    expect(report.findings[0].message).toContain('end-of-life on 2027-03-30');
  });

  test('an unknown model id is UnknownModel, and a batch job is never priced as training', () => {
    const report = lint(batchApp({ model: 'amazon.nova-nano-v9:0' }), {
      rules: { CustomizationCost: 'info' },
    });
    expect(ids(report)).toEqual(['UnknownModel']);
    expect(report.findings[0].message).toContain('amazon.nova-nano-v9:0');
  });

  test('VpcConfig in isolated subnets without an S3 endpoint is NoNetworkPath; with the endpoint, nothing', () => {
    const vpcApp = (endpoint: boolean) => {
      const app = newApp();
      const stack = new Stack(app, 'Batch', { env: env('us-east-1') });
      const vpc = isolatedVpc(stack, endpoint);
      const data = new s3.Bucket(stack, 'Data');
      batchMachine(stack, {
        input: data.s3UrlForObject('in/'),
        output: data.s3UrlForObject('out/'),
        vpc,
      });
      return app;
    };
    const blocked = vpcApp(false);
    const [flow] = discovered(blocked).flows.filter((f) => f.source.kind === 'batch-inference-job');
    expect(flow).toMatchObject({ access: 'read-write', route: { via: 'no-egress' } });
    const [finding] = only(lint(blocked), 'NoNetworkPath');
    expect(finding.message).toContain(
      'batch inference job state "SubmitBatch" in us-east-1 runs in subnets with no route to s3',
    );
    const open = vpcApp(true);
    expect(
      discovered(open).flows.find((f) => f.source.kind === 'batch-inference-job')?.route.via,
    ).toBe('gateway-endpoint');
    expect(lint(open).findings).toEqual([]);
  });
});

describe('batch inference jobs from custom resources and Lambda functions', () => {
  test('an AwsCustomResource call with a region runs the job there: its bucket in the stack region is a priced flow', () => {
    const app = newApp();
    const stack = new Stack(app, 'Ops', { env: env('us-east-1') });
    new s3.Bucket(stack, 'Prompts', { bucketName: 'ops-batch-prompts' });
    sdkCall(stack, 'NightlyBatch', {
      service: 'Bedrock',
      action: 'createModelInvocationJob',
      region: 'us-west-2',
      parameters: {
        jobName: 'nightly',
        roleArn: ROLE,
        modelId: `us.${NOVA_MICRO}`,
        inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://ops-batch-prompts/in/' } },
        outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://ops-batch-prompts/out/' } },
      },
    });
    const [work] = discovered(app).work;
    expect(work).toMatchObject({
      action: 'CreateModelInvocationJob',
      origin: 'custom-resource',
      place: { region: 'us-west-2', source: 'the call\'s "region"' },
    });
    const report = lint(app);
    expect(ids(report)).toEqual(['CrossRegionDataAccess']);
    expect(report.findings[0].message).toBe(
      'batch inference job Ops/NightlyBatch runs in us-west-2 but its input data s3://ops-batch-prompts/in/ and output data s3://ops-batch-prompts/out/ are in us-east-1. AWS documents no same-Region requirement for this data, so the job runs and pays inter-region transfer (reads from us-east-1 and writes from us-west-2).',
    );
  });

  test('a Lambda granted CreateModelInvocationJob whose environment names model and buckets starts a job; in isolated subnets it cannot reach Bedrock', () => {
    const app = newApp();
    const data = new Stack(app, 'Data', { env: env('us-west-2'), crossRegionReferences: true });
    const prompts = new s3.Bucket(data, 'Prompts');
    const stack = new Stack(app, 'Submit', { env: env('us-east-1'), crossRegionReferences: true });
    const results = new s3.Bucket(stack, 'Results');
    const submitter = new lambda.Function(stack, 'SubmitBatch', {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'index.handler',
      code: lambda.Code.fromInline('def handler(event, context): pass'),
      vpc: isolatedVpc(stack),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      environment: {
        MODEL_ID: NOVA_MICRO,
        INPUT_BUCKET: prompts.bucketName,
        OUTPUT_BUCKET: results.bucketName,
      },
    });
    submitter.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['bedrock:CreateModelInvocationJob'], resources: ['*'] }),
    );
    const facts = discovered(app);
    expect(facts.work).toHaveLength(1);
    expect(facts.work[0]).toMatchObject({
      action: 'CreateModelInvocationJob',
      origin: 'lambda',
      place: { region: 'us-east-1' },
      baseModel: { modelId: NOVA_MICRO },
    });
    expect(dataRegions(facts.work[0])).toEqual([
      ['input', 'us-west-2'],
      ['output', 'us-east-1'],
    ]);
    // The bucket variables are the job's data, read by Bedrock, not reads of the Lambda itself.
    expect(
      facts.flows.filter((f) => f.source.kind === 'lambda' && f.target.kind === 'bucket'),
    ).toEqual([]);
    const report = lint(app);
    expect(ids(report)).toEqual(['CrossRegionDataAccess', 'NoNetworkPath']);
    expect(only(report, 'CrossRegionDataAccess')[0].message).toContain(
      'batch inference job Submit/SubmitBatch runs in us-east-1 but its input data s3://<Data/Prompts> is in us-west-2',
    );
    expect(only(report, 'NoNetworkPath')[0].message).toContain(
      'starts batch inference jobs (environment variable MODEL_ID) but runs in subnets with no route to bedrock',
    );
  });

  test('an unresolvable call region is UnresolvedRegion, never assumed equal', () => {
    const app = newApp();
    const stack = new Stack(app, 'Ops', { env: env('us-east-1') });
    const region = new CfnParameter(stack, 'JobRegion');
    const uri = (id: string) => new s3.Bucket(stack, id).s3UrlForObject();
    sdkCall(stack, 'Batch', {
      service: '@aws-sdk/client-bedrock',
      action: 'CreateModelInvocationJobCommand',
      region: region.valueAsString,
      parameters: {
        modelId: NOVA_MICRO,
        inputDataConfig: { s3InputDataConfig: { s3Uri: uri('In') } },
        outputDataConfig: { s3OutputDataConfig: { s3Uri: uri('Out') } },
      },
    });
    expect(discovered(app).work[0]).toMatchObject({
      action: 'CreateModelInvocationJob',
      place: { region: null },
    });
    const [gap] = only(lint(app), 'UnresolvedRegion');
    expect(gap.message).toContain('input data');
  });
});
