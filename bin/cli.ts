#!/usr/bin/env node
/**
 * cdk-bedrock-lint CLI: lints an existing cloud assembly (cdk.out). Exit 0: nothing at or above the
 * fail level; 1: findings at or above it; 2: bad arguments or unreadable input (one line on stderr).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { InputError } from '../lib/assembly/types';
import { analyzeAssembly } from '../lib/engine/analyze';
import { fails, FailOn, LintOptions } from '../lib/options';
import { loadConfig, parseConfigFile } from '../lib/config';
import { parseUsage, Usage } from '../lib/pricing/usage';
import { applyBaseline, loadBaseline } from '../lib/report/baseline';
import { sanitizeLine } from '../lib/report/sanitize';
import { Report } from '../lib/report/types';
import { TOOL_VERSION } from '../lib/version';

type Formatter = (r: Report) => string;

/** Formatters load on demand: a run pays only for the formats it writes. */
/* eslint-disable @typescript-eslint/no-require-imports */
const FORMATTERS: Record<string, () => Formatter> = {
  text: () => (require('../lib/report/text') as typeof import('../lib/report/text')).formatText,
  json: () => (require('../lib/report/json') as typeof import('../lib/report/json')).formatJson,
  sarif: () => (require('../lib/report/sarif') as typeof import('../lib/report/sarif')).formatSarif,
  markdown: () =>
    (require('../lib/report/markdown') as typeof import('../lib/report/markdown')).formatMarkdown,
};
/* eslint-enable @typescript-eslint/no-require-imports */

interface CliFlags {
  format?: string[];
  output?: string[];
  failOn?: FailOn;
  config?: string;
  strict?: boolean;
  usage?: string;
  baseline?: string;
  maxMonthlyUsd?: number;
}

function program(): Command {
  return new Command('cdk-bedrock-lint')
    .description(
      'Find region placement mistakes of Amazon Bedrock workloads in a synthesized CDK app.',
    )
    .version(TOOL_VERSION)
    .argument('[assembly]', 'cloud assembly directory', 'cdk.out')
    .option(
      '--format <format>',
      `report format (${Object.keys(FORMATTERS).join(', ')}); repeat with --output for several`,
      collectFormat,
    )
    .option('--output <file>', 'write the report of the matching --format to a file', collect)
    .addOption(
      new Option('--fail-on <level>', 'lowest severity that fails').choices([
        'error',
        'warning',
        'never',
      ]),
    )
    .option(
      '--config <file>',
      'options file (JSON or YAML); default: the "cdk-bedrock-lint" key of cdk.json context',
    )
    .option('--usage <file>', 'monthly volumes by construct path glob (YAML or JSON)')
    .option(
      '--baseline <report>',
      'earlier JSON report: mark findings new or existing; only new ones fail',
    )
    .option('--max-monthly-usd <usd>', 'fail when the estimated monthly total exceeds it', budget)
    .option('--strict', 'unresolvable regions are errors')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
}

function collectFormat(value: string, previous: string[] | undefined): string[] {
  if (!FORMATTERS[value])
    throw new InvalidArgumentError(
      `"${value}" is not one of ${Object.keys(FORMATTERS).join(', ')}.`,
    );
  return collect(value, previous);
}

function budget(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError(`"${value}" is not a non-negative number of USD.`);
  return n;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function run(
  argv: string[],
  cwd = process.cwd(),
): { code: number; stdout: string; stderr: string } {
  const out = { code: 0, stdout: '', stderr: '' };
  const cmd = program().configureOutput({
    writeOut: (s) => (out.stdout += s),
    writeErr: () => undefined,
  });
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (e) {
    const err = e as CommanderError;
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return out;
    return {
      ...out,
      code: 2,
      stderr: `cdk-bedrock-lint: ${sanitizeLine(err.message.replace(/^error: /, ''))}\n`,
    };
  }
  const flags = cmd.opts<CliFlags>();
  try {
    return lint(argv, flags, cmd.args[0] ?? 'cdk.out', cwd);
  } catch (e) {
    const message =
      e instanceof InputError
        ? e.message
        : `internal error: ${(e as Error).message?.split('\n')[0] ?? e}`;
    return { ...out, code: 2, stderr: `cdk-bedrock-lint: ${sanitizeLine(message)}\n` };
  }
}

/** Reads the options, usage and baseline, lints the assembly and writes each format. */
function lint(
  argv: readonly string[],
  flags: CliFlags,
  assembly: string,
  cwd: string,
): { code: number; stdout: string; stderr: string } {
  const targets = pairFormats(argv);
  const options: LintOptions = {
    ...loadConfig(flags.config, cwd),
    ...(flags.failOn ? { failOn: flags.failOn } : {}),
    ...(flags.strict ? { strict: true } : {}),
    ...(flags.maxMonthlyUsd !== undefined ? { maxMonthlyUsd: flags.maxMonthlyUsd } : {}),
  };
  const usage = flags.usage ? usageFile(path.resolve(cwd, flags.usage), cwd) : undefined;
  const baseline = flags.baseline ? loadBaseline(path.resolve(cwd, flags.baseline)) : undefined;
  let report = analyzeAssembly(path.resolve(cwd, assembly), options, {
    root: cwd,
    usage,
  });
  if (baseline) report = applyBaseline(report, baseline, flags.baseline!);
  let stdout = '';
  for (const { format, output } of targets) {
    const text = FORMATTERS[format]()(report);
    if (output) writeOutput(path.resolve(cwd, output), text);
    else stdout += text;
  }
  const stderr = report.warnings
    .map((w) => `cdk-bedrock-lint: warning: ${sanitizeLine(w)}\n`)
    .join('');
  return { stdout, stderr, code: exitCode(report, options) };
}

/**
 * Each `--output` belongs to the `--format` before it, so `--format text --format json --output
 * r.json` writes JSON to the file and text to standard output. Commander keeps the two lists apart,
 * so the pairing is read from the arguments in order.
 */
function pairFormats(argv: readonly string[]): { format: string; output?: string }[] {
  const targets: { format: string; output?: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag !== '--format' && flag !== '--output') continue;
    const value = inline ?? argv[++i];
    const last = targets[targets.length - 1];
    if (flag === '--format') targets.push({ format: value });
    else if (!last || last.output !== undefined)
      throw new InputError(
        '--output',
        `"${value}" follows no --format of its own; write --format F --output FILE`,
      );
    else last.output = value;
  }
  if (targets.length === 0) targets.push({ format: 'text' });
  if (targets.filter((t) => !t.output).length > 1)
    throw new InputError(
      '--format',
      'only one format can go to standard output; give the others an --output',
    );
  return targets;
}

/** 1 when an open (and, with a baseline, new) finding reaches the fail level, or the budget is exceeded. */
function exitCode(report: Report, options: LintOptions): number {
  const failing = report.findings.some(
    (f) => !f.acknowledged && f.new && fails(f.severity, options.failOn),
  );
  return failing || report.summary.budget?.exceeded ? 1 : 0;
}

function usageFile(file: string, cwd: string): Usage {
  return parseUsage(
    parseConfigFile(file, 'usage file'),
    `usage file ${path.relative(cwd, file) || file}`,
    file,
  );
}

function writeOutput(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new InputError(file, `cannot write report (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
}

if (require.main === module) {
  const result = run(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
