import { StackModel } from '../assembly/types';
import { remembered } from '../collections';
import { Locator, Place, sameRegion } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { asArray, asExpr, asText, get, soleRef, Value } from '../resolve/value';
import { Subject } from './facts';

/** Where a subnet's internet-bound traffic goes: its `0.0.0.0/0` route. */
export type DefaultRoute = 'nat' | 'internet-gateway' | 'none' | 'other';

export interface SubnetFact {
  readonly subject: Subject;
  readonly vpcKey?: string;
  readonly defaultRoute: DefaultRoute;
  readonly natGateways: readonly Subject[];
  /** Services (`s3`, `dynamodb`) with a gateway endpoint on this subnet's route table. */
  readonly gatewayEndpoints: ReadonlySet<string>;
}

export interface EndpointFact {
  readonly subject: Subject;
  readonly vpcKey?: string;
  readonly endpointType: 'Gateway' | 'Interface' | string;
  /** The service part of `com.amazonaws.<region>.<service>`, e.g. `s3`, `bedrock-runtime`. */
  readonly service: string;
  /**
   * The region the service name names (may differ from the VPC's: a finding), as a place:
   * `com.amazonaws.${AWS::Region}.x` of an environment-agnostic stack is that stack's region.
   */
  readonly servicePlace: Place;
  readonly place: Place;
  readonly privateDns: boolean;
}

/** Where a compute resource's traffic leaves from. */
export type Placement =
  | { readonly kind: 'aws-managed' }
  | { readonly kind: 'vpc'; readonly vpcKey?: string; readonly subnets: readonly SubnetFact[] }
  | { readonly kind: 'unknown'; readonly reason: string };

/** How a call leaves the network it starts in. */
export interface Route {
  readonly via:
    | 'aws-network'
    | 'gateway-endpoint'
    | 'interface-endpoint'
    | 'nat'
    | 'internet-gateway'
    | 'no-egress'
    | 'unknown';
  /** The NAT gateways the call can cross (each counted once for pricing). */
  readonly natGateways: readonly Subject[];
  /** Why this route: which endpoint serves it, or which is missing. */
  readonly note: string;
}

const GATEWAY_SERVICES = new Set(['s3', 'dynamodb']);

const OUTSIDE_VPC: Route = { via: 'aws-network', natGateways: [], note: 'runs outside any VPC' };

/** AWS services a gateway or interface endpoint could serve instead of the NAT gateway. */
export const ENDPOINT_SERVICES: ReadonlySet<string> = new Set([
  's3',
  's3express',
  's3tables',
  'dynamodb',
  's3vectors',
  'aoss',
  'bedrock',
  'bedrock-runtime',
  'bedrock-agent-runtime',
]);

const SERVICE_NAME = /^com\.amazonaws\.([a-z0-9-]+)\.([a-z0-9.-]+)$/;

/** VPCs, subnets with their default routes, NAT gateways and endpoints of every stack; built once. */
export class NetworkIndex {
  private readonly subnets = new Map<string, SubnetFact>();
  readonly endpoints: EndpointFact[] = [];
  /** Interface endpoints by `vpcKey|service`, so routing a flow does not scan every endpoint. */
  private readonly interfaceEndpoints = new Map<string, EndpointFact[]>();
  /** Placements by their subnets, and routes by placement and ends: compute shares subnets. */
  private readonly placements = new Map<string, Placement>();
  private readonly routes = new Map<Placement, Map<string, Route>>();

  constructor(
    stacks: readonly StackModel[],
    resolver: Resolver,
    private readonly locator: Locator,
  ) {
    for (const stack of stacks) this.indexStack(stack, resolver, locator);
    for (const e of this.endpoints) {
      if (e.endpointType !== 'Interface') continue;
      const key = `${e.vpcKey}|${e.service}`;
      this.interfaceEndpoints.set(key, [...(this.interfaceEndpoints.get(key) ?? []), e]);
    }
  }

  /** Where traffic leaves for subnets given as template values (refs or imported ids). */
  placement(subnetValues: readonly Value[]): Placement {
    if (subnetValues.length === 0) return { kind: 'aws-managed' };
    const subnets: SubnetFact[] = [];
    for (const value of subnetValues) {
      const ref = soleRef(value);
      const subnet = ref && this.subnets.get(key(ref.stackId, ref.logicalId));
      if (!subnet) {
        const text = asText(value) ?? (this.locator.describe(value) || 'a subnet');
        return {
          kind: 'unknown',
          reason: `subnet ${text} is not defined in this app, so its routes (NAT or not) are unknown`,
        };
      }
      subnets.push(subnet);
    }
    const subnetsKey = JSON.stringify(
      subnets.map((s) => key(s.subject.stackId, s.subject.logicalId)),
    );
    return remembered(this.placements, subnetsKey, () => ({
      kind: 'vpc',
      vpcKey: subnets[0].vpcKey,
      subnets,
    }));
  }

  /**
   * How a call from this placement reaches a service in a region. Gateway endpoints serve only
   * their own region; interface endpoints serve the region their service name names.
   */
  route(placement: Placement, service: string, target: Place, vpc: Place): Route {
    if (placement.kind === 'aws-managed') return OUTSIDE_VPC;
    if (placement.kind === 'unknown')
      return { via: 'unknown', natGateways: [], note: placement.reason };
    // All a route depends on besides the placement: the service and both ends' regions.
    const ends = JSON.stringify([
      service,
      target.region,
      target.regionOfStack ?? null,
      vpc.region,
      vpc.regionOfStack ?? null,
    ]);
    const byEnds = remembered(this.routes, placement, () => new Map<string, Route>());
    return remembered(byEnds, ends, () => this.vpcRoute(placement, service, target, vpc));
  }

  private vpcRoute(
    placement: Extract<Placement, { kind: 'vpc' }>,
    service: string,
    target: Place,
    vpc: Place,
  ): Route {
    // Places, not region names: in an environment-agnostic stack the region is unknown but shared.
    const same = sameRegion(target, vpc) === true;
    if (same && placement.subnets.every((s) => s.gatewayEndpoints.has(service)))
      return { via: 'gateway-endpoint', natGateways: [], note: `${service} gateway endpoint` };
    const endpoint = this.interfaceEndpoints
      .get(`${placement.vpcKey}|${service}`)
      ?.find((e) => e.privateDns && sameRegion(e.servicePlace, target) === true);
    if (endpoint)
      return {
        via: 'interface-endpoint',
        natGateways: [],
        note: `interface endpoint ${endpoint.subject.logicalId}`,
      };
    const known = target.region !== null || sameRegion(target, vpc) !== null;
    const why = this.missingEndpoint(
      service,
      known ? (target.region ?? 'its region') : null,
      vpc.region,
      same,
    );
    const nat = placement.subnets.filter((s) => s.defaultRoute === 'nat');
    if (nat.length > 0) {
      const gateways = new Map(
        nat.flatMap((s) => s.natGateways).map((g) => [key(g.stackId, g.logicalId), g]),
      );
      return { via: 'nat', natGateways: [...gateways.values()], note: why };
    }
    if (placement.subnets.some((s) => s.defaultRoute === 'internet-gateway'))
      return { via: 'internet-gateway', natGateways: [], note: why };
    return { via: 'no-egress', natGateways: [], note: `${why}; the subnets have no route out` };
  }

  private missingEndpoint(
    service: string,
    target: string | null,
    vpc: string | null,
    same: boolean,
  ): string {
    if (target === null) return `the ${service} region is unknown`;
    if (!same && GATEWAY_SERVICES.has(service))
      return `${service} in ${target} is in another region than the VPC (${vpc ?? 'unknown'}); no gateway endpoint can serve it`;
    if (GATEWAY_SERVICES.has(service)) return `the subnets have no ${service} gateway endpoint`;
    return `the VPC has no ${service} interface endpoint for ${target}`;
  }

  private indexStack(stack: StackModel, resolver: Resolver, locator: Locator): void {
    const props = (logicalId: string) => resolver.properties(stack, logicalId);
    const routes = defaultRoutes(stack, props);
    const gatewayServices = this.indexEndpoints(stack, props, locator);
    const tableOfSubnet = new Map<string, string>();
    for (const assoc of stack.byType.get('AWS::EC2::SubnetRouteTableAssociation') ?? []) {
      const p = props(assoc.logicalId);
      const subnet = refKey(get(p, 'SubnetId'));
      const table = refKey(get(p, 'RouteTableId'));
      if (subnet && table) tableOfSubnet.set(subnet, table);
    }
    for (const subnet of stack.byType.get('AWS::EC2::Subnet') ?? []) {
      const subnetKey = key(stack.id, subnet.logicalId);
      const table = tableOfSubnet.get(subnetKey);
      const route = table ? routes.get(table) : undefined;
      this.subnets.set(subnetKey, {
        subject: { stackId: stack.id, logicalId: subnet.logicalId, type: subnet.type },
        vpcKey: refKey(get(props(subnet.logicalId), 'VpcId')),
        defaultRoute: route?.route ?? 'none',
        natGateways: route?.nat ?? [],
        gatewayEndpoints: (table && gatewayServices.get(table)) || new Set(),
      });
    }
  }

  /** Records every endpoint; returns route table -> services with a gateway endpoint on it. */
  private indexEndpoints(
    stack: StackModel,
    props: (logicalId: string) => Value,
    locator: Locator,
  ): Map<string, Set<string>> {
    const gatewayServices = new Map<string, Set<string>>();
    for (const endpoint of stack.byType.get('AWS::EC2::VPCEndpoint') ?? []) {
      const p = props(endpoint.logicalId);
      const name = SERVICE_NAME.exec(asText(get(p, 'ServiceName')) ?? '');
      const endpointType = asText(get(p, 'VpcEndpointType')) ?? 'Gateway';
      const fact: EndpointFact = {
        subject: { stackId: stack.id, logicalId: endpoint.logicalId, type: endpoint.type },
        vpcKey: refKey(get(p, 'VpcId')),
        endpointType,
        service: name?.[2] ?? serviceTail(get(p, 'ServiceName')),
        servicePlace: servicePlace(get(p, 'ServiceName'), name?.[1]),
        place: locator.resourcePlace(stack.id, endpoint.logicalId),
        privateDns: asText(get(p, 'PrivateDnsEnabled')) !== 'false',
      };
      this.endpoints.push(fact);
      if (endpointType !== 'Gateway') continue;
      for (const tableKey of asArray(get(p, 'RouteTableIds')).map(refKey)) {
        if (!tableKey) continue;
        const set = gatewayServices.get(tableKey) ?? new Set<string>();
        set.add(fact.service);
        gatewayServices.set(tableKey, set);
      }
    }
    // OpenSearch Serverless has its own VPC endpoint type: an interface endpoint for `aoss`.
    for (const endpoint of stack.byType.get('AWS::OpenSearchServerless::VpcEndpoint') ?? []) {
      this.endpoints.push({
        subject: { stackId: stack.id, logicalId: endpoint.logicalId, type: endpoint.type },
        vpcKey: refKey(get(props(endpoint.logicalId), 'VpcId')),
        endpointType: 'Interface',
        service: 'aoss',
        servicePlace: locator.resourcePlace(stack.id, endpoint.logicalId),
        place: locator.resourcePlace(stack.id, endpoint.logicalId),
        privateDns: true,
      });
    }
    return gatewayServices;
  }
}

/** Route table -> where its `0.0.0.0/0` route goes, and through which NAT gateway. */
function defaultRoutes(
  stack: StackModel,
  props: (logicalId: string) => Value,
): Map<string, { route: DefaultRoute; nat: Subject[] }> {
  const routes = new Map<string, { route: DefaultRoute; nat: Subject[] }>();
  for (const route of stack.byType.get('AWS::EC2::Route') ?? []) {
    const p = props(route.logicalId);
    if (asText(get(p, 'DestinationCidrBlock')) !== '0.0.0.0/0') continue;
    const table = refKey(get(p, 'RouteTableId'));
    if (!table) continue;
    const nat = soleRef(get(p, 'NatGatewayId'));
    const gateway = asExpr(get(p, 'GatewayId'))?.toString() ?? '';
    const internet = /igw|InternetGateway/i.test(gateway);
    routes.set(table, {
      route: nat ? 'nat' : internet ? 'internet-gateway' : 'other',
      nat: nat
        ? [{ stackId: nat.stackId, logicalId: nat.logicalId, type: 'AWS::EC2::NatGateway' }]
        : [],
    });
  }
  return routes;
}

function key(stackId: string, logicalId: string): string {
  return `${stackId}/${logicalId}`;
}

function refKey(value: Value | undefined): string | undefined {
  const ref = soleRef(value);
  return ref ? key(ref.stackId, ref.logicalId) : undefined;
}

/** The service of a name whose region is a token (environment-agnostic stack): its last text part. */
/** `com.amazonaws.<region>.<service>`: a literal region, or `AWS::Region` of an environment-agnostic stack. */
function servicePlace(value: Value | undefined, region: string | undefined): Place {
  if (region) return { region, source: 'service name' };
  const regionPart = asExpr(value)?.parts[1];
  return {
    region: null,
    source: 'service name',
    unresolved: 'the service name does not name a region known at synth time',
    regionOfStack: regionPart?.kind === 'unknown' ? regionPart.regionOf : undefined,
  };
}

function serviceTail(value: Value | undefined): string {
  const parts = asExpr(value)?.parts ?? [];
  const last = parts[parts.length - 1];
  return last?.kind === 'text' && last.text.startsWith('.') ? last.text.slice(1) : '';
}
