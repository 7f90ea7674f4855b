import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { fn } from '../flow-helpers';
import { ACCOUNT, discovered, env, ids, lint, newApp, only } from '../helpers';

/** The day lifecycle is judged on, fixed so the tests do not rot as models age. */
const NOW = new Date('2026-12-01T12:00:00Z');
const OPUS_41 = 'anthropic.claude-opus-4-1-20250805-v1:0';

function profileCaller(stack: Stack, profileId: string, modelId: string) {
  const f = fn(stack, 'Answer', { MODEL_ID: profileId });
  f.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:InvokeModel'],
      resources: [
        `arn:aws:bedrock:${stack.region}:${ACCOUNT}:inference-profile/${profileId}`,
        ...['us-east-1', 'us-east-2', 'us-west-2'].map(
          (r) => `arn:aws:bedrock:${r}::foundation-model/${modelId}`,
        ),
      ],
    }),
  );
}

describe('ModelLifecycle', () => {
  test('a Legacy model called through its profile: a warning with its end-of-life date and source', () => {
    const app = newApp();
    const stack = new Stack(app, 'Chat', { env: env('us-east-1') });
    profileCaller(stack, `us.${OPUS_41}`, OPUS_41);
    const report = lint(app, {}, NOW);
    expect(ids(report)).toEqual(['ModelLifecycle']);
    const [finding] = only(report, 'ModelLifecycle');
    expect(finding.severity).toBe('warning');
    expect(finding.message).toMatch(
      /^Lambda function Chat\/Answer uses Legacy models in us-east-1: us\.anthropic\.claude-opus-4-1-20250805-v1:0 \(invokes; IAM bedrock:InvokeModel; environment variable MODEL_ID\) is Legacy .*, end-of-life on 2027-01-08 \(source: \S+/,
    );
  });

  test('Llama 3.3 70B through the us. profile is Legacy, end-of-life on 2027-03-30', () => {
    const app = newApp();
    const stack = new Stack(app, 'Chat', { env: env('us-west-2') });
    profileCaller(stack, 'us.meta.llama3-3-70b-instruct-v1:0', 'meta.llama3-3-70b-instruct-v1:0');
    const report = lint(app, {}, NOW);
    expect(ids(report)).toEqual(['ModelLifecycle']);
    expect(report.findings[0].message).toMatch(/end-of-life on 2027-03-30/);
  });

  test('an Active model called on demand in a region that serves it: no finding', () => {
    const app = newApp();
    const stack = new Stack(app, 'Chat', { env: env('us-east-1') });
    const f = fn(stack, 'Answer', { MODEL_ID: 'amazon.nova-micro-v1:0' });
    f.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:InvokeModel'],
        resources: ['arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0'],
      }),
    );
    expect(lint(app, {}, NOW).findings).toEqual([]);
    expect(
      discovered(app).modelUses.map((u) => [u.model.modelId, u.place.region, u.evidence]),
    ).toEqual([
      ['amazon.nova-micro-v1:0', 'us-east-1', ['IAM bedrock:InvokeModel']],
      ['amazon.nova-micro-v1:0', 'us-east-1', ['environment variable MODEL_ID']],
    ]);
  });

  test('a Legacy model with a placement problem is one ModelAvailability error that also says Legacy', () => {
    const app = newApp();
    const stack = new Stack(app, 'Chat', { env: env('eu-west-1') });
    const f = fn(stack, 'Answer', { MODEL_ID: 'meta.llama3-3-70b-instruct-v1:0' });
    f.addToRolePolicy(new iam.PolicyStatement({ actions: ['bedrock:Converse'], resources: ['*'] }));
    const report = lint(app, {}, NOW);
    expect(ids(report)).toEqual(['ModelAvailability']);
    expect(report.findings[0].message).toMatch(
      /is not offered in eu-west-1; .* It is also Legacy .*, end-of-life on 2027-03-30/,
    );
  });

  test('an on-demand deployment of a custom model whose base model is Legacy: allowed, with a warning', () => {
    const app = newApp();
    const stack = new Stack(app, 'Serve', { env: env('us-west-2') });
    new AwsCustomResource(stack, 'Deploy', {
      onCreate: {
        service: 'Bedrock',
        action: 'CreateCustomModelDeployment',
        parameters: {
          modelDeploymentName: 'support-bot',
          modelArn: `arn:aws:bedrock:us-west-2:${ACCOUNT}:custom-model/meta.llama3-3-70b-instruct-v1:0:128k/a1b2c3d4e5f6`,
        },
        physicalResourceId: PhysicalResourceId.of('Deploy'),
      },
      policy: AwsCustomResourcePolicy.fromSdkCalls({
        resources: AwsCustomResourcePolicy.ANY_RESOURCE,
      }),
    });
    const [finding, ...rest] = only(lint(app, {}, NOW), 'ModelLifecycle');
    expect(rest).toEqual([]);
    expect(finding.message).toMatch(
      /^custom resource Serve\/Deploy\S* \(CreateCustomModelDeployment, Create call\) deploys a custom model of meta\.llama3-3-70b-instruct-v1:0:128k, which is Legacy .*end-of-life on 2027-03-30/,
    );
  });
});
