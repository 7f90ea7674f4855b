import { Catalog, LifecycleView, Offer, stripArn } from '../lib/catalog/catalog';
import { ModelPurpose, ModelUseFact, Subject } from '../lib/discover/facts';
import { computeName, list, RuleContext } from './rule';
import { lookupTable } from '../lib/collections';

/** What is wrong with calling one model from one region, per the catalog. */
export type UseProblem =
  | { readonly kind: 'end-of-life'; readonly lifecycle: LifecycleView }
  | { readonly kind: 'legacy'; readonly lifecycle: LifecycleView }
  | { readonly kind: 'not-offered'; readonly offer: Offer; readonly elsewhere: string[] }
  | { readonly kind: 'profile-only'; readonly offer: Offer }
  | { readonly kind: 'geography'; readonly sources: readonly string[]; readonly source: string };

export interface AssessedUse {
  readonly use: ModelUseFact;
  /** The id as the catalog reads it (geography profile ids keep their prefix). */
  readonly id: string;
  /** Null: the calling region is not known, and the problem holds in every region. */
  readonly region: string | null;
  readonly problem: UseProblem;
  /** The model's lifecycle there: a Legacy model with a placement problem says so too. */
  readonly lifecycle: LifecycleView;
}

/** Model kinds that name a foundation model or a system profile the catalog can check. */
const CHECKABLE = new Set([
  'foundation-model',
  'model-id',
  'inference-profile',
  'guardrail-profile',
]);

/**
 * The problem (at most one, the most decisive) of each model use whose model and calling region
 * are known: end-of-life first (nothing else matters then), then where and how Bedrock serves it.
 */
export function assessUses(ctx: RuleContext): AssessedUse[] {
  const out: AssessedUse[] = [];
  for (const use of ctx.facts.modelUses) {
    const id = use.model.modelId;
    const region = use.place.region;
    if (!id || !CHECKABLE.has(use.model.kind)) continue;
    if (!region) {
      // Where and how Bedrock serves a model depends on the region; its lifecycle may not.
      const everywhere = ctx.catalog.lifecycleEverywhere(id, ctx.today);
      if (everywhere?.status === 'EOL' || everywhere?.status === 'LEGACY')
        out.push({
          use,
          id,
          region: null,
          problem: {
            kind: everywhere.status === 'EOL' ? 'end-of-life' : 'legacy',
            lifecycle: everywhere,
          },
          lifecycle: everywhere,
        });
      continue;
    }
    const lifecycle = ctx.catalog.lifecycle(id, region, ctx.today);
    const problem = assess(use, id, region, ctx, lifecycle);
    if (problem) out.push({ use, id, region, problem, lifecycle });
  }
  return out;
}

function assess(
  use: ModelUseFact,
  id: string,
  region: string,
  { catalog, today }: RuleContext,
  lifecycle: LifecycleView,
): UseProblem | undefined {
  if (use.model.kind === 'guardrail-profile') return geography(use, id, region, catalog);
  if (lifecycle.status === 'EOL') return { kind: 'end-of-life', lifecycle };
  const placement = use.model.geography
    ? geography(use, id, region, catalog)
    : use.purpose === 'rerank'
      ? rerankProblem(id, region, catalog, today)
      : offerProblem(id, region, catalog, today);
  if (placement) return placement;
  return lifecycle.status === 'LEGACY' ? { kind: 'legacy', lifecycle } : undefined;
}

function offerProblem(
  id: string,
  region: string,
  catalog: Catalog,
  today: string,
): UseProblem | undefined {
  const offer = catalog.offer(id, region);
  if (offer.kind === 'profile-only') return { kind: 'profile-only', offer };
  if (offer.kind !== 'not-offered' && offer.kind !== 'provisioned-only') return undefined;
  const elsewhere = catalog
    .profilesFor(id)
    .map((p) => `${p.id} (callable from ${list(Object.keys(p.routes).sort())})`);
  // Where it is offered but end-of-life is no place to move to (Claude 3 Haiku: EOL in some regions).
  const onDemandRegions = offer.onDemandRegions.filter(
    (r) => catalog.lifecycle(id, r, today).status !== 'EOL',
  );
  return { kind: 'not-offered', offer: { ...offer, onDemandRegions }, elsewhere };
}

/** Rerank models are a regional fact of their own: the regions AWS lists for each. */
function rerankProblem(
  id: string,
  region: string,
  catalog: Catalog,
  today: string,
): UseProblem | undefined {
  const fact = catalog.data.regionFacts.rerankModels[stripArn(id)];
  if (!fact?.known) return offerProblem(id, region, catalog, today);
  if (fact.regions.includes(region)) return undefined;
  const offer: Offer = {
    kind: 'not-offered',
    onDemandRegions: [...fact.regions].sort(),
    profiles: [],
    source: fact.source,
    sourceUrl: catalog.sourceUrl(fact.source),
    complete: true,
  };
  return { kind: 'not-offered', offer, elsewhere: [] };
}

/**
 * A geography profile (model or guardrail) called from a region that is not one of its sources.
 * Reported only when neither the profile's own routes nor its geography list the region: a
 * profile row can lag a geography that gained a source region.
 */
function geography(
  use: ModelUseFact,
  id: string,
  region: string,
  catalog: Catalog,
): UseProblem | undefined {
  const geo = use.model.geography;
  if (!geo) return undefined;
  const profile = use.model.kind === 'guardrail-profile' ? undefined : catalog.profile(id, region);
  const route = catalog.routing(id, geo, region);
  if (profile?.callable || !route || route.callable) return undefined;
  const routes = catalog.data.profiles.find((p) => p.id === profile?.id)?.routes ?? {};
  const sources = profile
    ? Object.keys(routes)
    : (catalog.data.geographies[geo]?.sourceRegions ?? []);
  return {
    kind: 'geography',
    sources: [...sources].sort(),
    source: profile ? (profile.sourceUrl ?? profile.source) : route.source,
  };
}

const RESOURCE_NAMES = lookupTable<string>({
  'AWS::Bedrock::KnowledgeBase': 'knowledge base',
  'AWS::Bedrock::DataSource': 'data source',
  'AWS::Bedrock::Flow': 'flow',
  'AWS::Bedrock::Prompt': 'prompt',
  'AWS::Bedrock::IntelligentPromptRouter': 'prompt router',
  'AWS::Bedrock::ApplicationInferenceProfile': 'application inference profile',
  'AWS::Bedrock::Guardrail': 'guardrail',
  'AWS::BedrockAgentCore::Memory': 'AgentCore memory',
  'AWS::StepFunctions::StateMachine': 'state machine',
  'AWS::Lambda::Function': 'Lambda function',
  'Custom::AWS': 'custom resource',
  'AWS::CloudFormation::CustomResource': 'custom resource',
});

/** `Lambda function App/Chat`, `knowledge base Rag/Kb`: the resource as a reviewer knows it. */
export function subjectName(use: ModelUseFact, ctx: RuleContext): string {
  if (use.compute) return computeName(use.compute);
  return resourceName(use.subject, ctx);
}

export function resourceName(subject: Subject, ctx: RuleContext): string {
  const kind = RESOURCE_NAMES[subject.type] ?? subject.type;
  return `${kind} ${ctx.nameOf(subject)}`;
}

const PURPOSES: Record<ModelPurpose, string> = {
  invoke: 'invokes',
  agent: 'runs on',
  embedding: 'embeds with',
  parsing: 'parses documents with',
  enrichment: 'enriches chunks with',
  rerank: 'reranks with',
  'flow-node': 'calls',
  prompt: 'is written for',
  'prompt-router': 'routes to',
  'copy-source': 'copies',
  teacher: 'distills from',
  'guardrail-profile': 'uses guardrail profile',
  memory: 'builds memories with',
  'batch-inference': 'runs batch inference with',
};

/** `in us-east-1`, or for a calling region not known (or any region), every region. */
export function inRegion(a: AssessedUse): string {
  if (a.region) return `in ${a.region}`;
  return a.use.place.anyRegion
    ? 'in every region (its IAM grant allows calls in any region)'
    : 'in every region (the calling region is not known at synth time)';
}

export function purposeText(purpose: ModelPurpose): string {
  return PURPOSES[purpose];
}

/** `end-of-life since 2026-07-07 (source: …)` / `Legacy since …, end-of-life on …`: only dates a source gives. */
export function lifecycleText(lifecycle: LifecycleView): string {
  const where = lifecycle.sourceUrl ?? lifecycle.source;
  const cited = where
    ? lifecycle.confidence === 'third-party'
      ? ` (source: third-party reports only, ${where})`
      : ` (source: ${where})`
    : '';
  const successor = lifecycle.successor
    ? `; AWS names ${lifecycle.successor} as its successor`
    : '';
  if (lifecycle.status === 'EOL') {
    const since = lifecycle.eolDate
      ? `since ${lifecycle.eolDate}`
      : `as of ${lifecycle.checked ?? 'the catalog date'}`;
    const legacy = lifecycle.legacyDate ? `, Legacy since ${lifecycle.legacyDate}` : '';
    return `end-of-life ${since}${legacy}${cited}${successor}`;
  }
  const since = lifecycle.legacyDate
    ? `since ${lifecycle.legacyDate}`
    : `as of ${lifecycle.checked ?? 'the catalog date'} (start date not published)`;
  const eol = lifecycle.eolDate
    ? `, end-of-life on ${lifecycle.eolDate}`
    : ', end-of-life date not published';
  return `Legacy ${since}${eol}${cited}${successor}`;
}
