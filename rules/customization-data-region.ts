import { Rule } from './rule';

/** Compliant: training, validation and output S3 locations are in the region where the job runs. */
export const CustomizationDataRegion: Rule = {
  name: 'CustomizationDataRegion',
  summary:
    'Training, validation or output data of a customization job is in another region than the job.',
  explanation:
    'A Bedrock customization job reads its training and validation data from, and writes its output to, S3 ' +
    'buckets in its own region. A data lake in us-east-1 and a Llama tuning job in us-west-2 do not work ' +
    'together: the job fails when it starts, and copying the data each run costs inter-region transfer.',
  fix: "Replicate or copy the data into a bucket in the job's region (S3 Cross-Region Replication for a living data set) and point the job at it, or run the job where the data is, if the base model can be customized there.",
  defaultSeverity: 'error',
  failsAtDeploy: true,
  awsError:
    'The Amazon S3 bucket is in the same Region as the Amazon Bedrock model customization job.',
  check(ctx) {
    return ctx.facts.work.flatMap((work) => {
      const region = work.place.region;
      // AWS states the same-Region rule for customization jobs only; for batch inference and
      // model import data it documents none, so their buckets are CrossRegionDataAccess flows.
      if (!region || work.action !== 'CreateModelCustomizationJob') return [];
      return work.data
        .filter((d) => d.place.region && d.place.region !== region)
        .map((d) => ({
          subject: work.subject,
          key: `${d.role}:${d.bucket}`,
          regions: { resource: region, peer: d.place.region },
          related: [{ what: `${d.role} data ${d.uri}`, place: d.place }],
          cost: { kind: 'data-copy', work, data: d },
          message: `${work.detail ?? 'Job'} runs in ${region} but its ${d.role} data ${d.uri} is in ${d.place.region} (${d.place.source}). Bedrock requires the bucket to be in the job's region.`,
        }));
    });
  },
};
