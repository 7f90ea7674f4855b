/**
 * The CLI reads cloud assemblies with its own manifest reader (lib/assembly/manifest.ts), not
 * aws-cdk-lib's cx-api: it must find the same stacks, in the same order, and refuse what cx-api
 * refused, each refusal one line naming the manifest.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NestedStack, Stack, Stage } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { run } from '../bin/cli';
import { readCloudAssembly } from '../lib/assembly/read-cloud-assembly';
import { env, NOVA_MICRO, newApp, tuningJob } from './helpers';

const app = newApp();
const data = new Stack(app, 'Data', { env: env('us-west-2'), stackName: 'data-lake' });
const lake = new s3.Bucket(data, 'Lake');
tuningJob(new Stack(app, 'Tuning', { env: env('us-west-2') }), 'Job', NOVA_MICRO, lake);
new s3.Bucket(new NestedStack(data, 'Inner'), 'Scratch');
const stage = new Stage(app, 'Prod', { env: env('eu-west-1') });
new s3.Bucket(new Stack(stage, 'Archive'), 'Old');
new s3.Bucket(new Stack(app, 'Agnostic'), 'Anywhere');
const assembly = app.synth().directory;
const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-manifest-'));

function cxApiStacks(dir: string): cxapi.CloudFormationStackArtifact[] {
  return new cxapi.CloudAssembly(dir, { skipVersionCheck: true, topoSort: false })
    .stacksRecursively;
}

function editedManifest(edit: (m: { version: unknown; artifacts: Record<string, any> }) => void): {
  dir: string;
  manifest: string;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-manifest-bad-'));
  fs.cpSync(assembly, dir, { recursive: true });
  const manifest = path.join(dir, 'manifest.json');
  const parsed = JSON.parse(fs.readFileSync(manifest, 'utf-8'));
  edit(parsed);
  fs.writeFileSync(manifest, JSON.stringify(parsed));
  return { dir, manifest };
}

function expectRefused(dir: string, problem: RegExp): void {
  const result = run([dir], cwd);
  expect(result.code).toBe(2);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(problem);
}

describe('the manifest reader finds what cx-api finds', () => {
  test('the same stacks in the same order: ids, names, environments, templates', () => {
    const lean = readCloudAssembly(assembly).stacks.filter((s) => !s.nestedIn);
    const cx = cxApiStacks(assembly);
    expect(cx.length).toBe(4);
    expect(lean.map((s) => [s.id, s.stackName, s.region, s.account, s.templateFile])).toEqual(
      cx.map((s) => [
        s.hierarchicalId,
        s.stackName,
        s.environment.region === cxapi.UNKNOWN_REGION ? null : s.environment.region,
        s.environment.account === cxapi.UNKNOWN_ACCOUNT ? null : s.environment.account,
        s.templateFullPath,
      ]),
    );
    expect(lean.map((s) => s.id)).toEqual(['Data', 'Tuning', 'Agnostic', 'Prod/Archive']);
    expect(lean[0].stackName).toBe('data-lake');
  });

  test('nested stacks through the asset manifest, construct paths from the metadata', () => {
    const stacks = readCloudAssembly(assembly).stacks;
    const inner = stacks.find((s) => s.nestedIn?.stackId === 'Data');
    expect(inner?.id).toBe('Data/Inner');
    expect(inner?.region).toBe('us-west-2');
    expect(
      [...inner!.resources.values()].some((r) => r.constructPath === 'Data/Inner/Scratch/Resource'),
    ).toBe(true);
  });
});

describe('what cx-api refused is refused, in one line naming the manifest', () => {
  const cases: [
    string,
    (m: { version: unknown; artifacts: Record<string, any> }) => void,
    RegExp,
  ][] = [
    ['a version that is not semver', (m) => (m.version = 'latest'), /Invalid semver string/],
    [
      'a dependency on an artifact that does not exist',
      (m) => (m.artifacts.Tuning.dependencies = ['Nowhere']),
      /depends on non-existing artifact "Nowhere"/,
    ],
    [
      'a stack without templateFile',
      (m) => delete m.artifacts.Tuning.properties.templateFile,
      /Missing "templateFile"/,
    ],
    [
      'a stack without an environment',
      (m) => delete m.artifacts.Tuning.environment,
      /Missing environment/,
    ],
    [
      'an environment that is not aws://account/region',
      (m) => (m.artifacts.Tuning.environment = 'gcp://x'),
      /Unable to parse environment specification "gcp:\/\/x"/,
    ],
  ];

  test.each(cases)('%s', (_name, edit, problem) => {
    const { dir, manifest } = editedManifest(edit);
    expect(() => cxApiStacks(dir)).toThrow();
    expectRefused(
      dir,
      new RegExp(`manifest\\.json: not a readable cloud assembly manifest \\(.*${problem.source}`),
    );
    expect(manifest.endsWith('manifest.json')).toBe(true);
  });

  test('an artifact that is not an object is skipped, as cx-api skips it', () => {
    const { dir } = editedManifest((m) => (m.artifacts.Stray = 'stack'));
    expect(cxApiStacks(dir)).toHaveLength(4);
    expect(readCloudAssembly(dir).stacks.filter((s) => !s.nestedIn)).toHaveLength(4);
  });

  test('a broken nested assembly manifest is named, not the top one', () => {
    const nested = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-stage-')), 'out');
    fs.cpSync(assembly, nested, { recursive: true });
    const stageDir = fs
      .readdirSync(nested)
      .find((f) => f.startsWith('assembly-') && fs.statSync(path.join(nested, f)).isDirectory())!;
    fs.writeFileSync(path.join(nested, stageDir, 'manifest.json'), '{"version": 1}');
    expect(() => cxApiStacks(nested)).toThrow();
    expectRefused(
      nested,
      new RegExp(`${stageDir}/manifest\\.json: not a readable cloud assembly manifest`),
    );
  });

  test('an asset manifest that is a FIFO is refused by type, not read (cx-api would block)', () => {
    const { dir } = editedManifest(() => undefined);
    const assets = path.join(dir, 'Data.assets.json');
    fs.rmSync(assets);
    const made = spawnSync('mkfifo', [assets]);
    if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
    expectRefused(dir, /Data\.assets\.json: asset manifest is a FIFO, not a regular file\n$/);
  });
});

describe('values nested deeper than the stack are named by their kind, never serialized', () => {
  // JSON.stringify and String() recurse: a 20,000-deep list overflowed the stack in the error
  // message itself (found by `npm run fuzz`, seed 600694009).
  const DEEP = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
  function deepManifest(edit: (m: { version: unknown; artifacts: Record<string, any> }) => void) {
    const { dir, manifest } = editedManifest(edit);
    fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf-8').replace('"@deep@"', DEEP));
    return dir;
  }
  const cases: [
    string,
    (m: { version: unknown; artifacts: Record<string, any> }) => void,
    RegExp,
  ][] = [
    ['version', (m) => (m.version = '@deep@'), /Invalid semver string: a list\)\n$/],
    [
      'environment',
      (m) => (m.artifacts.Tuning.environment = '@deep@'),
      /Unable to parse environment specification a list\. Expected/,
    ],
    [
      'a dependency',
      (m) => (m.artifacts.Tuning.dependencies = ['@deep@']),
      /Artifact "Tuning" depends on non-existing artifact a list\)\n$/,
    ],
  ];
  test.each(cases)('%s', (_name, edit, problem) => {
    expectRefused(deepManifest(edit), problem);
  });

  test('a display name: refused when the stack is built', () => {
    const dir = deepManifest((m) => (m.artifacts.Tuning.displayName = '@deep@'));
    expectRefused(dir, /manifest\.json: a stack's display name is not a string \(a list\)\n$/);
  });

  test("a nested stack's TemplateURL: read without a crash, naming no template", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-manifest-url-'));
    fs.cpSync(assembly, dir, { recursive: true });
    const file = path.join(dir, 'Data.template.json');
    const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
    const nested = Object.values(template.Resources as Record<string, any>).find(
      (r) => r.Type === 'AWS::CloudFormation::Stack',
    );
    nested.Properties.TemplateURL = '@deep@';
    fs.writeFileSync(file, JSON.stringify(template).replace('"@deep@"', DEEP));
    const result = run([dir, '--format', 'json'], cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    // No string of the URL names an asset within the depth looked at: no nested template is read.
    const stacks = readCloudAssembly(dir).stacks.map((s) => s.id);
    expect(stacks).toEqual(['Data', 'Tuning', 'Agnostic', 'Prod/Archive']);
  });
});
