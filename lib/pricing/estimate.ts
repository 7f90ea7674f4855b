import { Estimate, LineItem } from '../report/types';
import { CostBasis } from './basis';
import { PricingContext } from './context';
import { customizationCosts, Priced } from './customization-costs';
import { dedupe, flowItems, natHours } from './flow-costs';
import { complete, lineItem, sum, usd } from './line-item';
import { flowRemediations } from './remediations';

/** Line items, remediations and notes of one cost basis, before costs shared by findings are split. */
export function price(basis: CostBasis, ctx: PricingContext): Priced {
  switch (basis.kind) {
    case 'flows':
      return {
        lineItems: flowItems(basis.flows, basis.charges, ctx),
        remediations: flowRemediations(basis.flows, ctx),
        notes: [],
      };
    case 'egress':
      return egress(basis, ctx);
    case 'data-copy':
      return dataCopy(basis, ctx);
    case 'kb-sync':
      return kbSync(basis, ctx);
    case 'customization':
      return customizationCosts(basis, ctx);
    case 'nat-hours':
      return {
        lineItems: dedupe(basis.gateways.map((g) => natHours(g, basis.region, ctx))),
        remediations: [],
        notes: [
          'A NAT gateway is billed by the hour whether or not traffic crosses it; per-GB processing of each flow is priced in the NatGatewayDataPath and cross-region findings.',
        ],
      };
  }
}

function egress(basis: Extract<CostBasis, { kind: 'egress' }>, ctx: PricingContext): Priced {
  const region = basis.place.region;
  const path = basis.compute?.name ?? ctx.pathOf(basis.subject);
  const gb = ctx.usage.quantity([path], 'monthlyEgressGb');
  const tiered = region && gb ? ctx.prices.internetEgress(region, gb.value) : null;
  const rate = region ? ctx.prices.internetEgressRate(region) : null;
  const items: LineItem[] = [
    {
      ...lineItem(
        `internet egress from ${region ?? 'an unknown region'} to ${basis.provider}`,
        gb,
        'GB',
        rate,
        `egress:${path}|${basis.provider}`,
      ),
      ...(tiered ? { monthlyUsd: usd(tiered.usd) } : {}),
    },
  ];
  const placement = basis.compute?.placement;
  if (placement?.kind === 'vpc') {
    const gateways = placement.subnets.flatMap((s) => s.natGateways);
    if (gateways.length > 0) {
      const nat = region ? ctx.prices.natGateway(region) : null;
      items.push(
        lineItem(
          `NAT gateway data processing in ${region} (${basis.provider})`,
          gb,
          'GB',
          nat?.gb ?? null,
          `nat-gb:${path}|${basis.provider}`,
        ),
        ...gateways.map((g) => natHours(g, region, ctx)),
      );
    }
  }
  return {
    lineItems: dedupe(items),
    remediations: [],
    notes: [
      "Internet egress is tiered by the account's monthly volume; the first 100 GB a month are free for the whole account and are not subtracted here.",
    ],
  };
}

function dataCopy(basis: Extract<CostBasis, { kind: 'data-copy' }>, ctx: PricingContext): Priced {
  const from = basis.data.place.region!;
  const to = basis.work.place.region!;
  const path = ctx.pathOf(basis.work.subject);
  const item = lineItem(
    `copy of the ${basis.data.role} data ${from} -> ${to}, each run`,
    ctx.usage.quantity([path], 'datasetGb'),
    'GB',
    ctx.prices.interRegion(from, to),
    `copy:${path}|${basis.data.uri}`,
    'one-time',
  );
  return {
    lineItems: [item],
    remediations: [],
    notes: [
      `The job cannot read ${from} data from ${to}: this is the transfer of copying it into ${to} once per run.`,
    ],
  };
}

function kbSync(basis: Extract<CostBasis, { kind: 'kb-sync' }>, ctx: PricingContext): Priced {
  const from = basis.bucket.region!;
  const path = ctx.pathOf(basis.dataSource);
  const item = lineItem(
    `replication of the documents ${from} -> ${basis.region}`,
    ctx.usage.quantity([path, ctx.pathOf(basis.knowledgeBase)], 'monthlySyncGb'),
    'GB',
    ctx.prices.interRegion(from, basis.region),
    `kb-sync:${path}`,
  );
  return {
    lineItems: [item],
    remediations: [],
    notes: [
      "Ingestion from another region fails; this prices replicating the changed documents into the knowledge base's region. One PUT per replicated object and the second copy's storage are not in the bundled table.",
    ],
  };
}

/** A finding's estimate once costs shared with earlier findings are marked `countedIn`. */
export function settle(
  priced: Priced,
  counted: Map<string, string>,
  fingerprint: string,
): Estimate {
  const lineItems = priced.lineItems.map((item) => {
    const owner = counted.get(item.key);
    if (owner === undefined) {
      counted.set(item.key, fingerprint);
      return item;
    }
    return owner === fingerprint ? item : { ...item, countedIn: owner };
  });
  const own = lineItems.filter((i) => i.countedIn === null);
  return {
    monthlyUsd: sum(own, 'monthlyUsd'),
    oneTimeUsd: sum(own, 'oneTimeUsd'),
    complete: complete(lineItems),
    lineItems,
    remediations: priced.remediations,
    notes: priced.notes,
  };
}
