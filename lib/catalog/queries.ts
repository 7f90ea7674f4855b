import { LifecycleView } from './lifecycle';
import { CatalogData, ModelEntry, ProfileEntry, RegionFact } from './types';

/** What these queries need of the Catalog (an interface, so the modules do not import each other). */
interface CatalogQueries {
  readonly data: CatalogData;
  model(id: string): ModelEntry | undefined;
  profilesFor(modelId: string): readonly ProfileEntry[];
  lifecycle(modelId: string, region: string | undefined, today: string): LifecycleView;
  sourceUrl(key: string | undefined): string | undefined;
}

export type OfferKind =
  'on-demand' | 'profile-only' | 'provisioned-only' | 'not-offered' | 'unknown';

/** How a model can be called from one region. */
export interface Offer {
  readonly kind: OfferKind;
  /** Regions where the bare model id answers on demand (per the catalog's offer facts). */
  readonly onDemandRegions: readonly string[];
  /** System profiles callable from this region that serve the model. */
  readonly profiles: readonly {
    readonly id: string;
    readonly geography: string;
    readonly destinations: readonly string[];
    readonly anyCommercialRegion: boolean;
  }[];
  /** Source key of the offer facts, and its URL. */
  readonly source?: string;
  readonly sourceUrl?: string;
  /** Whether the offer facts list every region (so a missing region is "not offered"). */
  readonly complete: boolean;
}

export interface ProfileView {
  readonly id: string;
  readonly modelId: string;
  readonly geography: string;
  /** Destinations from this source region; empty when the profile is not callable from it. */
  readonly destinations: readonly string[];
  readonly anyCommercialRegion: boolean;
  /** Whether the source region is a listed source of this profile. */
  readonly callable: boolean;
  /** A profile lives and dies with its model: the model's lifecycle in the source region. */
  readonly lifecycle: LifecycleView;
  readonly source: string;
  readonly sourceUrl?: string;
}

/** Where a cross-Region inference profile sends requests. */
export interface Routing {
  /** Destination regions; empty with `anyCommercialRegion` for global profiles. */
  readonly regions: readonly string[];
  readonly anyCommercialRegion: boolean;
  /** Whether the catalog lists the calling region as a source for this geography. */
  readonly callable: boolean;
  readonly source: string;
}

/** `true`/`false` where a source says; `unknown` with the reason where none does. */
export type Known = boolean | 'unknown';

export interface RegionFactsView {
  readonly region: string;
  readonly bedrock: Known;
  readonly managedKnowledgeBases: Known;
  readonly s3VectorsKnowledgeBases: Known;
  readonly customModelImport: Known;
  /** Provisioned Throughput only for custom models, with no commitment (GovCloud). */
  readonly provisionedThroughputNoCommitOnly: Known;
  /** Rerank model ids known to be offered in the region. */
  readonly rerankModels: readonly string[];
  /** Rerank model ids whose regions no source gives. */
  readonly rerankModelsUnknown: readonly string[];
  /** Source URL (or mirror path) per fact name; the reason for unknown ones. */
  readonly sources: Readonly<Record<string, string>>;
}

export function offerOf(catalog: CatalogQueries, modelId: string, region: string): Offer {
  const model = catalog.model(modelId);
  const profiles = catalog
    .profilesFor(modelId)
    .filter((p) => p.routes[region])
    .map((p) => ({
      id: p.id,
      geography: p.geography,
      destinations: (p.routes[region] ?? []).filter((r) => r !== 'Commercial AWS Regions'),
      anyCommercialRegion: p.anyCommercialRegion === true,
    }));
  const offers = model?.offers;
  if (!offers) {
    return { kind: 'unknown', onDemandRegions: [], profiles, complete: false };
  }
  const onDemandRegions = Object.keys(offers.regions)
    .filter((r) => offers.regions[r]!.includes('ON_DEMAND'))
    .sort();
  const types = offers.regions[region] ?? [];
  let kind: OfferKind;
  if (types.includes('ON_DEMAND')) kind = 'on-demand';
  else if (types.includes('INFERENCE_PROFILE') || profiles.length > 0) kind = 'profile-only';
  else if (types.includes('PROVISIONED')) kind = 'provisioned-only';
  else kind = offers.complete ? 'not-offered' : 'unknown';
  return {
    kind,
    onDemandRegions,
    profiles,
    source: offers.source,
    sourceUrl: catalog.sourceUrl(offers.source),
    complete: offers.complete,
  };
}

export function profileView(
  catalog: CatalogQueries,
  entry: ProfileEntry,
  sourceRegion: string,
  today: string,
): ProfileView {
  const row = entry.routes[sourceRegion];
  return {
    id: entry.id,
    modelId: entry.modelId,
    geography: entry.geography,
    destinations: (row ?? []).filter((r) => r !== 'Commercial AWS Regions'),
    anyCommercialRegion: entry.anyCommercialRegion === true,
    callable: row !== undefined,
    lifecycle: catalog.lifecycle(entry.modelId, sourceRegion, today),
    source: entry.source,
    sourceUrl: catalog.sourceUrl(entry.source),
  };
}

export function routingOf(
  catalog: CatalogQueries,
  profileId: string,
  geography: string,
  from: string,
): Routing | undefined {
  const geo = catalog.data.geographies[geography];
  if (!geo) return undefined;
  const row = catalog.data.profiles.find((p) => p.id === profileId)?.routes[from];
  const sourceKey = geo.source.split('+')[0]!;
  return {
    regions: (row ?? geo.destinationRegions).filter((r) => r !== 'Commercial AWS Regions'),
    anyCommercialRegion: geo.anyCommercialRegion === true,
    callable: geo.sourceRegions.includes(from),
    source: catalog.sourceUrl(sourceKey) ?? geo.source,
  };
}

function known(fact: RegionFact, region: string): Known {
  return fact.known ? fact.regions.includes(region) : 'unknown';
}

function describe(data: CatalogData, fact: RegionFact): string {
  if (!fact.known) return `unknown: ${fact.reason}`;
  return data.sources[fact.source]?.url ?? fact.source;
}

export function regionFactsOf(data: CatalogData, region: string): RegionFactsView {
  const f = data.regionFacts;
  const rerank = Object.entries(f.rerankModels);
  const sources: Record<string, string> = {
    bedrock: describe(data, f.bedrock),
    managedKnowledgeBases: describe(data, f.managedKnowledgeBases),
    s3VectorsKnowledgeBases: describe(data, f.s3VectorsKnowledgeBases),
    customModelImport: describe(data, f.customModelImport),
    provisionedThroughputNoCommitOnly: describe(data, f.provisionedThroughputNoCommitOnly),
  };
  for (const [id, fact] of rerank) sources[`rerank:${id}`] = describe(data, fact);
  return {
    region,
    bedrock: known(f.bedrock, region),
    managedKnowledgeBases: known(f.managedKnowledgeBases, region),
    s3VectorsKnowledgeBases: known(f.s3VectorsKnowledgeBases, region),
    customModelImport: known(f.customModelImport, region),
    provisionedThroughputNoCommitOnly: known(f.provisionedThroughputNoCommitOnly, region),
    rerankModels: rerank.filter(([, fact]) => known(fact, region) === true).map(([id]) => id),
    rerankModelsUnknown: rerank.filter(([, fact]) => !fact.known).map(([id]) => id),
    sources,
  };
}
