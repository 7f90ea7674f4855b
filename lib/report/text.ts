import { formatDelta, formatUsd, lineItemText } from './money';
import { groupBy } from '../collections';
import { sanitizeLine } from './sanitize';
import { Finding, Report } from './types';

const ICON: Record<Finding['severity'], string> = {
  error: 'ERROR',
  warning: 'WARN ',
  info: 'INFO ',
};

/** Terminal report: grouped by stack, severity first, acknowledged findings last, the cost table at the end. */
export function formatText(report: Report): string {
  const lines: string[] = [];
  const byStack = groupBy(report.findings, (f) => f.stack ?? '(app)');
  for (const [stack, findings] of byStack) {
    const info = report.stacks.find((s) => s.name === stack);
    lines.push(`${stack}${info ? ` (${info.region ?? 'no region'})` : ''}`);
    const ordered = [
      ...findings.filter((f) => !f.acknowledged),
      ...findings.filter((f) => f.acknowledged),
    ];
    for (const f of ordered) lines.push(...formatFinding(f, report.summary.baseline !== null), '');
  }
  lines.push(...costTable(report));
  const { error, warning, info, acknowledged } = report.summary;
  lines.push(
    `${error} error(s), ${warning} warning(s), ${info} info, ${acknowledged} acknowledged. ` +
      `Catalog as of ${report.catalog.asOf}; prices as of ${report.pricing.asOf ?? 'unknown'}.`,
  );
  return `${lines.map(sanitizeLine).join('\n')}\n`;
}

function formatFinding(f: Finding, withBaseline: boolean): string[] {
  const where = f.constructPath ?? f.logicalId ?? '';
  const source = f.location ? ` (${f.location.file}:${f.location.line})` : '';
  const mark = withBaseline ? (f.new ? ' [new]' : ' [existing]') : '';
  const head = f.acknowledged ? `  ACK   ${f.ruleId}` : `  ${ICON[f.severity]} ${f.ruleId}`;
  const out = [`${head}  ${where}${source}${mark}`, `        ${f.message}`];
  if (f.awsError) out.push(`        Prevents: "${f.awsError}"`);
  for (const r of f.related)
    out.push(`        Related: ${r.description} [${r.region ?? 'unknown region'}]`);
  out.push(`        Fix: ${f.fix}`);
  if (f.estimate)
    out.push(`        Cost: ${formatUsd(f.estimate.monthlyUsd)} a month (cost table below)`);
  if (f.acknowledged)
    out.push(`        Acknowledged (${f.acknowledged.id}): ${f.acknowledged.reason}`);
  return out;
}

/** Every estimate's line items as arithmetic, each with its sources, then the total. */
function costTable(report: Report): string[] {
  const priced = report.findings.filter((f) => f.estimate);
  if (priced.length === 0) return [];
  const lines = [
    `Estimated cost (USD, prices as of ${report.pricing.asOf}; volumes: ${report.pricing.usage})`,
  ];
  for (const f of priced) {
    const e = f.estimate!;
    lines.push(
      `  ${f.ruleId.replace(/^BedrockRegions-/, '')} ${f.constructPath ?? f.logicalId ?? ''}: ${formatUsd(e.monthlyUsd)} a month${e.oneTimeUsd ? `, ${formatUsd(e.oneTimeUsd)} one-time` : ''}${e.complete ? '' : ' (some parts unknown)'}`,
    );
    for (const item of e.lineItems) lines.push(`    ${lineItemText(item)}`);
    for (const r of e.remediations) {
      const diff = r.differenceUsd === null ? '' : ` (${formatDelta(r.differenceUsd)} a month)`;
      lines.push(`    Option: ${r.action}: ${formatUsd(r.monthlyUsd)} a month${diff}`);
      for (const note of r.notes) lines.push(`      ${note}`);
    }
    for (const note of e.notes) lines.push(`    Note: ${note}`);
  }
  const { monthlyUsd, oneTimeUsd, budget, baseline } = report.summary;
  lines.push(
    `  Total: ${formatUsd(monthlyUsd)} a month${oneTimeUsd ? `, ${formatUsd(oneTimeUsd)} one-time` : ''} (each cost counted once)`,
  );
  if (budget)
    lines.push(
      `  Budget: ${formatUsd(budget.maxMonthlyUsd)} a month, ${budget.exceeded ? 'EXCEEDED' : 'within'}`,
    );
  if (baseline)
    lines.push(
      `  Baseline ${baseline.file}: ${baseline.new} new, ${baseline.existing} existing, ${baseline.fixed} fixed; ${formatDelta(baseline.monthlyUsdDelta)} a month`,
    );
  return [...lines, ''];
}
