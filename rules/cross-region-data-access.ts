import { crossesRegions, DATA_TARGETS, flowRelated, flowText, natText, Rule } from './rule';

/** Compliant: compute reads and writes data lakes and vector stores of its own region. */
export const CrossRegionDataAccess: Rule = {
  name: 'CrossRegionDataAccess',
  summary: 'Compute in one region reads or writes a data lake or vector store in another.',
  explanation:
    'Every GB that compute pulls from a bucket, table or vector store of another region is billed as ' +
    'inter-region transfer by the sending region ($0.02/GB between most US and EU regions, more from Asia ' +
    'Pacific and South America), and adds the latency of a cross-region round trip. Behind a NAT gateway the ' +
    'same bytes are also billed as NAT data processing, because no gateway endpoint serves another region.',
  fix: 'Run the compute in the region of its data, or replicate the data into the compute region (S3 Cross-Region Replication, DynamoDB global tables) and read the local copy.',
  defaultSeverity: 'warning',
  check(ctx) {
    return ctx.facts.flows
      .filter(
        (f) =>
          DATA_TARGETS.has(f.target.kind) &&
          f.source.kind !== 'customization-job' &&
          crossesRegions(f),
      )
      .map((f) => ({
        subject: f.source.subject,
        key: `data:${f.target.key}`,
        regions: { resource: f.source.place.region, peer: f.target.place.region },
        related: flowRelated(f),
        message: `${flowText(f)}.${natText(f)}`,
        cost: { kind: 'flows', flows: [f], charges: ['transfer', 'nat'] },
      }));
  },
};
