import { CustomizationType } from '../lib/catalog/types';
import { CustomizationWork, FlowFact, KnowledgeBaseFact, Subject } from '../lib/discover/facts';
import { Place } from '../lib/resolve/locate';
import { FindingDraft, flowRelated, flowText, list, Rule, RuleContext } from './rule';

/** Compliant: with `allowedRegions` set, AI resources, data, flows and inference routing stay inside them. */
export const DataResidency: Rule = {
  name: 'DataResidency',
  summary:
    'A resource, data flow or cross-Region inference profile is outside the allowed regions, or a model cannot be tuned in any of them.',
  explanation:
    'The `allowedRegions` option states where AI resources and data may live or be processed. A bucket, job, ' +
    'knowledge base or vector store elsewhere breaks it; so does compute reading data or calling models in another ' +
    'region, and a cross-Region inference profile (`us.`, `eu.`, `apac.`, `global.`) whose routing can send ' +
    'requests to regions outside the policy. A service control policy that enforces the same regions makes such ' +
    'calls fail at run time. A knowledge base on Pinecone, MongoDB Atlas or Redis Enterprise Cloud keeps its ' +
    'vectors wherever that company runs them, which the app cannot state, so it is reported as unverifiable.',
  fix: 'Move the resource or the flow into an allowed region (a vector store into AWS, or acknowledge it with where the provider keeps the data), use an in-region model id instead of a cross-Region profile (or a profile whose geography lies inside the policy), or pick a base model that can be customized in an allowed region.',
  defaultSeverity: 'error',
  check(ctx) {
    const allowed = ctx.options.allowedRegions;
    if (!allowed?.length) return [];
    const ok = (region: string | null) => region === null || allowed.includes(region);
    const flowFindings = ctx.facts.flows.flatMap((f) => [
      ...flowOutside(f, ok),
      ...profileOutside(f, allowed, ctx),
    ]);
    return [
      ...resourcesOutside(ctx, ok, allowed),
      ...ctx.facts.knowledgeBases.flatMap((kb) => unverifiableStore(kb, ctx, allowed)),
      ...flowFindings,
      ...ctx.facts.work.flatMap((w) => untunable(w, ctx, allowed)),
    ];
  },
};

function resourcesOutside(
  { facts, nameOf }: RuleContext,
  ok: (region: string | null) => boolean,
  allowed: readonly string[],
): FindingDraft[] {
  const items: { subject: Subject; place: Place; what: string }[] = [
    ...facts.work.map((w) => ({ ...w, what: w.detail ?? w.action })),
    ...facts.buckets.map((b) => ({ ...b, what: 'bucket' })),
    ...facts.knowledgeBases.map((k) => ({ ...k, what: 'knowledge base' })),
    ...facts.vectorCollections.map((c) => ({ ...c, what: 'vector collection' })),
    ...facts.s3VectorStores.map((s) => ({ ...s, what: 'S3 vector store' })),
    // Compute counts when it uses AI or data: once per flow source, not a scan per compute.
    ...[...new Set(facts.flows.map((f) => f.source))].map((c) => ({
      ...c,
      what: `${c.kind} using AI or data`,
    })),
  ];
  const seen = new Set<string>();
  return items.flatMap(({ subject, place, what }) => {
    const key = `${subject.stackId}/${subject.logicalId}`;
    if (ok(place.region) || seen.has(key)) return [];
    seen.add(key);
    return [
      {
        subject,
        key: `resource:${place.region}`,
        regions: { resource: place.region, peer: null },
        message: `${what} ${nameOf(subject)} is in ${place.region} (${place.source}), outside the allowed regions ${list([...allowed])}.`,
      },
    ];
  });
}

/**
 * A vector store outside AWS has no AWS region the app can state: the company that runs it decides
 * where the vectors live, so the policy cannot be checked (a host is not taken for a region).
 */
function unverifiableStore(
  kb: KnowledgeBaseFact,
  { nameOf }: RuleContext,
  allowed: readonly string[],
): FindingDraft[] {
  const external = kb.store?.external;
  if (!external) return [];
  const where = external.host ? `host ${external.host}` : `endpoint ${kb.store!.locator}`;
  return [
    {
      subject: kb.subject,
      key: `external-store:${kb.store!.kind}`,
      regions: { resource: kb.place.region, peer: null },
      message: `knowledge base ${nameOf(kb.subject)} keeps its vectors in ${external.provider} (${where}), outside AWS: where they are stored and processed cannot be verified to be inside the allowed regions ${list([...allowed])}.`,
    },
  ];
}

function flowOutside(f: FlowFact, ok: (region: string | null) => boolean): FindingDraft[] {
  const to = f.target.place.region;
  if (!ok(f.source.place.region) || ok(to)) return [];
  return [
    {
      subject: f.source.subject,
      key: `flow:${f.target.key}`,
      regions: { resource: f.source.place.region, peer: to },
      related: flowRelated(f),
      message: `${flowText(f)}: data is processed in ${to}, outside the allowed regions.`,
    },
  ];
}

function profileOutside(f: FlowFact, allowed: readonly string[], ctx: RuleContext): FindingDraft[] {
  const model = f.target.model;
  const from = f.target.place.region;
  if (!model?.geography || !model.modelId || !from) return [];
  const route = ctx.catalog.routing(model.modelId, model.geography, from);
  if (!route) return [];
  const outside = route.anyCommercialRegion
    ? ['any commercial region']
    : route.regions.filter((r) => !allowed.includes(r));
  if (outside.length === 0) return [];
  return [
    {
      subject: f.source.subject,
      key: `profile:${model.modelId}`,
      regions: {
        resource: f.source.place.region,
        peer: route.anyCommercialRegion ? null : outside[0],
      },
      related: flowRelated(f),
      message: `${flowText(f)}: cross-Region inference profile ${model.modelId} called from ${from} may route requests to ${list(outside)}, outside the allowed regions ${list([...allowed])} (${route.source}).`,
    },
  ];
}

function untunable(
  w: CustomizationWork,
  ctx: RuleContext,
  allowed: readonly string[],
): FindingDraft[] {
  if (w.action !== 'CreateModelCustomizationJob' || !w.baseModel?.modelId) return [];
  const model = ctx.catalog.model(w.baseModel.modelId);
  const type = w.customizationType as CustomizationType;
  const entry = model?.customization[type];
  if (!model || !entry || entry.status !== 'current') return [];
  const usable = allowed.some((r) => ctx.catalog.customizability(model.id, type, r, ctx.today).ok);
  if (usable) return [];
  const alternatives = allowed.flatMap((r) =>
    ctx.catalog.customizableIn(r, type, ctx.today).map((m) => `${m.name} (${r})`),
  );
  return [
    {
      subject: w.subject,
      key: `untunable:${model.id}`,
      regions: { resource: w.place.region, peer: entry.regions[0] ?? null },
      message: `${model.name} can be customized with ${type} only in ${list([...entry.regions])}, none of them in the allowed regions ${list([...allowed])}. Models that can be customized with ${type} there: ${list(alternatives)}.`,
    },
  ];
}
