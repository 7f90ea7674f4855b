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
 * Who sends the bytes: reads are sent by the target's region, writes by the compute's. Calls to
 * models are priced as their responses, which are most of the bytes.
 */
export function sender(flow: FlowFact): { from: string | null; to: string | null } {
  const source = flow.source.place.region;
  const target = flow.target.place.region;
  return flow.access === 'write' ? { from: source, to: target } : { from: target, to: source };
}

/** Inter-region transfer of one flow, or nothing when both ends are in one (or an unknown) region. */
export function transferItem(flow: FlowFact, ctx: PricingContext): LineItem | null {
  const { from, to } = sender(flow);
  if (!from || !to || from === to) return null;
  return lineItem(
    `inter-region transfer ${from} -> ${to} (${flow.target.what})`,
    flowVolume(flow, ctx),
    'GB',
    ctx.prices.interRegion(from, to),
    `transfer:${flowKey(flow)}`,
  );
}

/** NAT processing of one flow's bytes and the hours of each gateway it crosses. */
export function natItems(flow: FlowFact, ctx: PricingContext): LineItem[] {
  if (flow.route.via !== 'nat') return [];
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

/** A gateway's fixed cost: the same key wherever it appears, so a report counts it once. */
export function natHours(gateway: Subject, region: string | null, ctx: PricingContext): LineItem {
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
    if (charges.includes('transfer')) {
      const transfer = transferItem(flow, ctx);
      if (transfer) items.push(transfer);
    }
    if (charges.includes('nat')) items.push(...natItems(flow, ctx));
  }
  return dedupe(items);
}

/** The same cost listed twice in one finding (two flows behind one gateway) is one item. */
export function dedupe(items: readonly LineItem[]): LineItem[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.key) && seen.add(i.key));
}
