import { Rule } from './rule';

/** Compliant: every S3 data source of a knowledge base reads a bucket in the knowledge base's region. */
export const KnowledgeBaseDataRegion: Rule = {
  name: 'KnowledgeBaseDataRegion',
  summary: "A knowledge base's S3 data source is a bucket in another region.",
  explanation:
    'A Bedrock knowledge base, its S3 data sources, its vector store and its embedding model must live in one ' +
    'region. A data source on a bucket of another region fails to ingest, and every sync would pay ' +
    'inter-region transfer for the documents.',
  fix: "Replicate the documents into a bucket in the knowledge base's region (S3 Cross-Region Replication) and point the data source at it, or create the knowledge base in the bucket's region.",
  defaultSeverity: 'error',
  failsAtDeploy: true,
  check(ctx) {
    return ctx.facts.knowledgeBases.flatMap((kb) => {
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
    });
  },
};
