import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { run } from '../bin/cli';
import { mergeOptions } from '../lib/config';
import { BedrockRegionChecks } from '../lib/plugin/bedrock-region-checks';
import { env, newApp, NOVA_MICRO, tuningJob } from './helpers';

describe('mergeOptions', () => {
  test('later layers win key by key; objects merge at every depth, arrays replace', () => {
    const merged = mergeOptions([
      {
        source: 'assembly',
        options: {
          allowedRegions: ['us-east-1', 'us-west-2'],
          rules: { 'BedrockRegions-UnknownModel': 'info', CustomizationCost: 'off' },
          usage: { 'Rag/Retriever': { monthlyGb: 5, monthlyInvocationGb: 1 } },
          strict: true,
        },
      },
      {
        source: 'cdk.json',
        options: {
          allowedRegions: ['eu-west-1'],
          rules: { UnknownModel: 'error' },
          externalResources: { 's3://corp-lake': 'us-east-1' },
        },
      },
      {
        source: '--config',
        options: {
          usage: { 'Rag/Retriever': { monthlyGb: 50 } },
          externalResources: { 's3://other': 'eu-west-1' },
        },
      },
      { source: '--strict', options: { strict: false } },
    ]);
    expect(merged.options).toEqual({
      allowedRegions: ['eu-west-1'],
      rules: { UnknownModel: 'error', CustomizationCost: 'off' },
      usage: { 'Rag/Retriever': { monthlyGb: 50, monthlyInvocationGb: 1 } },
      strict: false,
      externalResources: { 's3://corp-lake': 'us-east-1', 's3://other': 'eu-west-1' },
    });
    const origin = (...at: string[]) =>
      merged.origins.find((o) => o.path.join('>') === at.join('>'))?.source;
    expect(origin('allowedRegions')).toBe('cdk.json');
    expect(origin('rules', 'UnknownModel')).toBe('cdk.json');
    expect(origin('rules', 'CustomizationCost')).toBe('assembly');
    expect(origin('usage', 'Rag/Retriever', 'monthlyGb')).toBe('--config');
    expect(origin('usage', 'Rag/Retriever', 'monthlyInvocationGb')).toBe('assembly');
    expect(origin('externalResources', 's3://corp-lake')).toBe('cdk.json');
    expect(origin('strict')).toBe('--strict');
  });

  test('a __proto__ key stays a key and pollutes nothing', () => {
    const merged = mergeOptions([
      { source: 'a', options: JSON.parse('{"usage": {"__proto__": {"monthlyGb": 1}}}') },
    ]);
    expect(Object.keys(merged.options.usage!)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).monthlyGb).toBeUndefined();
  });
});

/** A Nova job in us-west-2 synthesized with the plugin given options in code. */
function recordedAssembly(): string {
  const app = newApp();
  const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
  tuningJob(stack, 'Job', NOVA_MICRO, new s3.Bucket(stack, 'Data'));
  const plugin = new BedrockRegionChecks(app, {
    allowedRegions: ['us-east-1'],
    rules: { CustomizationCost: 'off', UnknownModel: 'info' },
    strict: true,
  });
  Validations.of(app).addPlugins(plugin);
  try {
    app.synth();
  } catch {
    // The findings fail synth; the assembly, with the plugin's record, is written first.
  }
  return app.outdir;
}

function appDir(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-merge-'));
  for (const [name, content] of Object.entries(files))
    fs.writeFileSync(
      path.join(dir, name),
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  return dir;
}

describe('the CLI merges assembly, cdk.json context, --config and flags', () => {
  const assembly = recordedAssembly();
  const cwd = appDir({
    'cdk.json': {
      app: 'node app.js',
      context: {
        'cdk-bedrock-lint': {
          rules: { UnknownModel: 'error', DataResidency: 'warning' },
          failOn: 'warning',
        },
      },
    },
    'lint.yaml': [
      '$schema: ./node_modules/cdk-bedrock-lint/schema/options.schema.json',
      'rules:',
      '  BedrockRegions-DataResidency: error',
      'externalResources:',
      '  s3://corp-lake: us-east-1',
    ].join('\n'),
  });
  const relativeAssembly = path.relative(cwd, assembly);

  test('--print-config shows each merged value with its source and exits 0', () => {
    const result = run(
      [relativeAssembly, '--config', 'lint.yaml', '--fail-on', 'never', '--print-config'],
      cwd,
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const record = `assembly ${relativeAssembly}/cdk-bedrock-lint.options.json (recorded by the plugin)`;
    expect(result.stdout).toBe(
      [
        '# cdk-bedrock-lint options, merged key by key (later wins): recorded in the assembly,',
        '# cdk.json context "cdk-bedrock-lint", --config FILE, flags. Read here:',
        `# - ${record}`,
        '# - cdk.json (context "cdk-bedrock-lint")',
        '# - --config lint.yaml',
        '# - --fail-on',
        '',
        'failOn: never # --fail-on',
        `strict: true # ${record}`,
        'verbose: false # default',
        `allowedRegions: [ us-east-1 ] # ${record}`,
        'rules:',
        `  CustomizationCost: off # ${record}`,
        '  UnknownModel: error # cdk.json (context "cdk-bedrock-lint")',
        '  DataResidency: error # --config lint.yaml',
        'externalResources:',
        '  s3://corp-lake: us-east-1 # --config lint.yaml',
        '',
      ].join('\n'),
    );
  });

  test('the merged options are the ones the lint applies', () => {
    const result = run([assembly, '--config', 'lint.yaml', '--format', 'json'], cwd);
    const findings: { ruleId: string; severity: string }[] = JSON.parse(result.stdout).findings;
    const levels = new Map(
      findings.map((f) => [f.ruleId.replace('BedrockRegions-', ''), f.severity]),
    );
    expect(levels.get('DataResidency')).toBe('error'); // --config over cdk.json
    expect(levels.has('CustomizationCost')).toBe(false); // the assembly's record
    expect(result.code).toBe(1);
    // cdk.json's failOn: warning holds until a flag overrides it.
    const never = run([assembly, '--config', 'lint.yaml', '--fail-on', 'never'], cwd);
    expect(never.code).toBe(0);
  });

  test('--config no longer replaces cdk.json context: both apply', () => {
    const result = run([assembly, '--config', 'lint.yaml', '--print-config'], cwd);
    expect(result.stdout).toContain('failOn: warning # cdk.json (context "cdk-bedrock-lint")');
    expect(result.stdout).toContain('DataResidency: error # --config lint.yaml');
  });

  test('cdk.json context given as a JSON string is parsed; a malformed one is one line', () => {
    const asString = appDir({
      'cdk.json': { app: 'x', context: { 'cdk-bedrock-lint': '{"failOn":"never"}' } },
    });
    const ok = run([assembly, '--no-recorded-options', '--print-config'], asString);
    expect(ok.stdout).toContain('failOn: never # cdk.json (context "cdk-bedrock-lint")');
    const bad = appDir({ 'cdk.json': { app: 'x', context: { 'cdk-bedrock-lint': '{"failOn":' } } });
    const result = run([assembly], bad);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/cdk\.json \(context "cdk-bedrock-lint"\): not valid JSON/);
  });
});
