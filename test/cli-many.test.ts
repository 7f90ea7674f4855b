import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import '@microsoft/jest-sarif';
import Ajv from 'ajv';
import type { Log } from 'sarif';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { run } from '../bin/cli';
import { Report } from '../lib/report/types';
import reportSchema from '../schema/report.schema.json';
import { natApp } from './flow-helpers';
import { env, newApp, NOVA_MICRO, TITAN_MM_EMBEDDINGS, tuningJob } from './helpers';
import { mermaidBlocks, parseMermaid } from './support/mermaid';

/** A monorepo checkout: services/<name>/cdk.out, each a real synthesized assembly. */
function monorepo(apps: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-mono-'));
  for (const [name, dir] of Object.entries(apps))
    fs.cpSync(dir, path.join(root, 'services', name, 'cdk.out'), { recursive: true });
  return root;
}

/** A Nova tuning job in us-west-2: one error. */
function tuningAssembly(modelId = NOVA_MICRO): string {
  const app = newApp();
  const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
  tuningJob(stack, 'Job', modelId, new s3.Bucket(stack, 'Data'));
  return app.synth().directory;
}

/** A us-west-2 reader of a us-east-1 lake behind NAT: warnings only, with a cost. */
function ragAssembly(): string {
  return natApp().app.synth().directory;
}

const tuning = tuningAssembly();
const rag = ragAssembly();
const validate = new Ajv({ allErrors: true }).compile(reportSchema);

function json(args: string[], cwd: string): { code: number; report: Report } {
  const result = run([...args, '--format', 'json'], cwd);
  expect(result.stderr).toBe('');
  return { code: result.code, report: JSON.parse(result.stdout) };
}

describe('two assemblies in one run', () => {
  const root = monorepo({ rag, tuning });
  const args = ['services/rag/cdk.out', 'services/tuning/cdk.out'];
  const { code, report } = json(args, root);
  const single = {
    rag: json(['services/rag/cdk.out'], root).report,
    tuning: json(['services/tuning/cdk.out'], root).report,
  };

  test('one report with a section per assembly, in argument order, valid against the schema', () => {
    expect(validate(report)).toBe(true);
    expect(report.assemblies!.map((a) => [a.path, a.stacks])).toEqual([
      ['services/rag/cdk.out', ['DataLake', 'Rag']],
      ['services/tuning/cdk.out', ['Tuning']],
    ]);
    expect(report.findings.map((f) => f.assembly)).toEqual([
      ...single.rag.findings.map(() => 'services/rag/cdk.out'),
      ...single.tuning.findings.map(() => 'services/tuning/cdk.out'),
    ]);
    expect(report.stacks.map((s) => `${s.assembly}:${s.name}`)).toEqual([
      'services/rag/cdk.out:DataLake',
      'services/rag/cdk.out:Rag',
      'services/tuning/cdk.out:Tuning',
    ]);
    // The inventory of each app, tagged with its assembly, in argument order.
    expect(report.inventory!.map((r) => `${r.assembly}:${r.kind}:${r.constructPath}`)).toEqual([
      ...single.rag.inventory!.map((r) => `services/rag/cdk.out:${r.kind}:${r.constructPath}`),
      'services/tuning/cdk.out:bucket:Tuning/Data/Resource',
      'services/tuning/cdk.out:customization-job:Tuning/Job/Resource',
    ]);
    expect(single.rag.inventory!.map((r) => r.kind)).toContain('nat-gateway');
  });

  test('totals per app are those of the app alone; the overall total is their sum', () => {
    const [ragSection, tuningSection] = report.assemblies!;
    expect(ragSection.summary).toEqual(single.rag.summary);
    expect(tuningSection.summary).toEqual(single.tuning.summary);
    expect(ragSection.summary.warning).toBeGreaterThan(0);
    expect(tuningSection.summary.error).toBe(1);
    expect(report.summary).toMatchObject({
      error: single.rag.summary.error + single.tuning.summary.error,
      warning: single.rag.summary.warning + single.tuning.summary.warning,
    });
    expect(report.summary.monthlyUsd).toBeCloseTo(
      single.rag.summary.monthlyUsd + single.tuning.summary.monthlyUsd,
      6,
    );
    expect(report.summary.monthlyUsd).toBeGreaterThan(0);
  });

  test('the exit code is the worst app: 1 when one app fails, 0 when none does', () => {
    expect(code).toBe(1);
    expect(single.tuning.summary.error).toBe(1);
    expect(run(['services/rag/cdk.out'], root).code).toBe(0);
    const clean = monorepo({ rag, llama: tuningAssembly(TITAN_MM_EMBEDDINGS) });
    expect(run(['services/rag/cdk.out', 'services/llama/cdk.out'], clean).code).toBe(0);
    expect(
      run(['services/rag/cdk.out', 'services/tuning/cdk.out', '--fail-on', 'never'], root).code,
    ).toBe(0);
  });

  test('--max-monthly-usd applies to each app', () => {
    const twice = monorepo({ a: rag, b: rag });
    const both = ['services/a/cdk.out', 'services/b/cdk.out'];
    const each = json(['services/a/cdk.out'], twice).report.summary.monthlyUsd;
    const between = String(Math.ceil(each + 1));
    expect(each * 2).toBeGreaterThan(Number(between));
    const within = json([...both, '--max-monthly-usd', between], twice);
    expect(within.code).toBe(0);
    expect(within.report.summary.budget).toEqual({
      maxMonthlyUsd: Number(between),
      exceeded: false,
    });
    const over = json([...both, '--max-monthly-usd', String(Math.floor(each - 1))], twice);
    expect(over.code).toBe(1);
    expect(over.report.assemblies!.map((a) => a.summary.budget?.exceeded)).toEqual([true, true]);
  });

  test('fingerprints include the assembly path, relative to the working directory', () => {
    const fingerprints = report.findings.map((f) => f.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    // The same app under two paths: the same findings, different fingerprints.
    const twice = monorepo({ a: rag, b: rag });
    const both = json(['services/a/cdk.out', 'services/b/cdk.out'], twice).report;
    const half = both.findings.length / 2;
    expect(both.findings.slice(0, half).map((f) => f.ruleId)).toEqual(
      both.findings.slice(half).map((f) => f.ruleId),
    );
    const a = both.findings.slice(0, half).map((f) => f.fingerprint);
    const b = both.findings.slice(half).map((f) => f.fingerprint);
    expect(a.filter((fp) => b.includes(fp))).toEqual([]);
    // Another checkout of the same repository on another machine: the same fingerprints.
    const moved = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-elsewhere-'));
    fs.cpSync(root, moved, { recursive: true });
    expect(json(args, moved).report.findings.map((f) => f.fingerprint)).toEqual(fingerprints);
    // Shared NAT costs point at the fingerprint of the finding that counts them, in this run.
    const countedIn = report.findings.flatMap(
      (f) => f.estimate?.lineItems.flatMap((i) => (i.countedIn ? [i.countedIn] : [])) ?? [],
    );
    expect(countedIn.length).toBeGreaterThan(0);
    for (const fp of countedIn) expect(fingerprints).toContain(fp);
  });

  test('a baseline of the same run: nothing new; with one app fixed, its findings are named fixed', () => {
    fs.writeFileSync(path.join(root, 'base.json'), JSON.stringify(report));
    const same = run([...args, '--baseline', 'base.json'], root);
    expect(same.code).toBe(0);
    const fixedRoot = monorepo({ rag, tuning: tuningAssembly(TITAN_MM_EMBEDDINGS) });
    fs.writeFileSync(path.join(fixedRoot, 'base.json'), JSON.stringify(report));
    const after = json([...args, '--baseline', 'base.json'], fixedRoot).report;
    expect(validate(after)).toBe(true);
    expect(after.summary.baseline).toMatchObject({ new: 0, fixed: 1 });
    expect(after.summary.baseline!.fixedFindings).toEqual([
      {
        ruleId: 'BedrockRegions-CustomizationModelRegion',
        stack: 'Tuning',
        constructPath: 'Tuning/Job/Resource',
        assembly: 'services/tuning/cdk.out',
      },
    ]);
    expect(after.assemblies!.map((a) => a.summary.baseline?.fixed)).toEqual([0, 1]);
    const markdown = run([...args, '--baseline', 'base.json', '--format', 'markdown'], fixedRoot);
    expect(markdown.stdout).toContain(
      '**Fixed:** CustomizationModelRegion on `Tuning/Job/Resource`',
    );
  });

  test('text, Markdown and SARIF show the sections', () => {
    const text = run(args, root).stdout;
    const heads = text.split('\n').filter((l) => l.startsWith('== '));
    expect(heads).toEqual([
      `== services/rag/cdk.out: ${counts(report.assemblies![0].summary)} ==`,
      `== services/tuning/cdk.out: ${counts(report.assemblies![1].summary)} ==`,
    ]);
    expect(text).toMatch(/Overall: \$\d+\.\d\d a month across 2 assemblies\./);
    expect(text.indexOf('CustomizationModelRegion')).toBeGreaterThan(
      text.indexOf('== services/tuning'),
    );

    const markdown = run([...args, '--format', 'markdown'], root).stdout;
    expect(markdown.match(/^#### .*$/gm)).toEqual([
      '#### services/rag/cdk.out',
      '#### services/tuning/cdk.out',
    ]);
    const [diagram] = mermaidBlocks(markdown);
    expect(diagram).toContain('services/rag: Lambda Function Rag/Retriever');
    expect(parseMermaid([diagram])[0].ok).toBe(true);

    const sarif: Log = JSON.parse(run([...args, '--format', 'sarif'], root).stdout);
    expect(sarif).toBeValidSarifLog();
    const results = sarif.runs[0].results!;
    expect(results.map((r) => r.properties?.assembly)).toEqual(
      report.findings.map((f) => f.assembly),
    );
    expect(results.map((r) => r.partialFingerprints?.primaryLocationLineHash)).toEqual(
      report.findings.map((f) => f.fingerprint),
    );
    expect(results[results.length - 1].locations![0].logicalLocations).toContainEqual({
      fullyQualifiedName: 'services/tuning/cdk.out',
      kind: 'module',
    });
    expect((sarif.runs[0].properties!.assemblies as { path: string }[]).map((a) => a.path)).toEqual(
      ['services/rag/cdk.out', 'services/tuning/cdk.out'],
    );
  });
});

function counts(s: Report['summary']): string {
  return `${s.error} error(s), ${s.warning} warning(s), ${s.info} info, ${s.acknowledged} acknowledged`;
}

describe('globs', () => {
  const root = monorepo({ rag, tuning });
  fs.mkdirSync(path.join(root, 'node_modules', 'dep', 'cdk.out'), { recursive: true });

  test('a quoted glob expands to every matching assembly, sorted', () => {
    const { code, report } = json(['services/*/cdk.out'], root);
    expect(code).toBe(1);
    expect(report.assemblies!.map((a) => a.path)).toEqual([
      'services/rag/cdk.out',
      'services/tuning/cdk.out',
    ]);
    expect(json(['**/cdk.out'], root).report.assemblies!.map((a) => a.path)).toEqual([
      'services/rag/cdk.out',
      'services/tuning/cdk.out',
    ]);
  });

  test('a usage key no app has is one warning; a key only one app has is named for the other', () => {
    fs.writeFileSync(
      path.join(root, 'usage.yml'),
      'Rag/Retriever:\n  monthlyGb: 5\nNope/*:\n  monthlyGb: 1\n',
    );
    const result = run(['services/*/cdk.out', '--usage', 'usage.yml'], root);
    expect(result.stderr.trim().split('\n')).toEqual([
      'cdk-bedrock-lint: warning: usage file usage.yml: key "Nope/*" matches no construct of the app',
      'cdk-bedrock-lint: warning: services/tuning/cdk.out: usage file usage.yml: key "Rag/Retriever" matches no construct of the app',
    ]);
  });

  test('a path given twice, or by a path and a glob, is linted once', () => {
    const { report } = json(['services/rag/cdk.out', 'services/*/cdk.out'], root);
    expect(report.assemblies!.map((a) => a.path)).toEqual([
      'services/rag/cdk.out',
      'services/tuning/cdk.out',
    ]);
  });

  test('a glob that matches nothing is an input error: exit 2, one line', () => {
    const result = run(['apps/*/cdk.out'], root);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe('cdk-bedrock-lint: apps/*/cdk.out: glob matches no directory\n');
  });

  test('the library runs the same: assemblyDirectories and analyzeMany', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const api = require('../lib') as typeof import('../lib');
    const dirs = api.assemblyDirectories(['services/*/cdk.out'], root);
    const report = api.analyzeMany(dirs, (dir) => api.analyzeAssembly(dir), root);
    expect(report.assemblies!.map((a) => a.path)).toEqual(
      json(['services/*/cdk.out'], root).report.assemblies!.map((a) => a.path),
    );
    expect(api.flowModel(report).nodes.length).toBeGreaterThan(0);
  });

  test('one assembly keeps the single-assembly shape', () => {
    const { report } = json(['services/t*/cdk.out'], root);
    expect(report.assemblies).toBeUndefined();
    expect(report.findings.every((f) => f.assembly === undefined)).toBe(true);
    expect(validate(report)).toBe(true);
  });
});
