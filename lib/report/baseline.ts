import { INPUT_LIMITS } from '../assembly/read-input';
import { readJsonFile } from '../assembly/template';
import { InputError } from '../assembly/types';
import { usd } from '../pricing/line-item';
import { sectionBaselines } from './multi';
import { Report } from './types';

/** A JSON report from an earlier run (`--format json`), read as a baseline. */
export function loadBaseline(file: string): Report {
  const data = readJsonFile(file, 'baseline report', INPUT_LIMITS.baseline);
  const report = data as Partial<Report> | null;
  if (
    report?.schemaVersion !== 1 ||
    !Array.isArray(report.findings) ||
    report.findings.some((f) => typeof f?.fingerprint !== 'string')
  )
    throw new InputError(
      file,
      'baseline is not a cdk-bedrock-lint JSON report (schemaVersion 1 with fingerprinted findings)',
    );
  const monthlyUsd = (report.summary as Partial<Report['summary']> | undefined)?.monthlyUsd;
  if (typeof monthlyUsd !== 'number' || !Number.isFinite(monthlyUsd) || monthlyUsd < 0)
    throw new InputError(
      file,
      `baseline summary.monthlyUsd is ${describeValue(monthlyUsd)}, not a finite non-negative number`,
    );
  return report as Report;
}

/** A value named without quoting file text at length. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number') return String(value);
  return `a ${value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value}`;
}

/**
 * Marks each finding new or existing by fingerprint (rule, stack, construct path, key: stable
 * across line moves), and adds the cost difference. Only new findings fail a run with a baseline.
 */
export function applyBaseline(report: Report, baseline: Report, file: string): Report {
  const before = new Set(baseline.findings.map((f) => f.fingerprint));
  const now = new Set(report.findings.map((f) => f.fingerprint));
  const findings = report.findings.map((f) => ({ ...f, new: !before.has(f.fingerprint) }));
  const fresh = findings.filter((f) => f.new).length;
  const marked = sectionBaselines({ ...report, findings }, baseline, file);
  return {
    ...marked,
    findings,
    summary: {
      ...report.summary,
      baseline: {
        file,
        new: fresh,
        existing: findings.length - fresh,
        fixed: [...before].filter((fp) => !now.has(fp)).length,
        monthlyUsdDelta: usd(report.summary.monthlyUsd - (baseline.summary?.monthlyUsd ?? 0)),
        fixedFindings: baseline.findings
          .filter((f) => !now.has(f.fingerprint))
          .map((f) => ({
            ruleId: String(f.ruleId),
            stack: typeof f.stack === 'string' ? f.stack : null,
            constructPath: typeof f.constructPath === 'string' ? f.constructPath : null,
            ...(typeof f.assembly === 'string' ? { assembly: f.assembly } : {}),
          })),
      },
    },
  };
}
