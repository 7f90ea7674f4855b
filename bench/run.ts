/**
 * Benchmarks (not tests: timings depend on the machine). Run with `npm run bench`.
 * 1. Plugin overhead: `app.synth()` of a large app with and without BedrockRegionChecks.
 * 2. CLI: analysing and formatting the app's cdk.out against only reading and parsing its templates.
 * CDK's own "CloudFormation Validate" plugin is off in both (CDK_VALIDATION=false), so the numbers
 * compare our work with CDK's synth, not with another plugin.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import { analyzeAssembly } from '../lib/engine/analyze';
import { BedrockRegionChecks } from '../lib/plugin/bedrock-region-checks';
import { formatJson } from '../lib/report/json';
import { bigApp } from './big-app';

process.env.CDK_VALIDATION = 'false';
const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 6000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function synthTimes(withPlugin: boolean): { ms: number; outdir: string } {
  const runs: number[] = [];
  let outdir = '';
  for (let i = 0; i < RUNS; i++) {
    const app = bigApp(RESOURCES);
    if (withPlugin)
      Validations.of(app).addPlugins(new BedrockRegionChecks(app, { failOn: 'never' }));
    runs.push(time(() => (outdir = app.synth().directory)));
  }
  return { ms: median(runs), outdir };
}

function readAndParse(outdir: string): void {
  for (const file of fs.readdirSync(outdir))
    if (file.endsWith('.template.json'))
      JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf-8'));
}

function main(): void {
  // One warm-up synth so module loading is not billed to the first variant.
  bigApp(300).synth();
  const bare = synthTimes(false);
  const plugged = synthTimes(true);
  const templates = fs.readdirSync(bare.outdir).filter((f) => f.endsWith('.template.json'));
  const resources = templates.reduce(
    (n, f) =>
      n +
      Object.keys(JSON.parse(fs.readFileSync(path.join(bare.outdir, f), 'utf-8')).Resources).length,
    0,
  );
  const parse = median(Array.from({ length: RUNS }, () => time(() => readAndParse(bare.outdir))));
  let findings = 0;
  const cli = median(
    Array.from({ length: RUNS }, () =>
      time(() => {
        const report = analyzeAssembly(bare.outdir, { failOn: 'never' });
        findings = report.findings.length;
        formatJson(report);
      }),
    ),
  );
  const pct = ((plugged.ms - bare.ms) / bare.ms) * 100;
  console.log(`app: ${resources} resources in ${templates.length} templates; ${findings} findings`);
  console.log(`synth without plugin: ${bare.ms.toFixed(0)} ms (median of ${RUNS})`);
  console.log(
    `synth with plugin:    ${plugged.ms.toFixed(0)} ms (+${pct.toFixed(1)}%; target < 5%)`,
  );
  console.log(`read + parse templates: ${parse.toFixed(0)} ms`);
  console.log(
    `analyse + JSON report:  ${cli.toFixed(0)} ms (${(cli / parse).toFixed(1)}x read + parse; target about 2x)`,
  );
}

main();
