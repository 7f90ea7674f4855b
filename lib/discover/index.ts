import { AppModel } from '../assembly/types';
import { Locator } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { asText, get } from '../resolve/value';
import { discoverCompute, jobCompute } from './compute';
import { discoverSdkCalls } from './custom-resources';
import { discoverExternalProviders } from './external-providers';
import { discoverFlows } from './flows';
import { NetworkIndex } from './network';
import { TargetReader } from './targets';
import { BucketFact, Facts, KnowledgeBaseFact, VectorCollectionFact } from './facts';
import { IamIndex } from './iam';
import { discoverDataSources, discoverKnowledgeBases } from './knowledge-bases';
import { discoverLambdaJobs } from './lambda';
import { discoverResourceModelUses } from './bedrock-resources';
import { discoverModelUses } from './model-uses';
import { discoverStateMachines } from './step-functions';

/** Turns the resolved app into facts about AI work and data: one pass per stack, by resource type. */
export function discover(app: AppModel, resolver: Resolver, locator: Locator): Facts {
  const iam = new IamIndex(app.stacks, resolver);
  const work = app.stacks.flatMap((stack) => [
    ...discoverStateMachines(stack, resolver, locator),
    ...discoverSdkCalls(stack, resolver, locator),
    ...discoverLambdaJobs(stack, resolver, locator, iam),
  ]);
  const knowledgeBases = app.stacks.flatMap((stack) =>
    discoverKnowledgeBases(stack, resolver, locator),
  );
  attachDataSources(app, resolver, locator, knowledgeBases);
  const { buckets, s3VectorStores, vectorCollections } = discoverStores(app, resolver, locator);
  const network = new NetworkIndex(app.stacks, resolver, locator);
  const compute = app.stacks.flatMap((stack) => discoverCompute(stack, resolver, locator, network));
  const jobs = work.flatMap((w) => {
    const compute = jobCompute(w, network);
    return compute ? [{ work: w, compute }] : [];
  });
  const targets = new TargetReader(resolver, locator);
  const flows = discoverFlows(compute, work, jobs, iam, targets, network);
  const resourceUses = app.stacks.flatMap((stack) =>
    discoverResourceModelUses(stack, resolver, locator),
  );
  return {
    work,
    buckets,
    knowledgeBases,
    vectorCollections: vectorCollections.filter((c) => c.collectionType === 'VECTORSEARCH'),
    s3VectorStores,
    compute,
    flows,
    endpoints: network.endpoints,
    externalProviders: discoverExternalProviders(app.stacks, compute, resolver, locator, iam),
    modelUses: discoverModelUses(flows, knowledgeBases, work, resourceUses, iam),
  };
}

/** Buckets, S3 Vectors stores and OpenSearch Serverless collections of every stack. */
function discoverStores(app: AppModel, resolver: Resolver, locator: Locator) {
  const buckets: BucketFact[] = [];
  const s3VectorStores: BucketFact[] = [];
  const vectorCollections: VectorCollectionFact[] = [];
  for (const stack of app.stacks) {
    for (const bucket of stack.byType.get('AWS::S3::Bucket') ?? []) {
      const name = asText(get(resolver.properties(stack, bucket.logicalId), 'BucketName'));
      buckets.push({
        subject: { stackId: stack.id, logicalId: bucket.logicalId, type: bucket.type },
        place: locator.resourcePlace(stack.id, bucket.logicalId),
        name,
      });
    }
    for (const type of ['AWS::S3Vectors::VectorBucket', 'AWS::S3Vectors::Index']) {
      for (const store of stack.byType.get(type) ?? []) {
        s3VectorStores.push({
          subject: { stackId: stack.id, logicalId: store.logicalId, type },
          place: locator.resourcePlace(stack.id, store.logicalId),
        });
      }
    }
    for (const collection of stack.byType.get('AWS::OpenSearchServerless::Collection') ?? []) {
      const collectionType =
        asText(get(resolver.properties(stack, collection.logicalId), 'Type')) ?? 'SEARCH';
      vectorCollections.push({
        subject: { stackId: stack.id, logicalId: collection.logicalId, type: collection.type },
        place: locator.resourcePlace(stack.id, collection.logicalId),
        collectionType,
      });
    }
  }
  return { buckets, s3VectorStores, vectorCollections };
}

function attachDataSources(
  app: AppModel,
  resolver: Resolver,
  locator: Locator,
  kbs: KnowledgeBaseFact[],
): void {
  const byKey = new Map(
    kbs.map((kb) => [`${kb.subject.stackId}/${kb.subject.logicalId}`, kb.dataSources]),
  );
  for (const stack of app.stacks) {
    for (const { kb, ...ds } of discoverDataSources(stack, resolver, locator)) {
      byKey.get(kb ? `${kb.stackId}/${kb.logicalId}` : '')?.push(ds);
    }
  }
}
