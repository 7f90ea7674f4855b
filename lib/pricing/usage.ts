import type { ErrorObject } from 'ajv';
import { InputError } from '../assembly/types';
import schema from '../../schema/usage.schema.json';
import { PROFILES, STARTER, UsageProfile } from './profiles';
import { globMatcher } from '../glob';

export interface Quantities {
  readonly monthlyGb?: number;
  readonly monthlyWriteGb?: number;
  readonly monthlyInvocationGb?: number;
  readonly monthlyEgressGb?: number;
  readonly monthlySyncGb?: number;
  readonly hoursPerMonth?: number;
  readonly datasetGb?: number;
  readonly runsPerMonth?: number;
  readonly tokens?: number;
  readonly epochs?: number;
  readonly promptTokens?: number;
  readonly contextTokens?: number;
  readonly outputTokens?: number;
}

export type Quantity = keyof Quantities;

/** A number with where it came from: `usage file usage.yml ("Rag/Retriever")`. */
export interface SourcedQuantity {
  readonly value: number;
  readonly source: string;
}

interface Entry {
  readonly pattern: string;
  readonly matches: (path: string) => boolean;
  readonly quantities: Quantities;
  /** Literal characters of the pattern: the most specific entry wins. */
  readonly specificity: number;
}

/**
 * Monthly volumes keyed by construct path glob, as in Infracost's usage file. A key covers the
 * construct it names and everything under it; `*` stays within a path segment, `**` crosses them.
 */
export class Usage {
  private readonly entries: Entry[];
  /** The profile's defaults as sourced quantities, made once: every flow of a report asks for them. */
  private readonly defaults = new Map<Quantity, SourcedQuantity | null>();

  constructor(
    quantities: Readonly<Record<string, Quantities>>,
    readonly profile: UsageProfile | null,
    /** `usage file usage.yml`, `options.usage`. */
    readonly origin: string,
  ) {
    this.entries = Object.entries(quantities)
      .map(([pattern, q]) => ({
        pattern,
        matches: globMatcher()(pattern, { dot: true }),
        quantities: q,
        specificity: pattern.replace(/[*?[\]{}!]/g, '').length,
      }))
      .sort((a, b) => b.specificity - a.specificity);
  }

  /**
   * The quantity for the first path some entry gives it for, else what the template states
   * (`stated`), else the profile's default, else null: the usage file beats the template, and the
   * template beats the profile.
   */
  quantity(
    paths: readonly (string | null | undefined)[],
    quantity: Quantity,
    stated: SourcedQuantity | null = null,
  ): SourcedQuantity | null {
    for (const path of this.entries.length > 0 ? paths : []) {
      if (!path) continue;
      const scopes = ancestors(path);
      const entry = this.entries.find(
        (e) => e.quantities[quantity] !== undefined && scopes.some((s) => e.matches(s)),
      );
      if (entry)
        return {
          value: entry.quantities[quantity]!,
          source: `${this.origin} ("${entry.pattern}")`,
        };
    }
    if (stated) return stated;
    let fallback = this.defaults.get(quantity);
    if (fallback === undefined) {
      const given = this.profile?.quantities[quantity];
      fallback = given
        ? { value: given.value, source: `profile "${this.profile!.name}": ${given.why}` }
        : null;
      this.defaults.set(quantity, fallback);
    }
    return fallback;
  }

  /** Keys that match no construct path of the app: a typo, or a construct that was removed. */
  unmatched(paths: Iterable<string>): string[] {
    const left = new Set(this.entries);
    if (left.size === 0) return [];
    for (const path of paths) {
      for (const scope of ancestors(path)) {
        for (const e of left) if (e.matches(scope)) left.delete(e);
      }
      if (left.size === 0) break;
    }
    return [...left].map((e) => e.pattern);
  }
}

/** `A/B/C` -> `A/B/C`, `A/B`, `A`: a key for a construct covers everything under it. */
function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('/'));
}

/** Checks a parsed usage document; unknown keys and bad numbers are errors naming the key. */
export function parseUsage(document: unknown, origin: string, where: string): Usage {
  if (document === null || document === undefined) return new Usage({}, STARTER, origin);
  // Loaded on use, like picomatch: a run without a usage file needs neither.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { validate: validator } =
    require('../generated/usage-validator') as typeof import('../generated/usage-validator');
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (!validator(document)) throw new InputError(where, describe(validator.errors?.[0]));
  const { profile, ...entries } = document as { profile?: string } & Record<string, Quantities>;
  return new Usage(entries, PROFILES[profile ?? 'starter'], origin);
}

export function defaultUsage(): Usage {
  return new Usage({}, STARTER, 'no usage file');
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'invalid usage';
  const where = error.instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join(' > ');
  const at = where ? `usage "${where}"` : 'usage';
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    return `${at}: unknown key "${key}" (known: ${Object.keys(schema.definitions.quantities.properties).join(', ')})`;
  }
  // YAML's .inf and .nan parse to numbers JSON Schema cannot accept: say what they are.
  if (typeof error.data === 'number' && !Number.isFinite(error.data))
    return `${at}: ${error.data} is not a finite number`;
  if (error.keyword === 'maximum' || error.keyword === 'minimum')
    return `${at}: ${error.message} (got ${error.data})`;
  if (error.keyword === 'maxProperties')
    return `${at}: ${Object.keys(error.data as object).length} entries, more than the 10,000 a usage file may have`;
  if (error.keyword === 'enum')
    return `${at}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${at}: ${error.message}`;
}
