import * as fs from 'fs';
import { InputError } from '../assembly/types';
import bundledData from '../../data/model-catalog.json';
import { CatalogData, CustomizationEntry, CustomizationType, ModelEntry } from './types';

const GEO_PREFIXES = ['us.', 'eu.', 'apac.', 'global.', 'us-gov.', 'ca.', 'jp.', 'au.'];

/** Queries over the dated model catalog. Built once per run; lookups are map hits. */
export class Catalog {
  private readonly byId = new Map<string, ModelEntry>();
  private readonly known: Set<string>;

  constructor(readonly data: CatalogData) {
    for (const model of data.models) {
      for (const id of [model.id, model.customizationId, ...(model.aliases ?? [])]) {
        if (id) this.byId.set(id, model);
      }
    }
    this.known = new Set(data.knownModelIds.ids);
  }

  get asOf(): string {
    return this.data.asOf;
  }

  /** The entry for a model id, with or without context suffix (`:128k`) or geography prefix (`us.`). */
  model(id: string): ModelEntry | undefined {
    for (const candidate of candidates(id)) {
      const entry = this.byId.get(candidate);
      if (entry) return entry;
    }
    return undefined;
  }

  /** Whether the id names any model the catalog has heard of (customizable or not). */
  isKnown(id: string): boolean {
    return candidates(id).some((c) => this.byId.has(c) || this.known.has(c));
  }

  customization(model: ModelEntry, type: CustomizationType): CustomizationEntry | undefined {
    return model.customization[type];
  }

  /** Models customizable with this type in this region per current documentation, active ones only. */
  customizableIn(region: string, type: CustomizationType): ModelEntry[] {
    return this.data.models.filter((m) => {
      const entry = m.customization[type];
      return (
        entry?.status === 'current' &&
        entry.regions.includes(region) &&
        m.lifecycle.status === 'ACTIVE'
      );
    });
  }

  /** Whether the model is past its legacy date (no new customization jobs) on the given day. */
  isRetired(model: ModelEntry, today: string): boolean {
    const { status, legacyDate } = model.lifecycle;
    if (status === 'EOL') return true;
    if (status !== 'LEGACY') return false;
    return legacyDate === undefined || legacyDate <= today;
  }

  sourceUrl(key: string | undefined): string | undefined {
    return key ? this.data.sources[key]?.url : undefined;
  }
}

/** The id itself, then without geography prefix, then without one or two trailing `:x` segments. */
function candidates(id: string): string[] {
  const out = [id];
  const geo = GEO_PREFIXES.find((p) => id.startsWith(p));
  if (geo) out.push(id.slice(geo.length));
  for (const base of [...out]) {
    let current = base;
    for (let i = 0; i < 2 && current.lastIndexOf(':') > 0; i++) {
      current = current.slice(0, current.lastIndexOf(':'));
      out.push(current);
    }
  }
  return out;
}

export function geographyPrefix(id: string): string | undefined {
  return GEO_PREFIXES.find((p) => id.startsWith(p))?.slice(0, -1);
}

let bundled: Catalog | undefined;

/** The bundled catalog, or a refreshed one from `catalogFile`. */
export function loadCatalog(file?: string): Catalog {
  if (!file) {
    bundled ??= new Catalog(bundledData as unknown as CatalogData);
    return bundled;
  }
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    throw new InputError(file, `catalog file unreadable (${(e as Error).message.split('\n')[0]})`);
  }
  const d = data as Partial<CatalogData>;
  if (
    typeof d?.asOf !== 'string' ||
    !Array.isArray(d.models) ||
    !d.knownModelIds ||
    !d.customModelImport
  ) {
    throw new InputError(
      file,
      'not a model catalog (needs asOf, models, knownModelIds, customModelImport)',
    );
  }
  return new Catalog(d as CatalogData);
}
