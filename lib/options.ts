/** The options object shared by the plugin, the CLI and the library (PRODUCT.md section 3). */
export type Severity = 'error' | 'warning' | 'info';
export type RuleLevel = Severity | 'off';
export type FailOn = 'error' | 'warning' | 'never';

export interface LintOptions {
  /** Data-residency policy: regions where AI resources and data may live or be processed. */
  readonly allowedRegions?: readonly string[];
  /** Lowest severity that fails the run (default `error`). */
  readonly failOn?: FailOn;
  /** Fail when the estimated monthly total exceeds it. */
  readonly maxMonthlyUsd?: number;
  /** Unresolvable regions are errors instead of warnings. */
  readonly strict?: boolean;
  /** Messages inside `cdk synth` include each rule's full explanation (default false). */
  readonly verbose?: boolean;
  /** Per rule (`BedrockRegions-X` or `X`): off, info, warning, error. */
  readonly rules?: Readonly<Record<string, RuleLevel>>;
  /** Monthly volumes per construct path glob. */
  readonly usage?: Readonly<Record<string, unknown>>;
  /** Regions of resources outside the app: `{ "s3://corp-lake": "us-east-1", "arn:...": "..." }`. */
  readonly externalResources?: Readonly<Record<string, string>>;
  readonly catalogFile?: string;
  readonly pricesFile?: string;
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Whether a finding of this severity fails a run with this fail level. */
export function fails(severity: Severity, failOn: FailOn = 'error'): boolean {
  return failOn !== 'never' && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
}
