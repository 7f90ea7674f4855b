import { App, Aws, Fn, Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ModelUseFact } from '../../lib/discover/facts';
import { fn } from '../flow-helpers';
import { ACCOUNT, discovered, env, ids, lint, newApp, only, textPrompt } from '../helpers';

/** The day lifecycle is judged on, fixed so the tests do not rot as models age. */
const NOW = new Date('2026-12-01T12:00:00Z');
const LLAMA_33 = 'meta.llama3-3-70b-instruct-v1:0';
const LLAMA_33_US = `us.${LLAMA_33}`;
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';

function at(app: App) {
  return lint(app, {}, NOW);
}

/** `logicalId purpose model@region` per use, so compliant cases prove what discovery saw. */
function uses(list: readonly ModelUseFact[]): string[] {
  return list.map(
    (u) =>
      `${u.subject.logicalId.replace(/[0-9A-F]{8}$/, '')} ${u.purpose} ${u.model.modelId}@${u.place.region}`,
  );
}

/** A Lambda that calls a model the way the SDK does: its id in the environment, invoke granted on it. */
function caller(stack: Stack, id: string, modelId: string, resources: string[]) {
  const f = fn(stack, id, { MODEL_ID: modelId });
  f.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['bedrock:InvokeModel', 'bedrock:Converse'], resources }),
  );
  return f;
}

/** A caller of Llama 3.3 70B as CDK builds it: the model ARN of the stack's own region. */
function stackModelCaller(stack: Stack) {
  const llama = bedrock.FoundationModel.fromFoundationModelId(
    stack,
    'Llama',
    new bedrock.FoundationModelIdentifier(LLAMA_33),
  );
  caller(stack, 'Answer', llama.modelId, [llama.modelArn]);
}

function foundationArn(region: string, modelId: string): string {
  return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}

/** The grants a `us.` profile needs: the profile in the caller's region, the model where it routes. */
function profileGrants(callerRegion: string, profileId: string, modelId: string): string[] {
  return [
    `arn:aws:bedrock:${callerRegion}:${ACCOUNT}:inference-profile/${profileId}`,
    ...['us-east-1', 'us-east-2', 'us-west-2'].map((r) => foundationArn(r, modelId)),
  ];
}

describe('ModelAvailability: compute invocations', () => {
  test('a Lambda in eu-west-1 invoking Llama 3.3 70B in its own region: not offered there', () => {
    const app = newApp();
    const stack = new Stack(app, 'Chat', { env: env('eu-west-1') });
    stackModelCaller(stack);
    const report = at(app);
    const [finding] = only(report, 'ModelAvailability');
    expect(only(report, 'ModelAvailability')).toHaveLength(1);
    expect(finding).toMatchObject({
      severity: 'error',
      constructPath: 'Chat/Answer/Resource',
      regions: { resource: 'eu-west-1' },
    });
    expect(finding.message).toMatch(
      /^Lambda function Chat\/Answer uses models that Amazon Bedrock does not offer in eu-west-1: meta\.llama3-3-70b-instruct-v1:0 \(invokes; IAM bedrock:InvokeModel, bedrock:Converse; environment variable MODEL_ID\) is not offered in eu-west-1; Bedrock serves it /,
    );
    expect(finding.message).toContain(`${LLAMA_33_US} (callable from `);
    expect(finding.message).toMatch(/Source: \S+/);
  });

  test('the same Lambda in us-east-1 through the us. profile: no availability finding', () => {
    const app = newApp();
    const stack = new Stack(app, 'Chat', { env: env('us-east-1') });
    caller(stack, 'Answer', LLAMA_33_US, profileGrants('us-east-1', LLAMA_33_US, LLAMA_33));
    const report = at(app);
    expect(only(report, 'ModelAvailability')).toEqual([]);
    // Llama 3.3 70B itself is Legacy: the only finding is the lifecycle warning.
    expect(ids(report).filter((id) => id !== 'ModelLifecycle')).toEqual([]);
    expect(uses(discovered(app).modelUses)).toEqual([
      `Answer invoke ${LLAMA_33_US}@us-east-1`,
      `Answer invoke ${LLAMA_33_US}@us-east-1`,
    ]);
  });

  test('an on-demand call to the bare id from a region that serves it only through its profile', () => {
    const app = newApp();
    const stack = new Stack(app, 'Chat', { env: env('us-east-1') });
    caller(stack, 'Answer', LLAMA_33, [foundationArn('us-east-1', LLAMA_33)]);
    const [finding, ...rest] = only(at(app), 'ModelAvailability');
    expect(rest).toEqual([]);
    expect(finding.message).toMatch(
      /calls models on demand by their bare id in us-east-1, where Bedrock serves them only through an inference profile/,
    );
    expect(finding.message).toContain(
      `is served in us-east-1 only through ${LLAMA_33_US} (routes to`,
    );
    expect(finding.message).toContain(
      `"Invocation of model ID ${LLAMA_33} with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model."`,
    );
  });

  test('an environment-agnostic stack: UnresolvedRegion names the model; only its every-region lifecycle is told', () => {
    const app = newApp();
    const stack = new Stack(app, 'Anywhere');
    stackModelCaller(stack);
    const report = at(app);
    expect(ids(report)).toEqual(['ModelLifecycle', 'UnresolvedRegion']);
    const [lifecycle, unresolved] = report.findings;
    expect(unresolved.message).toContain(
      `the region model ${LLAMA_33} is called in: stack Anywhere is environment-agnostic (no region)`,
    );
    // Llama 3.3 is Legacy in every region the catalog lists, so the unknown region does not matter.
    expect(lifecycle.message).toContain(
      'uses Legacy models in every region (the calling region is not known at synth time)',
    );
    expect(lifecycle.regions).toEqual({ resource: null, peer: null });
  });
});

describe('ModelAvailability: agents and knowledge bases', () => {
  test('an agent on an end-of-life Claude model', () => {
    const app = newApp();
    const stack = new Stack(app, 'Agents', { env: env('us-west-2') });
    new bedrock.CfnAgent(stack, 'Helper', {
      agentName: 'helper',
      foundationModel: HAIKU_3,
      instruction: 'Help the user with their questions about the product catalog.',
    });
    const report = at(app);
    expect(ids(report)).toEqual(['ModelAvailability']);
    expect(report.findings[0].severity).toBe('error');
    expect(report.findings[0].message).toMatch(
      /^Bedrock agent Agents\/Helper uses end-of-life models in us-west-2: anthropic\.claude-3-haiku-20240307-v1:0 \(runs on; property FoundationModel\) is end-of-life since 2026-09-10/,
    );
    expect(report.findings[0].message).toMatch(/\(source: \S+\)/);
    expect(report.findings[0].message).toContain(
      'Bedrock answers: "This model version has reached the end of its life".',
    );
  });

  test('the agent on an active model through its profile is compliant', () => {
    const app = newApp();
    const stack = new Stack(app, 'Agents', { env: env('us-west-2') });
    new bedrock.CfnAgent(stack, 'Helper', {
      agentName: 'helper',
      foundationModel: 'us.amazon.nova-pro-v1:0',
      instruction: 'Help the user with their questions about the product catalog.',
    });
    expect(at(app).findings).toEqual([]);
    expect(uses(discovered(app).modelUses)).toEqual([
      'Helper agent us.amazon.nova-pro-v1:0@us-west-2',
    ]);
  });
});

describe('ModelAvailability: grouping and Bedrock resources', () => {
  test('one finding per resource and problem, listing every model id', () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('us-east-1') });
    const f = fn(stack, 'Worker', {
      CHAT_MODEL_ID: HAIKU_3,
      IMAGE_MODEL_ID: 'amazon.nova-canvas-v1:0',
    });
    f.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: ['*'] }),
    );
    const findings = only(at(app), 'ModelAvailability');
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toMatch(
      /^Lambda function App\/Worker uses end-of-life models in us-east-1: anthropic\.claude-3-haiku-20240307-v1:0 \(invokes; environment variable CHAT_MODEL_ID\) is end-of-life since 2026-09-10.* amazon\.nova-canvas-v1:0 \(invokes; environment variable IMAGE_MODEL_ID\) is end-of-life since 2026-09-30/,
    );
    expect(findings[0].related.map((r) => [r.description, r.region, r.logicalId])).toEqual([
      [`model ${HAIKU_3}`, 'us-east-1', null],
      ['model amazon.nova-canvas-v1:0', 'us-east-1', null],
    ]);
  });

  test('a model id in a setting without any Bedrock permission is not a call', () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('us-east-1') });
    fn(stack, 'Config', { DEFAULT_MODEL: HAIKU_3 });
    expect(only(at(app), 'ModelAvailability')).toEqual([]);
    expect(discovered(app).modelUses).toEqual([]);
  });

  test('a prompt and a flow node on an end-of-life model, each reported on its own resource', () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('us-west-2') });
    textPrompt(stack, 'Greeting', HAIKU_3);
    new bedrock.CfnFlow(stack, 'Triage', {
      name: 'triage',
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/flow`,
      definition: {
        nodes: [
          {
            name: 'Classify',
            type: 'Prompt',
            configuration: {
              prompt: {
                sourceConfiguration: {
                  inline: {
                    modelId: HAIKU_3,
                    templateType: 'TEXT',
                    templateConfiguration: { text: { text: 'Classify {{ticket}}' } },
                  },
                },
              },
            },
          },
        ],
      },
    });
    const findings = only(at(app), 'ModelAvailability');
    expect(findings.map((f) => f.message.split(':')[0]).sort()).toEqual([
      'flow App/Triage uses end-of-life models in us-west-2',
      'prompt App/Greeting uses end-of-life models in us-west-2',
    ]);
    expect(findings.map((f) => f.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('(is written for; variant "v1" ModelId)'),
        expect.stringContaining('(calls; node "Classify" Prompt ModelId)'),
      ]),
    );
  });
});

describe('ModelAvailability: geography of profiles Bedrock resources name', () => {
  function guardrail(stack: Stack, profileId: string) {
    new bedrock.CfnGuardrail(stack, 'Guard', {
      name: 'guard',
      blockedInputMessaging: 'Blocked.',
      blockedOutputsMessaging: 'Blocked.',
      contentPolicyConfig: {
        filtersConfig: [{ type: 'HATE', inputStrength: 'HIGH', outputStrength: 'HIGH' }],
      },
      crossRegionConfig: {
        guardrailProfileArn: `arn:aws:bedrock:${stack.region}:${ACCOUNT}:guardrail-profile/${profileId}`,
      },
    });
  }

  test('an eu. guardrail profile and an eu. prompt model in us-east-1 cannot be called there', () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('us-east-1') });
    guardrail(stack, 'eu.guardrail.v1:0');
    textPrompt(stack, 'Summary', 'eu.amazon.nova-pro-v1:0');
    const messages = only(at(app), 'ModelAvailability')
      .map((f) => f.message)
      .sort();
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(
      /^guardrail App\/Guard uses inference profiles that cannot be called from us-east-1: eu\.guardrail\.v1:0 \(uses guardrail profile; property CrossRegionConfig\.GuardrailProfileArn\) can be called only from .*eu-west-1/,
    );
    expect(messages[1]).toMatch(
      /^prompt App\/Summary uses inference profiles that cannot be called from us-east-1: eu\.amazon\.nova-pro-v1:0 \(is written for; variant "v1" ModelId\) can be called only from .*eu-west-1.*; use the profile of us-east-1's geography\. Source: \S+/,
    );
  });

  test('the us. guardrail profile in us-east-1 is compliant', () => {
    const app = newApp();
    guardrail(new Stack(app, 'App', { env: env('us-east-1') }), 'us.guardrail.v1:0');
    expect(at(app).findings).toEqual([]);
    expect(uses(discovered(app).modelUses)).toEqual([
      'Guard guardrail-profile us.guardrail.v1:0@us-east-1',
    ]);
  });
});

describe('ModelAvailability: application inference profiles', () => {
  function appProfile(stack: Stack, copyFrom: string) {
    new bedrock.CfnApplicationInferenceProfile(stack, 'TenantA', {
      inferenceProfileName: 'tenant-a',
      modelSource: { copyFrom },
    });
  }

  test("copying a profile-only model's foundation-model ARN: the profile would call it on demand", () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('us-east-1') });
    appProfile(stack, foundationArn('us-east-1', LLAMA_33));
    const [finding, ...rest] = only(at(app), 'ModelAvailability');
    expect(rest).toEqual([]);
    expect(finding.message).toMatch(
      /^application inference profile App\/TenantA calls models on demand by their bare id in us-east-1, .*meta\.llama3-3-70b-instruct-v1:0 \(copies; property ModelSource\.CopyFrom\) is served in us-east-1 only through us\.meta\.llama3-3-70b-instruct-v1:0/,
    );
  });

  test('copying the system profile instead is compliant but for the Legacy warning', () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('us-east-1') });
    appProfile(stack, `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/${LLAMA_33_US}`);
    expect(ids(at(app))).toEqual(['ModelLifecycle']);
    expect(uses(discovered(app).modelUses)).toEqual([
      `TenantA copy-source ${LLAMA_33_US}@us-east-1`,
    ]);
  });

  // The cdk-private-link shape: the copy source hard-coded to us-east-2, the stack deployed elsewhere.
  test('copying a us-east-2 model ARN into a us-east-1 profile: an error quoting AWS', () => {
    const app = newApp();
    const stack = new Stack(app, 'PrivateLink', { env: env('us-east-1') });
    appProfile(stack, foundationArn('us-east-2', LLAMA_33));
    const copies = only(at(app), 'ModelAvailability').filter((f) =>
      f.message.includes('copies meta.llama3-3-70b-instruct-v1:0 from us-east-2'),
    );
    expect(copies).toHaveLength(1);
    expect(copies[0].severity).toBe('error');
    expect(copies[0].message).toMatch(
      /^application inference profile PrivateLink\/TenantA in us-east-1 copies meta\.llama3-3-70b-instruct-v1:0 from us-east-2 \(property ModelSource\.CopyFrom\): .*AWS documents: "To create an application inference profile for one Region, specify a foundation model\./,
    );
    expect(copies[0].message).toContain(
      'Source: https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-create.html',
    );
  });

  test("the copy source built from the stack's own region is no copy-region finding", () => {
    const app = newApp();
    const stack = new Stack(app, 'PrivateLink', { env: env('us-east-1') });
    appProfile(
      stack,
      `arn:aws:bedrock:${stack.region}:${ACCOUNT}:inference-profile/${LLAMA_33_US}`,
    );
    expect(only(at(app), 'ModelAvailability')).toEqual([]);
    const [use] = discovered(app).modelUses;
    expect(uses([use])).toEqual([`TenantA copy-source ${LLAMA_33_US}@us-east-1`]);
    expect(use.model.arnPlace?.region).toBe('us-east-1');
  });

  test('a copy source whose region is a token of an environment-agnostic stack is never called different', () => {
    const app = newApp();
    const stack = new Stack(app, 'Agnostic');
    appProfile(stack, `arn:aws:bedrock:${stack.region}::foundation-model/${LLAMA_33}`);
    expect(only(at(app), 'ModelAvailability')).toEqual([]);
    expect(discovered(app).modelUses.map((u) => u.purpose)).toEqual(['copy-source']);
  });
});

test('a profile ARN built from an agnostic stack is named in UnresolvedRegion by its resource part, once', () => {
  const app = newApp();
  const stack = new Stack(app, 'Agnostic');
  // The geography prefix from the stack's region, as region-mapping patterns build it.
  const area = Fn.select(0, Fn.split('-', Aws.REGION));
  new bedrock.CfnApplicationInferenceProfile(stack, 'Profile', {
    inferenceProfileName: 'tenant',
    modelSource: {
      copyFrom: `arn:${Aws.PARTITION}:bedrock:${Aws.REGION}:${Aws.ACCOUNT_ID}:inference-profile/${area}.amazon.nova-lite-v1:0`,
    },
  });
  const uses = discovered(app).modelUses;
  expect(uses.map((u) => [u.purpose, u.model.kind, u.place.region])).toEqual([
    ['copy-source', 'unknown', null],
  ]);
  const [finding] = only(lint(app), 'UnresolvedRegion');
  expect(finding.message).toContain(
    'Cannot determine the region model inference-profile/<unknown>.amazon.nova-lite-v1:0 is called in: stack Agnostic is environment-agnostic (no region).',
  );
});
