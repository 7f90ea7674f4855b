import { Catalog } from '../lib/catalog/catalog';
import { Facts, Subject } from '../lib/discover/facts';
import { LintOptions, Severity } from '../lib/options';
import { Place } from '../lib/resolve/locate';

export const RULE_PREFIX = 'BedrockRegions-';

export interface RuleContext {
  readonly facts: Facts;
  readonly catalog: Catalog;
  readonly options: LintOptions;
  /** `YYYY-MM-DD` of the run, for lifecycle dates and catalog age. */
  readonly today: string;
}

/** A related resource or place that a finding names besides its subject. */
export interface Related {
  readonly what: string;
  readonly place: Place;
}

/** What a rule reports; the engine adds severity, locations and acknowledgments. */
export interface FindingDraft {
  /** The resource the finding is about; undefined for app-wide findings (a stale catalog). */
  readonly subject?: Subject;
  readonly message: string;
  readonly regions: { readonly resource: string | null; readonly peer?: string | null };
  readonly related?: readonly Related[];
  /** Distinguishes findings of one rule on one resource; stable across runs (no hashes, no line numbers). */
  readonly key: string;
}

/** One rule: metadata beside logic, in the manner of ESLint rule modules and cdk-nag rules. */
export interface Rule {
  /** Name without prefix, e.g. `CustomizationModelRegion`; the id is `BedrockRegions-<name>`. */
  readonly name: string;
  readonly summary: string;
  readonly explanation: string;
  readonly fix: string;
  readonly defaultSeverity: Severity;
  /** AWS error text the mistake produces, quoted from AWS documentation, for users who search for it. */
  readonly awsError?: string;
  check(context: RuleContext): FindingDraft[];
}

export function ruleId(rule: Rule): string {
  return `${RULE_PREFIX}${rule.name}`;
}

export function regionText(place: Place): string {
  return place.region ?? 'an unknown region';
}

export function list(items: readonly string[], empty = 'none'): string {
  if (items.length === 0) return empty;
  if (items.length === 1) return items[0];
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
