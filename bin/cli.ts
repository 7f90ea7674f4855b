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
import { loadConfig } from '../lib/config';
import { formatJson } from '../lib/report/json';
import { formatText } from '../lib/report/text';
import { Report } from '../lib/report/types';
import { TOOL_VERSION } from '../lib/version';

const FORMATTERS: Record<string, (r: Report) => string> = { text: formatText, json: formatJson };

interface CliFlags {
  format?: string[];
  output?: string[];
  failOn?: FailOn;
  config?: string;
  strict?: boolean;
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
      stderr: `cdk-bedrock-lint: ${err.message.replace(/^error: /, '')}\n`,
    };
  }
  const flags = cmd.opts<CliFlags>();
  try {
    const formats = flags.format ?? ['text'];
    const outputs = flags.output ?? [];
    if (outputs.length > formats.length)
      throw new InputError(
        '--output',
        `${outputs.length} outputs for ${formats.length} formats; pair each --output with a --format`,
      );
    if (formats.length - outputs.length > 1)
      throw new InputError(
        '--format',
        'only one format can go to standard output; give the others an --output',
      );
    const options: LintOptions = {
      ...loadConfig(flags.config, cwd),
      ...(flags.failOn ? { failOn: flags.failOn } : {}),
      ...(flags.strict ? { strict: true } : {}),
    };
    const report = analyzeAssembly(path.resolve(cwd, cmd.args[0] ?? 'cdk.out'), options, {
      root: cwd,
    });
    formats.forEach((format, i) => {
      const text = FORMATTERS[format](report);
      if (outputs[i]) writeOutput(path.resolve(cwd, outputs[i]), text);
      else out.stdout += text;
    });
    const failing = report.findings.some(
      (f) => !f.acknowledged && fails(f.severity, options.failOn),
    );
    return { ...out, code: failing ? 1 : 0 };
  } catch (e) {
    const message =
      e instanceof InputError
        ? e.message
        : `internal error: ${(e as Error).message?.split('\n')[0] ?? e}`;
    return { ...out, code: 2, stderr: `cdk-bedrock-lint: ${message}\n` };
  }
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
