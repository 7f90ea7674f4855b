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
  IngestionCallFact,
  KnowledgeBaseFact,
  VectorCollectionFact,
} from './facts';
import { IamIndex } from './iam';
import { discoverDataSources, discoverKnowledgeBases } from './knowledge-bases';
import { discoverLambdaCalls } from './lambda';
import { discoverResourceModelUses } from './bedrock-resources';
import { discoverAnyRegionUses, discoverModelUses } from './model-uses';
import { discoverIngestionStates, discoverStateMachines } from './step-functions';
import { placeStores } from './store-network';

/** Turns the resolved app into facts about AI work and data: one pass per stack, by resource type. */
export function discover(app: AppModel, resolver: Resolver, locator: Locator): Facts {
  const iam = new IamIndex(app.stacks, resolver);
  const calls = app.stacks.map((stack) => stackCalls(stack, resolver, locator, iam));
  const work = linkThroughput(calls.flatMap((c) => c.work));
  const built = app.stacks.map((stack) => discoverCustomBuilt(stack, resolver, locator));
  const ingestions = [...calls.flatMap((c) => c.ingestions), ...built.flatMap((b) => b.ingestions)];
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
    ingestions,
  );
  const stores = discoverStores(app, resolver, locator);
  const network = new NetworkIndex(app.stacks, resolver, locator);
  const knowledgeBases = placeStores(unplacedKnowledgeBases, resolver, network);
  const kbByKey = new Map(knowledgeBases.map((kb) => [subjectKey(kb.subject), kb]));
  const ingestionCalls = ingestions.map((i) => ({
    ...i,
    knowledgeBase: kbByKey.get(subjectKey(i.knowledgeBaseRef)),
  }));
  const compute = [
    ...app.stacks.flatMap((stack) => discoverCompute(stack, resolver, locator, network)),
    ...built.flatMap((b) => [...b.agents, ...b.calls]),
  ];
  const jobs = work.flatMap((w) => {
    const resource = app.stacks
      .find((s) => s.id === w.subject.stackId)
      ?.resources.get(w.subject.logicalId);
    const compute = jobCompute(w, network, resource);
    return compute ? [{ work: w, compute }] : [];
  });
  const targets = new TargetReader(resolver, locator);
  const flows = discoverFlows(compute, work, jobs, iam, targets, network);
  const resourceUses = [
    ...app.stacks.flatMap((stack) => discoverResourceModelUses(stack, resolver, locator)),
    ...discoverAnyRegionUses(compute, iam, locator),
  ];
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
    ingestionCalls,
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
    const route = network.route(starter.placement, 'bedrock', w.place, starter.place);
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

/** Bedrock work and ingestion calls of one stack, from each integration that makes them. */
function stackCalls(stack: StackModel, resolver: Resolver, locator: Locator, iam: IamIndex) {
  const lambdas = discoverLambdaCalls(stack, resolver, locator, iam);
  return {
    work: [
      ...discoverStateMachines(stack, resolver, locator),
      ...discoverSdkCalls(stack, resolver, locator),
      ...lambdas.work,
    ],
    ingestions: [...discoverIngestionStates(stack, resolver, locator), ...lambdas.ingestions],
  };
}

function attachDataSources(
  app: AppModel,
  resolver: Resolver,
  locator: Locator,
  kbs: KnowledgeBaseFact[],
  customDataSources: ReturnType<typeof discoverDataSources>,
  ingestions: readonly IngestionCallFact[],
): void {
  const key = subjectKey; // data sources, knowledge bases and references share one key
  const byKey = new Map(kbs.map((kb) => [key(kb.subject), kb.dataSources]));
  // An ingestion call names both ids: it links a data source whose own link was not readable.
  const ingested = new Map(
    ingestions.flatMap((i) =>
      i.dataSourceRef && i.knowledgeBaseRef ? [[key(i.dataSourceRef), i]] : [],
    ),
  );
  const all = [
    ...app.stacks.flatMap((stack) => discoverDataSources(stack, resolver, locator)),
    ...customDataSources,
  ];
  for (const { kb, ...ds } of all) {
    const own = byKey.get(key(kb));
    (own ?? byKey.get(key(ingested.get(key(ds.subject))?.knowledgeBaseRef)))?.push(ds);
  }
}

function subjectKey(r: { stackId: string; logicalId: string } | undefined): string {
  return r ? `${r.stackId}/${r.logicalId}` : '';
}
