import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import {
  CatalogData,
  CustomizationEntry,
  CustomizationType,
  Geography,
  ModelEntry,
  Policy,
  ProfileEntry,
  RegionalFacts,
  RegionList,
  Source,
} from './types';

/** Customization facts of one model, as `data/overlay/customization.yaml` holds them. */
export interface OverlayCustomization {
  readonly customizationId?: string;
  readonly customization?: Partial<Record<CustomizationType, CustomizationEntry>>;
  readonly distillationTeacher?: ModelEntry['distillationTeacher'];
  readonly copyDestinations?: RegionList;
  readonly onDemandDeployment?: RegionList;
  readonly provisionedThroughput?: RegionList;
}

/**
 * The reviewed documentation layer: facts only AWS documentation (or, marked so, third parties)
 * gives, each with a source key and the date it was checked. `models` carry identity, lifecycle
 * and offers; customization facts are merged in by model id.
 */
export interface Overlay extends Pick<
  CatalogData,
  | 'description'
  | 'sources'
  | 'models'
  | 'geographies'
  | 'profiles'
  | 'quotes'
  | 'regionFacts'
  | 'policies'
> {
  readonly asOf: string;
  readonly knownModelIds: { readonly source: string; readonly ids: readonly string[] };
}

/** The overlay files, one topic each, in the order they are read. */
export const OVERLAY_FILES = [
  'sources.yaml',
  'models.yaml',
  'customization.yaml',
  'profiles.yaml',
  'regions.yaml',
  'known-ids.yaml',
] as const;

function readYaml(dir: string, file: string): Record<string, unknown> {
  return parse(fs.readFileSync(path.join(dir, file), 'utf-8')) as Record<string, unknown>;
}

/** Reads `data/overlay/*.yaml` into one overlay; customization facts join their model by id. */
export function readOverlay(dir: string): Overlay {
  const [sources, models, customization, profiles, regions, known] = OVERLAY_FILES.map((f) =>
    readYaml(dir, f),
  );
  const byModel = (customization!.customization ?? {}) as Record<string, OverlayCustomization>;
  const entries = (models!.models as ModelEntry[]).map((m) => ({
    ...m,
    customization: {},
    ...byModel[m.id],
  }));
  const unknownIds = Object.keys(byModel).filter((id) => !entries.some((m) => m.id === id));
  if (unknownIds.length > 0) {
    throw new Error(
      `customization.yaml names models missing from models.yaml: ${unknownIds.join(', ')}`,
    );
  }
  return {
    asOf: String(sources!.asOf),
    description: sources!.description as string | undefined,
    sources: sources!.sources as Record<string, Source>,
    models: entries as ModelEntry[],
    geographies: profiles!.geographies as Record<string, Geography>,
    profiles: profiles!.profiles as ProfileEntry[],
    quotes: profiles!.quotes as string[] | undefined,
    regionFacts: regions!.regionFacts as RegionalFacts,
    policies: (regions!.policies ?? {}) as Record<string, Policy>,
    knownModelIds: known!.knownModelIds as Overlay['knownModelIds'],
  };
}

/**
 * The overlay inside a built catalog: its API-layer facts and derived fields removed. The bundled
 * catalog is built from the overlay alone, so `catalog refresh` can rebuild from it without the
 * YAML files (which are not shipped).
 */
export function overlayOf(data: CatalogData): Overlay {
  const fromOverlay = <T extends { layer?: string }>(items: readonly T[]) =>
    items.filter((i) => i.layer !== 'api');
  const models = data.models
    .filter((m) => m.lifecycle.some((f) => f.layer !== 'api') || m.offers?.layer !== 'api')
    .map((m) => ({
      ...m,
      lifecycle: fromOverlay(m.lifecycle),
      offers: m.offers?.layer === 'api' ? undefined : m.offers,
      customization: Object.fromEntries(
        Object.entries(m.customization).map(([type, entry]) => {
          const { closedByLifecycle: _derived, ...documented } = entry!;
          void _derived;
          return [type, documented];
        }),
      ),
    }));
  return {
    asOf: data.layers.overlay.asOf,
    description: data.description,
    sources: data.sources,
    models,
    geographies: data.geographies,
    profiles: fromOverlay(data.profiles),
    quotes: data.quotes,
    regionFacts: data.regionFacts,
    policies: data.policies,
    knownModelIds: { source: data.knownModelIds.source, ids: data.knownModelIds.ids },
  };
}
