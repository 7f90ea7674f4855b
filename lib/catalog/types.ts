/** Shape of `data/model-catalog.json`. Every entry names a key of `sources`. */
export type CustomizationType =
  'FINE_TUNING' | 'CONTINUED_PRE_TRAINING' | 'REINFORCEMENT_FINE_TUNING' | 'DISTILLATION';

export const CUSTOMIZATION_TYPES: readonly CustomizationType[] = [
  'FINE_TUNING',
  'CONTINUED_PRE_TRAINING',
  'REINFORCEMENT_FINE_TUNING',
  'DISTILLATION',
];

export interface RegionList {
  readonly regions: readonly string[];
  readonly source: string;
  readonly note?: string;
}

export interface CustomizationEntry extends RegionList {
  /** `older-docs-only`: only superseded documentation lists it; a job may already fail. */
  readonly status: 'current' | 'older-docs-only';
  readonly teachers?: readonly string[];
}

export interface Lifecycle {
  readonly status: 'ACTIVE' | 'LEGACY' | 'EOL';
  readonly legacyDate?: string;
  readonly eolDate?: string;
  readonly source?: string;
  readonly note?: string;
}

export interface ModelEntry {
  readonly id: string;
  readonly aliases?: readonly string[];
  readonly name: string;
  readonly provider: string;
  readonly customizationId?: string;
  readonly customization: Partial<Record<CustomizationType, CustomizationEntry>>;
  readonly distillationTeacher?: RegionList & {
    readonly students: readonly string[];
    readonly inferenceProfileOnly?: boolean;
  };
  readonly lifecycle: Lifecycle;
  readonly copyDestinations?: RegionList;
  readonly onDemandDeployment?: RegionList;
}

export interface CatalogData {
  readonly asOf: string;
  readonly description?: string;
  readonly sources: Readonly<
    Record<string, { readonly title: string; readonly url: string; readonly note?: string }>
  >;
  readonly models: readonly ModelEntry[];
  readonly customModelImport: RegionList;
  readonly knownModelIds: { readonly source: string; readonly ids: readonly string[] };
}
