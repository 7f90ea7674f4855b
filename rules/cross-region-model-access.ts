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
} from './rule';
import { lookupTable } from '../lib/collections';

const MODEL_USE: ReadonlySet<TargetKind> = new Set(['model', 'knowledge-base', 'agent', 'bedrock']);
/** Custom models belong to CustomModelRegion, which knows about copies. */
const CUSTOM = new Set(['custom-model', 'imported-model']);

/** Compliant: compute calls models, knowledge bases and agents of its own region, or profiles of its geography. */
export const CrossRegionModelAccess: Rule = {
  name: 'CrossRegionModelAccess',
  summary: 'Compute in one region invokes models, knowledge bases or agents in another.',
  explanation:
    'Prompts, retrieved documents and responses then cross regions on every call: inter-region transfer ' +
    'on each byte, added latency, and data processed outside the region the workload was placed in. (A ' +
    'cross-Region inference profile called from outside its geography does not cross regions: Bedrock ' +
    'rejects it, and ModelAvailability reports it.)',
  fix: "Call Bedrock in the compute region (a model, or a profile of the region's geography, available there), or move the compute next to the model, knowledge base or agent.",
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
    // A geography profile called outside its geography is ModelAvailability's (it fails there).
    return [...groups.values()].map(crossRegion);
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
