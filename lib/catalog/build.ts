import { ApiLayer } from './api-layer';
import { API_SOURCE, mergeApiLayer } from './api-merge';
import { lifecycleFact, statusOn } from './lifecycle';
import { Overlay } from './overlay';
import { referenceProblems } from './references';
import { CatalogData, CustomizationEntry, ModelEntry, Source } from './types';

/**
 * The catalog from its two layers: the reviewed documentation overlay and, when given, the API
 * layer that `catalog refresh` writes. Pure: same input, same output (no clock, no I/O). Where the
 * layers disagree the built file records the conflict and which side won (see api-merge.ts).
 */
export function buildCatalog(overlay: Overlay, api?: ApiLayer): CatalogData {
  const catalog = assemble(overlay, api);
  const problems = referenceProblems(catalog);
  if (problems.length > 0) throw new Error(`catalog sources: ${problems.join('; ')}`);
  return catalog;
}

function assemble(overlay: Overlay, api?: ApiLayer): CatalogData {
  const merged = api
    ? mergeApiLayer(overlay, api)
    : { models: overlay.models, profiles: overlay.profiles, conflicts: [] };
  const asOf = api && api.asOf > overlay.asOf ? api.asOf : overlay.asOf;
  const models = merged.models.map((m) => closeByLifecycle(m, asOf));
  const ids = new Set(overlay.knownModelIds.ids);
  for (const m of models) for (const id of [m.id, ...(m.aliases ?? [])]) ids.add(id);
  const sorted = [...ids].sort();
  return {
    asOf,
    description: overlay.description,
    layers: {
      overlay: { asOf: overlay.asOf },
      ...(api && {
        api: {
          asOf: api.asOf,
          source: api.source,
          regions: Object.fromEntries(
            Object.entries(api.regions).map(([r, v]) => [r, v.status === 'ok' ? 'ok' : v.error]),
          ),
        },
      }),
    },
    sources: api ? { ...overlay.sources, [API_SOURCE]: apiSource(api) } : overlay.sources,
    models,
    geographies: overlay.geographies,
    profiles: merged.profiles,
    ...(overlay.quotes && { quotes: overlay.quotes }),
    regionFacts: overlay.regionFacts,
    policies: overlay.policies,
    customModelImport: customModelImport(overlay),
    knownModelIds: {
      source: overlay.knownModelIds.source,
      ids: sorted,
      eol: sorted.filter((id) => eolEverywhere(models, merged.profiles, id, asOf)),
    },
    conflicts: merged.conflicts,
  };
}

function customModelImport(overlay: Overlay): CatalogData['customModelImport'] {
  const fact = overlay.regionFacts.customModelImport;
  if (fact.known) return { regions: fact.regions, source: fact.source, note: fact.note };
  return { regions: [], source: fact.source ?? 'unknown', note: fact.reason };
}

/** Marks table rows whose model is Legacy or EOL in every listed region on `asOf`. */
function closeByLifecycle(model: ModelEntry, asOf: string): ModelEntry {
  const customization: Record<string, CustomizationEntry> = {};
  for (const [type, entry] of Object.entries(model.customization)) {
    const states = entry!.regions.map((r) => {
      const fact = lifecycleFact(model, r);
      return fact ? statusOn(fact, asOf) : 'UNKNOWN';
    });
    const closed = states.length > 0 && states.every((s) => s === 'LEGACY' || s === 'EOL');
    const { closedByLifecycle: _drop, ...rest } = entry!;
    void _drop;
    customization[type] = closed
      ? {
          ...rest,
          closedByLifecycle: `${[...new Set(states)].join('/')} in ${entry!.regions.join(', ')} as of ${asOf}: no new jobs`,
        }
      : rest;
  }
  return { ...model, customization };
}

/**
 * EOL wherever the catalog knows the model: every lifecycle fact says EOL on `asOf`, and the
 * facts cover every region where it is known to be offered (an `all` fact, or regional facts
 * naming each region of its offers and profile sources).
 */
function eolEverywhere(
  models: readonly ModelEntry[],
  profiles: CatalogData['profiles'],
  id: string,
  asOf: string,
): boolean {
  const model = models.find(
    (m) => m.id === id || m.aliases?.includes(id) || m.customizationId === id,
  );
  if (!model || model.lifecycle.length === 0) return false;
  if (!model.lifecycle.every((f) => statusOn(f, asOf) === 'EOL')) return false;
  if (model.lifecycle.some((f) => f.regions === 'all')) return true;
  const covered = new Set(model.lifecycle.flatMap((f) => f.regions as readonly string[]));
  const offered = [
    ...Object.keys(model.offers?.regions ?? {}),
    ...profiles.filter((p) => p.modelId === model.id).flatMap((p) => Object.keys(p.routes)),
  ];
  return offered.every((r) => covered.has(r));
}

function apiSource(api: ApiLayer): Source {
  return {
    title: `Amazon Bedrock API: ${api.source}`,
    url: 'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListFoundationModels.html',
    kind: 'aws-api',
    checked: api.asOf,
    note: 'Written by `cdk-bedrock-lint catalog refresh`; per-region answers, errors recorded under layers.api.regions.',
  };
}
