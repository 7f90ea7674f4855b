import { flowModel } from './flow-model';
import {
  byPriority,
  code,
  findingCost,
  html,
  severityLabel,
  shortRule,
  text,
} from './markdown-parts';
import { mermaidFlowchart } from './mermaid';
import { formatDelta } from './money';
import { Finding, Report } from './types';

/** How many new and fixed findings the lead names before it points at the table. */
const MAX_NAMED = 10;

/**
 * What the reviewer must act on, first: with a baseline, the new findings and the monthly cost
 * delta, then the fixed findings by name. Null without a baseline (the summary line leads then).
 */
export function actionBlock(report: Report): string | null {
  const b = report.summary.baseline;
  if (!b) return null;
  const fresh = byPriority(report.findings.filter((f) => f.new && !f.acknowledged));
  const errors = fresh.filter((f) => f.severity === 'error').length;
  const head =
    `**${fresh.length} new finding${fresh.length === 1 ? '' : 's'} to act on**` +
    (errors > 0 ? ` (${errors} error${errors === 1 ? '' : 's'})` : '') +
    ` · monthly cost **${html(formatDelta(b.monthlyUsdDelta))}** vs baseline` +
    ` · ${b.fixed} fixed`;
  const lines = [head, ''];
  for (const f of fresh.slice(0, MAX_NAMED)) lines.push(`- ${newLine(f)}`);
  if (fresh.length > MAX_NAMED) lines.push(`- … and ${fresh.length - MAX_NAMED} more new findings`);
  const fixed = b.fixedFindings ?? [];
  if (fixed.length > 0) {
    const named = fixed
      .slice(0, MAX_NAMED)
      .map((f) => `${text(shortRule(f.ruleId))} on ${code(f.constructPath ?? f.stack ?? '(app)')}`);
    const more = fixed.length > MAX_NAMED ? ` and ${fixed.length - MAX_NAMED} more` : '';
    lines.push('', `**Fixed:** ${named.join(', ')}${more}.`);
  }
  return lines.join('\n').trimEnd();
}

function newLine(f: Finding): string {
  const where = code(f.constructPath ?? f.logicalId ?? f.stack ?? '(app)');
  return `${severityLabel(f.severity)} ${text(shortRule(f.ruleId))} ${where}: ${html(findingCost(f))}`;
}

/**
 * The region-flow diagram as a Mermaid block (GitHub draws it): a box per region with the app's
 * AI and data resources, an arrow per cross-region or NAT flow. Null when there is nothing to act
 * on or confirm (no open finding and no fixed one): a clean comment stays one line, and the JSON
 * report's inventory still lists what was found.
 */
export function diagramBlock(report: Report): string | null {
  const open = report.findings.some((f) => !f.acknowledged);
  if (!open && !report.summary.baseline?.fixed) return null;
  const model = flowModel(report);
  if (model.nodes.length === 0) return null;
  const scale =
    model.level === 'resource'
      ? ''
      : ` Aggregated by ${model.level}: ${model.resources} resources are too many to draw one by one.`;
  return [
    `**Region flows** (GB and USD a month; dashed: through a NAT gateway; red: errors).${scale}`,
    '```mermaid',
    mermaidFlowchart(model),
    '```',
  ].join('\n');
}
