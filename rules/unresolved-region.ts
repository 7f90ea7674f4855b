import { Subject } from '../lib/discover/facts';
import { Place } from '../lib/resolve/locate';
import { FindingDraft, Rule } from './rule';

/** Services whose path (NAT or endpoint) matters for cost. */
const NAT_RELEVANT = /^(s3|dynamodb|bedrock)/;

/** Compliant: every region that decides whether AI work and its data fit together is known at synth time. */
export const UnresolvedRegion: Rule = {
  name: 'UnresolvedRegion',
  summary:
    'A region (or the network path) that matters cannot be determined from the synthesized app.',
  explanation:
    'The region checks need the region of the job, knowledge base, bucket or store. An environment-agnostic ' +
    'stack, a CloudFormation parameter, or a bucket that the app does not define leaves it unknown, and an ' +
    'unknown region is never assumed to match: it is reported so the gap is visible.',
  fix: 'Give the stack an explicit `env` with a region, define the VPC in the app (or accept that its NAT use is unchecked), or declare the regions of resources outside the app in the `externalResources` option (for example `{ "s3://corp-lake": "us-east-1" }`).',
  defaultSeverity: 'warning',
  check(ctx) {
    const gaps = new Map<string, { subject: Subject; reasons: Set<string> }>();
    const note = (subject: Subject, what: string, place: Place | null | undefined) => {
      if (!place || place.region) return;
      const key = `${subject.stackId}/${subject.logicalId}`;
      const entry = gaps.get(key) ?? { subject, reasons: new Set<string>() };
      entry.reasons.add(`${what}: ${place.unresolved ?? 'unknown'}`);
      gaps.set(key, entry);
    };
    for (const work of ctx.facts.work) {
      note(work.subject, `${work.detail ?? work.action} region`, work.place);
      for (const d of work.data) note(work.subject, `${d.role} data ${d.uri}`, d.place);
    }
    for (const kb of ctx.facts.knowledgeBases) {
      note(kb.subject, 'knowledge base region', kb.place);
      note(kb.subject, `${kb.store?.kind ?? 'vector'} store`, kb.store?.place);
      for (const ds of kb.dataSources)
        note(ds.subject, `data source bucket ${ds.bucket?.bucket ?? ''}`, ds.bucket?.place);
    }
    for (const flow of ctx.facts.flows) {
      note(flow.source.subject, `region of ${flow.source.subject.logicalId}`, flow.source.place);
      note(flow.source.subject, flow.target.what, flow.target.place);
      if (flow.route.via === 'unknown' && NAT_RELEVANT.test(flow.target.service))
        note(flow.source.subject, `network path to ${flow.target.service}`, {
          region: null,
          source: 'network',
          unresolved: flow.route.note,
        });
    }
    return [...gaps.values()].map(({ subject, reasons }): FindingDraft => ({
      subject,
      key: 'unresolved',
      regions: { resource: null },
      message: `Cannot determine ${[...reasons].join('; ')}. The region checks for ${subject.logicalId} were skipped.`,
    }));
  },
};
