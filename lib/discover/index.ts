import { AppModel, StackModel } from '../assembly/types';
import { Locator } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { asText, get } from '../resolve/value';
import { discoverCompute, jobCompute } from './compute';
import { discoverCustomBuilt } from './custom-built';
import { linkThroughput } from './customization-call';
import { discoverSdkCalls } from './custom-resources';
import { discoverExternalProviders } from './external-providers';
import { discoverFlows } from './flows';
import { NetworkIndex } from './network';
import { TargetReader } from './targets';
import {
  BucketFact,
  ComputeFact,
  ControlCall,
  CustomizationWork,
  Facts,
  KnowledgeBaseFact,
  VectorCollectionFact,
} from './facts';
import { IamIndex } from './iam';
import { discoverDataSources, discoverKnowledgeBases } from './knowledge-bases';
import { discoverLambdaJobs } from './lambda';
import { discoverResourceModelUses } from './bedrock-resources';
import { discoverModelUses } from './model-uses';
import { discoverStateMachines } from './step-functions';
import { placeStores } from './store-network';

/** Turns the resolved app into facts about AI work and data: one pass per stack, by resource type. */
export function discover(app: AppModel, resolver: Resolver, locator: Locator): Facts {
  const iam = new IamIndex(app.stacks, resolver);
  const work = linkThroughput(
    app.stacks.flatMap((stack) => stackWork(stack, resolver, locator, iam)),
  );
  const built = app.stacks.map((stack) => discoverCustomBuilt(stack, resolver, locator));
  const unplacedKnowledgeBases = [
    ...app.stacks.flatMap((stack) => discoverKnowledgeBases(stack, resolver, locator)),
    ...built.flatMap((b) => b.knowledgeBases),
  ];
  attachDataSources(
    app,
    resolver,
    locator,
    unplacedKnowledgeBases,
    built.flatMap((b) => b.dataSources),
  );
  const stores = discoverStores(app, resolver, locator);
  const network = new NetworkIndex(app.stacks, resolver, locator);
  const knowledgeBases = placeStores(unplacedKnowledgeBases, resolver, network);
  const compute = [
    ...app.stacks.flatMap((stack) => discoverCompute(stack, resolver, locator, network)),
    ...built.flatMap((b) => [...b.agents, ...b.calls]),
  ];
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
    buckets: [...stores.buckets, ...built.flatMap((b) => b.buckets)],
    knowledgeBases,
    vectorCollections: stores.vectorCollections,
    s3VectorStores: [...built.flatMap((b) => b.vectorStores), ...stores.s3VectorStores],
    compute,
    flows,
    endpoints: network.endpoints,
    externalProviders: discoverExternalProviders(app.stacks, compute, resolver, locator, iam),
    controlCalls: controlCalls(work, compute, network),
    modelUses: discoverModelUses(flows, knowledgeBases, work, resourceUses, iam),
  };
}

/** Lambda functions that start customization jobs call Bedrock from their subnets. */
function controlCalls(
  work: readonly CustomizationWork[],
  compute: readonly ComputeFact[],
  network: NetworkIndex,
): ControlCall[] {
  const byKey = new Map(compute.map((c) => [`${c.subject.stackId}/${c.subject.logicalId}`, c]));
  return work.flatMap((w) => {
    const starter =
      w.origin === 'lambda' && byKey.get(`${w.subject.stackId}/${w.subject.logicalId}`);
    if (!starter) return [];
    const route = network.route(starter.placement, 'bedrock', w.place.region, starter.place.region);
    return [{ compute: starter, work: w, service: 'bedrock', route }];
  });
}

/** Buckets, S3 Vectors resources and vector-search collections of every stack. */
function discoverStores(
  app: AppModel,
  resolver: Resolver,
  locator: Locator,
): Pick<Facts, 'buckets' | 's3VectorStores' | 'vectorCollections'> {
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
  return {
    buckets,
    s3VectorStores,
    vectorCollections: vectorCollections.filter((c) => c.collectionType === 'VECTORSEARCH'),
  };
}

/** Customization calls of one stack, from each integration that makes them. */
function stackWork(stack: StackModel, resolver: Resolver, locator: Locator, iam: IamIndex) {
  return [
    ...discoverStateMachines(stack, resolver, locator),
    ...discoverSdkCalls(stack, resolver, locator),
    ...discoverLambdaJobs(stack, resolver, locator, iam),
  ];
}

function attachDataSources(
  app: AppModel,
  resolver: Resolver,
  locator: Locator,
  kbs: KnowledgeBaseFact[],
  customDataSources: ReturnType<typeof discoverDataSources>,
): void {
  const byKey = new Map(
    kbs.map((kb) => [`${kb.subject.stackId}/${kb.subject.logicalId}`, kb.dataSources]),
  );
  const all = [
    ...app.stacks.flatMap((stack) => discoverDataSources(stack, resolver, locator)),
    ...customDataSources,
  ];
  for (const { kb, ...ds } of all) byKey.get(kb ? `${kb.stackId}/${kb.logicalId}` : '')?.push(ds);
}
