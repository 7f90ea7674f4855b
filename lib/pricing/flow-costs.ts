import { remembered } from '../collections';
import { FlowFact, Subject } from '../discover/facts';
import { LineItem } from '../report/types';
import { PricingContext } from './context';
import { lineItem } from './line-item';
import { SourcedQuantity } from './usage';

/** Targets whose volume is data (`monthlyGb`), as opposed to calls (`monthlyInvocationGb`). */
const DATA_KINDS = new Set(['bucket', 'table', 'vector-store']);

export function flowKey(flow: FlowFact): string {
  return `${flow.source.subject.stackId}/${flow.source.subject.logicalId}>${flow.target.key}`;
}

/** GB a month over a flow: usage of the compute first, then of the target, then the profile. */
export function flowVolume(flow: FlowFact, ctx: PricingContext): SourcedQuantity | null {
  const quantity = DATA_KINDS.has(flow.target.kind) ? 'monthlyGb' : 'monthlyInvocationGb';
  const target = flow.target.place.resource ? ctx.pathOf(flow.target.place.resource) : null;
  return ctx.usage.quantity([flow.source.name, target], quantity);
}

/**
 * Who sends most of the bytes: reads by the target's region, writes by the compute's, calls by the
 * model's (responses). Used to tell whether a flow crosses regions at all.
 */
export function sender(flow: FlowFact): { from: string | null; to: string | null } {
  const source = flow.source.place.region;
  const target = flow.target.place.region;
  return flow.access === 'write' ? { from: source, to: target } : { from: target, to: source };
}

type Direction = 'requests' | 'responses' | 'reads' | 'writes' | 'downloads';

const INTERNET = 'the internet';

/** One direction of a flow's traffic: who sends it and how much. */
interface Leg {
  readonly direction: Direction;
  readonly from: string | null;
  readonly to: string | null;
  readonly quantity: SourcedQuantity | null;
  readonly key: string;
}

/**
 * Transfer is billed by the sending region: requests and writes from the caller's region,
 * responses and reads from the data's, each at its own region's rate.
 */
function legs(flow: FlowFact, ctx: PricingContext): Leg[] {
  const caller = flow.source.place.region;
  const data = flow.target.place.region;
  const key = flowKey(flow);
  if (flow.access === 'invoke') {
    // Calls from one compute to one region share its call volume, however many models it names.
    const calls = `${flow.source.subject.stackId}/${flow.source.subject.logicalId}>${flow.target.kind}@${data}`;
    const volume = flowVolume(flow, ctx);
    const share = requestShare(flow, ctx);
    return [
      leg('requests', caller, data, scaled(volume, share), calls),
      leg('responses', data, caller, scaled(volume, share && complement(share)), calls),
    ];
  }
  // Presigned-URL and public downloads go from the bucket to browsers: internet egress.
  const reads = flow.target.browserDownloads
    ? leg('downloads', data, INTERNET, flowVolume(flow, ctx), key)
    : leg('reads', data, caller, flowVolume(flow, ctx), key);
  const writes = (quantity: SourcedQuantity | null) => leg('writes', caller, data, quantity, key);
  if (flow.access === 'read') return [reads];
  if (flow.access === 'write') return [writes(flowVolume(flow, ctx))];
  const target = flow.target.place.resource ? ctx.pathOf(flow.target.place.resource) : null;
  return [reads, writes(ctx.usage.quantity([flow.source.name, target], 'monthlyWriteGb'))];
}

function leg(
  direction: Direction,
  from: string | null,
  to: string | null,
  quantity: SourcedQuantity | null,
  key: string,
): Leg {
  return { direction, from, to, quantity, key: `transfer-${direction}:${key}` };
}

/** The part of a call's bytes that is the request: prompt and context tokens of all tokens. */
function requestShare(flow: FlowFact, ctx: PricingContext): SourcedQuantity | null {
  const path = [flow.source.name];
  const [prompt, context, output] = (
    ['promptTokens', 'contextTokens', 'outputTokens'] as const
  ).map((q) => ctx.usage.quantity(path, q));
  if (!prompt || !context || !output) return null;
  const sent = prompt.value + context.value;
  return {
    value: sent / (sent + output.value),
    source: `requests are ${sent} of ${sent + output.value} tokens a call (${prompt.source})`,
  };
}

function complement(share: SourcedQuantity): SourcedQuantity {
  return {
    value: 1 - share.value,
    source: share.source.replace('requests are', 'responses are the rest of'),
  };
}

function scaled(
  volume: SourcedQuantity | null,
  share: SourcedQuantity | null,
): SourcedQuantity | null {
  if (!volume || !share) return null;
  return { value: volume.value * share.value, source: `${volume.source}; ${share.source}` };
}

/**
 * Items of each flow, by pricing run: a finding's flows are priced as they are and again under each
 * remediation, and flows recur across findings. Items are never changed after they are made
 * (`settle` copies one it marks), so every caller can hold the same ones.
 */
const itemsOfRun = new WeakMap<PricingContext, Map<FlowFact, FlowItems>>();

interface FlowItems {
  transfer?: LineItem[];
  nat?: LineItem[];
  variable?: LineItem[];
}

function itemsOf(flow: FlowFact, ctx: PricingContext): FlowItems {
  const byFlow = remembered(itemsOfRun, ctx, () => new Map<FlowFact, FlowItems>());
  return remembered(byFlow, flow, () => ({}));
}

/** Inter-region transfer of one flow, one item per direction that crosses regions. */
export function transferItems(flow: FlowFact, ctx: PricingContext): readonly LineItem[] {
  const items = itemsOf(flow, ctx);
  return (items.transfer ??= flowTransfer(flow, ctx));
}

function flowTransfer(flow: FlowFact, ctx: PricingContext): LineItem[] {
  // Both ends in one region and no browser downloads: no leg crosses, nothing to price.
  const region = flow.source.place.region;
  if (region && region === flow.target.place.region && !flow.target.browserDownloads) return [];
  const what =
    flow.access === 'invoke'
      ? `calls to ${flow.target.kind === 'model' ? 'models' : flow.target.what} in ${flow.target.place.region}`
      : flow.target.what;
  return legs(flow, ctx).flatMap((l) => {
    if (!l.from || !l.to || l.from === l.to) return [];
    if (l.to === INTERNET)
      return [
        lineItem(
          `internet egress, downloads from ${l.from} (${flow.target.browserDownloads}) (${what})`,
          l.quantity,
          'GB',
          ctx.prices.internetEgressRate(l.from),
          l.key,
        ),
      ];
    return [
      lineItem(
        `inter-region transfer, ${l.direction} ${l.from} -> ${l.to} at ${l.from}'s rate (${what})`,
        l.quantity,
        'GB',
        ctx.prices.interRegion(l.from, l.to),
        l.key,
      ),
    ];
  });
}

/** NAT processing of one flow's bytes and the hours of each gateway it crosses. */
export function natItems(flow: FlowFact, ctx: PricingContext): readonly LineItem[] {
  if (flow.route.via !== 'nat') return [];
  const items = itemsOf(flow, ctx);
  return (items.nat ??= flowNat(flow, ctx));
}

function flowNat(flow: FlowFact, ctx: PricingContext): LineItem[] {
  const region = flow.source.place.region;
  const nat = region ? ctx.prices.natGateway(region) : null;
  return [
    lineItem(
      `NAT gateway data processing in ${region ?? 'an unknown region'} (${flow.target.what})`,
      flowVolume(flow, ctx),
      'GB',
      nat?.gb ?? null,
      `nat-gb:${flowKey(flow)}`,
    ),
    ...flow.route.natGateways.map((g) => natHours(g, region, ctx)),
  ];
}

/** What a flow costs by the GB (transfer and NAT processing): what a remediation can change. */
export function variableItems(flow: FlowFact, ctx: PricingContext): readonly LineItem[] {
  const items = itemsOf(flow, ctx);
  return (items.variable ??= [
    ...transferItems(flow, ctx),
    ...natItems(flow, ctx).filter((i) => !i.key.startsWith('nat-hours:')),
  ]);
}

/** Hours items by pricing run, gateway and region: every flow through a gateway names it. */
const hoursOfRun = new WeakMap<PricingContext, Map<Subject, Map<string | null, LineItem>>>();

/** A gateway's fixed cost: the same key wherever it appears, so a report counts it once. */
export function natHours(gateway: Subject, region: string | null, ctx: PricingContext): LineItem {
  const byGateway = remembered(
    hoursOfRun,
    ctx,
    () => new Map<Subject, Map<string | null, LineItem>>(),
  );
  const byRegion = remembered(byGateway, gateway, () => new Map<string | null, LineItem>());
  return remembered(byRegion, region, () => gatewayHours(gateway, region, ctx));
}

function gatewayHours(gateway: Subject, region: string | null, ctx: PricingContext): LineItem {
  const path = ctx.pathOf(gateway);
  const nat = region ? ctx.prices.natGateway(region) : null;
  return lineItem(
    `NAT gateway ${path ?? gateway.logicalId} hours in ${region ?? 'an unknown region'}`,
    ctx.usage.quantity([path], 'hoursPerMonth'),
    'hour',
    nat?.hour ?? null,
    `nat-hours:${gateway.stackId}/${gateway.logicalId}`,
  );
}

/** Line items of a set of flows: transfer, NAT, or both. */
export function flowItems(
  flows: readonly FlowFact[],
  charges: readonly ('transfer' | 'nat')[],
  ctx: PricingContext,
): LineItem[] {
  const items: LineItem[] = [];
  for (const flow of flows) {
    if (charges.includes('transfer')) items.push(...transferItems(flow, ctx));
    if (charges.includes('nat')) items.push(...natItems(flow, ctx));
  }
  return dedupe(items);
}

/** The same cost listed twice in one finding (two flows behind one gateway) is one item. */
export function dedupe(items: readonly LineItem[]): LineItem[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.key) && seen.add(i.key));
}
