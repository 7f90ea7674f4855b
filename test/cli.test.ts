import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import Ajv from 'ajv';
import { run } from '../bin/cli';
import { TOOL_VERSION } from '../lib/version';
import reportSchema from '../schema/report.schema.json';
import { env, newApp, NOVA_MICRO, tuningJob } from './helpers';

function assemblyWith(modelId: string): string {
  const app = newApp();
  const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
  tuningJob(stack, 'Job', modelId, new s3.Bucket(stack, 'Data'));
  return app.synth().directory;
}

/** Temporary folders of this file, removed when it ends. */
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function copyOf(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-bad-'));
  temporary.push(copy);
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-cwd-'));
temporary.push(cwd);
const failing = assemblyWith(NOVA_MICRO);
/** Fine-tunable in us-west-2 today (every Llama is Legacy or end-of-life on the CLI's real date). */
const TITAN_MM = 'amazon.titan-embed-image-v1:0';
const clean = assemblyWith(TITAN_MM);

describe('exit codes', () => {
  test('1 with findings at the fail level, 0 with --fail-on never, 0 on a clean app', () => {
    expect(run([failing], cwd).code).toBe(1);
    expect(run([failing, '--fail-on', 'never'], cwd).code).toBe(0);
    expect(run([clean], cwd)).toMatchObject({ code: 0, stderr: '' });
  });

  test('warnings fail only with --fail-on warning', () => {
    const app = newApp();
    const stack = new Stack(app, 'Agnostic');
    tuningJob(stack, 'Job', TITAN_MM, new s3.Bucket(stack, 'Data'));
    const dir = app.synth().directory;
    expect(run([dir], cwd).code).toBe(0);
    expect(run([dir, '--fail-on', 'warning'], cwd).code).toBe(1);
    expect(run([dir, '--strict'], cwd).code).toBe(1);
  });

  test('the JSON report validates against the shipped schema', () => {
    const result = run([failing, '--format', 'json'], cwd);
    const report = JSON.parse(result.stdout);
    const validate = new Ajv({ allErrors: true }).compile(reportSchema);
    expect(validate(report)).toBe(true);
    expect(report.tool.version).toBe(TOOL_VERSION);
    expect(report.findings[0].ruleId).toBe('BedrockRegions-CustomizationModelRegion');
  });

  test('several formats in one run, each to its own file', () => {
    const json = path.join(cwd, 'r.json');
    const text = path.join(cwd, 'r.txt');
    expect(
      run(
        [failing, '--format', 'json', '--output', json, '--format', 'text', '--output', text],
        cwd,
      ),
    ).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(fs.readFileSync(json, 'utf-8')).summary.error).toBe(1);
    expect(fs.readFileSync(text, 'utf-8')).toMatch(
      /ERROR BedrockRegions-CustomizationModelRegion {2}Tuning\/Job\/Resource/,
    );
  });
});

describe('bad input: exit 2 with one line naming the file and the problem', () => {
  const expectOneLine = (args: string[], pattern: RegExp) => {
    const result = run(args, cwd);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
  };

  test('a missing directory', () =>
    expectOneLine([path.join(cwd, 'nope')], /nope: cloud assembly directory not found/));

  test('a directory without manifest.json', () =>
    expectOneLine([cwd], /manifest\.json: not found; is this a cdk\.out directory/));

  test('a truncated template', () => {
    const dir = copyOf(failing);
    const file = path.join(dir, 'Tuning.template.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').slice(0, 200));
    expectOneLine([dir], /Tuning\.template\.json: template is not valid JSON/);
  });

  test('a missing template', () => {
    const dir = copyOf(failing);
    fs.rmSync(path.join(dir, 'Tuning.template.json'));
    expectOneLine([dir], /Tuning\.template\.json: template not found/);
  });

  test('a manifest of the wrong shape', () => {
    const dir = copyOf(failing);
    fs.writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({
        version: '55.0.0',
        artifacts: { Tuning: { type: 'aws:cloudformation:stack', environment: 42 } },
      }),
    );
    expectOneLine([dir], /manifest\.json: not a readable cloud assembly manifest/);
  });

  test('a template whose resources have no Type', () => {
    const dir = copyOf(failing);
    fs.writeFileSync(
      path.join(dir, 'Tuning.template.json'),
      JSON.stringify({ Resources: { X: { Properties: {} } } }),
    );
    expectOneLine([dir], /Tuning\.template\.json: resource X has no Type/);
  });

  test('unknown option, unknown format, and an unknown rule in a config file', () => {
    expectOneLine([failing, '--nope'], /unknown option '--nope'/);
    expectOneLine([failing, '--format', 'xml'], /"xml" is not one of text, json/);
    const config = path.join(cwd, 'bad.yaml');
    fs.writeFileSync(config, 'rules:\n  NoSuchRule: error\n');
    expectOneLine(
      [failing, '--config', config],
      /bad\.yaml: option rules: unknown rule "NoSuchRule"/,
    );
    fs.writeFileSync(config, 'allowedRegions: [us-east-1, mars-1]\n');
    expectOneLine(
      [failing, '--config', config],
      /bad\.yaml: option allowedRegions\.1: "mars-1" is not a region code/,
    );
  });
});

test('TOOL_VERSION matches package.json', () => {
  expect(TOOL_VERSION).toBe(
    JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf-8')).version,
  );
});
