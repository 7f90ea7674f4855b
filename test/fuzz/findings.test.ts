/**
 * Defects the fuzzer found, each pinned with the mutation that found it, applied to a real
 * synthesized assembly.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as cdkBedrock from 'aws-cdk-lib/aws-bedrock';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { execFileSync, spawnSync } from 'child_process';
import Ajv from 'ajv';
import { run } from '../../bin/cli';
import reportSchema from '../../schema/report.schema.json';
import { env, LLAMA, newApp, tuningJob } from '../helpers';

const validate = new Ajv({ allErrors: true }).compile(reportSchema);
const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-found-'));

function edit(file: string, change: (doc: Record<string, any>) => void): void {
  const doc = JSON.parse(fs.readFileSync(file, 'utf-8'));
  change(doc);
  fs.writeFileSync(file, JSON.stringify(doc));
}

function tuningAssembly(): string {
  const app = newApp();
  const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
  tuningJob(stack, 'Job', LLAMA, new s3.Bucket(stack, 'Data'));
  return app.synth().directory;
}

describe('what the fuzzer found', () => {
  test('an ARN naming something that is not a region is unresolved, not reported as a region', () => {
    const app = newApp();
    const stack = new Stack(app, 'Rag', { env: env('us-east-1') });
    new cdkBedrock.CfnKnowledgeBase(stack, 'Kb', {
      name: 'kb',
      roleArn: 'arn:aws:iam::123456789012:role/kb',
      knowledgeBaseConfiguration: {
        type: 'VECTOR',
        vectorKnowledgeBaseConfiguration: {
          embeddingModelArn:
            'arn:aws:bedrock:us-west-2::foundation-model/amazon.titan-embed-text-v2:0',
        },
      },
    });
    const dir = app.synth().directory;
    edit(path.join(dir, 'Rag.template.json'), (t) => {
      const config = t.Resources.Kb.Properties.KnowledgeBaseConfiguration;
      config.VectorKnowledgeBaseConfiguration.EmbeddingModelArn =
        'arn:aws:bedrock:/abs/path/bin/app.ts:1:1::foundation-model/amazon.titan-embed-text-v2:0';
    });
    const result = run([dir, '--format', 'json', '--fail-on', 'never'], cwd);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout);
    expect(validate(report)).toBe(true);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain(
      'BedrockRegions-UnresolvedRegion',
    );
    expect(result.stdout).toContain('names \\"/abs/path/bin/app.ts\\", not a region');
  });

  test.each([
    ['a display name that is not a string', { displayName: {} }, /display name is not a string/],
    [
      'an environment whose region is not a region code',
      { environment: 'aws://123456789012/us-west-2x' },
      /stack Tuning has the region "us-west-2x", which is not a region code/,
    ],
  ])('a manifest with %s is one input error naming it', (_what, change, message) => {
    const dir = tuningAssembly();
    edit(path.join(dir, 'manifest.json'), (m) => Object.assign(m.artifacts.Tuning, change));
    const result = run([dir, '--format', 'json'], cwd);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).toMatch(/manifest\.json: /);
    expect(result.stderr).toMatch(message);
  });

  test("a FIFO as a stack's metadata file is refused by type, not read for ever (the real binary)", () => {
    const dir = tuningAssembly();
    const metadata = path.join(dir, 'Tuning.metadata.json');
    fs.rmSync(metadata);
    execFileSync('mkfifo', [metadata]); // test tooling: Node has no mkfifo
    const binary = path.join(__dirname, '..', '..', 'dist', 'bin', 'cli.js');
    const child = spawnSync(process.execPath, [binary, dir], {
      encoding: 'utf-8',
      timeout: 30_000,
    });
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(2);
    expect(child.stderr).toMatch(
      /manifest\.json: artifact "Tuning" additionalMetadataFile is a FIFO; refused without reading it\n$/,
    );
    expect(child.stderr.split('\n')).toHaveLength(2);
  });
});
