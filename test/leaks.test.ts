import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { run } from '../bin/cli';
import { analyzeAssembly } from '../lib/engine/analyze';
import { env, newApp, NOVA_MICRO, tuningJob } from './helpers';

const REPO = path.join(__dirname, '..');
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** A Nova job in us-west-2 (an error finding) under a construct of the given id; it has a source line. */
function failingAssembly(team = 'Team'): string {
  const app = newApp();
  const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
  tuningJob(new Construct(stack, team), 'Job', NOVA_MICRO, new s3.Bucket(stack, 'Data'));
  return app.synth().directory;
}

describe('nothing leaked into reports', () => {
  test('terminal escape sequences in construct paths are escaped in text and Markdown, never raw', () => {
    const hostile = 'Team\u001b[2K\r  ERROR  BedrockRegions-Fake  all clear\u0007';
    const dir = failingAssembly(hostile);
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-cwd-'));
    const text = run([dir], cwd);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Team\\u001b[2K\\u000d  ERROR');
    expect(RAW_CONTROL.test(text.stdout)).toBe(false);
    // The fake line stays inside the real ones: every line naming it is a real finding or cost line.
    const naming = text.stdout.split('\n').filter((l) => l.includes('BedrockRegions-Fake'));
    expect(naming.length).toBeGreaterThan(0);
    for (const line of naming)
      expect(line).toMatch(/^ {2}(ERROR|INFO |CustomizationCost) .*Tuning\/Team\\u001b/);
    const markdown = run([dir, '--format', 'markdown'], cwd);
    expect(markdown.stdout).toContain('\\u001b');
    expect(RAW_CONTROL.test(markdown.stdout)).toBe(false);
  });

  test('a working directory not above the app: no absolute source path in JSON, Markdown or text', () => {
    const dir = failingAssembly();
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-cwd-'));
    for (const format of ['json', 'markdown', 'text', 'sarif']) {
      const result = run([dir, '--format', format], cwd);
      expect(result.code).toBe(1);
      expect(result.stdout).not.toContain(REPO);
      expect(result.stdout).not.toContain(os.tmpdir());
    }
    const report = JSON.parse(run([dir, '--format', 'json'], cwd).stdout);
    expect(report.findings[0]).toMatchObject({
      ruleId: 'BedrockRegions-CustomizationModelRegion',
      location: null,
    });
  });

  test("source lines are relative to the working directory, else to the app's directory", () => {
    const dir = failingAssembly();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-cwd-'));
    const byApp = analyzeAssembly(dir, {}, { root: elsewhere, appDirectory: REPO });
    expect(byApp.findings[0].location).toMatchObject({ file: 'test/helpers.ts' });
    const byCwd = analyzeAssembly(dir, {}, { root: path.join(REPO, 'test') });
    expect(byCwd.findings[0].location).toMatchObject({ file: 'helpers.ts' });
  });

  test('a one-line error quoting user input escapes its control characters', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-cwd-'));
    const result = run(['no-such\u001b[31m\ncdk.out'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(result.stderr).toContain('no-such\\u001b[31m\\u000acdk.out');
  });
});
