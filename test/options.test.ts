import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { run } from '../bin/cli';
import { validateOptions } from '../lib/options-schema';
import { env, lint, newApp, NOVA_MICRO, only, tuningJob } from './helpers';

const app = newApp();
const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
tuningJob(stack, 'Job', NOVA_MICRO, new s3.Bucket(stack, 'Data'));
const assembly = app.synth().directory;

/** Each kind of bad configuration, through every way the CLI reads options. */
const BAD: readonly [string, unknown, RegExp][] = [
  ['unknown option', { allowRegions: ['us-east-1'] }, /unknown option "allowRegions"/],
  ['unknown rule', { rules: { NoSuchRule: 'error' } }, /option rules: unknown rule "NoSuchRule"/],
  [
    'unknown rule level',
    { rules: { DataResidency: 'fatal' } },
    /option rules\.DataResidency: must be one of off, info, warning, error/,
  ],
  [
    'malformed region code',
    { allowedRegions: ['us_east_1'] },
    /option allowedRegions\.0: "us_east_1" is not a region code/,
  ],
  [
    'unknown region code',
    { allowedRegions: ['us-north-7'] },
    /option allowedRegions\.0: "us-north-7" is not a known AWS region/,
  ],
  ['wrong type', { strict: 'yes' }, /option strict: must be boolean/],
  ['wrong type of a list', { allowedRegions: 'us-east-1' }, /option allowedRegions: must be array/],
  ['bad failOn', { failOn: 'sometimes' }, /option failOn: must be one of error, warning, never/],
  ['negative budget', { maxMonthlyUsd: -5 }, /option maxMonthlyUsd: must be >= 0/],
  [
    'externalResources key',
    { externalResources: { 'corp-lake': 'us-east-1' } },
    /option externalResources: key "corp-lake" is not valid/,
  ],
  [
    'externalResources region',
    { externalResources: { 's3://corp-lake': 'us-east-9' } },
    /option externalResources\["s3:\/\/corp-lake"\]: "us-east-9" is not a known AWS region/,
  ],
];

function cwdWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-opt-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe.each(BAD)('%s', (_kind, options, message) => {
  test('is an exit-2 one-line error from a JSON config file', () => {
    const cwd = cwdWith({ 'lint.json': JSON.stringify(options) });
    const result = run([assembly, '--config', 'lint.json'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/lint\.json: /);
    expect(result.stderr).toMatch(message);
  });

  test('is the same error from the cdk.json context key', () => {
    const cwd = cwdWith({
      'cdk.json': JSON.stringify({ app: 'x', context: { 'cdk-bedrock-lint': options } }),
    });
    const result = run([assembly], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cdk\.json \(context "cdk-bedrock-lint"\): /);
    expect(result.stderr).toMatch(message);
  });

  test('is thrown by the library before any analysis', () => {
    expect(() => validateOptions(options, 'options')).toThrow(message);
  });
});

describe('valid options take effect', () => {
  test('YAML config: rules turn a rule off or change its level; strict; externalResources', () => {
    const cwd = cwdWith({
      'lint.yaml': [
        'allowedRegions: [us-west-2]',
        'strict: true',
        'rules:',
        '  CustomizationModelRegion: warning',
        'externalResources:',
        '  s3://corp-lake: us-east-1',
      ].join('\n'),
    });
    const result = run([assembly, '--config', 'lint.yaml', '--format', 'json'], cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(
      report.findings.map((f: { ruleId: string; severity: string }) => [f.ruleId, f.severity]),
    ).toEqual([
      ['BedrockRegions-DataResidency', 'error'],
      ['BedrockRegions-CustomizationModelRegion', 'warning'],
      ['BedrockRegions-CustomizationCost', 'info'],
    ]);
    expect(report.findings[0].message).toMatch(
      /Nova Micro can be customized with FINE_TUNING only in us-east-1, none of them in the allowed regions us-west-2/,
    );
  });

  test('rules: off removes the rule; strict makes UnresolvedRegion an error', () => {
    const agnostic = newApp();
    const s = new Stack(agnostic, 'Anywhere');
    tuningJob(s, 'Job', NOVA_MICRO, new s3.Bucket(s, 'Data'));
    expect(only(lint(agnostic), 'UnresolvedRegion')[0].severity).toBe('warning');
    expect(only(lint(agnostic, { strict: true }), 'UnresolvedRegion')[0].severity).toBe('error');
    expect(lint(agnostic, { rules: { UnresolvedRegion: 'off' } }).findings).toEqual([]);
  });
});
