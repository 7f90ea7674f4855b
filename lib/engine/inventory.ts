import { AppModel } from '../assembly/types';
import { compareText } from '../collections';
import { Facts } from '../discover/facts';
import { Place } from '../resolve/locate';
import { InventoryKind, InventoryResource } from '../report/types';

interface Seen {
  readonly subject: {
    readonly stackId: string;
    readonly logicalId: string;
    readonly type?: string;
  };
  readonly kind: InventoryKind;
  readonly region: string | null;
}

/**
 * The AI and data resources discovery found, from the facts alone (no template is read again):
 * customization work, knowledge bases, vector stores, the buckets that jobs, flows and knowledge
 * bases use, compute that calls models or reaches data, agents, and the NAT gateways those calls
 * cross. One entry per resource (the first, most specific kind wins), in stack and path order;
 * linear in the facts, so it costs nothing next to discovery.
 */
export function inventoryOf(facts: Facts, app: AppModel): InventoryResource[] {
  const seen: Seen[] = [];
  const add = (subject: Seen['subject'] | undefined, kind: InventoryKind, place: Place | null) =>
    subject && seen.push({ subject, kind, region: place?.region ?? null });
  for (const w of facts.work)
    add(
      w.subject,
      w.action === 'CreateModelInvocationJob' ? 'batch-inference-job' : 'customization-job',
      w.place,
    );
  for (const kb of facts.knowledgeBases) add(kb.subject, 'knowledge-base', kb.place);
  for (const c of facts.vectorCollections) add(c.subject, 'vector-store', c.place);
  for (const s of facts.s3VectorStores) add(s.subject, 'vector-store', s.place);
  for (const kb of facts.knowledgeBases) {
    const store = kb.store?.place;
    add(store?.resource, 'vector-store', store ?? null);
    for (const ds of kb.dataSources)
      if (ds.bucket) add(ds.bucket.place.resource, 'bucket', ds.bucket.place);
  }
  for (const w of facts.work) for (const d of w.data) add(d.place.resource, 'bucket', d.place);
  for (const f of facts.flows) {
    if (f.target.kind === 'bucket') add(f.target.place.resource, 'bucket', f.target.place);
    if (f.target.kind === 'vector-store')
      add(f.target.place.resource, 'vector-store', f.target.place);
  }
  const computeKind = (kind: string): InventoryKind =>
    kind === 'bedrock-agent' ? 'agent' : 'compute';
  for (const f of facts.flows) add(f.source.subject, computeKind(f.source.kind), f.source.place);
  for (const u of facts.modelUses)
    if (u.compute) add(u.compute.subject, computeKind(u.compute.kind), u.compute.place);
  // Ingestion calls of custom resources; a Lambda that also moves data is listed as compute above.
  for (const i of facts.ingestionCalls) add(i.subject, 'compute', i.place);
  const stackRegion = new Map(app.stacks.map((s) => [s.id, s.region]));
  const routes = [...facts.flows.map((f) => f.route), ...facts.controlCalls.map((c) => c.route)];
  for (const r of routes)
    for (const g of r.natGateways)
      seen.push({ subject: g, kind: 'nat-gateway', region: stackRegion.get(g.stackId) ?? null });
  return entries(seen, app);
}

function entries(seen: readonly Seen[], app: AppModel): InventoryResource[] {
  const stacks = new Map(app.stacks.map((s) => [s.id, s]));
  const out = new Map<string, InventoryResource>();
  for (const { subject, kind, region } of seen) {
    const key = `${subject.stackId}/${subject.logicalId}`;
    if (out.has(key)) continue;
    const resource = stacks.get(subject.stackId)?.resources.get(subject.logicalId);
    out.set(key, {
      stack: subject.stackId,
      logicalId: subject.logicalId,
      constructPath: resource?.constructPath ?? null,
      type: resource?.type ?? subject.type ?? 'unknown',
      kind,
      region,
    });
  }
  return [...out.values()].sort(
    (a, b) =>
      compareText(a.stack, b.stack) ||
      compareText(a.constructPath ?? a.logicalId, b.constructPath ?? b.logicalId),
  );
}
