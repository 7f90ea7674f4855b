/**
 * The package as users get it: `npm pack`, then install the tarball into a fresh CDK app with the
 * oldest supported and the newest aws-cdk-lib, synth it with the plugin through the pinned CDK CLI
 * and lint its cdk.out with the installed binary. Packages come from the npm cache or registry.
 * Run by `npm run test:package` (and .ci/run); slow, so not part of the unit run.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'package-app');
const CDK = path.join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));

/** The floor of the peer range, and the version this repository develops and tests against. */
const OLDEST = String(pkg.peerDependencies['aws-cdk-lib']).replace(/^\^/, '');
const NEWEST = String(pkg.devDependencies['aws-cdk-lib']).replace(/^\^/, '');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-pack-'));
let tarball = '';

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf-8',
    env: {
      ...process.env,
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      CDK_VALIDATION: 'false',
      NO_COLOR: '1',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  if (result.status !== 0)
    throw new Error(`${what} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** `ruleName constructPath` of every violation in the plugin's part of validation-report.json. */
function synthFindings(outdir: string): string[] {
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf-8'));
  const plugin = report.pluginReports.find(
    (r: { pluginName: string }) => r.pluginName === 'BedrockRegionChecks',
  );
  return plugin.violations
    .flatMap((v: { ruleName: string; violatingConstructs: { constructPath: string }[] }) =>
      v.violatingConstructs.map((c) => `${v.ruleName} ${c.constructPath}`),
    )
    .sort();
}

beforeAll(() => {
  const packed = JSON.parse(
    ok(run('npm', ['pack', '--json', '--pack-destination', work], ROOT), 'npm pack'),
  );
  tarball = path.join(work, packed[0].filename);
}, 300_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('the tarball carries its data, schemas, types and LICENSE, and no source maps', () => {
  const listing = ok(run('tar', ['-tzf', tarball], work), 'tar').split('\n');
  for (const file of [
    'package/LICENSE',
    'package/dist/lib/index.js',
    'package/dist/lib/index.d.ts',
    'package/dist/bin/cli.js',
    'package/dist/data/model-catalog.json',
    'package/dist/data/prices.json',
    'package/schema/options.schema.json',
  ])
    expect(listing).toContain(file);
  expect(listing.filter((f) => f.endsWith('.map'))).toEqual([]);
  expect(
    listing.filter(
      (f) => f.startsWith('package/test/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    ),
  ).toEqual([]);
});

test('the code ships as bundles: one file for the package entry, one for the CLI, the validators', () => {
  const listing = ok(run('tar', ['-tzf', tarball], work), 'tar').split('\n');
  expect(listing.filter((f) => f.endsWith('.js')).sort()).toEqual([
    'package/dist/bin/cli.js',
    'package/dist/lib/generated/catalog-validator.js',
    'package/dist/lib/generated/options-validator.js',
    'package/dist/lib/generated/prices-validator.js',
    'package/dist/lib/generated/usage-validator.js',
    'package/dist/lib/index.js',
  ]);
  // esbuild names the sources in comments: relative to the repository, never this machine's paths.
  const unpacked = path.join(work, 'unpacked');
  fs.mkdirSync(unpacked);
  ok(run('tar', ['-xzf', tarball, '-C', unpacked], work), 'tar -x');
  const files = listing.filter((f) => f !== '' && !f.endsWith('/'));
  // The repository's own path (where the build ran): its parent may be a word of the README
  // (`/work` in `.github/workflows`).
  const leaking = files.filter((f) =>
    fs.readFileSync(path.join(unpacked, f), 'utf-8').includes(ROOT),
  );
  expect(leaking).toEqual([]);
  expect(fs.readFileSync(path.join(unpacked, 'package/dist/lib/index.js'), 'utf-8')).toContain(
    '// lib/engine/analyze.ts',
  );
});

describe.each([
  ['oldest supported', OLDEST],
  ['newest', NEWEST],
])('a fresh CDK app with aws-cdk-lib %s (%s)', (_label, cdkVersion) => {
  const app = path.join(work, `app-${cdkVersion}`);

  beforeAll(() => {
    fs.cpSync(FIXTURE, app, { recursive: true });
    fs.writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'fresh-cdk-app', version: '1.0.0', private: true }),
    );
    ok(
      run(
        'npm',
        [
          'install',
          '--prefer-offline',
          tarball,
          `aws-cdk-lib@${cdkVersion}`,
          `constructs@${pkg.devDependencies.constructs.replace(/^\^/, '')}`,
        ],
        app,
      ),
      'npm install',
    );
  }, 600_000);

  test("one copy of aws-cdk-lib: the app's own", () => {
    const copies = ok(run('npm', ['ls', 'aws-cdk-lib', '--all', '--parseable'], app), 'npm ls')
      .split('\n')
      .filter((line) => line.trim() !== '');
    expect(copies.map((dir) => path.relative(app, dir))).toEqual([
      path.join('node_modules', 'aws-cdk-lib'),
    ]);
    const installed = JSON.parse(
      fs.readFileSync(path.join(app, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf-8'),
    );
    expect(installed.version).toBe(cdkVersion);
  });

  test('cdk synth fails on the Nova job in us-west-2, and the CLI reports the same findings', () => {
    const outdir = path.join(app, 'cdk.out');
    const synth = run(process.execPath, [CDK, 'synth', '--no-notices', '-q', '-o', outdir], app);
    expect(`${synth.stdout}${synth.stderr}`).toContain('BedrockRegions-CustomizationModelRegion');
    expect(synth.status).toBe(1);
    const fromSynth = synthFindings(outdir);
    expect(fromSynth).toContain(
      'BedrockRegions-CustomizationModelRegion Tuning/NovaTuning/Resource',
    );

    const bin = path.join(app, 'node_modules', '.bin', 'cdk-bedrock-lint');
    const lint = run(bin, ['cdk.out', '--format', 'json'], app);
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(1);
    const report = JSON.parse(lint.stdout);
    const fromCli = report.findings
      .map((f: { ruleId: string; constructPath: string }) => `${f.ruleId} ${f.constructPath}`)
      .sort();
    expect(fromCli).toEqual(fromSynth);
    // The SARIF and text formatters load from the installed package too.
    expect(
      ok(run(bin, ['cdk.out', '--format', 'sarif', '--fail-on', 'never'], app), 'sarif'),
    ).toContain('"version": "2.1.0"');
  });

  test('a plain lint run loads no YAML parser, Ajv compiler or AWS SDK, and one file of its own code', () => {
    // The files in require.cache when the process ends, below node_modules. Bundled modules are not
    // among them: the bundle wraps each lazily required one, evaluated only when a run reaches it.
    const hook = path.join(work, 'loaded-files.js');
    fs.writeFileSync(
      hook,
      "process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(require.cache).map((f) => f.split(/[\\\\/]node_modules[\\\\/]/).pop().split(/[\\\\/]/).join('/')))));",
    );
    const loaded = (result: SpawnSyncReturns<string>) => {
      const files = JSON.parse(result.stderr) as string[];
      expect(files.filter((f) => /^(yaml|@aws-sdk|@smithy)\//.test(f))).toEqual([]);
      expect(
        files.filter((f) => f.startsWith('ajv/') && !f.startsWith('ajv/dist/runtime/')),
      ).toEqual([]);
      return files.filter((f) => f.startsWith('cdk-bedrock-lint/') && f.endsWith('.js')).sort();
    };
    const entry = run(process.execPath, ['-r', hook, '-e', "require('cdk-bedrock-lint')"], app);
    expect(loaded(entry)).toEqual([
      'cdk-bedrock-lint/dist/lib/generated/options-validator.js',
      'cdk-bedrock-lint/dist/lib/index.js',
    ]);
    const bin = path.join(app, 'node_modules', 'cdk-bedrock-lint', 'dist', 'bin', 'cli.js');
    const lint = run(process.execPath, ['-r', hook, bin, 'cdk.out', '--format', 'json'], app);
    expect(lint.status).toBe(1);
    expect(loaded(lint)).toEqual([
      'cdk-bedrock-lint/dist/bin/cli.js',
      'cdk-bedrock-lint/dist/lib/generated/options-validator.js',
    ]);
  });

  test('--help and --version run from the installed binary', () => {
    const bin = path.join(app, 'node_modules', '.bin', 'cdk-bedrock-lint');
    expect(ok(run(bin, ['--version'], app), '--version').trim()).toBe(pkg.version);
    expect(ok(run(bin, ['--help'], app), '--help')).toContain('--fail-on');
  });

  test('the library and its types resolve through the package exports, from CommonJS and ESM', () => {
    const out = ok(
      run(
        process.execPath,
        [
          '-e',
          "const l = require('cdk-bedrock-lint'); const r = l.analyzeAssembly('cdk.out'); console.log(r.schemaVersion, r.findings.length > 0, typeof l.formatSarif)",
        ],
        app,
      ),
      'require',
    );
    expect(out.trim()).toBe('1 true function');
    // Named ESM imports of a CommonJS package work only if Node's lexer finds the exports.
    const esm = ok(
      run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "import { analyzeAssembly, BedrockRegionChecks } from 'cdk-bedrock-lint'; console.log(typeof BedrockRegionChecks, analyzeAssembly('cdk.out').findings.length > 0)",
        ],
        app,
      ),
      'import',
    );
    expect(esm.trim()).toBe('function true');
    // The declarations are checked too (no --skipLibCheck), in an app without @types/node: it is
    // not a dependency of the package, so they must not name NodeJS.* or other Node globals.
    // esnext.disposable: aws-cdk-lib's own declarations name Disposable. The app emits its own
    // declarations, as a construct library does: the types it infers must be exported by name.
    expect(fs.existsSync(path.join(app, 'node_modules', '@types', 'node'))).toBe(false);
    ok(
      run(
        process.execPath,
        [
          TSC,
          '--declaration',
          '--emitDeclarationOnly',
          '--outDir',
          'declarations',
          '--strict',
          '--module',
          'node16',
          '--moduleResolution',
          'node16',
          '--lib',
          'es2022,esnext.disposable',
          'use-types.ts',
          'use-types.mts',
        ],
        app,
      ),
      'tsc on use-types.ts and use-types.mts',
    );
  });
});
