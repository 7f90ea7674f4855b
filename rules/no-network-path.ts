import { ControlCall, FlowFact } from '../lib/discover/facts';
import { ENDPOINT_SERVICES } from '../lib/discover/network';
import { computeName, FindingDraft, groupBy, list, Rule } from './rule';

/** Compliant: every VPC-bound workload that needs S3 or Bedrock has a NAT gateway or an endpoint for it. */
export const NoNetworkPath: Rule = {
  name: 'NoNetworkPath',
  summary: 'Compute or a customization job in subnets with no route to the S3 or Bedrock it needs.',
  explanation:
    'A Lambda function, task or Bedrock customization job placed in subnets reaches AWS services only through ' +
    'a NAT gateway, a gateway endpoint (S3, DynamoDB) or an interface endpoint. Isolated subnets with none of ' +
    'them have no path at all: the job cannot read its training data or write its output, and calls to Bedrock ' +
    'time out. CDK synthesizes such a VPC without complaint; the failure shows only when the job runs.',
  fix: 'Add the endpoint the workload needs to its VPC (`vpc.addGatewayEndpoint` for S3, `vpc.addInterfaceEndpoint` for `bedrock`/`bedrock-runtime`), or place it in subnets with a NAT gateway.',
  defaultSeverity: 'error',
  check(ctx) {
    const blocked = ctx.facts.flows.filter(
      (f) => f.route.via === 'no-egress' && ENDPOINT_SERVICES.has(f.target.service),
    );
    const groups = groupBy(
      blocked,
      (f) => `${f.source.subject.stackId}/${f.source.subject.logicalId}|${f.target.service}`,
    );
    return [
      ...[...groups.values()].map(flowFinding),
      ...ctx.facts.controlCalls.filter((c) => c.route.via === 'no-egress').map(controlFinding),
    ];
  },
};

function flowFinding(flows: readonly FlowFact[]): FindingDraft {
  const [first] = flows;
  const region = first.source.place.region;
  const targets = list(flows.map((f) => f.target.what));
  return {
    subject: first.source.subject,
    key: `no-path:${first.target.service}`,
    regions: { resource: region, peer: first.target.place.region },
    related: flows.map((f) => ({ what: f.target.what, place: f.target.place })),
    message: `${computeName(first.source)} in ${region ?? 'an unknown region'} runs in subnets with no route to ${first.target.service} (${first.route.note}), so it cannot reach ${targets}.`,
  };
}

function controlFinding(call: ControlCall): FindingDraft {
  const region = call.compute.place.region;
  return {
    subject: call.compute.subject,
    key: `no-path:${call.service}${call.work.action === 'CreateModelInvocationJob' ? ':batch' : ''}`,
    regions: { resource: region, peer: call.work.place.region },
    message: `${computeName(call.compute)} starts ${call.work.action === 'CreateModelInvocationJob' ? 'batch inference' : 'customization'} jobs (${call.work.detail ?? call.work.action}) but runs in subnets with no route to ${call.service} in ${call.work.place.region ?? 'an unknown region'} (${call.route.note}); the ${call.work.action} call cannot leave the VPC.`,
  };
}
