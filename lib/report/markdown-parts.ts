import { formatQuantity, formatUsd } from './money';
import { Estimate, Finding, LineItem, Remediation } from './types';

/**
 * Building blocks of the pull-request comment (markdown.ts): escaping, money, table rows and the
 * collapsed details of one finding. Finding text comes from templates, construct paths and prices
 * files, so every piece of it is escaped: it must never break a table or inject HTML.
 */

const SEVERITY: Record<Finding['severity'], string> = {
  error: '🔴 error',
  warning: '🟡 warning',
  info: '🔵 info',
};

const RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Free text is clipped before escaping so no single field can blow the comment's size budget. */
const MAX_TEXT = 2_000;

export function severityLabel(severity: Finding['severity']): string {
  return SEVERITY[severity];
}

export function shortRule(ruleId: string): string {
  return ruleId.replace(/^BedrockRegions-/, '');
}

export function clip(s: string, max = MAX_TEXT): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * For raw HTML (the `<summary>` line), where Markdown is not parsed, and for the amounts this file
 * writes itself (`<$0.01`), which need entities but no backslashes.
 */
export function html(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * Plain text as inline Markdown: entities for `<`, `>`, `&` (no HTML can open), backslashes for
 * the characters that start emphasis, links, code or math, and one line (a newline would end a
 * table row or open a block). `|` is escaped everywhere so the same text is safe in a table cell.
 */
function plain(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]~$|]/g, (c) => `\\${c}`);
}

/**
 * A code span that survives any content: the fence is longer than any backtick run inside, and
 * `|` is escaped, which GFM tables undo before the span is parsed.
 */
export function code(s: string): string {
  const content = clip(s, 500).replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * Finding text as inline Markdown. Its own simple code spans (`vpc.addGatewayEndpoint`) are kept
 * when they hold nothing a table or an escape could misread; everything else is plain text.
 */
export function text(s: string): string {
  const clipped = clip(s);
  const out: string[] = [];
  let last = 0;
  for (const m of clipped.matchAll(/`([^`\\|\n]+)`/g)) {
    out.push(plain(clipped.slice(last, m.index)), `\`${m[1]}\``);
    last = m.index + m[0].length;
  }
  out.push(plain(clipped.slice(last)));
  return out.join('').trim();
}

/** Text that starts a paragraph: a leading `-`, `+`, `#`, `=` or `1.` would open a block. */
export function paragraph(s: string): string {
  return text(s)
    .replace(/^([-+#=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function tableHead(headers: readonly string[]): string[] {
  return [tableRow(headers), tableRow(headers.map(() => '---'))];
}

export function resourceCell(f: Finding): string {
  const where = code(f.constructPath ?? f.logicalId ?? f.stack ?? '(app)');
  return f.location ? `${where} ${text(`${f.location.file}:${f.location.line}`)}` : where;
}

export function regionsCell(f: Finding): string {
  const { resource, peer } = f.regions;
  if (!resource && !peer) return '—';
  return text(peer ? `${resource ?? 'unknown'} → ${peer}` : resource!);
}

/** Whether every priced item of the estimate is counted in another finding (a shared NAT). */
function allCountedElsewhere(e: Estimate): boolean {
  return e.monthlyUsd === 0 && e.oneTimeUsd === 0 && e.lineItems.some((i) => i.countedIn !== null);
}

/** The cost column: `$32.85`, `≥ $1.95` when an item is unknown, and the one-time part. */
export function costText(e: Estimate | null): string {
  if (!e) return '—';
  if (allCountedElsewhere(e)) return 'counted in another finding';
  const monthly = `${e.complete ? '' : '≥ '}${formatUsd(e.monthlyUsd)}`;
  return e.oneTimeUsd > 0 ? `${monthly} (+${formatUsd(e.oneTimeUsd)} one-time)` : monthly;
}

/** The cost column of a finding: "fails at deploy" when AWS rejects the mistake, else its cost. */
export function findingCost(f: Finding): string {
  return f.failsAtDeploy ? 'fails at deploy' : costText(f.estimate);
}

/**
 * The assumptions behind an estimate, as one footnote: its notes, and the items whose volume comes
 * from a default profile or is not known, or whose price is not known.
 */
export function assumptions(e: Estimate | null): string | null {
  if (!e) return null;
  const parts = [...e.notes];
  for (const item of e.lineItems.filter((i) => i.countedIn === null)) {
    if (item.quantity === null || item.source.includes('profile "'))
      parts.push(`Volume of ${item.description}: ${item.source}.`);
    if (item.unitPriceUsd === null)
      parts.push(`Price of ${item.description}: not known, left out of the total.`);
  }
  return parts.length > 0 ? parts.map((p) => p.trim()).join(' ') : null;
}

function amountText(item: LineItem): string {
  if (item.countedIn) return 'counted in another finding';
  if (item.monthlyUsd !== null) return `${formatUsd(item.monthlyUsd)}/month`;
  if (item.oneTimeUsd !== null) return `${formatUsd(item.oneTimeUsd)} one-time`;
  return 'unknown';
}

function lineItemsTable(items: readonly LineItem[]): string[] {
  const rows = items.map((i) =>
    tableRow([
      text(i.description),
      html(formatQuantity(i.quantity, i.unit, i.unitPriceUsd)),
      html(amountText(i)),
      text(i.priceSource ? `${i.source}; price: ${i.priceSource}` : i.source),
    ]),
  );
  return [...tableHead(['Cost item', 'Quantity x unit price', 'Amount', 'Source']), ...rows];
}

function remediationLine(r: Remediation): string {
  const after = r.monthlyUsd === null ? 'monthly cost unknown' : `${formatUsd(r.monthlyUsd)}/month`;
  const d = r.differenceUsd;
  const diff =
    d === null
      ? 'difference unknown'
      : d === 0
        ? 'no change'
        : `${d < 0 ? 'saves' : 'adds'} ${formatUsd(Math.abs(d))}/month`;
  const once = r.oneTimeUsd ? `, plus ${formatUsd(r.oneTimeUsd)} one-time` : '';
  const notes = r.notes.length > 0 ? ` ${text(r.notes.join(' '))}` : '';
  return `- ${text(r.action)}: ${html(`${after}, ${diff}${once}.`)}${notes}`;
}

/** One finding's collapsed details; a blank line after `<summary>` so GitHub renders the body. */
export function detailsBlock(f: Finding): string {
  const summary = [
    severityLabel(f.severity),
    `<b>${html(shortRule(f.ruleId))}</b>`,
    `<code>${html(clip(f.constructPath ?? f.logicalId ?? f.stack ?? '(app)', 500))}</code>`,
  ];
  if (f.estimate || f.failsAtDeploy) summary.push(html(findingCost(f)));
  const body = [paragraph(f.message), `**Fix:** ${text(f.fix)}`];
  if (f.awsError) body.push(`**AWS error this prevents:** “${text(f.awsError)}”`);
  if (f.estimate && f.estimate.lineItems.length > 0)
    body.push(lineItemsTable(f.estimate.lineItems).join('\n'));
  if (f.estimate && f.estimate.remediations.length > 0)
    body.push(`**Remediations**\n\n${f.estimate.remediations.map(remediationLine).join('\n')}`);
  return [`<details><summary>${summary.join(' · ')}</summary>`, ...body, '</details>'].join('\n\n');
}

/** Errors first, then the costliest, then by place: a total order, so truncation is stable. */
export function byPriority(findings: readonly Finding[]): Finding[] {
  const key = (f: Finding) => `${f.constructPath ?? ''}\u0000${f.ruleId}\u0000${f.fingerprint}`;
  return [...findings].sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      (b.estimate?.monthlyUsd ?? -1) - (a.estimate?.monthlyUsd ?? -1) ||
      (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0),
  );
}
