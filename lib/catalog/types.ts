/**
 * Shape of the built catalog (`data/model-catalog.json`, or a refreshed `catalogFile`), validated
 * by `schema/catalog.schema.json`. Built by `buildCatalog` (build.ts) from the reviewed overlay
 * (`data/overlay/*.yaml`) and, when given, the API layer (api-layer.ts). Every fact names a key of
 * `sources` and the date its source was checked.
 */
export type CustomizationType =
  'FINE_TUNING' | 'CONTINUED_PRE_TRAINING' | 'REINFORCEMENT_FINE_TUNING' | 'DISTILLATION';

export const CUSTOMIZATION_TYPES: readonly CustomizationType[] = [
  'FINE_TUNING',
  'CONTINUED_PRE_TRAINING',
  'REINFORCEMENT_FINE_TUNING',
  'DISTILLATION',
];

/** `INFERENCE_PROFILE`: callable from the region only through a system inference profile. */
export type InferenceType = 'ON_DEMAND' | 'INFERENCE_PROFILE' | 'PROVISIONED';

export interface Sourced {
  /** Key of `CatalogData.sources`. */
  readonly source: string;
  /** `YYYY-MM-DD` the source was checked (or published, when it carries a date). */
  readonly checked: string;
  readonly note?: string;
}

export interface Source {
  readonly title: string;
  /** A URL, or `repo path@commit` of a documentation mirror. */
  readonly url: string;
  /** `aws-doc` and `aws-api` are AWS's own word; `third-party` is weaker evidence. */
  readonly kind: 'aws-doc' | 'aws-api' | 'third-party' | 'package';
  readonly checked: string;
  readonly note?: string;
}

export interface RegionList extends Partial<Sourced> {
  readonly regions: readonly string[];
  readonly source: string;
}

export interface CustomizationEntry extends RegionList {
  /**
   * `current`: the current AWS table lists it. `older-docs-only`: only superseded documentation
   * does; a job may already fail.
   */
  readonly status: 'current' | 'older-docs-only';
  /**
   * Derived by the build: the table lists it, but the model is Legacy or end-of-life in every
   * listed region as of the catalog date (the tables lag the lifecycle pages). `Catalog.lifecycle`
   * decides for a given day.
   */
  readonly closedByLifecycle?: string;
  /** Teacher model ids as the distillation table lists them (check each one's lifecycle). */
  readonly teachers?: readonly string[];
}

export type LifecycleStatus = 'ACTIVE' | 'LEGACY' | 'EOL';

/**
 * One lifecycle statement of one source. `status` is the state the source reports on `checked`;
 * the dates, when known, decide the state on any other day. A LEGACY fact without `legacyDate`
 * means "Legacy by `checked`, start unknown".
 */
export interface LifecycleFact extends Sourced {
  readonly status: LifecycleStatus;
  /** Regions the statement covers; `all` = every region where the model is offered. */
  readonly regions: readonly string[] | 'all';
  readonly legacyDate?: string;
  readonly eolDate?: string;
  /** The successor model id, only when AWS names one. */
  readonly successor?: string;
  /** `third-party`: only third-party reports support it (see the source). */
  readonly confidence?: 'aws' | 'third-party';
  /** `api`: from ListFoundationModels in the region. */
  readonly layer?: 'overlay' | 'api';
}

/** Where the model can be invoked, per region. */
export interface OfferFacts extends Sourced {
  readonly regions: Readonly<Record<string, readonly InferenceType[]>>;
  /**
   * Whether `regions` names every region where the model is offered (a model card's "Regional
   * availability"); when false, a region not listed is unknown, not "not offered".
   */
  readonly complete: boolean;
  readonly layer?: 'overlay' | 'api';
}

export interface ModelEntry {
  readonly id: string;
  readonly aliases?: readonly string[];
  readonly name: string;
  readonly provider: string;
  readonly customizationId?: string;
  /** First fact whose regions name the region wins; then an `all` fact. */
  readonly lifecycle: readonly LifecycleFact[];
  readonly offers?: OfferFacts;
  readonly customization: Partial<Record<CustomizationType, CustomizationEntry>>;
  readonly distillationTeacher?: RegionList & {
    readonly students: readonly string[];
    readonly inferenceProfileOnly?: boolean;
  };
  readonly copyDestinations?: RegionList;
  readonly onDemandDeployment?: RegionList;
  readonly provisionedThroughput?: RegionList;
}

export interface Geography {
  readonly sourceRegions: readonly string[];
  readonly destinationRegions: readonly string[];
  readonly anyCommercialRegion?: boolean;
  readonly source: string;
  readonly checked?: string;
  readonly note?: string;
}

/** A system-defined cross-Region inference profile: destinations per source region. */
export interface ProfileEntry extends Sourced {
  readonly id: string;
  readonly geography: string;
  readonly modelId: string;
  readonly routes: Readonly<Record<string, readonly string[]>>;
  /** Global profiles: any commercial region besides the listed ones. */
  readonly anyCommercialRegion?: boolean;
  readonly layer?: 'overlay' | 'api';
}

/** A per-region fact: the regions where it holds, or unknown with the reason. */
export type RegionFact =
  | (RegionList & { readonly known: true })
  | (Partial<Sourced> & { readonly known: false; readonly reason: string });

export interface RegionalFacts {
  readonly managedKnowledgeBases: RegionFact;
  readonly s3VectorsKnowledgeBases: RegionFact;
  readonly customModelImport: RegionFact;
  /** Rerank model id to the regions where it is offered. */
  readonly rerankModels: Readonly<Record<string, RegionFact>>;
  /** Where Bedrock itself (the control plane) exists. */
  readonly bedrock: RegionFact;
  /** Regions where Provisioned Throughput is sold only for custom models, with no commitment. */
  readonly provisionedThroughputNoCommitOnly: RegionFact;
}

/** A documented rule (lifecycle, inference profiles) that rules cite. */
export interface Policy extends Sourced {
  readonly text: string;
}

/** Two sources disagree; the built value follows `winner`, for `reason`. Never silent. */
export interface Conflict {
  readonly subject: string;
  readonly region?: string;
  readonly field: string;
  readonly overlay: string;
  readonly api: string;
  readonly winner: 'overlay' | 'api';
  readonly reason: string;
}

export interface CatalogData {
  readonly asOf: string;
  readonly description?: string;
  readonly layers: {
    readonly overlay: { readonly asOf: string };
    readonly api?: {
      readonly asOf: string;
      readonly source: string;
      readonly regions: Readonly<Record<string, string>>;
    };
  };
  readonly sources: Readonly<Record<string, Source>>;
  readonly models: readonly ModelEntry[];
  readonly geographies: Readonly<Record<string, Geography>>;
  readonly profiles: readonly ProfileEntry[];
  readonly quotes?: readonly string[];
  readonly regionFacts: RegionalFacts;
  readonly policies: Readonly<Record<string, Policy>>;
  /** Legacy accessor of `regionFacts.customModelImport` (regions where it is known). */
  readonly customModelImport: RegionList;
  readonly knownModelIds: {
    readonly source: string;
    readonly ids: readonly string[];
    /** Ids whose model is end-of-life in every region as of `asOf` (derived by the build). */
    readonly eol: readonly string[];
  };
  readonly conflicts: readonly Conflict[];
}
