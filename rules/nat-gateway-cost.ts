import { KnowledgeBaseFact, Subject } from '../lib/discover/facts';
import { Placement, SubnetFact } from '../lib/discover/network';
import { computeName, FindingDraft, list, Rule, RuleContext } from './rule';

interface VpcUse {
  readonly gateways: Map<string, Subject>;
  readonly users: Set<string>;
  /** Knowledge-base stores in the subnets behind the gateways. */
  readonly stores: Set<string>;
  readonly region: string | null;
  /** Whether some subnet behind the gateways lacks an S3 gateway endpoint. */
  noS3Endpoint: boolean;
}

/** Informational: what the NAT gateways in front of AI and data workloads cost before any traffic. */
export const NatGatewayCost: Rule = {
  name: 'NatGatewayCost',
  summary:
    "NAT gateways that AI or data traffic uses, or that serve a knowledge base's store, with their fixed monthly cost.",
  explanation:
    'Each NAT gateway is billed by the hour in every availability zone it is deployed in, whether or not ' +
    "traffic crosses it; CDK's default `ec2.Vpc` creates one per availability zone. When the only traffic " +
    'is S3, DynamoDB or Bedrock, gateway and interface endpoints can carry it and the gateways may not be needed. ' +
    "A knowledge base's Aurora or OpenSearch store in subnets behind NAT gateways counts too: Bedrock reaches " +
    'the store through the service, so only the fixed cost is reported, never a traffic volume.',
  fix: 'Add S3 (and DynamoDB) gateway endpoints and Bedrock interface endpoints, then reduce `natGateways` (or use isolated subnets) where nothing else needs the internet.',
  defaultSeverity: 'info',
  check(ctx) {
    const byVpc = new Map<string, VpcUse>();
    const note = (
      placement: Extract<Placement, { kind: 'vpc' }>,
      gateways: readonly Subject[],
      user: { compute?: string; store?: string },
      region: string | null,
    ) => {
      if (gateways.length === 0) return;
      const key = placement.vpcKey ?? gateways[0].logicalId;
      const entry = byVpc.get(key) ?? {
        gateways: new Map(),
        users: new Set<string>(),
        stores: new Set<string>(),
        region,
        noS3Endpoint: false,
      };
      for (const g of gateways) entry.gateways.set(`${g.stackId}/${g.logicalId}`, g);
      if (user.compute) entry.users.add(user.compute);
      if (user.store) entry.stores.add(user.store);
      entry.noS3Endpoint ||= placement.subnets.some((s) => !s.gatewayEndpoints.has('s3'));
      byVpc.set(key, entry);
    };
    const uses = [
      ...ctx.facts.flows.map((f) => ({ compute: f.source, route: f.route })),
      ...ctx.facts.controlCalls,
    ];
    for (const { compute, route } of uses) {
      if (route.via !== 'nat' || compute.placement.kind !== 'vpc') continue;
      note(
        compute.placement,
        route.natGateways,
        { compute: computeName(compute) },
        compute.place.region,
      );
    }
    for (const kb of ctx.facts.knowledgeBases) {
      const placement = kb.store?.placement;
      if (placement?.kind !== 'vpc') continue;
      note(
        placement,
        natGateways(placement.subnets),
        { store: storeName(kb, ctx) },
        kb.place.region,
      );
    }
    return [...byVpc.entries()].map(([vpc, use]) => finding(vpc, use, ctx));
  },
};

/**
 * A knowledge base's store in subnets behind NAT gateways: Bedrock reaches the store through the
 * service (the RDS Data API, the domain endpoint), but the gateways exist for the stack it is in.
 */
function storeName(kb: KnowledgeBaseFact, ctx: RuleContext): string {
  const store = kb.store!;
  const name = store.resource ? ctx.nameOf({ ...store.resource, type: '' }) : store.locator;
  return `the ${store.kind} vector store ${name} of knowledge base ${ctx.nameOf(kb.subject)}`;
}

function natGateways(subnets: readonly SubnetFact[]): Subject[] {
  return subnets.filter((s) => s.defaultRoute === 'nat').flatMap((s) => s.natGateways);
}

function finding(vpc: string, use: VpcUse, ctx: RuleContext): FindingDraft {
  const nats = [...use.gateways.values()];
  const plural = nats.length > 1;
  const s3 = use.noS3Endpoint
    ? ' The subnets have no S3 gateway endpoint, so any S3 traffic from them crosses the gateways too.'
    : '';
  return {
    subject: nats[0],
    key: `nat-cost:${vpc}`,
    regions: { resource: use.region },
    cost: { kind: 'nat-hours', gateways: nats, region: use.region },
    message: `${nats.length} NAT gateway${plural ? 's' : ''} (${list(nats.map((g) => ctx.nameOf(g)))}) in ${use.region ?? 'an unknown region'} ${uses(use, plural)}; their hourly charge is due whether or not traffic crosses them.${s3}`,
  };
}

/** `carry the traffic of X`, `serve the subnets of Y`, or both. */
function uses({ users, stores }: VpcUse, plural: boolean): string {
  const parts = [
    ...(stores.size
      ? [`${plural ? 'serve' : 'serves'} the subnets of ${list([...stores].sort())}`]
      : []),
    ...(users.size
      ? [`${plural ? 'carry' : 'carries'} the traffic of ${list([...users].sort())}`]
      : []),
  ];
  return parts.join(' and ');
}
