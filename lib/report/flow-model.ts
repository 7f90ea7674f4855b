import { memoized } from '../collections';
import { Finding, InventoryResource, LineItem, Report } from './types';

/**
 * The region-flow picture of a report (PRODUCT.md section 7): the app's AI and data resources (the
 * report's inventory, and whatever findings name), placed in their regions, and one edge per
 * cross-region or NAT flow with its monthly GB and USD. Markdown draws it as a Mermaid flowchart,
 * text as a from→to matrix. Edges come from findings alone, so every arrow is evidence; resources
 * without findings are drawn plain.
 */
export interface FlowNode {
  readonly id: string;
  readonly label: string;
  /** Null when the region cannot be determined: drawn in an "unknown region" box, never guessed. */
  readonly region: string | null;
  /** Worst open severity of a finding about this node; null when findings only name it, or none does. */
  readonly severity: Finding['severity'] | null;
}

export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  readonly fromRegion: string | null;
  readonly toRegion: string | null;
  /** GB a month of the flow's largest volume line (transfer and NAT processing move the same bytes); null when unknown. */
  readonly gb: number | null;
  /** Monthly USD of the findings on this flow, each cost counted once. */
  readonly monthlyUsd: number;
  readonly viaNat: boolean;
  readonly severity: Finding['severity'];
  readonly failsAtDeploy: boolean;
}

export interface FlowModel {
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
  /** `resource` normally; `stack` or `region` when the app is too large to draw each resource. */
  readonly level: 'resource' | 'stack' | 'region';
  /** How many resources the drawing stands for (equal to nodes at resource level). */
  readonly resources: number;
}

/** Above this many nodes the picture stops being readable (and GitHub slows): aggregate. */
export const MAX_NODES = 40;
export const MAX_EDGES = 80;

const RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

interface End {
  key: string;
  label: string;
  region: string | null;
  stack: string | null;
  assembly: string | undefined;
  /** The label is the bare name, without the kind of resource. */
  bare?: boolean;
}

/** A flow a finding describes: from its subject to a related resource it reaches. */
interface RawFlow {
  from: End;
  to: End;
  finding: Finding;
  viaNat: boolean;
}

export function flowModel(report: Report): FlowModel {
  const open = report.findings.filter((f) => !f.acknowledged);
  const flows = open.flatMap(flowsOf);
  const ends = new Map<string, End>();
  const severity = new Map<string, Finding['severity']>();
  for (const f of open) {
    const subject = subjectEnd(f);
    if (!subject) continue;
    if (!ends.has(subject.key)) ends.set(subject.key, subject);
    const worst = severity.get(subject.key);
    if (!worst || RANK[f.severity] < RANK[worst]) severity.set(subject.key, f.severity);
  }
  for (const flow of flows) {
    // A bucket is named by its kind where some finding says it ("bucket DataLake/Lake").
    const known = ends.get(flow.to.key);
    if (!known || (known.label.length < flow.to.label.length && known.bare))
      ends.set(flow.to.key, flow.to);
  }
  for (const resource of report.inventory ?? []) {
    const end = inventoryEnd(resource);
    if (!ends.has(end.key)) ends.set(end.key, end);
  }
  const all = [...ends.values()];
  for (const level of ['resource', 'stack'] as const) {
    const group = (e: End) => groupOf(e, level);
    // A level with too many boxes is never drawn: count them before building its edges.
    if (new Set(all.map((e) => group(e).key)).size > MAX_NODES) continue;
    const model = build(all, flows, severity, group, level);
    if (model.nodes.length <= MAX_NODES && model.edges.length <= MAX_EDGES) return model;
  }
  return build(all, flows, severity, (e) => groupOf(e, 'region'), 'region');
}

function build(
  ends: readonly End[],
  flows: readonly RawFlow[],
  severity: ReadonlyMap<string, Finding['severity']>,
  group: (e: End) => End,
  level: FlowModel['level'],
): FlowModel {
  const keys = [...new Set(ends.map((e) => group(e).key))].sort();
  const ids = new Map(keys.map((k, i) => [k, `n${i}`]));
  const nodes = new Map<string, FlowNode>();
  for (const end of ends) {
    const g = group(end);
    const worst = severity.get(end.key) ?? null;
    const prev = nodes.get(g.key);
    const sev =
      prev?.severity && (!worst || RANK[prev.severity] <= RANK[worst]) ? prev.severity : worst;
    nodes.set(g.key, { id: ids.get(g.key)!, label: g.label, region: g.region, severity: sev });
  }
  if (level !== 'resource') countMembers(ends, group, nodes);
  const edges = new Map<string, FlowEdge & { counted: Set<string> }>();
  const gbOf = new Map<Finding, number | null>(); // a finding's flows share its line items
  for (const flow of flows) {
    const from = group(flow.from);
    const to = group(flow.to);
    if (from.key === to.key) continue; // inside one stack or region box: no arrow to draw
    const key = `${from.key}\u0000${to.key}`;
    const prev = edges.get(key);
    let gb = gbOf.get(flow.finding);
    if (gb === undefined)
      gbOf.set(flow.finding, (gb = largestGb(flow.finding.estimate?.lineItems ?? [])));
    const counted = prev?.counted ?? new Set<string>();
    const usd = counted.has(flow.finding.fingerprint)
      ? 0
      : (flow.finding.estimate?.monthlyUsd ?? 0);
    counted.add(flow.finding.fingerprint);
    edges.set(key, {
      from: ids.get(from.key)!,
      to: ids.get(to.key)!,
      fromRegion: from.region,
      toRegion: to.region,
      gb: prev ? maxKnown(prev.gb, gb) : gb,
      monthlyUsd: (prev?.monthlyUsd ?? 0) + usd,
      viaNat: (prev?.viaNat ?? false) || flow.viaNat,
      severity:
        prev && RANK[prev.severity] <= RANK[flow.finding.severity]
          ? prev.severity
          : flow.finding.severity,
      failsAtDeploy: (prev?.failsAtDeploy ?? false) || flow.finding.failsAtDeploy,
      counted,
    });
  }
  const sortedNodes = [...nodes.values()].sort((a, b) => idNumber(a.id) - idNumber(b.id));
  const sortedEdges = [...edges.values()]
    .map(({ counted: _c, ...e }) => e)
    .sort((a, b) => idNumber(a.from) - idNumber(b.from) || idNumber(a.to) - idNumber(b.to));
  return { nodes: sortedNodes, edges: sortedEdges, level, resources: ends.length };
}

/** Aggregated boxes say how many resources they stand for. */
function countMembers(
  ends: readonly End[],
  group: (e: End) => End,
  nodes: Map<string, FlowNode>,
): void {
  const counts = new Map<string, number>();
  for (const e of ends) counts.set(group(e).key, (counts.get(group(e).key) ?? 0) + 1);
  for (const [key, node] of nodes)
    nodes.set(key, { ...node, label: `${node.label} (${counts.get(key)} resources)` });
}

function groupOf(e: End, level: FlowModel['level']): End {
  if (level === 'resource') return e;
  const app = e.assembly ? `${appName(e.assembly)}: ` : '';
  if (level === 'stack' && e.stack)
    return {
      ...e,
      key: `s\u0000${e.assembly ?? ''}\u0000${e.stack}`,
      label: `${app}stack ${e.stack}`,
    };
  const region = e.region ?? 'unknown region';
  return { ...e, key: `r\u0000${region}`, label: `resources in ${region}`, stack: null };
}

/** `services/rag/cdk.out` reads as `services/rag`. */
function appName(assembly: string): string {
  return assembly.replace(/\/?cdk\.out$/, '') || assembly;
}

function nameOf(constructPath: string): string {
  return constructPath.endsWith('/Resource')
    ? constructPath.slice(0, -'/Resource'.length)
    : constructPath;
}

/** `Lambda Function` for `AWS::Lambda::Function`; a report names a few types thousands of times. */
const typeLabel = memoized((type: string) => type.replace(/^AWS::/, '').replace('::', ' '));

function subjectEnd(f: Finding): End | null {
  const place = f.constructPath ? nameOf(f.constructPath) : (f.logicalId ?? null);
  if (!place) return null;
  const type = f.resourceType ? typeLabel(f.resourceType) : '';
  const app = f.assembly ? `${appName(f.assembly)}: ` : '';
  return {
    key: `${f.assembly ?? ''}\u0000${f.stack ?? ''}\u0000${place}`,
    label: `${app}${type ? `${type} ` : ''}${place}`,
    region: f.regions.resource,
    stack: f.stack,
    assembly: f.assembly,
  };
}

const KIND_LABEL: Partial<Record<InventoryResource['kind'], string>> = {
  bucket: 'bucket',
  'nat-gateway': 'NAT gateway',
};

/** A discovered resource, keyed as findings key their subject, so one resource is one node. */
function inventoryEnd(r: InventoryResource): End {
  const place = r.constructPath ? nameOf(r.constructPath) : r.logicalId;
  const type = KIND_LABEL[r.kind] ?? typeLabel(r.type);
  const app = r.assembly ? `${appName(r.assembly)}: ` : '';
  return {
    key: `${r.assembly ?? ''}\u0000${r.stack}\u0000${place}`,
    label: `${app}${type} ${place}`,
    region: r.region,
    stack: r.stack,
    assembly: r.assembly,
  };
}

/** The resources a finding's subject reaches in another region, or through a NAT gateway. */
function flowsOf(f: Finding): RawFlow[] {
  const from = subjectEnd(f);
  if (!from) return [];
  const viaNat = f.related.some((r) => r.description.startsWith('NAT gateway'));
  return f.related
    .filter((r) => !r.description.startsWith('NAT gateway'))
    .filter(
      (r) => viaNat || (r.region !== null && from.region !== null && r.region !== from.region),
    )
    .map((r) => {
      const place = r.constructPath ? nameOf(r.constructPath) : r.description;
      const app = f.assembly ? `${appName(f.assembly)}: ` : '';
      // "training data s3://<DataLake/Lake>/train.jsonl" names the object, not the bucket node.
      const bare = !r.description.endsWith(place);
      const to: End = {
        key: `${f.assembly ?? ''}\u0000${r.stack ?? ''}\u0000${place}`,
        label: `${app}${bare ? place : r.description}`,
        region: r.region,
        stack: r.stack,
        assembly: f.assembly,
        bare,
      };
      return { from, to, finding: f, viaNat };
    });
}

function largestGb(items: readonly LineItem[]): number | null {
  const gb = items.filter((i) => i.unit === 'GB').map((i) => i.quantity);
  if (gb.length === 0 || gb.some((q) => q === null)) return null;
  return Math.max(...(gb as number[]));
}

function maxKnown(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.max(a, b);
}

function idNumber(id: string): number {
  return Number(id.slice(1));
}
