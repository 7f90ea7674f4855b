import { StackModel } from '../assembly/types';
import { parseEmbeddedJson } from '../resolve/embedded-json';
import { Locator } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { asArray, asText, get, isValueObject, Value } from '../resolve/value';
import { ModelPurpose, ModelUseFact } from './facts';
import { parseModelRef } from './model-ref';

/** A model named by a Bedrock resource's property, before it becomes a use with its place. */
interface NamedModel {
  readonly purpose: ModelPurpose;
  readonly value: Value | undefined;
  /** `node "Answer" ModelId`, `property ModelSource.CopyFrom`. */
  readonly evidence: string;
}

type ModelReader = (props: Value) => NamedModel[];

/**
 * Bedrock resources that name the models they call, by CloudFormation type. Property names as
 * in aws-cdk-lib 2.276.0 `aws-bedrock/lib/bedrock.generated.d.ts` and
 * `aws-bedrockagentcore/lib/bedrockagentcore.generated.d.ts`. Agents are compute (their
 * `FoundationModel` is a setting); knowledge bases and data sources have their own facts.
 */
const READERS: Record<string, ModelReader> = {
  'AWS::Bedrock::Flow': flowModels,
  'AWS::Bedrock::Prompt': (p) =>
    asArray(get(p, 'Variants')).map((v) => ({
      purpose: 'prompt',
      value: get(v, 'ModelId'),
      evidence: `variant "${asText(get(v, 'Name')) ?? '?'}" ModelId`,
    })),
  'AWS::Bedrock::IntelligentPromptRouter': (p) => [
    ...asArray(get(p, 'Models')).map((m) => ({
      purpose: 'prompt-router' as const,
      value: get(m, 'ModelArn'),
      evidence: 'property Models[].ModelArn',
    })),
    {
      purpose: 'prompt-router',
      value: get(p, 'FallbackModel', 'ModelArn'),
      evidence: 'property FallbackModel.ModelArn',
    },
  ],
  'AWS::Bedrock::ApplicationInferenceProfile': (p) => [
    {
      purpose: 'copy-source',
      value: get(p, 'ModelSource', 'CopyFrom'),
      evidence: 'property ModelSource.CopyFrom',
    },
  ],
  'AWS::Bedrock::Guardrail': (p) => [
    {
      purpose: 'guardrail-profile',
      value: get(p, 'CrossRegionConfig', 'GuardrailProfileArn'),
      evidence: 'property CrossRegionConfig.GuardrailProfileArn',
    },
  ],
  'AWS::BedrockAgentCore::Memory': memoryModels,
};

/** Models named by flows, prompts, prompt routers, application inference profiles, guardrails and AgentCore memories. */
export function discoverResourceModelUses(
  stack: StackModel,
  resolver: Resolver,
  locator: Locator,
): ModelUseFact[] {
  const uses: ModelUseFact[] = [];
  for (const [type, read] of Object.entries(READERS)) {
    for (const r of stack.byType.get(type) ?? []) {
      const place = locator.resourcePlace(stack.id, r.logicalId);
      for (const named of read(resolver.properties(stack, r.logicalId))) {
        const model = parseModelRef(named.value, locator, named.evidence);
        if (!model) continue;
        uses.push({
          subject: { stackId: stack.id, logicalId: r.logicalId, type },
          purpose: named.purpose,
          model,
          // Bedrock calls the model from the resource's own region, whatever region an ARN names.
          place,
          evidence: [named.evidence],
        });
      }
    }
  }
  return uses;
}

/** Prompt nodes (inline prompts) and knowledge-base nodes (generation and rerank models). */
function flowModels(props: Value): NamedModel[] {
  const definition = get(props, 'Definition') ?? parseEmbeddedJson(get(props, 'DefinitionString'));
  if (!isValueObject(definition)) return [];
  return asArray(get(definition, 'Nodes')).flatMap((node): NamedModel[] => {
    const name = `node "${asText(get(node, 'Name')) ?? '?'}"`;
    const config = get(node, 'Configuration');
    const kb = get(config, 'KnowledgeBase');
    return [
      {
        purpose: 'flow-node',
        value: get(config, 'Prompt', 'SourceConfiguration', 'Inline', 'ModelId'),
        evidence: `${name} Prompt ModelId`,
      },
      {
        purpose: 'flow-node',
        value: get(kb, 'ModelId'),
        evidence: `${name} KnowledgeBase ModelId`,
      },
      {
        purpose: 'rerank',
        value: get(
          kb,
          'RerankingConfiguration',
          'BedrockRerankingConfiguration',
          'ModelConfiguration',
          'ModelArn',
        ),
        evidence: `${name} reranking ModelArn`,
      },
    ];
  });
}

/** The overrides of a custom memory strategy, and the steps each may run on a model of its choice. */
const MEMORY_OVERRIDES: Record<string, readonly string[]> = {
  SemanticOverride: ['Extraction', 'Consolidation'],
  SummaryOverride: ['Consolidation'],
  UserPreferenceOverride: ['Extraction', 'Consolidation'],
  EpisodicOverride: ['Extraction', 'Consolidation', 'Reflection'],
};

/**
 * Custom memory strategies name the models AgentCore calls to extract, consolidate and reflect on
 * memories; built-in strategies name none (AWS picks the model), so they give no use.
 */
function memoryModels(props: Value): NamedModel[] {
  return asArray(get(props, 'MemoryStrategies')).flatMap((strategy) => {
    const custom = get(strategy, 'CustomMemoryStrategy');
    const name = `strategy "${asText(get(custom, 'Name')) ?? '?'}"`;
    return Object.entries(MEMORY_OVERRIDES).flatMap(([override, steps]) =>
      steps.map((step) => ({
        purpose: 'memory' as const,
        value: get(custom, 'Configuration', override, step, 'ModelId'),
        evidence: `${name} ${override}.${step}.ModelId`,
      })),
    );
  });
}
