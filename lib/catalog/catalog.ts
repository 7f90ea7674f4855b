import bundledData from '../../data/model-catalog.json';
import { lifecycleFact, LifecycleView, lifecycleView } from './lifecycle';
import { idCandidates, stripArn } from './model-ids';
import {
  Offer,
  offerOf,
  ProfileView,
  profileView,
  RegionFactsView,
  regionFactsOf,
  Routing,
  routingOf,
} from './queries';
import {
  CatalogData,
  CustomizationEntry,
  CustomizationType,
  ModelEntry,
  ProfileEntry,
} from './types';
import { readCatalogFile } from './validate';

export { geographyPrefix, stripArn } from './model-ids';
export type { LifecycleView } from './lifecycle';
export type { Offer, OfferKind, ProfileView, RegionFactsView, Routing } from './queries';

/** Whether a customization job of a type can start on a model in a region on a day, and why not. */
export interface Customizability {
  readonly ok: boolean;
  /**
   * `unknown-model`; `no-such-type` (not in any region); `region`; `older-docs-only`; `lifecycle`
   * (Legacy or EOL here today); `no-live-teacher` (distillation: every documented teacher is
   * Legacy or EOL); `lifecycle-unknown` (documented here, but no source gives its lifecycle).
   */
  readonly reason?:
    | 'unknown-model'
    | 'no-such-type'
    | 'region'
    | 'older-docs-only'
    | 'lifecycle'
    | 'no-live-teacher'
    | 'lifecycle-unknown';
  readonly entry?: CustomizationEntry;
  readonly lifecycle: LifecycleView;
}

/** Queries over the dated model catalog. Built once per run; lookups are map hits. */
export class Catalog {
  private readonly byId = new Map<string, ModelEntry>();
  private readonly known: Set<string>;
  private readonly profilesById = new Map<string, ProfileEntry>();

  constructor(readonly data: CatalogData) {
    for (const model of data.models) {
      for (const id of [model.id, model.customizationId, ...(model.aliases ?? [])]) {
        if (id) this.byId.set(id, model);
      }
    }
    for (const p of data.profiles) this.profilesById.set(p.id, p);
    this.known = new Set(data.knownModelIds.ids);
  }

  get asOf(): string {
    return this.data.asOf;
  }

  /** The entry for a model id, ARN, context-suffix id (`:128k`) or geography profile id (`us.`). */
  model(id: string): ModelEntry | undefined {
    for (const candidate of idCandidates(id)) {
      const entry = this.byId.get(candidate);
      if (entry) return entry;
    }
    const profile = this.profilesById.get(stripArn(id));
    return profile ? this.byId.get(profile.modelId) : undefined;
  }

  /** Whether the id names any model the catalog has heard of (customizable or not). */
  isKnown(id: string): boolean {
    return (
      this.model(id) !== undefined ||
      idCandidates(id).some((c) => this.known.has(c) || this.profilesById.has(c))
    );
  }

  /** The model's lifecycle in a region (undefined: the all-regions fact only) on `today`. */
  lifecycle(modelId: string, region: string | undefined, today: string): LifecycleView {
    const model = this.model(modelId);
    return lifecycleView(model && lifecycleFact(model, region), today, (k) => this.sourceUrl(k));
  }

  /**
   * The model's lifecycle when it is the same in every region the catalog has a fact for (EOL
   * everywhere, or Legacy-or-EOL everywhere: then Legacy); undefined when regions differ or no fact
   * for all regions exists. What a use of an unknown region can still be told.
   */
  lifecycleEverywhere(modelId: string, today: string): LifecycleView | undefined {
    const model = this.model(modelId);
    // Regional facts alone say nothing of the regions they do not name.
    if (!model?.lifecycle.some((f) => f.regions === 'all')) return undefined;
    const views = model.lifecycle.map((f) => lifecycleView(f, today, (k) => this.sourceUrl(k)));
    if (views.every((v) => v.status === 'EOL')) return views.find((v) => !v.regional) ?? views[0];
    if (views.every((v) => v.status === 'EOL' || v.status === 'LEGACY'))
      return (
        views.find((v) => v.status === 'LEGACY' && !v.regional) ??
        views.find((v) => v.status === 'LEGACY')
      );
    return undefined;
  }

  /** How the model can be invoked from a region: on demand, only through a profile, or not. */
  offer(modelId: string, region: string): Offer {
    return offerOf(this, modelId, region);
  }

  /** A system inference profile called from a source region; undefined for an unknown profile. */
  profile(profileId: string, sourceRegion: string, today = this.asOf): ProfileView | undefined {
    const entry = this.profilesById.get(stripArn(profileId));
    return entry && profileView(this, entry, sourceRegion, today);
  }

  /** Profiles of the catalog that route to a model (by its base id). */
  profilesFor(modelId: string): readonly ProfileEntry[] {
    const model = this.model(modelId);
    return model ? this.data.profiles.filter((p) => p.modelId === model.id) : [];
  }

  /** Routing of a profile id called from a region: its own row, else its geography's union. */
  routing(profileId: string, geography: string, from: string): Routing | undefined {
    return routingOf(this, profileId, geography, from);
  }

  regionFacts(region: string): RegionFactsView {
    return regionFactsOf(this.data, region);
  }

  customization(model: ModelEntry, type: CustomizationType): CustomizationEntry | undefined {
    return model.customization[type];
  }

  /** Whether a new job of `type` on the model can start in the region on `today`. */
  customizability(
    modelId: string,
    type: CustomizationType,
    region: string,
    today: string,
  ): Customizability {
    const model = this.model(modelId);
    const lifecycle = this.lifecycle(modelId, region, today);
    if (!model) return { ok: false, reason: 'unknown-model', lifecycle };
    const entry = model.customization[type];
    if (!entry) return { ok: false, reason: 'no-such-type', lifecycle };
    if (lifecycle.status === 'LEGACY' || lifecycle.status === 'EOL') {
      return { ok: false, reason: 'lifecycle', entry, lifecycle };
    }
    if (entry.status === 'older-docs-only') {
      return { ok: false, reason: 'older-docs-only', entry, lifecycle };
    }
    if (!entry.regions.includes(region)) return { ok: false, reason: 'region', entry, lifecycle };
    if (type === 'DISTILLATION' && this.liveTeachers(modelId, region, today).length === 0) {
      return { ok: false, reason: 'no-live-teacher', entry, lifecycle };
    }
    if (lifecycle.status === 'UNKNOWN') {
      return { ok: false, reason: 'lifecycle-unknown', entry, lifecycle };
    }
    return { ok: true, entry, lifecycle };
  }

  /** Models a new job of this type can start on in this region today (documented, and Active). */
  customizableIn(region: string, type: CustomizationType, today: string): ModelEntry[] {
    return this.data.models.filter((m) => this.customizability(m.id, type, region, today).ok);
  }

  /** Documented distillation teachers of a student that are Active in the region today. */
  liveTeachers(studentId: string, region: string, today: string): string[] {
    const entry = this.model(studentId)?.customization.DISTILLATION;
    return (entry?.teachers ?? []).filter(
      (t) => this.lifecycle(t, region, today).status === 'ACTIVE',
    );
  }

  /** Documented students of a distillation teacher that are Active in the region today. */
  liveStudents(teacherId: string, region: string, today: string): string[] {
    const teacher = this.model(teacherId)?.distillationTeacher;
    return (teacher?.students ?? []).filter(
      (s) => this.lifecycle(s, region, today).status === 'ACTIVE',
    );
  }

  /** Whether the model is Legacy or end-of-life in the region (or everywhere) on `today`. */
  isRetired(model: ModelEntry, today: string, region?: string): boolean {
    const { status } = this.lifecycle(model.id, region, today);
    return status === 'LEGACY' || status === 'EOL';
  }

  sourceUrl(key: string | undefined): string | undefined {
    return key ? this.data.sources[key]?.url : undefined;
  }
}

let bundled: Catalog | undefined;

/** The bundled catalog, or a refreshed one from `catalogFile` (schema-validated). */
export function loadCatalog(file?: string): Catalog {
  if (!file) {
    bundled ??= new Catalog(bundledData as unknown as CatalogData);
    return bundled;
  }
  return new Catalog(readCatalogFile(file));
}
