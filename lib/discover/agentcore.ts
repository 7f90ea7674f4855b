import { asArray, asText, get, Value } from '../resolve/value';
import { ComputeKind, Setting } from './facts';
import { NetworkIndex, Placement } from './network';
import { property, variables } from './settings';

interface AgentCoreShape {
  readonly kind: ComputeKind;
  readonly role: Value | undefined;
  readonly settings: Setting[];
  readonly placement: Placement;
}

/**
 * Amazon Bedrock AgentCore resources that run code as a role: runtimes (containers or code) and
 * harnesses (a managed agent loop on a model). Property names as in aws-cdk-lib 2.276.0
 * `aws-bedrockagentcore/lib/bedrockagentcore.generated.d.ts`.
 */
export const AGENTCORE_READERS: Record<
  string,
  (props: Value, network: NetworkIndex) => AgentCoreShape
> = {
  'AWS::BedrockAgentCore::Runtime': (p, network) => ({
    kind: 'agentcore-runtime',
    role: get(p, 'RoleArn'),
    settings: variables(get(p, 'EnvironmentVariables')),
    placement: networkPlacement(get(p, 'NetworkConfiguration'), network, 'runtime'),
  }),
  'AWS::BedrockAgentCore::Harness': (p, network) => ({
    kind: 'agentcore-harness',
    role: get(p, 'ExecutionRoleArn'),
    settings: [...variables(get(p, 'EnvironmentVariables')), ...harnessModel(get(p, 'Model'))],
    placement: networkPlacement(
      get(p, 'Environment', 'AgentCoreRuntimeEnvironment', 'NetworkConfiguration'),
      network,
      'harness',
    ),
  }),
};

/**
 * `PUBLIC` mode runs on AWS's network; `VPC` mode uses the subnets of `NetworkModeConfig`, like a
 * Lambda function's. A mode the template does not state is unknown, never assumed public.
 */
function networkPlacement(
  config: Value | undefined,
  network: NetworkIndex,
  what: string,
): Placement {
  const mode = asText(get(config, 'NetworkMode'));
  if (mode === 'PUBLIC') return { kind: 'aws-managed' };
  if (mode !== 'VPC')
    return { kind: 'unknown', reason: `the ${what} states no network mode known at synth time` };
  const subnets = asArray(get(config, 'NetworkModeConfig', 'Subnets'));
  return subnets.length > 0
    ? network.placement(subnets)
    : { kind: 'unknown', reason: `the ${what} is in VPC mode but its subnets are not stated` };
}

/**
 * The model a harness runs on: a Bedrock model id is certainly called; an OpenAI, Gemini or
 * LiteLLM configuration names a provider outside AWS (its key's name or its API base say which).
 */
function harnessModel(model: Value | undefined): Setting[] {
  const bedrock = get(model, 'BedrockModelConfig', 'ModelId');
  return [
    ...(bedrock === undefined
      ? []
      : [
          {
            label: 'property Model.BedrockModelConfig.ModelId',
            name: 'ModelId',
            value: bedrock,
            invokes: true,
          },
        ]),
    ...property(get(model, 'OpenAiModelConfig', 'ApiKeyArn'), 'Model.OpenAiModelConfig.ApiKeyArn'),
    ...property(get(model, 'OpenAiModelConfig', 'ApiBase'), 'Model.OpenAiModelConfig.ApiBase'),
    ...property(get(model, 'GeminiModelConfig', 'ApiKeyArn'), 'Model.GeminiModelConfig.ApiKeyArn'),
    ...property(get(model, 'LiteLlmModelConfig', 'ApiBase'), 'Model.LiteLlmModelConfig.ApiBase'),
  ];
}
