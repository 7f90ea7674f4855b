import { FlowFact } from '../lib/discover/facts';
import {
  computeName,
  crossesRegions,
  DATA_TARGETS,
  FindingDraft,
  flowRelated,
  flowText,
  groupBy,
  list,
  natText,
  Rule,
} from './rule';

/** Bedrock jobs whose buckets AWS does not require in the job's region: their data is a priced flow. */
const BEDROCK_JOBS = new Set(['batch-inference-job', 'model-import-job']);

/** Compliant: compute reads and writes data lakes and vector stores of its own region. */
export const CrossRegionDataAccess: Rule = {
  name: 'CrossRegionDataAccess',
  summary: 'Compute in one region reads or writes a data lake or vector store in another.',
  explanation:
    'Every GB that compute pulls from a bucket, table or vector store of another region is billed as ' +
    'inter-region transfer by the sending region ($0.02/GB between most US and EU regions, more from Asia ' +
    'Pacific and South America), and adds the latency of a cross-region round trip. Behind a NAT gateway the ' +
    'same bytes are also billed as NAT data processing, because no gateway endpoint serves another region. ' +
    'Bedrock batch inference jobs and Custom Model Import jobs count too: AWS documents no same-Region rule ' +
    "for their buckets, so the job reads its input or weights from the bucket's region and writes its output " +
    'there, each direction billed by the region that sends it.',
  fix: 'Run the compute in the region of its data, or replicate the data into the compute region (S3 Cross-Region Replication, DynamoDB global tables) and read the local copy.',
  defaultSeverity: 'warning',
  check(ctx) {
    const crossing = ctx.facts.flows.filter(
      (f) =>
        DATA_TARGETS.has(f.target.kind) &&
        f.source.kind !== 'customization-job' &&
        crossesRegions(f),
    );
    const jobs = groupBy(
      crossing.filter((f) => BEDROCK_JOBS.has(f.source.kind)),
      (f) =>
        `${f.source.subject.stackId}/${f.source.subject.logicalId}|${f.source.name}|${f.target.place.region}`,
    );
    return [
      ...crossing
        .filter((f) => !BEDROCK_JOBS.has(f.source.kind))
        .map((f) => ({
          subject: f.source.subject,
          key: `data:${f.target.key}`,
          regions: { resource: f.source.place.region, peer: f.target.place.region },
          related: flowRelated(f),
          message: `${flowText(f)}.${natText(f)}`,
          cost: { kind: 'flows' as const, flows: [f], charges: ['transfer', 'nat'] as const },
        })),
      ...[...jobs.values()].map(jobFinding),
    ];
  },
};

/** One finding per job and data region, however many of its fields name buckets there. */
function jobFinding(flows: readonly FlowFact[]): FindingDraft {
  const [first] = flows;
  const from = first.source.place.region!;
  const to = first.target.place.region!;
  const evidence = flows.flatMap((f) => f.evidence);
  const data = list(evidence);
  const directions = [
    flows.some((f) => f.access !== 'write') && `reads from ${to}`,
    flows.some((f) => f.access !== 'read') && `writes from ${from}`,
  ].filter((d): d is string => Boolean(d));
  return {
    subject: first.source.subject,
    key: `job-data:${first.source.name}@${to}`,
    regions: { resource: from, peer: to },
    related: flows.flatMap(flowRelated),
    message: `${computeName(first.source)} runs in ${from} but its ${data} ${evidence.length > 1 ? 'are' : 'is'} in ${to}. AWS documents no same-Region requirement for this data, so the job runs and pays inter-region transfer (${list(directions)}).${natText(first)}`,
    cost: { kind: 'flows', flows, charges: ['transfer', 'nat'] },
  };
}
