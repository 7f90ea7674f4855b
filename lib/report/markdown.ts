import {
  assumptions,
  clip,
  code,
  byPriority,
  findingCost,
  detailsBlock,
  html,
  regionsCell,
  resourceCell,
  severityLabel,
  shortRule,
  tableHead,
  tableRow,
  text,
} from './markdown-parts';
import { actionBlock, diagramBlock } from './markdown-lead';
import { formatDelta, formatUsd } from './money';
import { escapeControls } from './sanitize';
import { sectionsOf } from './multi';
import { AssemblySection, Finding, Report, Summary } from './types';

/** CI finds the comment by this marker and edits it in place instead of adding another. */
export const MARKDOWN_MARKER = '<!-- cdk-bedrock-lint -->';

/** GitHub rejects comments over 65,536 characters; the margin covers counting differences. */
export const MAX_MARKDOWN_LENGTH = 65_000;

/** Room kept for the truncation lines, so they always fit once the rows are chosen. */
const RESERVE = 400;

/**
 * Pull-request comment in the Infracost style: one summary line, a table of open findings with
 * their monthly cost, collapsed details, and the assumptions as footnotes. Whatever the report,
 * the text stays under GitHub's size limit: details of the lowest-priority findings go first, then
 * table rows, always in the same order so an updated comment does not reshuffle.
 */
export function formatMarkdown(report: Report): string {
  const notes = new Footnotes();
  const usageNote = notes.number(
    `Volumes: ${clip(report.pricing.usage, 500)}. Prices: bundled table as of ` +
      `${clip(report.pricing.asOf ?? 'unknown', 40)}, ${report.pricing.currency}. ` +
      'Each cost is counted once: a NAT gateway shared by findings is priced in one of them.',
  );
  const action = actionBlock(report);
  const blocks = [MARKDOWN_MARKER, '### cdk-bedrock-lint'];
  if (action) blocks.push(action);
  blocks.push(summaryLine(report.summary, report, usageNote));
  const budget = new Budget(MAX_MARKDOWN_LENGTH - RESERVE);
  budget.take([...blocks, notes.definitions()].join('\n\n'));
  // The diagram is bounded (flow-model.ts aggregates large apps), so it always fits.
  const diagram = diagramBlock(report);
  if (diagram && budget.fits(diagram.length)) {
    budget.take(diagram.length + 2);
    blocks.push(diagram);
  }

  const shown: Finding[] = [];
  for (const { section, findings } of sectionsOf(report)) {
    if (section) blocks.push(sectionHeading(section, budget));
    const open = byPriority(findings.filter((f) => !f.acknowledged));
    const table = findingsTable(open, budget, notes, report.summary.baseline !== null);
    blocks.push(...table.blocks);
    shown.push(...table.shown);
  }

  const acked = byPriority(report.findings.filter((f) => f.acknowledged));
  const ackBlock = acknowledgedSection(acked, budget);
  if (ackBlock) blocks.push(ackBlock);
  const warnings = warningsSection(report.warnings, budget);
  if (warnings) blocks.push(warnings);

  const details = shown.map(detailsBlock);
  const kept = budget.prefix(details, 2);
  blocks.push(...details.slice(0, kept));
  if (kept < details.length)
    blocks.push(
      `_Details of ${details.length - kept} more findings are left out to fit ` +
        "GitHub's comment size limit: see the SARIF/JSON report._",
    );
  blocks.push(notes.definitions());
  return escapeControls(`${blocks.join('\n\n')}\n`);
}

/** `#### services/rag/cdk.out` and that assembly's totals, in runs over several. */
function sectionHeading(section: AssemblySection, budget: Budget): string {
  const heading = `#### ${text(clip(section.path, 300))}\n\n${summaryLine(section.summary)}`;
  budget.take(heading.length + 2);
  return heading;
}

/**
 * `**2 errors, 3 warnings, 1 info** · estimated **$97.85/month** (+$0.10 one-time) · ...`; the
 * report's data dates when given (the overall line), not on each assembly's line.
 */
function summaryLine(s: Summary, report?: Report, usageNote?: number): string {
  const counts = [
    `${s.error} error${s.error === 1 ? '' : 's'}`,
    `${s.warning} warning${s.warning === 1 ? '' : 's'}`,
    `${s.info} info`,
  ];
  const parts = [`**${counts.join(', ')}**`];
  if (s.acknowledged > 0) parts.push(`${s.acknowledged} acknowledged`);
  const once = s.oneTimeUsd > 0 ? ` (+${html(formatUsd(s.oneTimeUsd))} one-time)` : '';
  const note = usageNote === undefined ? '' : `[^${usageNote}]`;
  parts.push(`estimated **${html(formatUsd(s.monthlyUsd))}/month**${note}${once}`);
  if (report) {
    parts.push(`catalog ${text(clip(report.catalog.asOf, 40))}`);
    parts.push(`prices ${text(clip(report.pricing.asOf ?? 'unknown', 40))}`);
  }
  if (s.baseline) {
    const b = s.baseline;
    const fixed = b.fixed > 0 ? `, ${b.fixed} fixed` : '';
    parts.push(
      `${b.new} new, ${b.existing} existing${fixed}, monthly cost ` +
        `${html(formatDelta(b.monthlyUsdDelta))} vs baseline`,
    );
  }
  if (s.budget) {
    const limit = html(formatUsd(s.budget.maxMonthlyUsd));
    parts.push(
      s.budget.exceeded ? `budget ${limit}/month **exceeded**` : `within budget ${limit}/month`,
    );
  }
  return parts.join(' · ');
}

/** The main table, as many rows as fit (with their footnotes), and a line counting the rest. */
function findingsTable(
  open: readonly Finding[],
  budget: Budget,
  notes: Footnotes,
  baseline: boolean,
): { blocks: string[]; shown: Finding[] } {
  if (open.length === 0) return { blocks: ['No open findings.'], shown: [] };
  const lines = tableHead(['Severity', 'Rule', 'Resource', 'Regions', 'Monthly cost']);
  budget.take(`${lines.join('\n')}\n\n`);
  const shown: Finding[] = [];
  for (const f of open) {
    const note = assumptions(f.estimate);
    const fresh = note !== null && !notes.has(note);
    const number = note === null ? null : notes.peek(note);
    const row = findingRow(f, number, f.new && baseline);
    const cost = row.length + 1 + (fresh ? notes.definition(number!, note).length + 1 : 0);
    if (!budget.fits(cost)) break;
    budget.take(cost);
    if (note !== null) notes.number(note);
    lines.push(row);
    shown.push(f);
  }
  const blocks = [lines.join('\n')];
  if (shown.length < open.length)
    blocks.push(`… and ${open.length - shown.length} more findings: see the SARIF/JSON report.`);
  return { blocks, shown };
}

function findingRow(f: Finding, note: number | null, isNew: boolean): string {
  const marker = note === null ? '' : ` [^${note}]`;
  return tableRow([
    `${severityLabel(f.severity)}${isNew ? ' **new**' : ''}`,
    text(shortRule(f.ruleId)),
    resourceCell(f),
    regionsCell(f),
    `${html(findingCost(f))}${marker}`,
  ]);
}

/** Acknowledged findings stay visible, with their reason, but out of the main table. */
function acknowledgedSection(acked: readonly Finding[], budget: Budget): string | null {
  if (acked.length === 0) return null;
  const open = `<details><summary>Acknowledged findings (${acked.length})</summary>`;
  const head = tableHead(['Severity', 'Rule', 'Resource', 'Reason', 'Monthly cost']).join('\n');
  const rows = acked.map((f) =>
    tableRow([
      severityLabel(f.severity),
      text(shortRule(f.ruleId)),
      resourceCell(f),
      `${text(f.acknowledged!.reason)} (${code(f.acknowledged!.id)})`,
      html(findingCost(f)),
    ]),
  );
  if (!budget.fits(open.length + head.length + 40)) return null;
  budget.take(open.length + head.length + 40);
  const kept = budget.prefix(rows, 1);
  const more = kept < rows.length ? [`… and ${rows.length - kept} more.`] : [];
  return [open, [head, ...rows.slice(0, kept)].join('\n'), ...more, '</details>'].join('\n\n');
}

/** Problems with the input (a usage key that matches nothing), collapsed, as many as fit. */
function warningsSection(warnings: readonly string[], budget: Budget): string | null {
  if (warnings.length === 0) return null;
  const open = `<details><summary>Input warnings (${warnings.length})</summary>`;
  const items = warnings.map((w) => `- ${text(clip(w, 500))}`);
  if (!budget.fits(open.length + 40)) return null;
  budget.take(open.length + 40);
  const kept = budget.prefix(items, 1);
  const more = kept < items.length ? [`… and ${items.length - kept} more.`] : [];
  return [open, [...items.slice(0, kept), ...more].join('\n'), '</details>'].join('\n\n');
}

/** Footnotes numbered in order of first use; identical text shares one number. */
class Footnotes {
  private readonly numbers = new Map<string, number>();
  has(note: string): boolean {
    return this.numbers.has(note);
  }
  /** The number the note has, or would get if used now. */
  peek(note: string): number {
    return this.numbers.get(note) ?? this.numbers.size + 1;
  }
  number(note: string): number {
    const n = this.peek(note);
    this.numbers.set(note, n);
    return n;
  }
  definition(n: number, note: string): string {
    return `[^${n}]: ${text(note)}`;
  }
  definitions(): string {
    return [...this.numbers].map(([note, n]) => this.definition(n, note)).join('\n');
  }
}

/** Characters left under the size limit. */
class Budget {
  constructor(private left: number) {}
  fits(size: number): boolean {
    return size <= this.left;
  }
  take(block: string | number): void {
    this.left -= typeof block === 'number' ? block : block.length;
  }
  /** How many of the blocks, in order, fit with their separators; those are taken. */
  prefix(blocks: readonly string[], separator: number): number {
    let n = 0;
    while (n < blocks.length && this.fits(blocks[n].length + separator)) {
      this.take(blocks[n].length + separator);
      n++;
    }
    return n;
  }
}
