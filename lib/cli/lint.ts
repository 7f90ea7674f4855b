import * as fs from 'fs';
import * as path from 'path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { InputError } from '../assembly/types';
import {
  cdkJsonLayer,
  configFileLayer,
  mergeOptions,
  MergedOptions,
  OptionLayer,
  parseConfigFile,
} from '../config';
import { analyzeAssembly } from '../engine/analyze';
import { analyzeMany, assemblyDirectories } from '../engine/analyze-many';
import { fails, FailOn, LintOptions } from '../options';
import { parseUsage, Usage } from '../pricing/usage';
import { recordedOptionsLayer } from '../recorded-options';
import { applyBaseline, loadBaseline } from '../report/baseline';
import { sanitizeLine } from '../report/sanitize';
import { Report } from '../report/types';
import { CliIo, CliResult, CommandModule } from './io';
import { formatOrigins } from './print-config';
import { nearest } from './suggest';

type Formatter = (r: Report, options?: { color?: boolean }) => string;

/** Formatters load on demand: a run pays only for the formats it writes. */
/* eslint-disable @typescript-eslint/no-require-imports */
const FORMATTERS: Record<string, () => Formatter> = {
  text: () => (require('../report/text') as typeof import('../report/text')).formatText,
  json: () => (require('../report/json') as typeof import('../report/json')).formatJson,
  sarif: () => (require('../report/sarif') as typeof import('../report/sarif')).formatSarif,
  markdown: () =>
    (require('../report/markdown') as typeof import('../report/markdown')).formatMarkdown,
};
/** The JSON report a finding at a time, for files: the largest report is never one string. */
const jsonChunks = () => (require('../report/json') as typeof import('../report/json')).jsonChunks;
/* eslint-enable @typescript-eslint/no-require-imports */

interface LintFlags {
  format?: string[];
  output?: string[];
  failOn?: FailOn;
  config?: string;
  strict?: boolean;
  usage?: string;
  baseline?: string;
  maxMonthlyUsd?: number;
  recordedOptions: boolean;
  printConfig?: boolean;
}

/** The default command: `cdk-bedrock-lint [ASSEMBLY...]` lints cloud assemblies. */
export const lintCommand: CommandModule = (program: Command, io: CliIo) => {
  program
    .argument('[assemblies...]', 'cloud assembly directories or globs (services/*/cdk.out)', [
      'cdk.out',
    ])
    .option(
      '--format <format>',
      `report format: ${Object.keys(FORMATTERS).join(', ')} (default: text); repeat with --output for several`,
      collectFormat,
    )
    .option('--output <file>', 'write the report of the --format before it to a file', collect)
    .addOption(
      new Option('--fail-on <level>', 'lowest severity that fails (default: error)').choices([
        'error',
        'warning',
        'never',
      ]),
    )
    .option('--config <file>', 'options file (JSON or YAML), merged over cdk.json context')
    .option('--usage <file>', 'monthly volumes by construct path glob (YAML or JSON)')
    .option(
      '--baseline <report>',
      'earlier JSON report: mark findings new or existing; only new ones fail',
    )
    .option('--max-monthly-usd <usd>', 'fail when the estimated monthly total exceeds it', budget)
    .option('--strict', 'unresolvable regions are errors')
    .option('--no-recorded-options', 'ignore the options the plugin recorded in the assembly')
    .option('--print-config', 'print the merged options and where each value came from, then exit')
    .action((assemblies: string[], flags: LintFlags, cmd: Command) => {
      rejectMistypedCommand(assemblies[0], cmd, io.cwd);
      const dirs = assemblyDirectories(assemblies, io.cwd);
      // Each assembly brings its own recorded options; cdk.json, --config and flags are shared.
      const configs = dirs.map((dir) => {
        const layers = optionLayers(dir, flags, io.cwd);
        return { dir, layers, merged: mergeOptions(layers) };
      });
      if (flags.printConfig)
        io.result.stdout += configs
          .map(
            (c) =>
              (configs.length > 1 ? `# ${displayDir(c.dir, io.cwd)}\n` : '') +
              formatOrigins(c.merged, c.layers),
          )
          .join('\n');
      else Object.assign(io.result, lint(io, flags, configs));
    });
};

/**
 * The sources of options, later winning key by key: recorded in the assembly by the plugin, the
 * `cdk-bedrock-lint` key of cdk.json context, `--config FILE`, flags.
 */
function optionLayers(assembly: string, flags: LintFlags, cwd: string): OptionLayer[] {
  const fromFlags: Record<string, unknown> = {};
  if (flags.failOn) fromFlags.failOn = flags.failOn;
  if (flags.strict) fromFlags.strict = true;
  if (flags.maxMonthlyUsd !== undefined) fromFlags.maxMonthlyUsd = flags.maxMonthlyUsd;
  const layers = [
    flags.recordedOptions ? recordedOptionsLayer(assembly, cwd) : undefined,
    cdkJsonLayer(cwd),
    flags.config ? configFileLayer(flags.config, cwd) : undefined,
    ...Object.entries(fromFlags).map(([key, value]) => ({
      source: `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      options: { [key]: value },
    })),
  ];
  return layers.filter((l): l is OptionLayer => !!l);
}

/**
 * `cdk-bedrock-lint rulse` would otherwise read as an assembly directory that does not exist:
 * name the command it most likely meant instead.
 */
function rejectMistypedCommand(assembly: string, cmd: Command, cwd: string): void {
  if (cmd.args.length === 0 || fs.existsSync(path.resolve(cwd, assembly))) return;
  const names = cmd.commands.map((c) => c.name());
  const meant = /^[a-z-]+$/.test(assembly) ? nearest(assembly, names) : undefined;
  if (meant)
    cmd.error(`error: unknown command '${assembly}' (Did you mean ${meant}?)`, {
      code: 'commander.unknownCommand',
    });
}

function displayDir(dir: string, cwd: string): string {
  return path.relative(cwd, dir).split(path.sep).join('/') || '.';
}

/** Reads the usage and baseline, lints each assembly with its options and writes each format. */
function lint(
  io: CliIo,
  flags: LintFlags,
  configs: readonly { dir: string; merged: MergedOptions }[],
): CliResult {
  const { cwd } = io;
  const targets = pairFormats(io.argv);
  const usage = flags.usage ? usageFile(path.resolve(cwd, flags.usage), cwd) : undefined;
  const baseline = flags.baseline ? loadBaseline(path.resolve(cwd, flags.baseline)) : undefined;
  const optionsOf = new Map(configs.map((c) => [c.dir, c.merged.options]));
  const analyzeOne = (dir: string) =>
    analyzeAssembly(dir, optionsOf.get(dir) ?? {}, { root: cwd, usage });
  const dirs = configs.map((c) => c.dir);
  let report = dirs.length === 1 ? analyzeOne(dirs[0]) : analyzeMany(dirs, analyzeOne, cwd);
  if (baseline) report = applyBaseline(report, baseline, flags.baseline!);
  let stdout = '';
  for (const { format, output } of targets) {
    if (format === 'json' && output) {
      writeOutput(path.resolve(cwd, output), jsonChunks()(report));
      continue;
    }
    const text = FORMATTERS[format]()(report, { color: io.color === true && !output });
    if (output) writeOutput(path.resolve(cwd, output), text);
    else stdout += text;
  }
  const stderr = report.warnings
    .map((w) => `cdk-bedrock-lint: warning: ${sanitizeLine(w)}\n`)
    .join('');
  // The fail level of the first assembly's options decides: flags and config are shared by all.
  return { stdout, stderr, code: exitCode(report, configs[0].merged.options) };
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

function writeOutput(file: string, text: string | Iterable<string>): void {
  try {
    if (typeof text === 'string') fs.writeFileSync(file, text);
    else writeChunks(file, text);
  } catch (e) {
    throw new InputError(file, `cannot write report (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
}

/** Chunks gathered into writes of about 64 KB. */
function writeChunks(file: string, chunks: Iterable<string>): void {
  const fd = fs.openSync(file, 'w');
  try {
    let pending = '';
    for (const chunk of chunks) {
      pending += chunk;
      if (pending.length >= 65536) {
        fs.writeSync(fd, pending);
        pending = '';
      }
    }
    if (pending) fs.writeSync(fd, pending);
  } finally {
    fs.closeSync(fd);
  }
}
