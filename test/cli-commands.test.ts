import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import YAML from 'yaml';
import { run } from '../bin/cli';
import { parseUsage } from '../lib/pricing/usage';
import { RULES } from '../rules';
import optionsSchema from '../schema/options.schema.json';

const ROOT = path.join(__dirname, '..');

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Synthesizes the demo app (bin/demo-app.ts) for real, as `cdk synth` runs it: the app in a child
 * process with the repository's context. Its validation fails on the demo's mistakes (exit 1),
 * after the assembly is written.
 */
function synthDemo(): string {
  const outdir = tempDir('cbl-demo-');
  const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf-8'));
  const cdkContext = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.context.json'), 'utf-8'));
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'bin', 'demo-app.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, ...cdkContext }),
        CDK_VALIDATION: 'false',
      },
      encoding: 'utf-8',
    },
  );
  if (!fs.existsSync(path.join(outdir, 'manifest.json'))) throw new Error(result.stderr);
  return outdir;
}

describe('rules', () => {
  test('a table of every rule with its default severity and summary', () => {
    const result = run(['rules'], tempDir('cbl-rules-'));
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^RULE\s+SEVERITY\s+SUMMARY$/);
    expect(lines[1]).toBe(
      'BedrockRegions-CustomizationModelRegion  error     The base model cannot be customized this way in the region where the job runs (or is Legacy or end-of-life there).',
    );
    for (const rule of RULES) expect(result.stdout).toContain(`BedrockRegions-${rule.name} `);
  });

  test('--format json: id, name, default severity and summary of each rule', () => {
    const result = run(['rules', '--format', 'json'], tempDir('cbl-rules-'));
    const rules = JSON.parse(result.stdout);
    expect(rules).toHaveLength(RULES.length);
    expect(rules[0]).toEqual({
      id: 'BedrockRegions-CustomizationModelRegion',
      name: 'CustomizationModelRegion',
      defaultSeverity: 'error',
      summary:
        'The base model cannot be customized this way in the region where the job runs (or is Legacy or end-of-life there).',
    });
  });
});

describe('explain', () => {
  test('CustomizationModelRegion: explanation, fix, AWS error line and doc links', () => {
    const result = run(['explain', 'CustomizationModelRegion'], tempDir('cbl-explain-'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^BedrockRegions-CustomizationModelRegion \(default severity: error\)\n/,
    );
    expect(result.stdout).toContain('Why: Amazon Bedrock model customization is offered per model');
    expect(result.stdout).toContain('Fix: Run the job in a region where the base model');
    expect(result.stdout).toContain('AWS error it prevents: ');
    expect(result.stdout).toContain(
      'https://docs.aws.amazon.com/bedrock/latest/userguide/custom-model-fine-tuning.html',
    );
    expect(result.stdout).toContain(
      'https://github.com/cdk-bedrock-lint/cdk-bedrock-lint#bedrockregions-customizationmodelregion',
    );
  });

  test('accepts the full id; quotes the AWS error of a rule that has one', () => {
    const result = run(['explain', 'BedrockRegions-KnowledgeBaseStoreRegion'], os.tmpdir());
    expect(result.stdout).toContain(
      'AWS error it prevents: "The vector store must be in the same region as the knowledge base"',
    );
  });

  test('an unknown rule is exit 2, one line, naming the nearest rule', () => {
    const result = run(['explain', 'CustomisationModelRegon'], os.tmpdir());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'cdk-bedrock-lint: explain: unknown rule "CustomisationModelRegon" (did you mean BedrockRegions-CustomizationModelRegion?); `cdk-bedrock-lint rules` lists them\n',
    );
  });
});

describe('mistakes and help', () => {
  test('an unknown subcommand or option suggests the nearest, on one line', () => {
    const cwd = tempDir('cbl-typo-');
    expect(run(['rulse'], cwd)).toMatchObject({
      code: 2,
      stderr: "cdk-bedrock-lint: unknown command 'rulse' (Did you mean rules?)\n",
    });
    expect(run(['cdk.out', '--formt', 'json'], cwd)).toMatchObject({
      code: 2,
      stderr: "cdk-bedrock-lint: unknown option '--formt' (Did you mean --format?)\n",
    });
    expect(run(['rules', '--fromat', 'json'], cwd)).toMatchObject({
      code: 2,
      stderr: "cdk-bedrock-lint: unknown option '--fromat' (Did you mean --format?)\n",
    });
    // A missing assembly that looks like no command stays an assembly error.
    expect(run(['build/cdk.out'], cwd).stderr).toMatch(
      /build\/cdk\.out: cloud assembly directory not found/,
    );
  });

  test('--help shows the commands, examples, defaults and exit codes', () => {
    const result = run(['--help'], os.tmpdir());
    expect(result.code).toBe(0);
    for (const text of [
      'Usage: cdk-bedrock-lint [options] [command] [assemblies...]',
      'rules [options]',
      'explain <rule>',
      'init [options]',
      '(default: ["cdk.out"])',
      '(default: error)',
      'Examples:',
      '$ cdk-bedrock-lint explain CustomizationModelRegion',
      'Exit codes:',
      '2  bad arguments or unreadable input',
    ])
      expect(result.stdout).toContain(text);
    const rulesHelp = run(['help', 'rules'], os.tmpdir());
    expect(rulesHelp.code).toBe(0);
    expect(rulesHelp.stdout).toContain('Usage: cdk-bedrock-lint rules [options]');
  });
});

describe('init', () => {
  test('writes a config file with $schema that validates, and refuses to overwrite it', () => {
    const cwd = tempDir('cbl-init-');
    const first = run(['init'], cwd);
    expect(first.code).toBe(0);
    const config = JSON.parse(fs.readFileSync(path.join(cwd, 'cdk-bedrock-lint.json'), 'utf-8'));
    expect(config.$schema).toBe('./node_modules/cdk-bedrock-lint/schema/options.schema.json');
    expect(new Ajv({ strict: false }).compile(optionsSchema)(config)).toBe(true);
    // The linter reads it as it is.
    expect(run(['--config', 'cdk-bedrock-lint.json', '--print-config'], cwd).code).toBe(0);
    fs.writeFileSync(path.join(cwd, 'cdk-bedrock-lint.json'), '{"strict": true}');
    expect(run(['init'], cwd)).toMatchObject({
      code: 2,
      stderr:
        'cdk-bedrock-lint: cdk-bedrock-lint.json: already exists; pass --force to overwrite it\n',
    });
    expect(fs.readFileSync(path.join(cwd, 'cdk-bedrock-lint.json'), 'utf-8')).toBe(
      '{"strict": true}',
    );
    expect(run(['init', '--force'], cwd).code).toBe(0);
    expect(fs.readFileSync(path.join(cwd, 'cdk-bedrock-lint.json'), 'utf-8')).toContain('$schema');
  });

  describe('--usage on the demo assembly', () => {
    const demo = synthDemo();
    const cwd = tempDir('cbl-usage-');
    const file = path.join(cwd, 'usage.yml');

    test('one entry per data flow, customization job and NAT gateway, with starter values and comments', () => {
      const result = run(['init', '--usage', demo], cwd);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe(
        'Wrote usage.yml: 4 entries added. Edit the values, then lint with `--usage usage.yml`.\n',
      );
      const text = fs.readFileSync(file, 'utf-8');
      expect(YAML.parse(text)).toEqual({
        profile: 'starter',
        'Rag/Retriever': { monthlyGb: 10, monthlyInvocationGb: 1 },
        'Tuning/TitanTuning': { tokens: 25_000_000, epochs: 2, runsPerMonth: 1, datasetGb: 0.1 },
        'Tuning/NovaTuning': { tokens: 25_000_000, epochs: 2, runsPerMonth: 1, datasetGb: 0.1 },
        'Rag/Vpc/PublicSubnet1/NATGateway': { hoursPerMonth: 730 },
      });
      expect(text).toContain(
        '# Lambda function Rag/Retriever in us-west-2 reads bucket DataLake/Lake in us-east-1',
      );
      expect(text).toContain(
        '# customization job (FINE_TUNING) of amazon.nova-micro-v1:0:128k in us-west-2',
      );
      expect(text).toContain(
        '  hoursPerMonth: 730 # Hours a month a NAT gateway or endpoint runs (730 is always on). Starter profile: always on: 730 hours a month.',
      );
      // The demo's jobs state their epochs (HyperParameters.epochCount): the template's value is written.
      expect(text).toContain(
        '  epochs: 2 # Training epochs. From the template (HyperParameters.epochCount).',
      );
      // A valid usage file that the lint accepts.
      expect(() => parseUsage(YAML.parse(text), 'usage', file)).not.toThrow();
      expect(run([demo, '--usage', 'usage.yml', '--fail-on', 'never'], cwd).code).toBe(0);
    });

    test('a second run keeps edited values and comments, and adds entries that are missing', () => {
      const edited = fs
        .readFileSync(file, 'utf-8')
        .replace('  monthlyGb: 10 #', '  monthlyGb: 750 # measured in October;')
        .replace(/\n# NAT gateway in us-west-2\nRag\/Vpc\/PublicSubnet1\/NATGateway:\n.*\n/, '\n');
      expect(edited).not.toContain('NATGateway');
      fs.writeFileSync(file, edited);
      const result = run(['init', '--usage', demo], cwd);
      expect(result.stdout).toBe(
        'Updated usage.yml: 1 entry added, 3 kept as they were. Edit the values, then lint with `--usage usage.yml`.\n',
      );
      const text = fs.readFileSync(file, 'utf-8');
      expect(text).toContain('  monthlyGb: 750 # measured in October;');
      expect(YAML.parse(text)['Rag/Retriever'].monthlyGb).toBe(750);
      expect(YAML.parse(text)['Rag/Vpc/PublicSubnet1/NATGateway']).toEqual({ hoursPerMonth: 730 });
      // Nothing else changed: a third run is a no-op.
      run(['init', '--usage', demo], cwd);
      expect(fs.readFileSync(file, 'utf-8')).toBe(text);
    });
  });
});
