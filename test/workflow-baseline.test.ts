import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { run } from '../bin/cli';
import { Report } from '../lib/report/types';
import { fn, natApp } from './flow-helpers';

const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-workflow-'));
const read = (name: string) => JSON.parse(fs.readFileSync(path.join(cwd, name), 'utf-8')) as Report;

/** The base branch's app, and the head's: the same app plus one Lambda outside the VPC reading the lake. */
function assembly(head: boolean): string {
  const { app, stack, lake } = natApp();
  if (head) lake.bucket.grantRead(fn(stack, 'Indexer', { LAKE: lake.bucket.bucketName }));
  return app.synth().directory;
}

interface Step {
  name?: string;
  run?: string;
}

const workflow = YAML.parse(
  fs.readFileSync(path.join(__dirname, '..', '.github', 'workflows', 'bedrock-lint.yml'), 'utf-8'),
) as { jobs: Record<string, { steps: Step[] }> };
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const step = (name: string) => steps.find((s) => s.name === name)?.run ?? '';

describe('the pull-request workflow baseline', () => {
  const base = assembly(false);
  const head = assembly(true);
  fs.writeFileSync(
    path.join(cwd, 'usage.yml'),
    'Rag/Retriever:\n  monthlyGb: 1000\nRag/Indexer:\n  monthlyGb: 40\n',
  );
  const usage = ['--usage', 'usage.yml'];
  const json = (out: string) => ['--fail-on', 'never', '--format', 'json', '--output', out];

  test('linted with the head usage file, the cost delta is the new finding’s own monthly cost', () => {
    expect(run([base, ...usage, ...json('base.json')], cwd).code).toBe(0);
    expect(run([head, ...usage, '--baseline', 'base.json', ...json('head.json')], cwd).code).toBe(
      0,
    );
    const now = read('head.json');
    const fresh = now.findings.filter((f) => f.new);
    expect(fresh.map((f) => `${f.ruleId} ${f.constructPath}`)).toEqual([
      'BedrockRegions-CrossRegionDataAccess Rag/Indexer/Resource',
    ]);
    // 40 GB a month from us-east-1 to us-west-2 at $0.02: the change adds $0.80, and says so.
    expect(fresh[0].estimate?.monthlyUsd).toBe(0.8);
    expect(now.summary.baseline?.monthlyUsdDelta).toBe(fresh[0].estimate?.monthlyUsd);
    expect(now.summary.baseline).toMatchObject({ new: 1, fixed: 0 });
  });

  test('a baseline linted without the usage file (the old workflow) misstates the delta', () => {
    expect(run([base, ...json('unpriced.json')], cwd).code).toBe(0);
    run([head, ...usage, '--baseline', 'unpriced.json', ...json('wrong.json')], cwd);
    const wrong = read('wrong.json').summary.baseline?.monthlyUsdDelta;
    expect(wrong).not.toBe(0.8);
  });

  test('the workflow passes the same lint options to the baseline and the head', () => {
    const readOptions = 'mapfile -t opts < "$RUNNER_TEMP/lint-options"';
    expect(step('Lint options')).toContain('--usage "$USAGE_FILE"');
    expect(step('Lint options')).toContain('--config "$CONFIG_FILE"');
    // The same command on an assembly at the same path, from the same directory.
    for (const name of ['Baseline from the base branch', 'Lint']) {
      expect(step(name)).toContain(readOptions);
      expect(step(name)).toContain('npx cdk-bedrock-lint cdk.out "${opts[@]}"');
    }
    // The base's cdk.out is linted and removed before the head is synthesized.
    const names = steps.map((s) => s.name);
    expect(names.indexOf('Baseline from the base branch')).toBeLessThan(
      names.indexOf('Synthesize'),
    );
    expect(step('Baseline from the base branch').trim().split('\n').pop()).toBe('rm -rf cdk.out');
    // A base commit that does not synthesize warns and leaves no baseline; it never fails the job.
    expect(step('Baseline from the base branch')).toMatch(/\|\| no_baseline "does not synthesize"/);
    expect(step('Baseline from the base branch')).toContain('exit 0');
  });
});
