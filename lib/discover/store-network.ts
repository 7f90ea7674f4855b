import { Resolver } from '../resolve/resolver';
import { asArray, get, soleRef, Value } from '../resolve/value';
import { KnowledgeBaseFact } from './facts';
import { NetworkIndex, Placement } from './network';
import { lookupTable } from '../collections';

/** Where each store type of the app states its subnets. */
const SUBNETS = lookupTable<(props: Value, resolver: Resolver) => Value[]>({
  'AWS::RDS::DBCluster': (p, resolver) => subnetGroup(get(p, 'DBSubnetGroupName'), resolver),
  'AWS::RDS::DBInstance': (p, resolver) => subnetGroup(get(p, 'DBSubnetGroupName'), resolver),
  'AWS::OpenSearchService::Domain': (p) => asArray(get(p, 'VPCOptions', 'SubnetIds')),
});

/**
 * Knowledge bases with the subnets of their RDS or OpenSearch managed store, when the app defines
 * the store in a VPC: the NAT gateways of those subnets are there because of the AI stack.
 */
export function placeStores(
  knowledgeBases: readonly KnowledgeBaseFact[],
  resolver: Resolver,
  network: NetworkIndex,
): KnowledgeBaseFact[] {
  return knowledgeBases.map((kb) => {
    const placement = kb.store?.resource && storePlacement(kb.store.resource, resolver, network);
    return placement ? { ...kb, store: { ...kb.store!, placement } } : kb;
  });
}

function storePlacement(
  ref: { stackId: string; logicalId: string },
  resolver: Resolver,
  network: NetworkIndex,
): Placement | undefined {
  const stack = resolver.stack(ref.stackId);
  const read = stack && SUBNETS[stack.resources.get(ref.logicalId)?.type ?? ''];
  if (!stack || !read) return undefined;
  const subnets = read(resolver.properties(stack, ref.logicalId), resolver);
  return subnets.length > 0 ? network.placement(subnets) : undefined;
}

/** The subnets of a `DBSubnetGroupName` that references a subnet group of the app. */
function subnetGroup(name: Value | undefined, resolver: Resolver): Value[] {
  const ref = soleRef(name);
  const owner = ref && resolver.stack(ref.stackId);
  if (!owner || owner.resources.get(ref.logicalId)?.type !== 'AWS::RDS::DBSubnetGroup') return [];
  return asArray(get(resolver.properties(owner, ref.logicalId), 'SubnetIds'));
}
