import { IngestionCallFact, KnowledgeBaseFact } from '../lib/discover/facts';
import { FindingDraft, Rule, RuleContext } from './rule';

/** The exception StartIngestionJob documents for an id it cannot find (the knowledge base is in another region). */
const NOT_FOUND =
  'ResourceNotFoundException: The specified resource Amazon Resource Name (ARN) was not found.';
const START_INGESTION_DOC =
  'https://docs.aws.amazon.com/sdkfornet/v3/apidocs/items/BedrockAgent/MBedrockAgentStartIngestionJobStartIngestionJobRequest.html';

/** Compliant: every S3 data source of a knowledge base reads a bucket in the knowledge base's region, and ingestion is started there. */
export const KnowledgeBaseDataRegion: Rule = {
  name: 'KnowledgeBaseDataRegion',
  summary:
    "A knowledge base's S3 data source is a bucket in another region, or its ingestion is started in another region.",
  explanation:
    'A Bedrock knowledge base, its S3 data sources, its vector store and its embedding model must live in one ' +
    'region. A data source on a bucket of another region fails to ingest, and every sync would pay ' +
    'inter-region transfer for the documents. Knowledge bases are regional resources: a StartIngestionJob ' +
    'call (a custom resource or a Lambda function that syncs the data) sent to another region does not find ' +
    'the knowledge base, and the sync never runs.',
  fix: "Replicate the documents into a bucket in the knowledge base's region (S3 Cross-Region Replication) and point the data source at it, or create the knowledge base in the bucket's region; send StartIngestionJob to the knowledge base's region.",
  defaultSeverity: 'error',
  failsAtDeploy: true,
  // No awsError: the ResourceNotFoundException quote fits ingestion calls only, so their messages carry it.
  docs: [START_INGESTION_DOC],
  check(ctx) {
    return [
      ...ctx.facts.knowledgeBases.flatMap(bucketFindings),
      ...ctx.facts.ingestionCalls.flatMap((call) => ingestionFinding(call, ctx)),
    ];
  },
};

function bucketFindings(kb: KnowledgeBaseFact): FindingDraft[] {
  const region = kb.place.region;
  if (!region) return [];
  return kb.dataSources
    .filter((ds) => ds.bucket?.place.region && ds.bucket.place.region !== region)
    .map((ds) => ({
      subject: ds.subject,
      key: `bucket:${ds.bucket!.bucket}`,
      regions: { resource: region, peer: ds.bucket!.place.region },
      related: [
        { what: `knowledge base ${kb.subject.logicalId}`, place: kb.place },
        { what: `bucket ${ds.bucket!.bucket}`, place: ds.bucket!.place },
      ],
      cost: {
        kind: 'kb-sync',
        knowledgeBase: kb.subject,
        dataSource: ds.subject,
        bucket: ds.bucket!.place,
        region,
      },
      message: `Data source ${ds.subject.logicalId} of knowledge base ${kb.subject.logicalId} (${region}) reads bucket ${ds.bucket!.bucket} in ${ds.bucket!.place.region} (${ds.bucket!.place.source}).`,
    }));
}

const CALLERS: Record<IngestionCallFact['origin'], string> = {
  lambda: 'Lambda function',
  'custom-resource': 'Custom resource',
  'step-functions-sdk': 'State machine',
};

/** A StartIngestionJob call sent to another region than the app's knowledge base it names. */
function ingestionFinding(call: IngestionCallFact, ctx: RuleContext): FindingDraft[] {
  const kb = call.knowledgeBase;
  const from = call.place.region;
  const home = kb?.place.region;
  if (!kb || !from || !home || from === home) return [];
  const caller = CALLERS[call.origin];
  return [
    {
      subject: call.subject,
      key: `ingestion:${kb.subject.stackId}/${kb.subject.logicalId}`,
      regions: { resource: from, peer: home },
      related: [{ what: `knowledge base ${ctx.nameOf(kb.subject)}`, place: kb.place }],
      message: `${caller} ${ctx.nameOf(call.subject)} starts ingestion in ${from} (${call.place.source}) for knowledge base ${ctx.nameOf(kb.subject)} in ${home} (${call.evidence}). Knowledge bases are regional, so the call does not find it and fails (${NOT_FOUND}).`,
    },
  ];
}
