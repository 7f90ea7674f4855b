/**
 * Benchmarks (not tests: timings depend on the machine). Run with `npm run bench`, which builds
 * first: the plugin and the CLI are measured as users run them, from dist/ (the plugin through the
 * package entry, `require('cdk-bedrock-lint')`; the CLI's bundle, dist/bin/cli.js).
 * 1. Synth: bare `app.synth()` vs with BedrockRegionChecks vs with cdk-nag's AwsSolutionsChecks,
 *    on a small (about 60 resources) and a large (about 6,400) app, each run a fresh process.
 * 2. CLI: `node dist/bin/cli.js DIR --format json` vs a process that only reads and parses the
 *    templates (bench/floor.js): wall time and peak memory.
 * 3. Linearity: the CLI at 64,000 resources against 6,400.
 * 4. Profile: one CLI run at 6,400 under `node --cpu-prof`, its time by pipeline stage (see
 *    profile.ts): what remains of the CLI's cost.
 * CDK's own "CloudFormation Validate" plugin is off everywhere (CDK_VALIDATION=false), so the
 * numbers compare the plugins' work with CDK's synth, not with another plugin.
 * Environment: BENCH_SMALL_RUNS (7), BENCH_LARGE_RUNS (5), BENCH_CLI_RUNS (7), BENCH_HUGE_RUNS (3);
 * BENCH_HUGE=0 skips the 64,000-resource app (it takes minutes to synthesize). Each app is measured
 * in two shapes: full of mistakes (thousands of findings) and clean (well placed, no finding: the
 * realistic case); BENCH_SHAPE=mistakes or BENCH_SHAPE=clean measures one of them only.
 */
// The benchmark times whole processes; the product itself never starts one.
// eslint-disable-next-line no-restricted-imports
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stageTimes } from './profile';

const ROOT = path.join(__dirname, '..');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SMALL_RUNS = env('BENCH_SMALL_RUNS', 7);
const LARGE_RUNS = env('BENCH_LARGE_RUNS', 5);
const CLI_RUNS = env('BENCH_CLI_RUNS', 7);
const HUGE_RUNS = env('BENCH_HUGE_RUNS', 3);
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-bench-'));
const CHILD_ENV = { ...process.env, CDK_VALIDATION: 'false' };

type Variant = 'bare' | 'noop' | 'plugin' | 'nag';
type Shape = 'mistakes' | 'clean';
const SHAPES: Shape[] =
  process.env.BENCH_SHAPE === 'clean' || process.env.BENCH_SHAPE === 'mistakes'
    ? [process.env.BENCH_SHAPE]
    : ['mistakes', 'clean'];
const VARIANTS: Variant[] = ['bare', 'noop', 'plugin', 'nag'];
interface Sample {
  ms: number;
  maxRssKb: number;
  /** Violations CDK reported for the synth's plugin. */
  violations?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs node with `args`; `okCodes`: the exit codes that are a finished run (the CLI's 1: findings). */
function run(
  args: string[],
  cwd: string,
  okCodes: number[],
  extraEnv: Record<string, string> = {},
): void {
  const result = spawnSync(process.execPath, args, {
    cwd,
    env: { ...CHILD_ENV, ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status === null || !okCodes.includes(result.status))
    throw new Error(
      `node ${args.join(' ')} exited ${result.status ?? result.signal}: ${String(result.stderr).slice(-2000)}`,
    );
}

/** One synth in a fresh process; the child times its own window (see synth-child.ts). */
function synth(resources: number, variant: Variant, outdir: string, shape: Shape): Sample {
  const result = path.join(WORK, 'synth-result.json');
  fs.rmSync(result, { force: true });
  run(
    [
      '-r',
      'ts-node/register/transpile-only',
      path.join(__dirname, 'synth-child.ts'),
      String(resources),
      variant,
      outdir,
      result,
    ],
    ROOT,
    [0],
    { BENCH_SHAPE: shape },
  );
  return JSON.parse(fs.readFileSync(result, 'utf-8')) as Sample;
}

/** A whole process timed from outside, its peak memory reported by the process itself. */
function timed(args: string[]): Sample {
  const rssFile = path.join(WORK, 'rss.txt');
  fs.rmSync(rssFile, { force: true });
  const start = process.hrtime.bigint();
  // In the work directory: the CLI must not pick up this repository's cdk.json.
  run(['-r', path.join(__dirname, 'max-rss.js'), ...args], WORK, [0, 1], {
    BENCH_RSS_FILE: rssFile,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, maxRssKb: Number(fs.readFileSync(rssFile, 'utf-8').trim()) };
}

function countResources(dir: string): { resources: number; templates: number } {
  const templates = fs.readdirSync(dir).filter((f) => f.endsWith('.template.json'));
  const resources = templates.reduce((n, f) => {
    const template = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf-8'));
    return n + Object.keys(template.Resources ?? {}).length;
  }, 0);
  return { resources, templates: templates.length };
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const x = (v: number) => `${v.toFixed(2)}x`;

/** Rounds of bare, noop, plugin, nag in turn (so drift in the machine's speed hits all three alike). */
function synthBench(label: string, resources: number, runs: number, shape: Shape): string {
  const samples: Record<Variant, number[]> = { bare: [], noop: [], plugin: [], nag: [] };
  const violations: Record<Variant, number> = { bare: 0, noop: 0, plugin: 0, nag: 0 };
  const outdir = path.join(WORK, `synth-${resources}-${shape}`);
  for (let i = 0; i < runs; i++)
    for (const v of VARIANTS) {
      const sample = synth(resources, v, `${outdir}-${v}`, shape);
      samples[v].push(sample.ms);
      violations[v] = sample.violations ?? 0;
    }
  const paired = (v: Variant) => median(samples[v].map((t, i) => t - samples.bare[i]));
  const ratio = (v: Variant) => median(samples[v].map((t, i) => t / samples.bare[i]));
  const { resources: n, templates } = countResources(`${outdir}-bare`);
  const bare = median(samples.bare);
  console.log(
    `${label} app, ${shape}: ${n} resources in ${templates} templates; fresh process per synth, medians of ${runs}`,
  );
  console.log(`  bare synth:          ${ms(bare)}`);
  for (const [v, name] of [
    ['noop', 'no-op plugin       '],
    ['plugin', 'BedrockRegionChecks'],
    ['nag', 'AwsSolutionsChecks '],
  ] as const)
    console.log(
      `  ${name}: ${ms(median(samples[v]))} = ${x(ratio(v))} bare, +${ms(paired(v))} (paired medians; ${violations[v]} violations)`,
    );
  return `${outdir}-bare`;
}

function cliArgs(dir: string): string[] {
  const out = path.join(WORK, 'report.json');
  return [path.join(ROOT, 'dist', 'bin', 'cli.js'), dir, '--format', 'json', '--output', out];
}

/** CLI and floor in turn; medians of wall time and of peak memory. */
function cliBench(dir: string, runs: number, shape: Shape): { cli: Sample; floor: Sample } {
  const cli: Sample[] = [];
  const floor: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    cli.push(timed(cliArgs(dir)));
    floor.push(timed([path.join(__dirname, 'floor.js'), dir]));
  }
  const med = (s: Sample[]) => ({
    ms: median(s.map((r) => r.ms)),
    maxRssKb: median(s.map((r) => r.maxRssKb)),
  });
  const result = { cli: med(cli), floor: med(floor) };
  const { resources } = countResources(dir);
  console.log(`CLI vs read-and-parse floor, ${resources} resources, ${shape}, medians of ${runs}:`);
  console.log(
    `  wall: ${ms(result.cli.ms)} vs ${ms(result.floor.ms)} = ${x(result.cli.ms / result.floor.ms)} (target <= 2x)`,
  );
  console.log(
    `  peak memory: ${mb(result.cli.maxRssKb)} vs ${mb(result.floor.maxRssKb)} = ${x(result.cli.maxRssKb / result.floor.maxRssKb)} (target <= 1.5x)`,
  );
  return result;
}

/** One CLI run under the V8 profiler: self time by pipeline stage and the costliest functions. */
function cliProfile(dir: string, shape: Shape): void {
  const profileDir = path.join(WORK, `profile-${shape}`);
  const bundle = path.join(ROOT, 'dist', 'bin', 'cli.js');
  run(['--cpu-prof', '--cpu-prof-dir', profileDir, ...cliArgs(dir)], WORK, [0, 1]);
  const [file] = fs.readdirSync(profileDir);
  const { total, stages, functions } = stageTimes(path.join(profileDir, file), bundle);
  console.log(`CLI profile, ${shape}: ${ms(total)} sampled in one run, self time by stage:`);
  for (const { stage, ms: t } of stages) console.log(`  ${ms(t).padStart(7)}  ${stage}`);
  console.log('  costliest functions of the bundle (self time):');
  for (const { stage, ms: t } of functions.slice(0, 8))
    console.log(`  ${ms(t).padStart(7)}  ${stage}`);
}

function main(): void {
  console.log(`CDK_VALIDATION=false in every synth; ${os.cpus().length} cores; ${WORK}`);
  for (const shape of SHAPES) synthBench('small', 60, SMALL_RUNS, shape);
  const large = SHAPES.map((shape) => ({
    shape,
    dir: synthBench('large', 6400, LARGE_RUNS, shape),
  }));
  const at6400 = large.map(({ shape, dir }) => ({ shape, ...cliBench(dir, CLI_RUNS, shape) }));
  for (const { shape, dir } of large) cliProfile(dir, shape);
  if (process.env.BENCH_HUGE !== '0') {
    // The linearity line compares like with like: the first shape measured at 6,400.
    const { shape, cli, floor } = at6400[0];
    const huge = path.join(WORK, `synth-64000-${shape}`);
    synth(64000, 'bare', huge, shape);
    const at64000 = cliBench(huge, HUGE_RUNS, shape);
    console.log(
      `linearity (${shape}): CLI at 64,000 resources / at 6,400 = ${x(at64000.cli.ms / cli.ms)} the time (target <= 11x), ${x(at64000.cli.maxRssKb / cli.maxRssKb)} the memory; floor ${x(at64000.floor.ms / floor.ms)} the time`,
    );
  }
  fs.rmSync(WORK, { recursive: true, force: true });
}

main();
