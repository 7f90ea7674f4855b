import { FlowFact } from '../discover/facts';
import { LineItem, Remediation } from '../report/types';
import { PricingContext } from './context';
import { dedupe, flowKey, flowVolume, sender, variableItems } from './flow-costs';
import { complete, freeItem, lineItem, sum, usd } from './line-item';

const GATEWAY_SERVICES = new Set(['s3', 'dynamodb']);
const FREE_GATEWAY = 'gateway endpoints have no hourly or per-GB charge (AWS NAT gateway docs)';

/**
 * Priced ways out of a finding's flows: move the workload beside its data, replicate the data
 * beside the workload, or add the endpoints that take traffic off the NAT gateway. Each compares
 * the variable cost of these flows; NAT gateway hours stay unless nothing else uses the gateway.
 */
export function flowRemediations(flows: readonly FlowFact[], ctx: PricingContext): Remediation[] {
  const out: Remediation[] = [];
  const crossing = flows.filter((f) => {
    const { from, to } = sender(f);
    return from !== null && to !== null && from !== to;
  });
  const targetRegions = [...new Set(crossing.map((f) => f.target.place.region!))];
  if (targetRegions.length === 1) out.push(move(crossing, targetRegions[0], ctx));
  for (const flow of crossing.filter((f) => f.target.kind === 'bucket' && f.access !== 'write'))
    out.push(replicate(flow, ctx));
  const local = flows.filter((f) => f.route.via === 'nat' && !crossing.includes(f));
  const gateway = local.filter((f) => GATEWAY_SERVICES.has(f.target.service));
  if (gateway.length > 0) out.push(addGatewayEndpoint(gateway, ctx));
  for (const service of new Set(local.map((f) => f.target.service))) {
    if (GATEWAY_SERVICES.has(service)) continue;
    out.push(
      addInterfaceEndpoint(
        local.filter((f) => f.target.service === service),
        ctx,
      ),
    );
  }
  return out;
}

/** Today's variable cost of these flows: transfer and NAT processing (hours excluded). */
function variableCost(flows: readonly FlowFact[], ctx: PricingContext): LineItem[] {
  return dedupe(flows.flatMap((f) => variableItems(f, ctx)));
}

function remediation(
  action: string,
  items: LineItem[],
  today: LineItem[],
  notes: string[],
): Remediation {
  const known = complete(items) && complete(today);
  const monthly = sum(items, 'monthlyUsd');
  return {
    action,
    monthlyUsd: complete(items) ? monthly : null,
    oneTimeUsd: null,
    differenceUsd: known ? usd(monthly - sum(today, 'monthlyUsd')) : null,
    lineItems: items,
    notes,
  };
}

function move(flows: readonly FlowFact[], region: string, ctx: PricingContext): Remediation {
  const compute = flows[0].source;
  const inVpc = compute.placement.kind === 'vpc';
  const items = inVpc
    ? flows.map((f) =>
        GATEWAY_SERVICES.has(f.target.service)
          ? freeItem(
              `${f.target.service} gateway endpoint in ${region} (${f.target.what})`,
              flowVolume(f, ctx),
              'GB',
              FREE_GATEWAY,
              `move-gw:${flowKey(f)}`,
            )
          : lineItem(
              `${f.target.service} interface endpoint processing in ${region} (${f.target.what})`,
              flowVolume(f, ctx),
              'GB',
              ctx.prices.interfaceEndpoint(region)?.gb ?? null,
              `move-if:${flowKey(f)}`,
            ),
      )
    : [];
  return remediation(
    `Move ${compute.name} to ${region}, beside what it reads`,
    items,
    variableCost(flows, ctx),
    [
      'No inter-region transfer once compute and data share a region.',
      ...(inVpc ? ['Assumes the VPC there has an S3 gateway endpoint.'] : []),
    ],
  );
}

function replicate(flow: FlowFact, ctx: PricingContext): Remediation {
  const from = flow.target.place.region!;
  const to = flow.source.place.region!;
  const path = flow.target.place.resource ? ctx.pathOf(flow.target.place.resource) : null;
  const items = [
    lineItem(
      `replication transfer ${from} -> ${to} (${flow.target.what})`,
      ctx.usage.quantity([path], 'monthlyWriteGb'),
      'GB',
      ctx.prices.interRegion(from, to),
      `replicate:${flowKey(flow)}`,
    ),
  ];
  if (flow.route.via === 'nat')
    items.push(
      freeItem(
        `reads of the replica through an S3 gateway endpoint in ${to}`,
        flowVolume(flow, ctx),
        'GB',
        FREE_GATEWAY,
        `replica-reads:${flowKey(flow)}`,
      ),
    );
  return remediation(
    `Replicate ${flow.target.what} into ${to} (S3 Cross-Region Replication) and read the copy`,
    items,
    variableCost([flow], ctx),
    [
      'Replication also pays one PUT request per replicated object and the storage of the second copy; S3 request and storage prices are not in the bundled table, so they are left out.',
    ],
  );
}

function addGatewayEndpoint(flows: readonly FlowFact[], ctx: PricingContext): Remediation {
  const services = [...new Set(flows.map((f) => f.target.service))];
  const items = flows.map((f) =>
    freeItem(
      `${f.target.service} gateway endpoint (${f.target.what})`,
      flowVolume(f, ctx),
      'GB',
      FREE_GATEWAY,
      `gw:${flowKey(f)}`,
    ),
  );
  return remediation(
    `Add ${services.join(' and ')} gateway endpoint${services.length > 1 ? 's' : ''} to the route tables of ${flows[0].source.name}'s subnets`,
    items,
    variableCost(flows, ctx),
    ['Gateway endpoints serve only their own region.'],
  );
}

function addInterfaceEndpoint(flows: readonly FlowFact[], ctx: PricingContext): Remediation {
  const compute = flows[0].source;
  const service = flows[0].target.service;
  const region = compute.place.region;
  const price = region ? ctx.prices.interfaceEndpoint(region) : null;
  const zones = compute.placement.kind === 'vpc' ? compute.placement.subnets.length : 1;
  const hours = ctx.usage.quantity([], 'hoursPerMonth');
  const items = [
    lineItem(
      `${service} interface endpoint hours in ${region ?? 'an unknown region'} (${zones} subnet${zones > 1 ? 's' : ''})`,
      hours
        ? {
            value: hours.value * zones,
            source: `${hours.source}; one endpoint network interface per subnet`,
          }
        : null,
      'AZ-hour',
      price?.azHour ?? null,
      `if-hours:${compute.subject.stackId}/${service}`,
    ),
    ...flows.map((f) =>
      lineItem(
        `${service} interface endpoint processing (${f.target.what})`,
        flowVolume(f, ctx),
        'GB',
        price?.gb ?? null,
        `if-gb:${flowKey(f)}`,
      ),
    ),
  ];
  return remediation(
    `Add a ${service} interface endpoint in ${region ?? 'the VPC region'}`,
    items,
    variableCost(flows, ctx),
    ['An interface endpoint is shared by every workload of the VPC; its hours are paid once.'],
  );
}
