import { Stack, Validations } from 'aws-cdk-lib';
import MarkdownIt from 'markdown-it';
import { formatMarkdown, MARKDOWN_MARKER } from '../../lib/report/markdown';
import { applyBaseline } from '../../lib/report/baseline';
import { Finding, Report } from '../../lib/report/types';
import { fn, natVpc } from '../flow-helpers';
import { env, LakeStack, lint, newApp, NOVA_MICRO, tuningJob } from '../helpers';

const md = new MarkdownIt({ html: true });
type Token = ReturnType<MarkdownIt['parse']>[number];

/**
 * A us-east-1 lake read by a Lambda in us-west-2 behind one NAT gateway (CrossRegionDataAccess and
 * NatGatewayDataPath, priced from the usage option), and, unless left out, a Nova Micro tuning job
 * in us-west-2 on the lake (errors, and a CustomizationCost info that is acknowledged).
 */
function lakeApp(withTuning = true, options: Parameters<typeof lint>[1] = {}): Report {
  const app = newApp();
  const lake = new LakeStack(app, 'DataLake', {
    env: env('us-east-1'),
    crossRegionReferences: true,
  });
  const stack = new Stack(app, 'Rag', { env: env('us-west-2'), crossRegionReferences: true });
  lake.bucket.grantRead(fn(stack, 'Reader', {}, natVpc(stack)));
  if (withTuning) {
    const job = tuningJob(stack, 'Tune', NOVA_MICRO, lake.bucket);
    Validations.of(job).acknowledge({
      id: 'BedrockRegions-CustomizationCost',
      reason: 'tuning cost reviewed with finance',
    });
  }
  return lint(app, {
    rules: { CustomizationCost: 'info' },
    usage: { 'Rag/Reader': { monthlyGb: 1000 } },
    ...options,
  });
}

/** The rows of each table as the text a reader sees in each cell: [header, ...body rows]. */
function tables(tokens: Token[]): string[][][] {
  const out: string[][][] = [];
  let row: string[] = [];
  for (const [i, t] of tokens.entries()) {
    if (t.type === 'table_open') out.push([]);
    else if (t.type === 'tr_open') row = [];
    else if (t.type === 'tr_close') out[out.length - 1].push(row);
    else if (t.type === 'th_open' || t.type === 'td_open') row.push(cellText(tokens[i + 1]));
  }
  return out;
}

function cellText(inline: Token): string {
  return (inline.children ?? [])
    .filter((c) => c.type === 'text' || c.type === 'code_inline')
    .map((c) => c.content)
    .join('');
}

/** Every footnote reference has a definition, and every definition is referenced. */
function expectFootnotesResolve(text: string): void {
  const defined = [...text.matchAll(/^\[\^(\d+)\]: /gm)].map((m) => m[1]);
  const used = new Set([...text.matchAll(/\[\^(\d+)\](?!:)/g)].map((m) => m[1]));
  expect(new Set(defined).size).toBe(defined.length);
  expect([...used].sort()).toEqual([...defined].sort());
}

describe('formatMarkdown on a real app', () => {
  const report = lakeApp(true, { maxMonthlyUsd: 50 });
  const text = formatMarkdown(report);
  const tokens = md.parse(text, {});
  const [main, ...others] = tables(tokens);
  const open = report.findings.filter((f) => !f.acknowledged);

  test('marker first, one summary line, one table row per open finding', () => {
    expect(text.split('\n')[0]).toBe(MARKDOWN_MARKER);
    expect(text).toContain('\n### cdk-bedrock-lint\n');
    const s = report.summary;
    const summary = text.split('\n').find((l) => l.startsWith('**'))!;
    expect(summary).toContain(`**${s.error} errors, ${s.warning} warnings, ${s.info} info**`);
    expect(summary).toMatch(/estimated \*\*\$97\.85\/month\*\*\[\^1\]/);
    expect(summary).toContain('catalog 2026-12-01 · prices 2026-12-01');
    expect(summary).toMatch(/ · budget \$50\.00\/month \*\*exceeded\*\*$/);
    expect(main[0]).toEqual(['Severity', 'Rule', 'Resource', 'Regions', 'Monthly cost']);
    expect(main).toHaveLength(open.length + 1);
    expect(main.slice(1).map((r) => r[0].split(' ')[1])).toEqual([
      'error',
      'error',
      'error',
      'warning',
      'warning',
    ]);
    for (const t of [main, ...others]) for (const r of t) expect(r).toHaveLength(t[0].length);
  });

  test('the cells carry the estimate: amounts, regions and the source line', () => {
    const cross = open.find((f) => f.ruleId === 'BedrockRegions-CrossRegionDataAccess')!;
    expect(cross.estimate!.monthlyUsd).toBe(97.85);
    const row = main.find((r) => r[1] === 'CrossRegionDataAccess')!;
    expect(row[2]).toBe(`Rag/Reader/Resource ${cross.location!.file}:${cross.location!.line}`);
    expect(row[3]).toBe('us-west-2 → us-east-1');
    expect(row[4]).toMatch(/^\$97\.85 \[\^\d+\]$/);
    // The shared NAT hours and GB are priced once, in the cross-region row.
    expect(main.find((r) => r[1] === 'NatGatewayDataPath')![4]).toBe('counted in another finding');
    // AWS rejects the job: its cost is moot, so the cell says what happens instead of $0.00.
    expect(main.find((r) => r[1] === 'CustomizationModelRegion')![4]).toBe('fails at deploy');
  });

  test('collapsed details hold the message, fix, AWS error, line items and remediations', () => {
    const html = md.render(text);
    expect(html.match(/<details>/g)!.length).toBe(open.length + 1);
    expect(text).toMatch(/<\/summary>\n\n/);
    expect(html).toContain('<strong>Fix:</strong>');
    expect(html).toContain('The Amazon S3 bucket is in the same Region');
    const items = others.find((t) => t.some((r) => r[2] === '$20.00/month'))!;
    expect(items[0]).toEqual(['Cost item', 'Quantity x unit price', 'Amount', 'Source']);
    expect(items.map((r) => r[2])).toEqual([
      'Amount',
      '$20.00/month',
      '$45.00/month',
      '$32.85/month',
    ]);
    expect(items[1]).toEqual([
      "inter-region transfer, reads us-east-1 -> us-west-2 at us-east-1's rate (bucket DataLake/Lake)",
      '1,000 GB x $0.02',
      '$20.00/month',
      expect.stringContaining('options.usage ("Rag/Reader")'),
    ]);
    expect(others.some((t) => t.some((r) => r[2] === 'counted in another finding'))).toBe(true);
    expect(html).toMatch(
      /Move Rag\/Reader to us-east-1[^<]*: \$0\.00\/month, saves \$65\.00\/month/,
    );
  });

  test('assumptions are footnotes: every marker has a definition, shared text one number', () => {
    expectFootnotesResolve(text);
    expect(text).toMatch(/^\[\^1\]: Volumes: options\.usage; defaults: profile "starter"\./m);
    expect(text).toMatch(/^\[\^\d+\]: Volume of NAT gateway .* hours .*: profile "starter"/m);
    const definitions = text.match(/^\[\^\d+\]: .*$/gm)!.map((l) => l.replace(/^\[\^\d+\]/, ''));
    expect(new Set(definitions).size).toBe(definitions.length);
  });

  test('acknowledged findings are in their own collapsed section, not the main table', () => {
    expect(main.some((r) => r[1] === 'CustomizationCost')).toBe(false);
    expect(text).toContain('<details><summary>Acknowledged findings (1)</summary>');
    const acked = others.find((t) => t[0][3] === 'Reason')!;
    expect(acked[1][1]).toBe('CustomizationCost');
    expect(acked[1][3]).toMatch(
      /^tuning cost reviewed with finance \(\S*BedrockRegions-CustomizationCost\)$/,
    );
  });

  test('with a baseline the summary counts new and existing findings and marks the new rows', () => {
    const before = lakeApp(false);
    const withBaseline = applyBaseline(report, before, 'baseline.json');
    const b = withBaseline.summary.baseline!;
    const out = formatMarkdown(withBaseline);
    // The new tuning job cannot start (Nova is not tuned in us-west-2), so it is not priced.
    expect(out).toContain(
      `· ${b.new} new, ${b.existing} existing, monthly cost +$0.00 vs baseline ·`,
    );
    const rows = tables(md.parse(out, {}))[0].slice(1);
    expect(rows.filter((r) => r[0].endsWith(' new')).map((r) => r[1])).toEqual([
      'CustomizationDataRegion',
      'CustomizationDataRegion',
      'CustomizationModelRegion',
    ]);
    // Without a baseline nothing is called new, although `new` is true on every finding.
    expect(main.some((r) => r[0].endsWith(' new'))).toBe(false);
  });

  test('with a baseline the comment leads with the new findings and the delta, and names the fixed', () => {
    const withBaseline = applyBaseline(report, lakeApp(false), 'baseline.json');
    const out = formatMarkdown(withBaseline);
    const lead = out.slice(out.indexOf('### cdk-bedrock-lint'), out.indexOf('**3 errors, '));
    expect(lead.split('\n').filter((l) => l.startsWith('**') || l.startsWith('- '))).toEqual([
      '**3 new findings to act on** (3 errors) · monthly cost **+$0.00** vs baseline · 0 fixed',
      '- 🔴 error CustomizationDataRegion `Rag/Tune/Resource`: fails at deploy',
      '- 🔴 error CustomizationDataRegion `Rag/Tune/Resource`: fails at deploy',
      '- 🔴 error CustomizationModelRegion `Rag/Tune/Resource`: fails at deploy',
    ]);
    const fixed = formatMarkdown(applyBaseline(lakeApp(false), report, 'baseline.json'));
    expect(fixed).toContain(
      '**0 new findings to act on** · monthly cost **+$0.00** vs baseline · 4 fixed',
    );
    expect(fixed).toMatch(
      /\*\*Fixed:\*\* CustomizationDataRegion on `Rag\/Tune\/Resource`, .*CustomizationModelRegion on `Rag\/Tune\/Resource`/,
    );
    expect(fixed.indexOf('**Fixed:**')).toBeLessThan(fixed.indexOf('| Severity |'));
  });
});

describe('size', () => {
  /** 250 Lambdas in five us-west-2 stacks read the us-east-1 lake through NAT: 500+ findings. */
  function bigReport(): Report {
    const app = newApp();
    const lake = new LakeStack(app, 'DataLake', {
      env: env('us-east-1'),
      crossRegionReferences: true,
    });
    for (let s = 0; s < 5; s++) {
      const stack = new Stack(app, `Rag${s}`, {
        env: env('us-west-2'),
        crossRegionReferences: true,
      });
      const vpc = natVpc(stack);
      for (let i = 0; i < 50; i++) lake.bucket.grantRead(fn(stack, `Reader${i}`, {}, vpc));
      if (s === 0) tuningJob(stack, 'Tune', NOVA_MICRO, lake.bucket);
    }
    return lint(app, { usage: { 'Rag*/Reader*': { monthlyGb: 100 } } });
  }

  const report = bigReport();
  const text = formatMarkdown(report);

  test('500 findings stay under GitHub’s 65,536 characters, errors and costliest rows first', () => {
    expect(report.findings.length).toBeGreaterThanOrEqual(500);
    expect(text.length).toBeLessThan(65_536);
    const s = report.summary;
    expect(s.error + s.warning + s.info).toBe(report.findings.length);
    expect(text).toContain(`**${s.error} errors, ${s.warning} warnings, ${s.info} info**`);
    const rows = tables(md.parse(text, {}))[0].slice(1);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.length).toBeLessThan(report.findings.length);
    expect(text).toContain(
      `\n… and ${report.findings.length - rows.length} more findings: see the SARIF/JSON report.\n`,
    );
    const severities = rows.map((r) => r[0].split(' ')[1]);
    expect(severities.slice(0, s.error)).toEqual(Array(s.error).fill('error'));
    // The table took the whole budget: no details are left, and the comment says so.
    expect(text).not.toContain('<details><summary>🟡');
    expect(text).toMatch(/_Details of \d+ more findings are left out/);
    expectFootnotesResolve(text);
    expect(md.render(text)).toContain('<table>');
  });

  test('the truncation is deterministic: the same comment whatever the order of the findings', () => {
    const shuffled: Report = { ...report, findings: [...report.findings].reverse() };
    expect(formatMarkdown(shuffled)).toBe(text);
  });

  test('details of the lowest-priority findings go before any table row', () => {
    const some: Report = { ...report, findings: report.findings.slice(0, 120) };
    const out = formatMarkdown(some);
    expect(out.length).toBeLessThan(65_536);
    expect(tables(md.parse(out, {}))[0]).toHaveLength(121);
    expect(out).not.toContain('more findings: see the SARIF/JSON report');
    expect(out).toContain('<details><summary>🔴 error');
    expect(out).toMatch(/_Details of \d+ more findings are left out/);
  });
});

describe('hostile text', () => {
  const HOSTILE = '| <script>alert(1)</script> \n **x** [y](javascript:alert(1)) `a|b` & _z_ $1$';
  const report = lakeApp();
  const cross = report.findings.find((f) => f.ruleId === 'BedrockRegions-CrossRegionDataAccess')!;
  const hostile: Finding = {
    ...cross,
    message: HOSTILE,
    fix: HOSTILE,
    awsError: HOSTILE,
    constructPath: `Rag/${HOSTILE}/\`\`x`,
    location: { file: `bin/${HOSTILE}.ts`, line: 3, column: 1 },
    regions: { resource: HOSTILE, peer: HOSTILE },
    estimate: { ...cross.estimate!, notes: [HOSTILE] },
  };
  const acked = report.findings.find((f) => f.acknowledged)!;
  const text = formatMarkdown({
    ...report,
    findings: report.findings.map((f) =>
      f === cross
        ? hostile
        : f === acked
          ? { ...f, acknowledged: { ...f.acknowledged!, reason: HOSTILE } }
          : f,
    ),
    warnings: [HOSTILE],
  });

  test('produces no element from the text and no extra table column', () => {
    const html = md.render(text);
    expect(html).not.toMatch(/<script|<a |javascript:alert\(1\)"|<em>z<\/em>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const t of tables(md.parse(text, {})))
      for (const r of t) expect(r).toHaveLength(t[0].length);
    const row = tables(md.parse(text, {}))[0].find((r) => r[1] === 'CrossRegionDataAccess')!;
    expect(row[2]).toContain('<script>alert(1)</script>');
  });

  test('the only HTML in the comment is its own marker, details and summary tags', () => {
    const tokens = md.parse(text, {});
    const inline = tokens.flatMap((t) => t.children ?? []);
    const raw = [...tokens, ...inline].filter((t) => t.type.startsWith('html'));
    const allowed =
      /^(<!-- cdk-bedrock-lint -->|<\/details>|<details><summary>[^<]*(<\/?(b|code)>[^<]*)*<\/summary>)\n?$/;
    expect(raw.length).toBeGreaterThan(0);
    for (const t of raw) expect(t.content).toMatch(allowed);
    expectFootnotesResolve(text);
  });
});
