/**
 * Runs one fuzz case and classifies what happened. The contract (PRODUCT.md section 9): exit 0/1
 * with a valid report, or exit 2 with exactly one line naming the problem; never a trace, a hang
 * or an out-of-memory crash.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import Ajv from 'ajv';
import { run } from '../../bin/cli';
import { InputError } from '../../lib/assembly/types';
import { analyzeAssembly } from '../../lib/engine/analyze';
import { formatJson } from '../../lib/report/json';
import reportSchema from '../../schema/report.schema.json';
import { fuzzApps } from './apps';
import { applyPlan, Plan } from './mutate';

export type Verdict =
  'ok' | 'crash' | 'hang' | 'multi-line error' | 'out of memory' | 'invalid report';

export interface Outcome {
  readonly verdict: Verdict;
  readonly detail: string;
  readonly ms: number;
}

/** In-process cases cannot be interrupted: one that takes longer than this counts as a hang. */
export const CASE_LIMIT_MS = 10_000;
const BINARY = path.join(__dirname, '..', '..', 'dist', 'bin', 'cli.js');
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const validate = new Ajv({ allErrors: true }).compile(reportSchema);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-fuzz-'));
const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-fuzz-cwd-'));

export function runCase(plan: Plan): Outcome {
  const apps = fuzzApps();
  const app = apps[plan.app % apps.length];
  const target = path.join(workDir, 'cdk.out');
  applyPlan(plan, app.directory, target);
  const started = Date.now();
  const verdict = plan.via === 'binary' ? viaBinary(target, plan) : inProcess(target, plan);
  const ms = Date.now() - started;
  if (verdict.verdict === 'ok' && ms > CASE_LIMIT_MS)
    return { verdict: 'hang', detail: `took ${ms} ms`, ms };
  return { ...verdict, ms };
}

function inProcess(target: string, plan: Plan): Omit<Outcome, 'ms'> {
  if (plan.via === 'library') {
    try {
      return checkReport(formatJson(analyzeAssembly(target, {}, { root: cwd })), 'json');
    } catch (e) {
      // The library's caller prints the message (the CLI escapes it): it must be one line.
      if (e instanceof InputError)
        return /[\n\r]/.test(e.message)
          ? { verdict: 'multi-line error', detail: JSON.stringify(e.message.slice(0, 500)) }
          : { verdict: 'ok', detail: `cdk-bedrock-lint: ${e.message}` };
      return { verdict: 'crash', detail: (e as Error).stack ?? String(e) };
    }
  }
  let result: ReturnType<typeof run>;
  try {
    result = run([target, '--format', plan.format, '--fail-on', 'error'], cwd);
  } catch (e) {
    return { verdict: 'crash', detail: (e as Error).stack ?? String(e) };
  }
  return judge(result.code, result.stdout, result.stderr, plan);
}

function viaBinary(target: string, plan: Plan): Omit<Outcome, 'ms'> {
  const child = spawnSync(
    process.execPath,
    ['--max-old-space-size=1024', BINARY, target, '--format', plan.format],
    { cwd, encoding: 'utf-8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (child.error && (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')
    return { verdict: 'hang', detail: 'the binary ran past 30 s' };
  if (/heap out of memory|FATAL ERROR/.test(child.stderr))
    return { verdict: 'out of memory', detail: child.stderr.slice(0, 500) };
  if (child.status === null) return { verdict: 'crash', detail: `killed by ${child.signal}` };
  return judge(child.status, child.stdout, child.stderr, plan);
}

function judge(code: number, stdout: string, stderr: string, plan: Plan): Omit<Outcome, 'ms'> {
  if (code === 2) {
    if (stdout !== '')
      return { verdict: 'crash', detail: `exit 2 with output: ${stdout.slice(0, 200)}` };
    return oneLine(stderr);
  }
  if (code !== 0 && code !== 1)
    return { verdict: 'crash', detail: `exit ${code}: ${stderr.slice(0, 500)}` };
  const stray = stderr
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('cdk-bedrock-lint: warning: '));
  if (stray.length > 0) return { verdict: 'multi-line error', detail: stderr.slice(0, 500) };
  return checkReport(stdout, plan.format);
}

function oneLine(stderr: string): Omit<Outcome, 'ms'> {
  if (/internal error/.test(stderr)) return { verdict: 'crash', detail: stderr.slice(0, 500) };
  if (!/^cdk-bedrock-lint: [^\n]+\n$/.test(stderr) || RAW_CONTROL.test(stderr))
    return { verdict: 'multi-line error', detail: JSON.stringify(stderr.slice(0, 500)) };
  return { verdict: 'ok', detail: stderr.trim() };
}

function checkReport(stdout: string, format: Plan['format']): Omit<Outcome, 'ms'> {
  if (format === 'json' || format === 'sarif') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(stdout);
    } catch (e) {
      return { verdict: 'invalid report', detail: `not JSON: ${(e as Error).message}` };
    }
    if (format === 'json' && !validate(parsed))
      return { verdict: 'invalid report', detail: JSON.stringify(validate.errors?.slice(0, 3)) };
  } else if (RAW_CONTROL.test(stdout))
    return { verdict: 'invalid report', detail: `raw control character in ${format} output` };
  if (/\b(NaN|Infinity|undefined)\b/.test(stdout) && format !== 'markdown')
    return { verdict: 'invalid report', detail: 'NaN, Infinity or undefined in the report' };
  return { verdict: 'ok', detail: `${format} report` };
}
