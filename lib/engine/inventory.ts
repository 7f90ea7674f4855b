import { AppModel } from '../assembly/types';
import { compareText } from '../collections';
import { Facts, Subject } from '../discover/facts';
import { Route } from '../discover/network';
import { Place } from '../resolve/locate';
import { InventoryKind, InventoryResource } from '../report/types';

/** A fact's subject, or a place's resource (which carries no type). */
type Sighted = Omit<Subject, 'type'> & { readonly type?: string };

/**
 * The AI and data resources discovery found, from the facts alone (no template is read again):
 * customization work, knowledge bases, vector stores, the buckets that jobs, flows and knowledge
 * bases use, compute that calls models or reaches data, agents, the Bedrock resources that name a
 * model, and the NAT gateways those calls cross. One entry per resource (the first, most specific kind wins), in stack and path order;
 * linear in the facts, so it costs nothing next to discovery.
 */
export function inventoryOf(facts: Facts, app: AppModel): InventoryResource[] {
  const stacks = new Map(app.stacks.map((s) => [s.id, s]));
  const out = new Map<string, InventoryResource>();
  const add = (subject: Sighted | undefined, kind: InventoryKind, region: string | null) => {
    if (!subject) return;
    const key = `${subject.stackId}/${subject.logicalId}`;
    if (out.has(key)) return;
    const resource = stacks.get(subject.stackId)?.resources.get(subject.logicalId);
    out.set(key, {
      stack: subject.stackId,
      logicalId: subject.logicalId,
      constructPath: resource?.constructPath ?? null,
      type: resource?.type ?? subject.type ?? 'unknown',
      kind,
      region,
    });
  };
  const at = (subject: Sighted | undefined, kind: InventoryKind, place: Place | null) =>
    add(subject, kind, place?.region ?? null);
  for (const w of facts.work)
    at(
      w.subject,
      w.action === 'CreateModelInvocationJob' ? 'batch-inference-job' : 'customization-job',
      w.place,
    );
  for (const kb of facts.knowledgeBases) at(kb.subject, 'knowledge-base', kb.place);
  for (const c of facts.vectorCollections) at(c.subject, 'vector-store', c.place);
  for (const s of facts.s3VectorStores) at(s.subject, 'vector-store', s.place);
  for (const kb of facts.knowledgeBases) {
    const store = kb.store?.place;
    at(store?.resource, 'vector-store', store ?? null);
    for (const ds of kb.dataSources)
      if (ds.bucket) at(ds.bucket.place.resource, 'bucket', ds.bucket.place);
  }
  for (const w of facts.work) for (const d of w.data) at(d.place.resource, 'bucket', d.place);
  for (const f of facts.flows) {
    if (f.target.kind === 'bucket') at(f.target.place.resource, 'bucket', f.target.place);
    if (f.target.kind === 'vector-store')
      at(f.target.place.resource, 'vector-store', f.target.place);
  }
  const computeKind = (kind: string): InventoryKind =>
    kind === 'bedrock-agent' ? 'agent' : 'compute';
  for (const f of facts.flows) at(f.source.subject, computeKind(f.source.kind), f.source.place);
  for (const u of facts.modelUses)
    if (u.compute) at(u.compute.subject, computeKind(u.compute.kind), u.compute.place);
  // Ingestion calls of custom resources; a Lambda that also moves data is listed as compute above.
  for (const i of facts.ingestionCalls) at(i.subject, 'compute', i.place);
  // Bedrock resources that name a model without calling it (application inference profiles,
  // prompts, flows, guardrails); knowledge bases and agents are listed by their own kind above.
  for (const u of facts.modelUses) if (!u.compute) at(u.subject, 'model-resource', u.place);
  // Flows share routes (one per placement and ends): each route's gateways are listed once.
  const routes = new Set<Route>();
  for (const f of facts.flows) routes.add(f.route);
  for (const c of facts.controlCalls) routes.add(c.route);
  for (const r of routes)
    for (const g of r.natGateways) add(g, 'nat-gateway', stacks.get(g.stackId)?.region ?? null);
  return [...out.values()].sort(
    (a, b) =>
      compareText(a.stack, b.stack) ||
      compareText(a.constructPath ?? a.logicalId, b.constructPath ?? b.logicalId),
  );
}
