/**
 * A Bedrock agent on a geographic cross-Region inference profile, as the `@aws-cdk/aws-bedrock-alpha`
 * `Agent` with `CrossRegionInferenceProfile.fromConfig({ geoRegion: JP, ... })` synthesizes it
 * (seen in a Tokyo agent sample with MCP tools behind an AgentCore gateway): `FoundationModel` is
 * the profile ARN in the stack's own region and account, and the agent role may invoke the profile
 * there and the foundation model in any region (the profile routes to several).
 */
import { Aws, Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import { discovered, env, ids, lint, newApp, only } from '../helpers';

const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

function geoAgentApp(region: string, geography: string) {
  const app = newApp();
  const stack = new Stack(app, 'AgentStack', { env: env(region) });
  const profileArn = `arn:${Aws.PARTITION}:bedrock:${Aws.REGION}:${Aws.ACCOUNT_ID}:inference-profile/${geography}.${SONNET_45}`;
  const role = new iam.Role(stack, 'AgentRole', {
    assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com'),
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:GetFoundationModel', 'bedrock:InvokeModel*'],
      resources: [`arn:${Aws.PARTITION}:bedrock:*::foundation-model/${SONNET_45}`],
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:GetInferenceProfile', 'bedrock:InvokeModel*'],
      resources: [profileArn],
    }),
  );
  new bedrock.CfnAgent(stack, 'Agent', {
    agentName: 'mcp-agent',
    agentResourceRoleArn: role.roleArn,
    foundationModel: profileArn,
    instruction: 'Answer questions about AWS with the tools of the gateway.',
    autoPrepare: true,
  });
  return app;
}

describe('an agent on a geographic inference profile', () => {
  test('the JP profile in Tokyo: no finding, and discovery saw both the profile and the any-region grant', () => {
    const app = geoAgentApp('ap-northeast-1', 'jp');
    const uses = discovered(app).modelUses;
    expect(uses.map((u) => [u.purpose, u.model.kind, u.model.modelId, u.place.region])).toEqual([
      ['agent', 'inference-profile', `jp.${SONNET_45}`, 'ap-northeast-1'],
      ['agent', 'foundation-model', SONNET_45, null],
    ]);
    expect(uses[1].place.anyRegion).toBe(true);
    expect(lint(app).findings).toEqual([]);
  });

  test('the same profile id in a region of another geography is reported with its source regions', () => {
    const report = lint(geoAgentApp('us-east-1', 'jp'));
    // Bedrock rejects the id there: a model the calling region cannot use, an error.
    expect(ids(report)).toEqual(['ModelAvailability']);
    const [finding] = only(report, 'ModelAvailability');
    expect(finding.severity).toBe('error');
    expect(finding.message).toContain('cannot be called from us-east-1');
    expect(finding.message).toContain(
      `jp.${SONNET_45} (runs on; IAM bedrock:InvokeModel*; property FoundationModel) can be called only from ap-northeast-1 and ap-northeast-3`,
    );
  });

  test('from Osaka, the other source region of the JP geography, it is callable', () => {
    const app = geoAgentApp('ap-northeast-3', 'jp');
    expect(discovered(app).modelUses[0].place.region).toBe('ap-northeast-3');
    expect(lint(app).findings).toEqual([]);
  });
});

/**
 * The guarded-agent demo shape: `FoundationModel` is the bare geographic profile id, the role may
 * invoke the profile and the model in any region and in its own, and a guardrail is attached.
 */
function guardedAgentApp(region: string) {
  const app = newApp();
  const stack = new Stack(app, 'GuardedAgent', { env: env(region) });
  const NOVA_MICRO = 'amazon.nova-micro-v1:0';
  const guardrail = new bedrock.CfnGuardrail(stack, 'Guardrail', {
    name: 'allowlist',
    blockedInputMessaging: 'Sorry, off topic.',
    blockedOutputsMessaging: 'Sorry, off topic.',
    topicPolicyConfig: {
      topicsConfig: [{ name: 'OffTopic', definition: 'Anything but the meetup.', type: 'DENY' }],
    },
  });
  const version = new bedrock.CfnGuardrailVersion(stack, 'GuardrailVersion', {
    guardrailIdentifier: guardrail.attrGuardrailId,
  });
  const role = new iam.Role(stack, 'AgentRole', {
    assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com'),
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
      resources: [
        `arn:aws:bedrock:*::foundation-model/${NOVA_MICRO}`,
        `arn:aws:bedrock:*:${stack.account}:inference-profile/eu.${NOVA_MICRO}`,
        `arn:aws:bedrock:${stack.region}::foundation-model/${NOVA_MICRO}`,
        `arn:aws:bedrock:${stack.region}:${stack.account}:inference-profile/eu.${NOVA_MICRO}`,
      ],
    }),
  );
  new bedrock.CfnAgent(stack, 'Agent', {
    agentName: 'guarded',
    agentResourceRoleArn: role.roleArn,
    foundationModel: `eu.${NOVA_MICRO}`,
    instruction: 'Only answer questions about the meetup and its talk.',
    guardrailConfiguration: {
      guardrailIdentifier: guardrail.attrGuardrailId,
      guardrailVersion: version.attrVersion,
    },
    autoPrepare: true,
  });
  return app;
}

describe('an agent on a bare geographic profile id with grants for any region', () => {
  test('in eu-central-1: no finding; the agent calls the eu. profile from its own region', () => {
    const app = guardedAgentApp('eu-central-1');
    const uses = discovered(app).modelUses.filter(
      (u) => u.model.modelId === 'eu.amazon.nova-micro-v1:0',
    );
    expect(uses.map((u) => [u.purpose, u.model.geography, u.place.region])).toContainEqual([
      'agent',
      'eu',
      'eu-central-1',
    ]);
    expect(lint(app).findings).toEqual([]);
  });

  test('the eu. profile id from us-east-1 is one finding, naming both the property and the grant', () => {
    const report = lint(guardedAgentApp('us-east-1'));
    expect(ids(report)).toEqual(['ModelAvailability']);
    expect(report.findings[0].message).toContain(
      'eu.amazon.nova-micro-v1:0 (runs on; IAM bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream; property FoundationModel) can be called only from eu-central-1',
    );
  });
});
