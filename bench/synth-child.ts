/**
 * One synth in a fresh process, as `cdk synth` runs it: `synth-child.ts RESOURCES VARIANT OUTDIR
 * RESULT`. VARIANT is `bare`, `noop` (a plugin that checks nothing: what CDK's validation step
 * costs by itself), `plugin` (BedrockRegionChecks as users import it: `require('cdk-bedrock-lint')`,
 * the package entry that package.json's `exports` names, in the built dist/) or `nag` (cdk-nag's
 * AwsSolutionsChecks). The timed window starts after the app is constructed and
 * covers loading the plugin's module, constructing it and `app.synth()`: what a plugin adds to
 * a fresh process. The result (milliseconds, peak memory) goes to the RESULT file as JSON, since
 * CDK prints the plugins' reports on the output streams.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { bigApp } from './big-app';

const [resources, variant, outdir, resultFile] = process.argv.slice(2);

/* eslint-disable @typescript-eslint/no-require-imports */
function loadPlugin(app: App): IPolicyValidationPlugin | undefined {
  switch (variant) {
    case 'bare':
      return undefined;
    case 'noop':
      return { name: 'noop', validate: () => ({ success: true, violations: [] }) };
    case 'plugin': {
      // The package's own name resolves here through its `exports` (Node's self-reference).
      const { BedrockRegionChecks } = require('cdk-bedrock-lint') as typeof import('../lib');
      return new BedrockRegionChecks(app, { failOn: 'never' });
    }
    case 'nag': {
      const { AwsSolutionsChecks } = require('cdk-nag') as typeof import('cdk-nag');
      return new AwsSolutionsChecks(app);
    }
    default:
      throw new Error(`unknown variant ${variant}`);
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */

function main(): void {
  const app = bigApp(Number(resources), outdir, process.env.BENCH_SHAPE !== 'clean');
  const report = path.join(outdir, 'validation-report.json');
  fs.rmSync(report, { force: true });
  const start = performance.now();
  const plugin = loadPlugin(app);
  if (plugin) Validations.of(app).addPlugins(plugin);
  try {
    app.synth();
  } catch (e) {
    // cdk-nag's violations fail the synth after its report: the work is done all the same.
    if (!String(e).includes('Validation failed')) throw e;
  }
  const ms = performance.now() - start;
  // What CDK reported for the plugin: evidence that it ran.
  const violations = fs.existsSync(report)
    ? (
        JSON.parse(fs.readFileSync(report, 'utf-8')) as {
          pluginReports: { violations: unknown[] }[];
        }
      ).pluginReports.reduce((n, r) => n + r.violations.length, 0)
    : 0;
  const maxRssKb = process.resourceUsage().maxRSS;
  fs.writeFileSync(resultFile, JSON.stringify({ ms, maxRssKb, violations }));
}

main();
