import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../bin/cli';
import { Report } from '../lib/report/types';
import { fn, natApp } from './flow-helpers';

const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-costs-'));

function write(name: string, text: string): string {
  fs.writeFileSync(path.join(cwd, name), text);
  return name;
}

function read(name: string): string {
  return fs.readFileSync(path.join(cwd, name), 'utf-8');
}

/** The lake, the retriever behind the NAT, and optionally a second reader outside the VPC. */
function assembly(withIndexer = false): string {
  const { app, stack, lake } = natApp();
  if (withIndexer) lake.bucket.grantRead(fn(stack, 'Indexer', { LAKE: lake.bucket.bucketName }));
  return app.synth().directory;
}

const base = assembly();
const usage = write('usage.yml', 'Rag/Retriever:\n  monthlyGb: 1000\n');

describe('the same estimate in every format', () => {
  test('1,000 GB a month from a us-east-1 bucket to a us-west-2 Lambda behind one NAT gateway', () => {
    const result = run(
      [base, '--usage', usage, '--fail-on', 'never', '--format', 'text']
        .concat(['--format', 'json', '--output', 'r.json'])
        .concat(['--format', 'sarif', '--output', 'r.sarif'])
        .concat(['--format', 'markdown', '--output', 'r.md']),
      cwd,
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(read('r.json')) as Report;
    const amounts = json.findings
      .flatMap((f) => f.estimate?.lineItems ?? [])
      .map((i) => i.monthlyUsd);
    expect(amounts).toEqual(expect.arrayContaining([20, 45, 32.85]));
    expect(json.summary.monthlyUsd).toBe(97.85);
    const sarif = JSON.parse(read('r.sarif')) as {
      runs: { results: { message: { text: string } }[] }[];
    };
    const sarifText = sarif.runs[0].results.map((r) => r.message.text).join('\n');
    for (const text of [result.stdout, sarifText, read('r.md')]) {
      // `quantity x price = amount` in text and SARIF; the same in two cells of a Markdown table.
      expect(text).toMatch(/1,000 GB x \$0\.02 [=|] \$20\.00/);
      expect(text).toMatch(/1,000 GB x \$0\.045 [=|] \$45\.00/);
      expect(text).toMatch(/730 hour x \$0\.045 [=|] \$32\.85/);
      expect(text).toContain('usage file usage.yml ("Rag/Retriever")');
    }
  });
});

describe('budget', () => {
  test('--max-monthly-usd fails the run when the total exceeds it, whatever the fail level', () => {
    const over = run(
      [base, '--usage', usage, '--fail-on', 'never', '--max-monthly-usd', '50'],
      cwd,
    );
    expect(over.code).toBe(1);
    expect(over.stdout).toContain('Budget: $50.00 a month, EXCEEDED');
    const under = run(
      [base, '--usage', usage, '--fail-on', 'never', '--max-monthly-usd', '100'],
      cwd,
    );
    expect(under.code).toBe(0);
    expect(run([base, '--max-monthly-usd', 'lots'], cwd)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"lots" is not a non-negative number of USD'),
    });
  });
});

describe('usage file errors', () => {
  test('a missing file, an unknown key and bad YAML are one-line errors naming the file; exit 2', () => {
    const missing = run([base, '--usage', 'nope.yml'], cwd);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe(
      `cdk-bedrock-lint: ${path.join(cwd, 'nope.yml')}: usage file not found\n`,
    );
    const typo = run([base, '--usage', write('typo.yml', 'Rag/Retriever:\n  monthlyGB: 5\n')], cwd);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('typo.yml: usage "Rag/Retriever": unknown key "monthlyGB"');
    const broken = run([base, '--usage', write('broken.yml', 'Rag/Retriever: [\n')], cwd);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yml: usage file is not valid YAML/);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a key that matches no construct is a warning, not an error', () => {
    const file = write('stale.json', JSON.stringify({ 'Rag/Old*': { monthlyGb: 5 } }));
    const result = run([base, '--usage', file, '--fail-on', 'never'], cwd);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'cdk-bedrock-lint: warning: usage file stale.json: key "Rag/Old*" matches no construct of the app\n',
    );
  });
});

describe('--baseline', () => {
  test('a change that adds one finding: only the new finding fails, with the cost delta', () => {
    const usageAll = write('all.yml', 'Rag/*:\n  monthlyGb: 1000\n');
    const first = run(
      [
        base,
        '--usage',
        usageAll,
        '--fail-on',
        'warning',
        '--format',
        'json',
        '--output',
        'old.json',
      ],
      cwd,
    );
    expect(first.code).toBe(1);
    const old = JSON.parse(read('old.json')) as Report;

    const changed = assembly(true);
    const args = ['--usage', usageAll, '--fail-on', 'warning', '--baseline', 'old.json'];
    const second = run([changed, ...args, '--format', 'json', '--output', 'new.json'], cwd);
    expect(second.code).toBe(1);
    const now = JSON.parse(read('new.json')) as Report;
    const fresh = now.findings.filter((f) => f.new);
    expect(fresh.map((f) => `${f.ruleId} ${f.constructPath}`)).toEqual([
      'BedrockRegions-CrossRegionDataAccess Rag/Indexer/Resource',
    ]);
    expect(now.findings.filter((f) => !f.new)).toHaveLength(old.findings.length);
    // The indexer pulls 1,000 GB across regions: $20.00 more a month.
    expect(now.summary.baseline).toEqual({
      file: 'old.json',
      new: 1,
      existing: old.findings.length,
      fixed: 0,
      monthlyUsdDelta: 20,
      fixedFindings: [],
    });
    // The working directory is not above the app, so findings carry no source path.
    const text = run([changed, ...args], cwd).stdout;
    expect(text).toMatch(/Rag\/Indexer\/Resource \[new\]/);
    expect(text).toMatch(/Rag\/Retriever\/Resource \[existing\]/);
    expect(text).toContain(
      `Baseline old.json: 1 new, ${old.findings.length} existing, 0 fixed; +$20.00 a month`,
    );

    // The unchanged app against its own baseline: the existing warnings no longer fail.
    expect(run([base, ...args], cwd).code).toBe(0);
  });

  test('a baseline that is not a report is an error', () => {
    const result = run([base, '--baseline', write('bad.json', '{"findings": 3}')], cwd);
    expect(result).toMatchObject({ code: 2 });
    expect(result.stderr).toContain('bad.json: baseline is not a cdk-bedrock-lint JSON report');
  });
});

describe('library API', () => {
  test('the formatters and the baseline comparison are exported beside analyzeAssembly', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const api = require('../lib') as typeof import('../lib');
    const report = api.analyzeAssembly(base, { usage: { 'Rag/Retriever': { monthlyGb: 1000 } } });
    expect(report.summary.monthlyUsd).toBe(97.85);
    expect(api.formatSarif(report)).toContain('"version": "2.1.0"');
    expect(api.formatMarkdown(report).startsWith('<!-- cdk-bedrock-lint -->')).toBe(true);
    expect(api.applyBaseline(report, report, 'same.json').summary.baseline).toMatchObject({
      new: 0,
      monthlyUsdDelta: 0,
    });
  });
});
