import { KnowledgeBaseFact } from '../lib/discover/facts';
import { ModelRef } from '../lib/discover/model-ref';
import { FindingDraft, Rule } from './rule';

/** Compliant: the vector store, the embedding model and any parsing model are in the knowledge base's region. */
export const KnowledgeBaseStoreRegion: Rule = {
  name: 'KnowledgeBaseStoreRegion',
  summary:
    "A knowledge base's vector store, embedding model or parsing model is in another region.",
  explanation:
    'Bedrock creates a knowledge base only when its vector store and embedding model are in its own region. ' +
    'CDK code often hard-codes an embedding model ARN of us-east-1, which then fails in every other region.',
  fix: "Use the vector store and model ARNs of the knowledge base's own region: build the ARN from the stack (for example `FoundationModel.fromFoundationModelId(this, ...)`), and create the store in the same stack or region.",
  defaultSeverity: 'error',
  failsAtDeploy: true,
  awsError: 'The vector store must be in the same region as the knowledge base',
  check(ctx) {
    return ctx.facts.knowledgeBases.flatMap((kb) => {
      if (!kb.place.region) return [];
      const findings: FindingDraft[] = [];
      const store = kb.store;
      if (store?.place?.region && store.place.region !== kb.place.region) {
        findings.push({
          subject: kb.subject,
          key: `store:${store.kind}`,
          regions: { resource: kb.place.region, peer: store.place.region },
          related: [{ what: `${store.kind} vector store ${store.locator}`, place: store.place }],
          message: `Knowledge base ${kb.subject.logicalId} is in ${kb.place.region} but its ${store.kind} vector store is in ${store.place.region} (${store.place.source}).`,
        });
      }
      findings.push(...modelFinding(kb, kb.embeddingModel, 'embedding model'));
      for (const ds of kb.dataSources)
        findings.push(...modelFinding(kb, ds.parsingModel, 'parsing model', ds.subject));
      return findings;
    });
  },
};

function modelFinding(
  kb: KnowledgeBaseFact,
  model: ModelRef | undefined,
  what: string,
  subject = kb.subject,
): FindingDraft[] {
  const peer = model?.arnPlace?.region;
  if (!model || !peer || peer === kb.place.region) return [];
  return [
    {
      subject,
      key: `${what}:${peer}`,
      regions: { resource: kb.place.region, peer },
      related: [{ what: `${what} ${model.text}`, place: model.arnPlace! }],
      message: `Knowledge base ${kb.subject.logicalId} is in ${kb.place.region} but its ${what} ARN names ${peer}: ${model.text}.`,
    },
  ];
}
