import { Subject } from '../lib/discover/facts';
import { computeName, FindingDraft, list, Rule } from './rule';

/** Informational: what the NAT gateways in front of AI and data workloads cost before any traffic. */
export const NatGatewayCost: Rule = {
  name: 'NatGatewayCost',
  summary: 'NAT gateways that AI or data traffic uses, with their fixed monthly cost.',
  explanation:
    'Each NAT gateway is billed by the hour in every availability zone it is deployed in, whether or not ' +
    "traffic crosses it; CDK's default `ec2.Vpc` creates one per availability zone. When the only traffic " +
    'is S3, DynamoDB or Bedrock, gateway and interface endpoints can carry it and the gateways may not be needed.',
  fix: 'Add S3 (and DynamoDB) gateway endpoints and Bedrock interface endpoints, then reduce `natGateways` (or use isolated subnets) where nothing else needs the internet.',
  defaultSeverity: 'info',
  check(ctx) {
    const byVpc = new Map<
      string,
      { gateways: Map<string, Subject>; users: Set<string>; region: string | null }
    >();
    const note = (
      vpc: string | undefined,
      gateways: readonly Subject[],
      user: string,
      region: string | null,
    ) => {
      if (gateways.length === 0) return;
      const key = vpc ?? gateways[0].logicalId;
      const entry = byVpc.get(key) ?? { gateways: new Map(), users: new Set<string>(), region };
      for (const g of gateways) entry.gateways.set(`${g.stackId}/${g.logicalId}`, g);
      entry.users.add(user);
      byVpc.set(key, entry);
    };
    const uses = [
      ...ctx.facts.flows.map((f) => ({ compute: f.source, route: f.route })),
      ...ctx.facts.controlCalls,
    ];
    for (const { compute, route } of uses) {
      if (route.via !== 'nat' || compute.placement.kind !== 'vpc') continue;
      note(compute.placement.vpcKey, route.natGateways, computeName(compute), compute.place.region);
    }
    return [...byVpc.entries()].map(([vpc, { gateways, users, region }]): FindingDraft => {
      const nats = [...gateways.values()];
      return {
        subject: nats[0],
        key: `nat-cost:${vpc}`,
        regions: { resource: region },
        cost: { kind: 'nat-hours', gateways: nats, region },
        message: `${nats.length} NAT gateway${nats.length > 1 ? 's' : ''} (${list(nats.map((g) => ctx.nameOf(g)))}) in ${region ?? 'an unknown region'} ${nats.length > 1 ? 'carry' : 'carries'} the traffic of ${list([...users].sort())}; their hourly charge is due whether or not traffic crosses them.`,
      };
    });
  },
};
