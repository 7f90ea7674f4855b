import { Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { ModelUseFact } from '../lib/discover/facts';
import { fn, rerankingSearchNode } from './flow-helpers';
import { ACCOUNT, discovered, env, newApp, textPrompt } from './helpers';

/** `purpose model@region (evidence)` per use, sorted: what discovery says each resource calls. */
function uses(list: readonly ModelUseFact[]): string[] {
  return list
    .map(
      (u) =>
        `${u.subject.logicalId.replace(/[0-9A-F]{8}$/, '')} ${u.purpose} ${u.model.modelId ?? u.model.text}@${u.place.region ?? 'null'} (${u.evidence.join('; ')})`,
    )
    .sort();
}

describe('model use discovery', () => {
  test('IAM grants, Bedrock-typed settings and permitted settings are calls; a bare model list without permission is not', () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('eu-west-1') });
    const granted = fn(stack, 'Granted', { MODEL_ID: 'meta.llama3-3-70b-instruct-v1:0' });
    granted.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:InvokeModel'],
        resources: ['arn:aws:bedrock:eu-west-1::foundation-model/meta.llama3-3-70b-instruct-v1:0'],
      }),
    );
    fn(stack, 'Typed', { MODEL_ID: 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0' });
    fn(stack, 'Listed', {
      MODELS: JSON.stringify([{ modelId: 'amazon.nova-pro-v1:0', region: 'us-east-1' }]),
    });
    expect(uses(discovered(app).modelUses)).toEqual([
      'Granted invoke meta.llama3-3-70b-instruct-v1:0@eu-west-1 (IAM bedrock:InvokeModel)',
      'Granted invoke meta.llama3-3-70b-instruct-v1:0@eu-west-1 (environment variable MODEL_ID)',
      'Typed invoke eu.anthropic.claude-3-7-sonnet-20250219-v1:0@eu-west-1 (environment variable MODEL_ID)',
    ]);
  });

  test("a profile's routing grants on foundation models and a regionless global grant are not on-demand calls", () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('us-east-1') });
    const chat = fn(stack, 'Chat', { MODEL_ID: 'us.meta.llama3-3-70b-instruct-v1:0' });
    chat.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:InvokeModel', 'bedrock:Converse'],
        resources: [
          `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.meta.llama3-3-70b-instruct-v1:0`,
          ...['us-east-1', 'us-east-2', 'us-west-2'].map(
            (r) => `arn:aws:bedrock:${r}::foundation-model/meta.llama3-3-70b-instruct-v1:0`,
          ),
          'arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
        ],
      }),
    );
    const facts = discovered(app);
    expect(uses(facts.modelUses)).toEqual([
      'Chat invoke us.meta.llama3-3-70b-instruct-v1:0@us-east-1 (IAM bedrock:InvokeModel, bedrock:Converse)',
      'Chat invoke us.meta.llama3-3-70b-instruct-v1:0@us-east-1 (environment variable MODEL_ID)',
    ]);
    expect(facts.flows.some((f) => f.target.place.region === null)).toBe(false);
  });

  test('agents, Step Functions InvokeModel and SDK Converse, flows, prompts, application profiles and guardrails', () => {
    const app = newApp();
    const stack = new Stack(app, 'App', { env: env('us-west-2') });
    new bedrock.CfnAgent(stack, 'Agent', {
      agentName: 'helper',
      foundationModel: 'anthropic.claude-3-haiku-20240307-v1:0',
      instruction: 'Help the user with their questions about the product catalog.',
    });
    const invoke = new tasks.BedrockInvokeModel(stack, 'Summarize', {
      model: bedrock.FoundationModel.fromFoundationModelId(
        stack,
        'Nova',
        bedrock.FoundationModelIdentifier.AMAZON_NOVA_PRO_V1_0,
      ),
      body: sfn.TaskInput.fromObject({ inputText: 'hello' }),
    });
    const converse = new tasks.CallAwsService(stack, 'Converse', {
      service: 'bedrockruntime',
      action: 'converse',
      // A bare id, and CDK's default IAM action (`bedrockruntime:converse`) grants nothing:
      // the SDK Converse task itself is the evidence of the call.
      parameters: { ModelId: 'amazon.nova-lite-v1:0', Messages: [] },
      iamResources: ['*'],
    });
    new sfn.StateMachine(stack, 'Pipeline', {
      definitionBody: sfn.DefinitionBody.fromChainable(invoke.next(converse)),
    });
    new bedrock.CfnFlow(stack, 'Flow', {
      name: 'flow',
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/flow`,
      definition: {
        nodes: [
          {
            name: 'Answer',
            type: 'Prompt',
            configuration: {
              prompt: {
                sourceConfiguration: {
                  inline: {
                    modelId: 'meta.llama3-1-70b-instruct-v1:0',
                    templateType: 'TEXT',
                    templateConfiguration: { text: { text: 'Answer {{q}}' } },
                  },
                },
              },
            },
          },
          rerankingSearchNode('arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0'),
        ],
      },
    });
    textPrompt(stack, 'Prompt', 'anthropic.claude-3-5-haiku-20241022-v1:0');
    new bedrock.CfnApplicationInferenceProfile(stack, 'Profile', {
      inferenceProfileName: 'tenant-a',
      modelSource: {
        copyFrom: `arn:aws:bedrock:us-west-2:${ACCOUNT}:inference-profile/us.amazon.nova-micro-v1:0`,
      },
    });
    new bedrock.CfnGuardrail(stack, 'Guardrail', {
      name: 'guard',
      blockedInputMessaging: 'no',
      blockedOutputsMessaging: 'no',
      contentPolicyConfig: {
        filtersConfig: [{ type: 'HATE', inputStrength: 'HIGH', outputStrength: 'HIGH' }],
      },
      crossRegionConfig: {
        guardrailProfileArn: `arn:aws:bedrock:us-west-2:${ACCOUNT}:guardrail-profile/us.guardrail.v1:0`,
      },
    });
    expect(uses(discovered(app).modelUses)).toEqual([
      'Agent agent anthropic.claude-3-haiku-20240307-v1:0@us-west-2 (property FoundationModel)',
      'Flow flow-node amazon.nova-pro-v1:0@us-west-2 (node "Search" KnowledgeBase ModelId)',
      'Flow flow-node meta.llama3-1-70b-instruct-v1:0@us-west-2 (node "Answer" Prompt ModelId)',
      'Flow rerank amazon.rerank-v1:0@us-west-2 (node "Search" reranking ModelArn)',
      'Guardrail guardrail-profile us.guardrail.v1:0@us-west-2 (property CrossRegionConfig.GuardrailProfileArn)',
      'Pipeline invoke amazon.nova-lite-v1:0@us-west-2 (state "Converse" ModelId)',
      'Pipeline invoke amazon.nova-pro-v1:0@us-west-2 (IAM bedrock:InvokeModel; state "Summarize" ModelId)',
      'Profile copy-source us.amazon.nova-micro-v1:0@us-west-2 (property ModelSource.CopyFrom)',
      'Prompt prompt anthropic.claude-3-5-haiku-20241022-v1:0@us-west-2 (variant "v1" ModelId)',
    ]);
  });
});
