import { ENDPOINT_SERVICES } from '../lib/discover/network';
import { FlowFact } from '../lib/discover/facts';
import {
  computeName,
  distinctRelated,
  FindingDraft,
  flowRelated,
  groupBy,
  list,
  Rule,
} from './rule';

/** Compliant: AI and data traffic from private subnets uses gateway or interface endpoints of its own region. */
export const NatGatewayDataPath: Rule = {
  name: 'NatGatewayDataPath',
  summary: 'AI or data workloads reach S3 or Bedrock through a NAT gateway.',
  explanation:
    'A NAT gateway bills every GB it processes ($0.045/GB in us-east-1 and us-west-2), on top of its hourly ' +
    'charge and any transfer. S3 and DynamoDB traffic in the same region can use a free gateway endpoint, and ' +
    'Bedrock an interface endpoint, but a bucket in another region cannot be served by any gateway endpoint: ' +
    'its bytes always cross the NAT. Data lakes and training sets make this the largest line of many bills.',
  fix: 'Add an S3 (and DynamoDB) gateway endpoint to the private route tables (`vpc.addGatewayEndpoint`), Bedrock interface endpoints (`bedrock-runtime`, `bedrock-agent-runtime`) for model calls, and keep data in the VPC region so the endpoint can serve it.',
  defaultSeverity: 'warning',
  check(ctx) {
    const groups = groupBy(
      ctx.facts.flows.filter(
        (f) => f.route.via === 'nat' && ENDPOINT_SERVICES.has(f.target.service),
      ),
      (f) => `${f.source.subject.stackId}/${f.source.subject.logicalId}|${f.target.service}`,
    );
    const findings: FindingDraft[] = [...groups.values()].map((flows) => natFinding(flows));
    for (const e of ctx.facts.endpoints) {
      const vpcRegion = e.place.region;
      const serviceRegion = e.servicePlace.region;
      if (!serviceRegion || !vpcRegion || serviceRegion === vpcRegion) continue;
      findings.push({
        subject: e.subject,
        key: `endpoint:${e.service}@${serviceRegion}`,
        regions: { resource: vpcRegion, peer: serviceRegion },
        message: `VPC endpoint ${e.subject.logicalId} in ${vpcRegion} names com.amazonaws.${serviceRegion}.${e.service}. A gateway endpoint serves only its own region, and calls to ${e.service} in ${vpcRegion} do not use this endpoint: they still leave through the NAT gateway.`,
      });
    }
    return findings;
  },
};

function natFinding(flows: readonly FlowFact[]): FindingDraft {
  const [first] = flows;
  const gateways = new Map(flows.flatMap((f) => f.route.natGateways).map((g) => [g.logicalId, g]));
  const targets = flows.map(
    (f) => `${f.target.what} in ${f.target.place.region ?? 'an unknown region'} (${f.route.note})`,
  );
  const unique = distinctRelated(flows.flatMap(flowRelated));
  const crossRegion = flows.find(
    (f) => f.target.place.region && f.target.place.region !== f.source.place.region,
  );
  return {
    subject: first.source.subject,
    key: `nat:${first.target.service}`,
    regions: {
      resource: first.source.place.region,
      peer: crossRegion?.target.place.region ?? first.target.place.region,
    },
    related: unique,
    cost: { kind: 'flows', flows, charges: ['nat'] },
    message: `${computeName(first.source)} in ${first.source.place.region ?? 'an unknown region'} reaches ${first.target.service} through NAT gateway${gateways.size > 1 ? 's' : ''} ${list([...gateways.keys()])}: ${targets.join('; ')}.`,
  };
}
