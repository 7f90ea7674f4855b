import { styleText } from 'util';
import { formatDelta, formatUsd, lineItemText } from './money';
import { groupBy } from '../collections';
import { flowMatrix } from './flow-matrix';
import { flowModel } from './flow-model';
import { sectionsOf } from './multi';
import { sanitizeReport } from './sanitize';
import { Finding, Report, Summary } from './types';

export interface TextOptions {
  /** ANSI colours, for a terminal (the CLI decides with `colorEnabled`). */
  readonly color?: boolean;
}

/** One format; a list is applied as nested calls: styleText on Node 20.12 takes no list (tested). */
type Format = Exclude<Parameters<typeof styleText>[0], readonly unknown[]>;
type Style = Format | readonly Format[];
type Paint = (style: Style, text: string) => string;

const ICON: Record<Finding['severity'], string> = {
  error: 'ERROR',
  warning: 'WARN ',
  info: 'INFO ',
};

const STYLE: Record<Finding['severity'], Style> = {
  error: ['bold', 'red'],
  warning: 'yellow',
  info: 'cyan',
};

/**
 * Whether text output gets colours: `FORCE_COLOR` (other than `0`) forces them, `NO_COLOR`
 * (https://no-color.org) turns them off, otherwise a terminal that supports them.
 */
export function colorEnabled(
  stream: { isTTY?: boolean; hasColors?: () => boolean },
  // Not NodeJS.ProcessEnv: the declarations must compile in an app without @types/node.
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.NO_COLOR) return false;
  return stream.isTTY === true && (stream.hasColors?.() ?? false);
}

/**
 * Text in ANSI styles. The caller has decided (colorEnabled, or `color: true`): since Node 22,
 * styleText would otherwise drop them whenever the process's stdout is not a terminal.
 */
function painted(style: Style, text: string): string {
  const formats: readonly Format[] = typeof style === 'string' ? [style] : style;
  return formats.reduceRight((s, f) => styleText(f, s, { validateStream: false }), text);
}

/**
 * Terminal report: a section per assembly in runs over several; in each, findings grouped by
 * stack, severity first, acknowledged last, then the cost table; the region-flow matrix at the end.
 */
export function formatText(unsafe: Report, options: TextOptions = {}): string {
  const report = sanitizeReport(unsafe);
  const paint: Paint = options.color ? painted : (_style, s) => s;
  const lines: string[] = [];
  const multi = report.assemblies !== undefined;
  for (const { section, findings } of sectionsOf(report)) {
    if (section) lines.push(paint('bold', `== ${section.path}: ${counts(section.summary)} ==`), '');
    const byStack = groupBy(findings, (f) => f.stack ?? '(app)');
    for (const [stack, group] of byStack) {
      const info = report.stacks.find(
        (s) => s.name === stack && s.assembly === (section?.path ?? s.assembly),
      );
      lines.push(paint('bold', `${stack}${info ? ` (${info.region ?? 'no region'})` : ''}`));
      const ordered = [
        ...group.filter((f) => !f.acknowledged),
        ...group.filter((f) => f.acknowledged),
      ];
      for (const f of ordered)
        lines.push(...formatFinding(f, report.summary.baseline !== null, paint), '');
    }
    lines.push(...costTable(report, findings, section?.summary ?? report.summary, paint));
  }
  lines.push(...flowMatrix(flowModel(report)));
  const { baseline } = report.summary;
  if (multi) {
    lines.push(
      paint('bold', `Overall: ${formatUsd(report.summary.monthlyUsd)} a month`) +
        ` across ${report.assemblies!.length} assemblies.`,
    );
    if (baseline) lines.push(baselineLine(baseline));
  }
  lines.push(
    `${counts(report.summary)}. ` +
      `Catalog as of ${report.catalog.asOf}; prices as of ${report.pricing.asOf ?? 'unknown'}.`,
  );
  return `${lines.join('\n')}\n`;
}

function counts(s: Summary): string {
  return `${s.error} error(s), ${s.warning} warning(s), ${s.info} info, ${s.acknowledged} acknowledged`;
}

function formatFinding(f: Finding, withBaseline: boolean, paint: Paint): string[] {
  const where = f.constructPath ?? f.logicalId ?? '';
  const source = f.location ? ` (${f.location.file}:${f.location.line})` : '';
  const mark = withBaseline ? (f.new ? paint('bold', ' [new]') : ' [existing]') : '';
  const head = f.acknowledged
    ? paint('dim', `  ACK   ${f.ruleId}`)
    : `  ${paint(STYLE[f.severity], ICON[f.severity])} ${paint('bold', f.ruleId)}`;
  const out = [`${head}  ${where}${source}${mark}`, `        ${f.message}`];
  if (f.awsError) out.push(`        Prevents: "${f.awsError}"`);
  for (const r of f.related)
    out.push(`        Related: ${r.description} [${r.region ?? 'unknown region'}]`);
  out.push(`        Fix: ${f.fix}`);
  if (f.failsAtDeploy) out.push(`        Cost: ${paint('red', 'fails at deploy')}`);
  else if (f.estimate)
    out.push(`        Cost: ${formatUsd(f.estimate.monthlyUsd)} a month (cost table below)`);
  if (f.acknowledged)
    out.push(`        Acknowledged (${f.acknowledged.id}): ${f.acknowledged.reason}`);
  return out;
}

/** Every estimate's line items as arithmetic, each with its sources, then the total. */
function costTable(
  report: Report,
  findings: readonly Finding[],
  summary: Summary,
  paint: Paint,
): string[] {
  const priced = findings.filter((f) => f.estimate);
  if (priced.length === 0) return [];
  const lines = [
    paint(
      'bold',
      `Estimated cost (USD, prices as of ${report.pricing.asOf}; volumes: ${report.pricing.usage})`,
    ),
  ];
  for (const f of priced) {
    const e = f.estimate!;
    const amount = f.failsAtDeploy
      ? 'fails at deploy; the items below price the fix'
      : `${formatUsd(e.monthlyUsd)} a month${e.oneTimeUsd ? `, ${formatUsd(e.oneTimeUsd)} one-time` : ''}${e.complete ? '' : ' (some parts unknown)'}`;
    lines.push(
      `  ${f.ruleId.replace(/^BedrockRegions-/, '')} ${f.constructPath ?? f.logicalId ?? ''}: ${amount}`,
    );
    for (const item of e.lineItems) lines.push(`    ${lineItemText(item)}`);
    for (const r of e.remediations) {
      const diff = r.differenceUsd === null ? '' : ` (${formatDelta(r.differenceUsd)} a month)`;
      lines.push(`    Option: ${r.action}: ${formatUsd(r.monthlyUsd)} a month${diff}`);
      for (const note of r.notes) lines.push(`      ${note}`);
    }
    for (const note of e.notes) lines.push(`    Note: ${note}`);
  }
  const { monthlyUsd, oneTimeUsd, budget, baseline } = summary;
  lines.push(
    paint(
      'bold',
      `  Total: ${formatUsd(monthlyUsd)} a month${oneTimeUsd ? `, ${formatUsd(oneTimeUsd)} one-time` : ''} (each cost counted once)`,
    ),
  );
  if (budget)
    lines.push(
      `  Budget: ${formatUsd(budget.maxMonthlyUsd)} a month, ${budget.exceeded ? paint('red', 'EXCEEDED') : 'within'}`,
    );
  if (baseline) lines.push(baselineLine(baseline));
  return [...lines, ''];
}

function baselineLine(baseline: NonNullable<Summary['baseline']>): string {
  const fixed = (baseline.fixedFindings ?? []).map((f) =>
    `${f.ruleId.replace(/^BedrockRegions-/, '')} ${f.constructPath ?? f.stack ?? ''}`.trim(),
  );
  return (
    `  Baseline ${baseline.file}: ${baseline.new} new, ${baseline.existing} existing, ${baseline.fixed} fixed; ` +
    `${formatDelta(baseline.monthlyUsdDelta)} a month${fixed.length > 0 ? `. Fixed: ${fixed.join(', ')}` : ''}`
  );
}
