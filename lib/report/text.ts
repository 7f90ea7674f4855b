import { Finding, Report } from './types';

const ICON: Record<Finding['severity'], string> = {
  error: 'ERROR',
  warning: 'WARN ',
  info: 'INFO ',
};

/** Terminal report: grouped by stack, severity first, acknowledged findings last, totals at the end. */
export function formatText(report: Report): string {
  const lines: string[] = [];
  const byStack = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = f.stack ?? '(app)';
    byStack.set(key, [...(byStack.get(key) ?? []), f]);
  }
  for (const [stack, findings] of byStack) {
    const info = report.stacks.find((s) => s.name === stack);
    lines.push(`${stack}${info ? ` (${info.region ?? 'no region'})` : ''}`);
    const ordered = [
      ...findings.filter((f) => !f.acknowledged),
      ...findings.filter((f) => f.acknowledged),
    ];
    for (const f of ordered) lines.push(...formatFinding(f), '');
  }
  const { error, warning, info, acknowledged } = report.summary;
  lines.push(
    `${error} error(s), ${warning} warning(s), ${info} info, ${acknowledged} acknowledged. ` +
      `Catalog as of ${report.catalog.asOf}.`,
  );
  return `${lines.join('\n')}\n`;
}

function formatFinding(f: Finding): string[] {
  const where = f.constructPath ?? f.logicalId ?? '';
  const source = f.location ? ` (${f.location.file}:${f.location.line})` : '';
  const head = f.acknowledged ? `  ACK   ${f.ruleId}` : `  ${ICON[f.severity]} ${f.ruleId}`;
  const out = [`${head}  ${where}${source}`, `        ${f.message}`];
  if (f.awsError) out.push(`        Prevents: "${f.awsError}"`);
  for (const r of f.related)
    out.push(`        Related: ${r.description} [${r.region ?? 'unknown region'}]`);
  out.push(`        Fix: ${f.fix}`);
  if (f.acknowledged)
    out.push(`        Acknowledged (${f.acknowledged.id}): ${f.acknowledged.reason}`);
  return out;
}
