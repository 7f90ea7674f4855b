import { computeName, DATA_TARGETS, FindingDraft, groupBy, list, Rule } from './rule';

/** Compliant: workloads use models inside AWS; no credentials or endpoints of outside AI services. */
export const ExternalModelProvider: Rule = {
  name: 'ExternalModelProvider',
  summary: 'Data leaves the AWS perimeter to an external AI provider.',
  explanation:
    'A workload holding credentials or the endpoint of OpenAI, the Anthropic API, Together, Fireworks, Replicate, ' +
    'Modal, OpenRouter, Google Vertex / Gemini or the Cohere platform sends prompts and the data it reads to a ' +
    'service outside AWS: internet egress on every byte (plus NAT processing from private subnets), and data ' +
    'outside any region policy, IAM boundary or VPC endpoint.',
  fix: 'Use the equivalent model on Amazon Bedrock in the workload region, or document the data that may leave AWS and acknowledge the finding with that reason.',
  defaultSeverity: 'warning',
  check(ctx) {
    const dataBySource = groupBy(
      ctx.facts.flows.filter((f) => DATA_TARGETS.has(f.target.kind)),
      (f) => f.source,
    );
    const groups = groupBy(
      ctx.facts.externalProviders,
      (f) => `${f.subject.stackId}/${f.subject.logicalId}|${f.provider}`,
    );
    return [...groups.values()].map((facts): FindingDraft => {
      const [first] = facts;
      const compute = first.compute;
      const evidence = [...new Set(facts.map((f) => f.evidence))];
      const data = (compute && dataBySource.get(compute)) || [];
      const who = compute
        ? computeName(compute)
        : `${first.subject.type} ${ctx.nameOf(first.subject)}`;
      const reads = data.length
        ? ` It reads ${list(data.map((f) => f.target.what))}, which can leave AWS with its prompts.`
        : '';
      const path =
        compute?.placement.kind === 'vpc'
          ? ' From private subnets the traffic also passes the NAT gateway.'
          : '';
      return {
        subject: first.subject,
        key: `external:${first.provider}`,
        regions: { resource: first.place.region, peer: null },
        related: data.map((f) => ({ what: f.target.what, place: f.target.place })),
        cost: {
          kind: 'egress',
          subject: first.subject,
          place: first.place,
          compute,
          provider: first.provider,
        },
        message: `${who} holds credentials or the endpoint of ${first.provider} (${evidence.join('; ')}).${reads}${path}`,
      };
    });
  },
};
