import { FlowFact, TargetKind } from '../lib/discover/facts';
import {
  crossesRegions,
  flowRelated,
  flowText,
  FindingDraft,
  list,
  natText,
  Rule,
  RuleContext,
} from './rule';

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
    return ctx.facts.flows
      .filter((f) => MODEL_USE.has(f.target.kind) && !CUSTOM.has(f.target.model?.kind ?? ''))
      .flatMap((f) => [...crossRegion(f), ...wrongGeography(f, ctx)]);
  },
};

function crossRegion(f: FlowFact): FindingDraft[] {
  if (!crossesRegions(f)) return [];
  return [
    {
      subject: f.source.subject,
      key: `model:${f.target.key}`,
      regions: { resource: f.source.place.region, peer: f.target.place.region },
      related: flowRelated(f),
      message: `${flowText(f)}. Each request and response crosses regions.${natText(f)}`,
      cost: { kind: 'flows', flows: [f], charges: ['transfer', 'nat'] },
    },
  ];
}

/** A geography profile called from a region that is not one of its sources fails. */
function wrongGeography(f: FlowFact, ctx: RuleContext): FindingDraft[] {
  const model = f.target.model;
  const from = f.target.place.region;
  if (!model?.geography || !model.modelId || !from) return [];
  const route = ctx.catalog.routing(model.modelId, model.geography, from);
  if (!route || route.callable) return [];
  return [
    {
      subject: f.source.subject,
      key: `geography:${model.modelId}@${from}`,
      regions: { resource: from, peer: route.regions[0] ?? null },
      related: flowRelated(f),
      message: `Inference profile ${model.modelId} is called in ${from} (${f.target.place.source}), which is not a source region of the ${model.geography} geography (${list([...route.regions])}); Bedrock rejects the model id there. Source: ${route.source}.`,
    },
  ];
}
