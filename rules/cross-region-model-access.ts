import { FlowFact, TargetKind } from '../lib/discover/facts';
import {
  computeName,
  crossesRegions,
  distinctRelated,
  flowRelated,
  flowText,
  FindingDraft,
  groupBy,
  list,
  natText,
  Rule,
  RuleContext,
} from './rule';
import { lookupTable } from '../lib/collections';

const MODEL_USE: ReadonlySet<TargetKind> = new Set(['model', 'knowledge-base', 'agent', 'bedrock']);
/** Custom models belong to CustomModelRegion, which knows about copies. */
const CUSTOM = new Set(['custom-model', 'imported-model']);

/** Compliant: compute calls models, knowledge bases and agents of its own region, with profiles of its geography. */
export const CrossRegionModelAccess: Rule = {
  name: 'CrossRegionModelAccess',
  summary: 'Compute in one region invokes models, knowledge bases or agents in another.',
  explanation:
    'Prompts, retrieved documents and responses then cross regions on every call: inter-region transfer ' +
    'on each byte, added latency, and data processed outside the region the workload was placed in. A ' +
    'cross-Region inference profile (`us.`, `eu.`, `apac.`, `global.`) can only be called from a source region ' +
    'of its geography.',
  fix: "Call Bedrock in the compute region (a model or profile available there), or move the compute next to the model, knowledge base or agent. For inference profiles, use the profile of the calling region's geography.",
  defaultSeverity: 'warning',
  check(ctx) {
    const calls = ctx.facts.flows.filter(
      (f) => MODEL_USE.has(f.target.kind) && !CUSTOM.has(f.target.model?.kind ?? ''),
    );
    // One finding per compute, target region and kind, listing the models: not one per model id.
    const groups = groupBy(
      calls.filter(crossesRegions),
      (f) =>
        `${f.source.subject.stackId}/${f.source.subject.logicalId}|${f.target.place.region}|${f.target.kind}`,
    );
    // An agent's property and its role's grant can name the same profile: one finding for both.
    const wrong = groupBy(
      calls.filter((f) => f.target.model?.geography && f.target.place.region),
      (f) =>
        `${f.source.subject.stackId}/${f.source.subject.logicalId}|${f.target.model!.modelId}@${f.target.place.region}`,
    );
    return [
      ...[...groups.values()].map(crossRegion),
      ...[...wrong.values()].flatMap((flows) => wrongGeography(flows, ctx)),
    ];
  },
};

function crossRegion(flows: readonly FlowFact[]): FindingDraft {
  const [f] = flows;
  const text =
    flows.length === 1
      ? flowText(f)
      : `${computeName(f.source)} in ${f.source.place.region} calls ${flows.length} ${KIND_NAMES[f.target.kind]} in ${f.target.place.region}: ${list(flows.map((x) => `${x.target.what.replace(/^(model|foundation-model|inference-profile) /, '')} (${x.evidence.join('; ')})`))}`;
  return {
    subject: f.source.subject,
    key: `model:${f.target.kind}@${f.target.place.region}`,
    regions: { resource: f.source.place.region, peer: f.target.place.region },
    related: distinctRelated(flows.flatMap(flowRelated)),
    message: `${text}. Each request and response crosses regions.${natText(f)}`,
    cost: { kind: 'flows', flows, charges: ['transfer', 'nat'] },
  };
}

const KIND_NAMES = lookupTable<string>({
  model: 'models',
  'knowledge-base': 'knowledge bases',
  agent: 'agents',
  bedrock: 'Bedrock endpoints',
});

/** A geography profile called from a region that is not one of its sources fails. */
function wrongGeography(flows: readonly FlowFact[], ctx: RuleContext): FindingDraft[] {
  const [f] = flows;
  const model = f.target.model;
  const from = f.target.place.region;
  if (!model?.geography || !model.modelId || !from) return [];
  const route = ctx.catalog.routing(model.modelId, model.geography, from);
  if (!route || route.callable) return [];
  const sources = [...new Set(flows.map((x) => x.target.place.source))].join('; ');
  return [
    {
      subject: f.source.subject,
      key: `geography:${model.modelId}@${from}`,
      regions: { resource: from, peer: route.regions[0] ?? null },
      related: distinctRelated(flows.flatMap(flowRelated)),
      message: `Inference profile ${model.modelId} is called in ${from} (${sources}), which is not a source region of the ${model.geography} geography (${list([...route.regions])}); Bedrock rejects the model id there. Source: ${route.source}.`,
    },
  ];
}
