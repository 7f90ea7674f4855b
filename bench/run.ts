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
/** `findings` (default): thousands of cross-region findings; `clean`: a well-placed app. */
const MISTAKES = process.env.BENCH_SHAPE !== 'clean';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Median synth time, and how much of it is the plugin's own analysis (the rest is CDK's). */
function synthTimes(withPlugin: boolean): { ms: number; pluginMs: number; outdir: string } {
  const runs: number[] = [];
  const inPlugin: number[] = [];
  let outdir = '';
  for (let i = 0; i < RUNS; i++) {
    const app = bigApp(RESOURCES, undefined, MISTAKES);
    let pluginMs = 0;
    if (withPlugin) {
      const plugin = new BedrockRegionChecks(app, { failOn: 'never' });
      const validate = plugin.validate.bind(plugin);
      plugin.validate = (ctx) => {
        let result: ReturnType<typeof validate> | undefined;
        pluginMs += time(() => (result = validate(ctx)));
        return result!;
      };
      Validations.of(app).addPlugins(plugin);
    }
    runs.push(time(() => (outdir = app.synth().directory)));
    inPlugin.push(pluginMs);
  }
  return { ms: median(runs), pluginMs: median(inPlugin), outdir };
}

function readAndParse(outdir: string): void {
  for (const file of fs.readdirSync(outdir))
    if (file.endsWith('.template.json'))
      JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf-8'));
}

function main(): void {
  // One warm-up synth so module loading is not billed to the first variant.
  bigApp(300, undefined, MISTAKES).synth();
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
  console.log(
    `  the plugin's validate() alone: ${plugged.pluginMs.toFixed(0)} ms (${((plugged.pluginMs / bare.ms) * 100).toFixed(1)}% of bare synth; steadier than the difference of two synth medians)`,
  );
  console.log(`read + parse templates: ${parse.toFixed(0)} ms`);
  console.log(
    `analyse + JSON report:  ${cli.toFixed(0)} ms (${(cli / parse).toFixed(1)}x read + parse; target about 2x)`,
  );
}

main();
