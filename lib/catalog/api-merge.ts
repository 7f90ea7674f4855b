import { ApiFoundationModel, ApiLayer } from './api-layer';
import { lifecycleFact, statusOn } from './lifecycle';
import { idCandidates } from './model-ids';
import { Overlay } from './overlay';
import {
  Conflict,
  CustomizationEntry,
  CustomizationType,
  InferenceType,
  LifecycleFact,
  ModelEntry,
  ProfileEntry,
} from './types';

/**
 * Merge policy (recorded per conflict in the built file):
 * - Lifecycle only moves forward (Active, Legacy, EOL), so the more advanced state on the refresh
 *   day wins: a documented EOL is not undone by an API `ACTIVE` that lags the lifecycle pages, and
 *   an API `LEGACY` beats a documented `ACTIVE`. At equal states the API's per-region dates win.
 * - Inference types, customization regions (the types the API reports: no RFT) and profile
 *   routes: the API wins in every region it answered; the overlay stands where it failed.
 */
export const API_SOURCE = 'bedrock-api';

const RANK = { ACTIVE: 0, LEGACY: 1, EOL: 2, UNKNOWN: -1 } as const;
const API_TYPES: readonly CustomizationType[] = [
  'FINE_TUNING',
  'CONTINUED_PRE_TRAINING',
  'DISTILLATION',
];

interface Merged {
  readonly models: ModelEntry[];
  readonly profiles: ProfileEntry[];
  readonly conflicts: Conflict[];
}

interface Draft {
  entry: ModelEntry;
  apiLifecycle: LifecycleFact[];
  offers: Record<string, Set<InferenceType>>;
  customizations: Partial<Record<CustomizationType, Set<string>>>;
}

export function mergeApiLayer(overlay: Overlay, api: ApiLayer): Merged {
  const conflicts: Conflict[] = [];
  const drafts = new Map<string, Draft>();
  const lookup = new Map<string, ModelEntry>();
  for (const m of overlay.models) {
    for (const id of [m.id, m.customizationId, ...(m.aliases ?? [])]) if (id) lookup.set(id, m);
  }
  const okRegions = Object.keys(api.regions).filter((r) => api.regions[r]!.status === 'ok');
  const draftOf = (fm: ApiFoundationModel): Draft => {
    const known = idCandidates(fm.modelId)
      .map((c) => lookup.get(c))
      .find(Boolean);
    const entry: ModelEntry = known ?? {
      id: fm.modelId,
      name: fm.modelName ?? fm.modelId,
      provider: fm.providerName ?? fm.modelId.split('.')[0]!,
      lifecycle: [],
      customization: {},
    };
    if (!known) lookup.set(fm.modelId, entry);
    let draft = drafts.get(entry.id);
    if (!draft) {
      draft = { entry, apiLifecycle: [], offers: {}, customizations: {} };
      drafts.set(entry.id, draft);
    }
    return draft;
  };
  for (const region of okRegions) {
    const answer = api.regions[region]!;
    if (answer.status !== 'ok') continue;
    for (const fm of answer.foundationModels) collect(draftOf(fm), fm, region, api.asOf);
  }
  const models = [...overlay.models, ...[...drafts.values()].map((d) => d.entry)]
    .filter((m, i, all) => all.findIndex((o) => o.id === m.id) === i)
    .map((m) => {
      const draft = drafts.get(m.id);
      return mergeModel(m, draft, okRegions, api, conflicts);
    });
  const profiles = mergeProfiles(overlay.profiles, api, okRegions, conflicts);
  return { models, profiles, conflicts };
}

function collect(draft: Draft, fm: ApiFoundationModel, region: string, asOf: string): void {
  const types = (draft.offers[region] ??= new Set());
  for (const t of fm.inferenceTypesSupported) types.add(t as InferenceType);
  for (const c of fm.customizationsSupported) {
    (draft.customizations[c as CustomizationType] ??= new Set()).add(region);
  }
  const lc = fm.lifecycle;
  if (!lc || draft.apiLifecycle.some((f) => f.regions.includes(region))) return;
  const status = lc.status === 'LEGACY' ? 'LEGACY' : lc.status === 'ACTIVE' ? 'ACTIVE' : 'EOL';
  draft.apiLifecycle.push({
    status,
    regions: [region],
    ...(lc.legacyTime && { legacyDate: lc.legacyTime }),
    ...(lc.endOfLifeTime && { eolDate: lc.endOfLifeTime }),
    source: API_SOURCE,
    checked: asOf,
    layer: 'api',
  });
}

function mergeModel(
  model: ModelEntry,
  draft: Draft | undefined,
  okRegions: readonly string[],
  api: ApiLayer,
  conflicts: Conflict[],
): ModelEntry {
  if (!draft) return model;
  const lifecycle: LifecycleFact[] = [];
  for (const fact of draft.apiLifecycle) {
    const region = (fact.regions as string[])[0]!;
    const documented = lifecycleFact(model, region);
    const apiState = statusOn(fact, api.asOf);
    const docState = documented ? statusOn(documented, api.asOf) : 'UNKNOWN';
    const overlayWins = RANK[docState] > RANK[apiState];
    if (documented && (docState !== apiState || documented.eolDate !== fact.eolDate)) {
      conflicts.push({
        subject: model.id,
        region,
        field: 'lifecycle',
        overlay: `${docState}${documented.eolDate ? ` (EOL ${documented.eolDate})` : ''} per ${documented.source}`,
        api: `${apiState}${fact.eolDate ? ` (EOL ${fact.eolDate})` : ''}`,
        winner: overlayWins ? 'overlay' : 'api',
        reason: overlayWins
          ? 'lifecycle only moves forward; the API listing lags the documented state'
          : 'the API gives the per-region state and dates on the refresh day',
      });
    }
    if (!overlayWins) lifecycle.push(fact);
  }
  const offers = mergeOffers(model, draft, okRegions, api, conflicts);
  const customization = mergeCustomization(model, draft, okRegions, api, conflicts);
  return { ...model, lifecycle: [...lifecycle, ...model.lifecycle], offers, customization };
}

function mergeOffers(
  model: ModelEntry,
  draft: Draft,
  okRegions: readonly string[],
  api: ApiLayer,
  conflicts: Conflict[],
): ModelEntry['offers'] {
  const regions: Record<string, InferenceType[]> = {};
  for (const [r, types] of Object.entries(model.offers?.regions ?? {})) {
    if (!okRegions.includes(r)) regions[r] = [...types];
  }
  for (const r of okRegions) {
    const apiTypes = [...(draft.offers[r] ?? [])].sort();
    const documented = [...(model.offers?.regions[r] ?? [])].sort();
    if (model.offers && documented.join() !== apiTypes.join()) {
      conflicts.push({
        subject: model.id,
        region: r,
        field: 'inferenceTypes',
        overlay: documented.join(', ') || 'not offered',
        api: apiTypes.join(', ') || 'not listed',
        winner: 'api',
        reason: 'ListFoundationModels answers per region on the refresh day',
      });
    }
    if (apiTypes.length > 0) regions[r] = apiTypes;
  }
  const failed = Object.keys(api.regions).length > okRegions.length;
  return {
    regions,
    complete: !failed,
    source: API_SOURCE,
    checked: api.asOf,
    layer: 'api',
    ...(failed && { note: 'Regions whose refresh failed keep the documented offers, if any.' }),
  };
}

function mergeCustomization(
  model: ModelEntry,
  draft: Draft,
  okRegions: readonly string[],
  api: ApiLayer,
  conflicts: Conflict[],
): ModelEntry['customization'] {
  const out: Partial<Record<CustomizationType, CustomizationEntry>> = { ...model.customization };
  for (const type of API_TYPES) {
    const documented = model.customization[type];
    const apiRegions = draft.customizations[type] ?? new Set<string>();
    if (!documented && apiRegions.size === 0) continue;
    const kept = (documented?.regions ?? []).filter(
      (r) => !okRegions.includes(r) || apiRegions.has(r),
    );
    const regions = [...new Set([...kept, ...apiRegions])].sort();
    for (const r of okRegions) {
      const inDoc = documented?.regions.includes(r) ?? false;
      if (inDoc === apiRegions.has(r)) continue;
      conflicts.push({
        subject: model.id,
        region: r,
        field: `customization.${type}`,
        overlay: inDoc ? `listed (${documented!.source})` : 'not listed',
        api: apiRegions.has(r) ? 'customizationsSupported' : 'not in customizationsSupported',
        winner: 'api',
        reason: 'ListFoundationModels answers per region on the refresh day',
      });
    }
    out[type] = documented
      ? { ...documented, regions }
      : { regions, status: 'current', source: API_SOURCE, checked: api.asOf };
  }
  return out;
}

function mergeProfiles(
  documented: readonly ProfileEntry[],
  api: ApiLayer,
  okRegions: readonly string[],
  conflicts: Conflict[],
): ProfileEntry[] {
  const routes = new Map<string, Record<string, string[]>>();
  const modelOf = new Map<string, string>();
  for (const region of okRegions) {
    const answer = api.regions[region]!;
    if (answer.status !== 'ok') continue;
    for (const p of answer.inferenceProfiles) {
      if (p.type !== 'SYSTEM_DEFINED') continue;
      const destinations = [...new Set(p.modelArns.map((a) => a.split(':')[3]!))].sort();
      (routes.get(p.inferenceProfileId) ??
        routes.set(p.inferenceProfileId, {}).get(p.inferenceProfileId)!)[region] = destinations;
      const model = p.modelArns[0]?.split('/').pop();
      if (model) modelOf.set(p.inferenceProfileId, model);
    }
  }
  const out: ProfileEntry[] = [];
  const ids = [...new Set([...documented.map((p) => p.id), ...routes.keys()])].sort();
  for (const id of ids) {
    const doc = documented.find((p) => p.id === id);
    const live = routes.get(id) ?? {};
    const merged: Record<string, readonly string[]> = {};
    for (const [src, dest] of Object.entries(doc?.routes ?? {})) {
      if (!okRegions.includes(src)) merged[src] = dest;
    }
    for (const r of okRegions) {
      const a = (live[r] ?? []).join(', ');
      const d = [...(doc?.routes[r] ?? [])].sort().join(', ');
      if (doc && a !== d) {
        conflicts.push({
          subject: id,
          region: r,
          field: 'profile.destinations',
          overlay: d || 'not a source',
          api: a || 'not listed',
          winner: 'api',
          reason: 'ListInferenceProfiles answers per source region on the refresh day',
        });
      }
      if (live[r]) merged[r] = live[r]!;
    }
    if (Object.keys(merged).length === 0) continue;
    const geography = id.slice(0, id.indexOf('.'));
    out.push({
      id,
      geography,
      modelId: doc?.modelId ?? modelOf.get(id) ?? id.slice(id.indexOf('.') + 1),
      routes: merged,
      ...((doc?.anyCommercialRegion || geography === 'global') && { anyCommercialRegion: true }),
      source: Object.keys(live).length > 0 ? API_SOURCE : doc!.source,
      checked: Object.keys(live).length > 0 ? api.asOf : doc!.checked,
      layer: Object.keys(live).length > 0 ? 'api' : 'overlay',
    });
  }
  return out;
}
