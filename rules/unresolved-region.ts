import { dataKind } from '../lib/discover/customization-call';
import { Subject } from '../lib/discover/facts';
import { ModelRef } from '../lib/discover/model-ref';
import { ENDPOINT_SERVICES } from '../lib/discover/network';
import { Place, sameRegion } from '../lib/resolve/locate';
import { FindingDraft, Rule, RuleContext } from './rule';

/** Compliant: every region that decides whether AI work and its data fit together is known at synth time. */
export const UnresolvedRegion: Rule = {
  name: 'UnresolvedRegion',
  summary:
    'A region (or the network path) that matters cannot be determined from the synthesized app.',
  explanation:
    'The region checks need the region of the job, knowledge base, bucket or store. An environment-agnostic ' +
    'stack, a CloudFormation parameter, or a bucket that the app does not define leaves it unknown, and an ' +
    'unknown region is never assumed to match: it is reported so the gap is visible. Whether Bedrock serves a ' +
    'model at all depends on the region that calls it, so a model called from an unknown region is reported ' +
    'with its id. Two resources of one ' +
    'stack share its region even when it is unknown, so they are not reported; nor is anything else whose ' +
    'region nothing depends on.',
  fix: 'Give the stack an explicit `env` with a region, define the VPC in the app (or accept that its NAT use is unchecked), or declare the regions of resources outside the app in the `externalResources` option (for example `{ "s3://corp-lake": "us-east-1" }`).',
  defaultSeverity: 'warning',
  check(ctx) {
    const gaps = new Gaps();
    const policy = (ctx.options.allowedRegions?.length ?? 0) > 0;
    workGaps(ctx, gaps);
    for (const kb of ctx.facts.knowledgeBases) {
      if (policy) gaps.note(kb.subject, 'knowledge base region', kb.place);
      if (kb.store?.place)
        gaps.pair(kb.subject, `${kb.store.kind} store`, kb.place, kb.store.place);
      const models = [
        [kb.subject, 'embedding model', kb.embeddingModel] as const,
        ...kb.dataSources.map((ds) => [ds.subject, 'parsing model', ds.parsingModel] as const),
      ];
      for (const [subject, what, model] of models)
        if (model?.arnPlace) gaps.pair(subject, `${what} ${model.text}`, kb.place, model.arnPlace);
      for (const ds of kb.dataSources)
        if (ds.bucket)
          gaps.pair(
            ds.subject,
            `data source bucket ${ds.bucket.bucket}`,
            kb.place,
            ds.bucket.place,
          );
    }
    for (const flow of ctx.facts.flows) {
      const { subject } = flow.source;
      if (policy) gaps.note(subject, 'its region (allowedRegions is set)', flow.source.place);
      // Named only for a gap: nearly every flow's ends are known to share a region or not.
      if (sameRegion(flow.source.place, flow.target.place) === null)
        gaps.pair(
          subject,
          `${flow.target.what} and ${ctx.nameOf(subject)}`,
          flow.source.place,
          flow.target.place,
        );
      if (flow.route.via === 'unknown' && ENDPOINT_SERVICES.has(flow.target.service))
        gaps.note(subject, `network path to ${flow.target.service}`, {
          region: null,
          source: 'network',
          unresolved: flow.route.note,
        });
    }
    for (const call of ctx.facts.controlCalls) {
      if (call.route.via === 'unknown')
        gaps.note(call.compute.subject, `network path to ${call.service}`, {
          region: null,
          source: 'network',
          unresolved: call.route.note,
        });
    }
    ingestionGaps(ctx, gaps);
    for (const use of ctx.facts.modelUses) {
      // Whether Bedrock serves a model depends on the calling region; a global profile answers anywhere.
      if (use.model.geography === 'global') continue;
      // A grant for any region is no unknown: the code picks the region (see Place.anyRegion).
      if (use.place.anyRegion) continue;
      gaps.note(use.subject, `the region model ${modelName(use.model)} is called in`, use.place);
    }
    return gaps.findings(ctx);
  },
};

/**
 * A model as the message names it: its id, else the resource part of its ARN (`inference-profile/
 * <unknown>.amazon.nova-lite-v1:0`). The reasons of unknown parts are left out: the gap's own
 * reason follows, and an ARN built from an agnostic stack would repeat it for each part.
 */
function modelName(model: ModelRef): string {
  if (model.modelId) return model.modelId;
  const text = model.text.replace(/<unknown: [^<>]*>/g, '<unknown>');
  // arn:partition:bedrock:region:account:resource (the resource may hold colons: `v1:0`).
  const parts = text.split(':');
  return parts[0] === 'arn' && parts.length > 5 ? parts.slice(5).join(':') : text;
}

/** A job's own region (it decides which models can be tuned there), and its data's and models'. */
function workGaps(ctx: RuleContext, gaps: Gaps): void {
  for (const work of ctx.facts.work) {
    gaps.note(work.subject, `${work.detail ?? work.action} region`, work.place);
    for (const d of work.data)
      gaps.pair(work.subject, `${dataKind(d.role)} ${d.uri}`, work.place, d.place);
    for (const [what, model] of [
      ['base model', work.baseModel],
      ['teacher model', work.teacherModel],
    ] as const)
      if (model?.arnPlace)
        gaps.pair(work.subject, `${what} ${model.text}`, work.place, model.arnPlace);
  }
}

/** A sync call's own region, and whether it is its knowledge base's. */
function ingestionGaps(ctx: RuleContext, gaps: Gaps): void {
  for (const call of ctx.facts.ingestionCalls) {
    // With its knowledge base in the app, only whether the two share a region matters (an
    // environment-agnostic stack's call to its own knowledge base does).
    if (!call.knowledgeBase)
      gaps.note(call.subject, `the region StartIngestionJob is called in`, call.place);
    else
      gaps.pair(
        call.subject,
        'the ingestion call and its knowledge base',
        call.place,
        call.knowledgeBase.place,
      );
  }
}

/** Reasons per resource, so each resource gets one finding listing every gap. */
class Gaps {
  private readonly bySubject = new Map<string, { subject: Subject; reasons: Set<string> }>();

  note(subject: Subject, what: string, place: Place | null | undefined): void {
    if (!place || place.region) return;
    const key = `${subject.stackId}/${subject.logicalId}`;
    const entry = this.bySubject.get(key) ?? { subject, reasons: new Set<string>() };
    entry.reasons.add(`${what}: ${place.unresolved ?? 'unknown'}`);
    this.bySubject.set(key, entry);
  }

  /** A gap only when it cannot be known whether the two places share a region. */
  pair(subject: Subject, what: string, a: Place, b: Place): void {
    if (sameRegion(a, b) !== null) return;
    this.note(subject, `whether ${what} share a region`, {
      region: null,
      source: b.source,
      unresolved: [a, b]
        .map((p) => p.unresolved)
        .filter(Boolean)
        .join('; '),
    });
  }

  findings(ctx: RuleContext): FindingDraft[] {
    return [...this.bySubject.values()].map(({ subject, reasons }) => ({
      subject,
      key: 'unresolved',
      regions: { resource: null },
      // Only the checks that need an unknown region are skipped: the others (a model's lifecycle, say) still ran.
      message: `Cannot determine ${[...reasons].join('; ')}. The checks for ${ctx.nameOf(subject)} that depend on ${reasons.size > 1 ? 'them' : 'it'} were skipped.`,
    }));
  }
}
