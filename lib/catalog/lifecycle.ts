import { LifecycleFact, LifecycleStatus, ModelEntry } from './types';

/** A model's lifecycle in one region on one day, as rules read it. */
export interface LifecycleView {
  readonly status: LifecycleStatus | 'UNKNOWN';
  readonly legacyDate?: string;
  readonly eolDate?: string;
  readonly successor?: string;
  /** Source key and its URL (or mirror path@commit). */
  readonly source?: string;
  readonly sourceUrl?: string;
  /** Date the source was checked. */
  readonly checked?: string;
  readonly confidence?: 'aws' | 'third-party';
  /** Whether the fact names this region (false: a fact for every region where it is offered). */
  readonly regional?: boolean;
  readonly note?: string;
}

/** The fact for a region: one that names it, else one for all regions. */
export function lifecycleFact(
  model: ModelEntry,
  region: string | undefined,
): LifecycleFact | undefined {
  const named = region
    ? model.lifecycle.find((f) => f.regions !== 'all' && f.regions.includes(region))
    : undefined;
  return named ?? model.lifecycle.find((f) => f.regions === 'all');
}

/**
 * The state on `today`: dates decide when given (EOL from `eolDate`, Legacy from `legacyDate`);
 * a fact without the deciding date holds from the day its source was checked, and is unknown
 * before that (never back-dated).
 */
export function statusOn(fact: LifecycleFact, today: string): LifecycleStatus | 'UNKNOWN' {
  if (fact.eolDate && fact.eolDate <= today) return 'EOL';
  if (fact.legacyDate && fact.legacyDate <= today) return 'LEGACY';
  if (fact.status === 'EOL' && !fact.eolDate) return today >= fact.checked ? 'EOL' : 'UNKNOWN';
  if (fact.status !== 'ACTIVE' && !fact.legacyDate) {
    return today >= fact.checked ? 'LEGACY' : 'UNKNOWN';
  }
  return 'ACTIVE';
}

export function lifecycleView(
  fact: LifecycleFact | undefined,
  today: string,
  sourceUrl: (key: string) => string | undefined,
): LifecycleView {
  if (!fact) return { status: 'UNKNOWN' };
  return {
    status: statusOn(fact, today),
    legacyDate: fact.legacyDate,
    eolDate: fact.eolDate,
    successor: fact.successor,
    source: fact.source,
    sourceUrl: sourceUrl(fact.source),
    checked: fact.checked,
    confidence: fact.confidence ?? 'aws',
    regional: fact.regions !== 'all',
    note: fact.note,
  };
}
