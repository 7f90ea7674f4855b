/**
 * Generates the README's rules reference from the rule metadata, so the text is written once.
 *
 *   node dist/bin/gen-rules-doc.js           rewrites the section between the markers in README.md
 *   node dist/bin/gen-rules-doc.js --check   exits 1 if README.md is out of date
 */
import * as fs from 'fs';
import * as path from 'path';
import { ruleAnchor } from '../lib/version';
import { Rule, RULES, ruleId } from '../rules';

export const START_MARKER = '<!-- rules:start -->';
export const END_MARKER = '<!-- rules:end -->';

/** Makes text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** One table row; cells padded to the column widths, as Prettier formats Markdown tables. */
function tableRow(cells: readonly string[], widths: readonly number[]): string {
  return `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
}

function renderTable(rules: readonly Rule[]): string[] {
  const header = ['Rule', 'Default severity', 'Summary'];
  const rows = rules.map((rule) => {
    const id = ruleId(rule);
    return [`[\`${id}\`](#${ruleAnchor(id)})`, rule.defaultSeverity, cell(rule.summary)];
  });
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i].length)));
  const divider = widths.map((w) => '-'.repeat(w));
  return [header, divider, ...rows].map((cells) => tableRow(cells, widths));
}

function renderSection(rule: Rule): string[] {
  const lines = [
    `### ${ruleId(rule)}`,
    '',
    `${rule.summary} Default severity: \`${rule.defaultSeverity}\`.`,
    '',
    `**Explanation.** ${rule.explanation}`,
    '',
    `**Fix.** ${rule.fix}`,
  ];
  if (rule.awsError) {
    lines.push('', '**AWS error it prevents:**', '', `> ${rule.awsError}`);
  }
  return lines;
}

/** The Markdown rules reference: a table of all rules, then one section per rule. */
export function renderRulesReference(): string {
  const lines = [...renderTable(RULES)];
  for (const rule of RULES) {
    lines.push('', ...renderSection(rule));
  }
  return `${lines.join('\n')}\n`;
}

/** Replaces everything between the markers (keeping them) with the generated reference. */
export function updateReadme(readmeText: string): string {
  const start = readmeText.indexOf(START_MARKER);
  const end = start < 0 ? -1 : readmeText.indexOf(END_MARKER, start + START_MARKER.length);
  if (start < 0 || end < 0) {
    throw new Error(
      `README.md has no rules reference markers: add ${START_MARKER} and ${END_MARKER} (in that order)`,
    );
  }
  const before = readmeText.slice(0, start + START_MARKER.length);
  const after = readmeText.slice(end);
  return `${before}\n\n${renderRulesReference()}\n${after}`;
}

/** The repository root: the nearest directory at or above `from` that has a package.json. */
function findRepoRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json found above ${from}`);
    dir = parent;
  }
  return dir;
}

function main(args: readonly string[]): number {
  if (args.length > 1 || (args.length === 1 && args[0] !== '--check')) {
    process.stderr.write('usage: gen-rules-doc [--check]\n');
    return 2;
  }
  const readmePath = path.join(findRepoRoot(__dirname), 'README.md');
  const current = fs.readFileSync(readmePath, 'utf8');
  const updated = updateReadme(current);
  if (args[0] === '--check') {
    if (updated === current) return 0;
    process.stderr.write('README.md rules reference is out of date; run `npm run docs`.\n');
    return 1;
  }
  if (updated !== current) fs.writeFileSync(readmePath, updated);
  process.stdout.write(
    `README.md rules reference ${updated === current ? 'up to date' : 'updated'}.\n`,
  );
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
