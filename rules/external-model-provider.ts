import { KnowledgeBaseFact } from '../lib/discover/facts';
import { computeName, DATA_TARGETS, FindingDraft, groupBy, list, Rule, RuleContext } from './rule';

/** Compliant: workloads use models and vector stores inside AWS; no credentials or endpoints of outside AI services. */
export const ExternalModelProvider: Rule = {
  name: 'ExternalModelProvider',
  summary:
    'Data leaves the AWS perimeter to an external AI provider or a vector store outside AWS.',
  explanation:
    'A workload holding credentials or the endpoint of OpenAI, the Anthropic API, Together, Fireworks, Replicate, ' +
    'Modal, OpenRouter, Google Vertex / Gemini, the Cohere platform or Alibaba Cloud Model Studio (DashScope) ' +
    'sends prompts and the data it reads to a service outside AWS: internet egress on every byte (plus NAT processing from private subnets), and data ' +
    'outside any region policy, IAM boundary or VPC endpoint. A knowledge base whose vector store is Pinecone, ' +
    'MongoDB Atlas or Redis Enterprise Cloud does the same with its documents: their text and vectors are ' +
    "stored by that company, and every query is sent there from the knowledge base's region.",
  fix: 'Use the equivalent model on Amazon Bedrock in the workload region (or a vector store in AWS: OpenSearch Serverless, Aurora PostgreSQL, S3 Vectors), or document the data that may leave AWS and acknowledge the finding with that reason.',
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
    const providers = [...groups.values()].map((facts): FindingDraft => {
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
    return [...providers, ...ctx.facts.knowledgeBases.flatMap((kb) => externalStore(kb, ctx))];
  },
};

/**
 * A knowledge base on a vector store outside AWS. Over a PrivateLink endpoint service the
 * traffic stays off the internet, so no internet egress is priced.
 */
function externalStore(kb: KnowledgeBaseFact, ctx: RuleContext): FindingDraft[] {
  const external = kb.store?.external;
  if (!external) return [];
  const where = external.host ? `host ${external.host}` : `endpoint ${kb.store!.locator}`;
  const path = external.endpointService
    ? ` Bedrock connects through the VPC endpoint service ${external.endpointService} (AWS PrivateLink), not the internet.`
    : '';
  return [
    {
      subject: kb.subject,
      key: `external-store:${kb.store!.kind}`,
      regions: { resource: kb.place.region, peer: null },
      related: [
        {
          what: `${external.provider} vector store ${where}`,
          place: { region: null, source: external.provider, unresolved: 'outside AWS' },
        },
      ],
      ...(external.endpointService
        ? {}
        : {
            cost: {
              kind: 'egress' as const,
              subject: kb.subject,
              place: kb.place,
              provider: external.provider,
            },
          }),
      message: `Knowledge base ${ctx.nameOf(kb.subject)} in ${kb.place.region ?? 'an unknown region'} keeps its vectors in ${external.provider} (${where}): the documents' text and vectors and every query leave the AWS perimeter.${path}`,
    },
  ];
}
