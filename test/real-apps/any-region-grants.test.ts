/**
 * Grants on model ARNs of any region (`arn:aws:bedrock:*::foundation-model/X`), in the style of public
 * batch-inference pipelines: an environment-agnostic stack whose job-starting Lambda may run batch jobs
 * on a fixed list of models, and a Bedrock service role allowed to invoke them. The code picks the
 * region, so nothing region-specific can be checked, but a model that is end-of-life (or Legacy) in
 * every region is still a mistake.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { discovered, env, ids, lint, newApp } from '../helpers';

// End-of-life in every region it was offered in; Claude 3 Haiku is not (its EOL row names Regions).
const EOL_HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const TITAN_V2 = 'amazon.titan-embed-text-v2:0';
const LLAMA_33 = 'meta.llama3-3-70b-instruct-v1:0';

function batchApp(models: readonly string[], region?: string) {
  const app = newApp();
  const stack = new Stack(app, 'BatchPipeline', { env: region ? env(region) : undefined });
  const start = new lambda.Function(stack, 'StartBatchJob', {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'start_batch_inference_job.handler',
    code: lambda.Code.fromInline('def handler(event, context): pass'),
    environment: { TASK_TABLE: 'tasks', JOB_TIMEOUT_HOURS: '24' },
  });
  start.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:CreateModelInvocationJob'],
      resources: models.map((m) => `arn:aws:bedrock:*::foundation-model/${m}`),
    }),
  );
  // Bedrock's own role for the jobs: not compute of the app, so not a caller to report.
  const service = new iam.Role(stack, 'BedrockServiceRole', {
    assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com'),
  });
  service.addToPolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:InvokeModel'],
      resources: models.map((m) => `arn:aws:bedrock:*::foundation-model/${m}`),
    }),
  );
  return app;
}

describe('grants on model ARNs of any region', () => {
  test('an environment-agnostic batch starter on an end-of-life model: one error, no unresolved region', () => {
    const app = batchApp([TITAN_V2, EOL_HAIKU]);
    const uses = discovered(app).modelUses.filter((u) => u.place.anyRegion);
    expect(uses.map((u) => [u.model.modelId, u.purpose, u.compute?.name])).toEqual([
      [TITAN_V2, 'batch-inference', 'BatchPipeline/StartBatchJob'],
      [EOL_HAIKU, 'batch-inference', 'BatchPipeline/StartBatchJob'],
    ]);
    const report = lint(app);
    expect(ids(report)).toEqual(['ModelAvailability']);
    const [finding] = report.findings;
    expect(finding.constructPath).toBe('BatchPipeline/StartBatchJob/Resource');
    expect(finding.message).toContain(
      'uses end-of-life models in every region (its IAM grant allows calls in any region)',
    );
    expect(finding.message).toContain(`${EOL_HAIKU} (runs batch inference with;`);
    expect(finding.message).not.toContain(TITAN_V2);
    expect(finding.regions).toEqual({ resource: null, peer: null });
    // The on-demand quote of the rule is not what a batch job gets back: none is quoted.
    expect(finding.awsError).toBeNull();
  });

  test('the same starter on active models reports nothing; the uses are still seen', () => {
    const app = batchApp([TITAN_V2]);
    const uses = discovered(app).modelUses.filter((u) => u.place.anyRegion);
    expect(uses.map((u) => u.model.modelId)).toEqual([TITAN_V2]);
    expect(ids(lint(app))).toEqual([]);
  });

  test('in a stack with a region, an any-region grant is still checked only for every-region facts', () => {
    const app = batchApp([LLAMA_33], 'eu-west-1');
    // The catalog records Llama 3.3 as Legacy from the day its source was checked (2026-12-01).
    const report = lint(app, {}, new Date('2026-12-01T12:00:00Z'));
    // Llama 3.3 is Legacy everywhere; where it is offered is the code's choice, so no
    // "not offered in eu-west-1" error and no unresolved region.
    expect(ids(report)).toEqual(['ModelLifecycle']);
    expect(report.findings[0].message).toContain(
      `uses Legacy models in every region (its IAM grant allows calls in any region): ${LLAMA_33}`,
    );
  });

  test('an invoke grant of any region on an end-of-life model quotes what Bedrock answers', () => {
    const app = newApp();
    const stack = new Stack(app, 'Chat', { env: env('us-east-1') });
    const fn = new lambda.Function(stack, 'Answer', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: [`arn:aws:bedrock:*::foundation-model/${EOL_HAIKU}`],
      }),
    );
    const [finding, ...rest] = lint(app).findings;
    expect(rest).toEqual([]);
    expect(finding.ruleId).toBe('BedrockRegions-ModelAvailability');
    expect(finding.message).toContain(`${EOL_HAIKU} (invokes;`);
    expect(finding.awsError).toBe('This model version has reached the end of its life');
  });
});
