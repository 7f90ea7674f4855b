import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { run } from '../bin/cli';
import { BedrockRegionChecks, BedrockRegionChecksProps } from '../lib/plugin/bedrock-region-checks';
import { RECORDED_OPTIONS_FILE } from '../lib/recorded-options';
import { env, newApp, NOVA_MICRO, TITAN_MM_EMBEDDINGS, tuningJob } from './helpers';

const CLI = path.join(__dirname, '..', 'dist', 'bin', 'cli.js');
/** No cdk.json here: the CLI's options come from the assembly alone. */
const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-plugin-cwd-'));

interface Violation {
  ruleName: string;
  severity: string;
  description: string;
  violatingConstructs: { constructPath: string }[];
}

/** Synthesizes for real with the plugin; returns the assembly, CDK's report and what synth threw. */
function synthWith(
  app: App,
  props: BedrockRegionChecksProps,
): { dir: string; violations: Violation[]; thrown?: string; printed: string } {
  Validations.of(app).addPlugins(new BedrockRegionChecks(app, props));
  const printed: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...args) => {
    printed.push(args.join(' '));
  });
  let thrown: string | undefined;
  try {
    app.synth();
  } catch (e) {
    thrown = (e as Error).message;
  } finally {
    spy.mockRestore();
  }
  const dir = app.outdir;
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'validation-report.json'), 'utf-8'));
  const plugin = (report.pluginReports as { pluginName: string; violations: Violation[] }[]).find(
    (r) => r.pluginName === 'BedrockRegionChecks',
  );
  return { dir, violations: plugin?.violations ?? [], thrown, printed: printed.join('\n') };
}

function llamaApp(): App {
  const app = newApp();
  const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
  tuningJob(stack, 'Job', TITAN_MM_EMBEDDINGS, new s3.Bucket(stack, 'Data'));
  return app;
}

const findingsOf = (stdout: string) =>
  (JSON.parse(stdout).findings as { ruleId: string; constructPath: string; severity: string }[])
    .map((f) => `${f.severity} ${f.ruleId} ${f.constructPath}`)
    .sort();
const violationsOf = (violations: Violation[]) =>
  violations
    .map((v) => `${v.severity} ${v.ruleName} ${v.violatingConstructs[0].constructPath}`)
    .sort();

describe('options given to the plugin in code reach the CLI through the assembly', () => {
  const { dir, violations, thrown } = synthWith(llamaApp(), {
    allowedRegions: ['us-east-1'],
    rules: { CustomizationCost: 'off' },
  });

  test('synth and the CLI (run() and the binary) on its cdk.out report the same findings', () => {
    // Titan Multimodal Embeddings can be tuned in us-west-2: only the residency policy given in code finds anything.
    expect(thrown).toMatch(/ERROR BedrockRegions-DataResidency/);
    const fromSynth = violationsOf(violations);
    // The bucket and the job are outside the policy (the model also tunes in us-east-1, inside it).
    expect(fromSynth).toEqual([
      'error BedrockRegions-DataResidency Tuning/Data/Resource',
      'error BedrockRegions-DataResidency Tuning/Job/Resource',
    ]);
    const library = run([dir, '--format', 'json'], cwd);
    expect(library.code).toBe(1);
    expect(findingsOf(library.stdout)).toEqual(fromSynth);
    const binary = spawnSync(process.execPath, [CLI, dir, '--format', 'json'], {
      cwd,
      encoding: 'utf-8',
    });
    expect(binary.status).toBe(1);
    expect(findingsOf(binary.stdout)).toEqual(fromSynth);
  });

  test('the record holds the options as data; --no-recorded-options ignores it', () => {
    const record = JSON.parse(fs.readFileSync(path.join(dir, RECORDED_OPTIONS_FILE), 'utf-8'));
    expect(record.options).toEqual({
      allowedRegions: ['us-east-1'],
      rules: { CustomizationCost: 'off' },
    });
    const without = run([dir, '--format', 'json', '--no-recorded-options'], cwd);
    expect(findingsOf(without.stdout)).toEqual([
      'info BedrockRegions-CustomizationCost Tuning/Job/Resource',
    ]);
  });
});

test('functions and constructs given as props are dropped from the record, data kept', () => {
  const app = llamaApp();
  const props = {
    strict: true,
    onFinding: () => undefined,
    scope: app,
    externalResources: { 's3://corp-lake': 'us-east-1' },
  } as BedrockRegionChecksProps;
  const { dir } = synthWith(app, props);
  const record = JSON.parse(fs.readFileSync(path.join(dir, RECORDED_OPTIONS_FILE), 'utf-8'));
  expect(record.options).toEqual({
    strict: true,
    externalResources: { 's3://corp-lake': 'us-east-1' },
  });
});

test('a nested Stage assembly finds the options recorded in the app assembly around it', () => {
  const app = newApp();
  const stage = new Stage(app, 'Prod');
  const stack = new Stack(stage, 'Tuning', { env: env('us-west-2') });
  tuningJob(stack, 'Job', TITAN_MM_EMBEDDINGS, new s3.Bucket(stack, 'Data'));
  const { dir, violations } = synthWith(app, { allowedRegions: ['eu-west-1'] });
  expect(violationsOf(violations)).toContain(
    'error BedrockRegions-DataResidency Prod/Tuning/Job/Resource',
  );
  const nested = path.join(dir, 'assembly-Prod');
  expect(fs.existsSync(path.join(nested, 'manifest.json'))).toBe(true);
  const result = run([nested, '--format', 'json'], cwd);
  expect(findingsOf(result.stdout)).toEqual(violationsOf(violations));
});

describe('options as a JSON string (`cdk synth -c cdk-bedrock-lint=...`)', () => {
  test('are parsed and merged over the props, in the order the CLI merges cdk.json over the record', () => {
    const context = { allowedRegions: ['us-east-1'], rules: { DataResidency: 'info' } };
    const app = newApp();
    app.node.setContext('cdk-bedrock-lint', JSON.stringify(context));
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    tuningJob(stack, 'Job', TITAN_MM_EMBEDDINGS, new s3.Bucket(stack, 'Data'));
    const { violations, dir } = synthWith(app, {
      rules: { DataResidency: 'warning', CustomizationCost: 'off' },
    });
    expect(violationsOf(violations)).toEqual([
      'info BedrockRegions-DataResidency Tuning/Data/Resource',
      'info BedrockRegions-DataResidency Tuning/Job/Resource',
    ]);
    const record = JSON.parse(fs.readFileSync(path.join(dir, RECORDED_OPTIONS_FILE), 'utf-8'));
    expect(record.options.rules).toEqual({ DataResidency: 'info', CustomizationCost: 'off' });
    // The app's cdk.json holds the same context: the CLI there agrees with synth.
    const appRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-plugin-app-'));
    fs.writeFileSync(
      path.join(appRoot, 'cdk.json'),
      JSON.stringify({ app: 'node app.js', context: { 'cdk-bedrock-lint': context } }),
    );
    const cli = run([dir, '--format', 'json'], appRoot);
    expect(findingsOf(cli.stdout)).toEqual(violationsOf(violations));
  });
});

describe('plugin failures are loud', () => {
  test('bad options do not stop the app: they fail synth as a violation on the first stack', () => {
    const app = llamaApp();
    expect(() => new BedrockRegionChecks(app, { allowedRegions: ['us-north-7'] })).not.toThrow();
    // Fatal: not even an acknowledgment lets bad options through.
    Validations.of(app.node.findChild('Tuning')).acknowledge({
      id: 'BedrockRegionChecks::BedrockRegions-InvalidOptions',
      reason: 'trying to wave it through',
    });
    const { violations, thrown } = synthWith(app, { allowedRegions: ['us-north-7'] });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      ruleName: 'BedrockRegions-InvalidOptions',
      severity: 'fatal',
      violatingConstructs: [{ constructPath: 'Tuning' }],
    });
    expect(violations[0].description).toMatch(
      /option allowedRegions\.0: "us-north-7" is not a known AWS region/,
    );
    expect(thrown).toMatch(/BedrockRegions-InvalidOptions/);
  });

  test('a malformed JSON string in context is reported the same way', () => {
    const app = newApp();
    app.node.setContext('cdk-bedrock-lint', '{"strict": tru}');
    new s3.Bucket(new Stack(app, 'Lake', { env: env('us-east-1') }), 'Data');
    const { violations } = synthWith(app, {});
    expect(violations[0].ruleName).toBe('BedrockRegions-InvalidOptions');
    expect(violations[0].description).toMatch(/context "cdk-bedrock-lint": not valid JSON/);
  });

  test('a failure of the linter is printed by CDK on the first stack and passes synth', () => {
    const app = llamaApp();
    const { violations, thrown, printed } = synthWith(app, { catalogFile: 'no-such-catalog.json' });
    expect(thrown).toBeUndefined();
    expect(violations).toEqual([
      expect.objectContaining({
        ruleName: 'BedrockRegions-InternalError',
        severity: 'warning',
        violatingConstructs: [expect.objectContaining({ constructPath: 'Tuning' })],
      }),
    ]);
    expect(violations[0].description).toMatch(/no-such-catalog\.json.*No region checks ran/);
    expect(printed).toContain('BedrockRegions-InternalError');
    expect(printed).toContain('cdk-bedrock-lint could not analyse this app');
  });

  test('with strict, a failure of the linter fails synth', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    tuningJob(stack, 'Job', NOVA_MICRO, new s3.Bucket(stack, 'Data'));
    const { violations, thrown } = synthWith(app, {
      strict: true,
      catalogFile: 'no-such-catalog.json',
    });
    expect(violations.map((v) => [v.ruleName, v.severity])).toEqual([
      ['BedrockRegions-InternalError', 'error'],
    ]);
    expect(thrown).toMatch(/BedrockRegions-InternalError/);
  });
});

describe('an app that forbids plugins to change its assembly', () => {
  test('a second synth into the same outdir with other options neither throws nor keeps the old record', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-nomutate-'));
    const synthOnce = (props: BedrockRegionChecksProps) => {
      const app = new App({ outdir, confirmValidationPluginsDoNotMutate: true });
      const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
      tuningJob(stack, 'Job', NOVA_MICRO, new s3.Bucket(stack, 'Data'));
      return synthWith(app, props);
    };
    expect(synthOnce({ failOn: 'never' }).thrown).toBeUndefined();
    const second = synthOnce({ failOn: 'never', allowedRegions: ['us-east-1'] });
    expect(second.thrown).toBeUndefined();
    expect(second.violations.map((v) => v.ruleName)).toContain('BedrockRegions-DataResidency');
    const record = JSON.parse(fs.readFileSync(path.join(outdir, RECORDED_OPTIONS_FILE), 'utf-8'));
    expect(record.options.allowedRegions).toEqual(['us-east-1']);
  });
});
