import { Command, CommanderError } from 'commander';
import { InputError } from '../assembly/types';
import { sanitizeLine } from '../report/sanitize';
import { TOOL_VERSION } from '../version';
import { SUBCOMMANDS } from './commands';
import { CliIo, CliResult, TOOL } from './io';
import { lintCommand } from './lint';

export type { CliResult } from './io';

const HELP_AFTER = `
Examples:
  $ cdk-bedrock-lint                                  lint ./cdk.out, text report
  $ cdk-bedrock-lint cdk.out --usage usage.yml --format json --output report.json --format text
  $ cdk-bedrock-lint cdk.out --baseline main.json --format markdown --output comment.md
  $ cdk-bedrock-lint --print-config                   merged options and where each came from
  $ cdk-bedrock-lint rules                            every rule with its default severity
  $ cdk-bedrock-lint explain CustomizationModelRegion
  $ cdk-bedrock-lint init --usage cdk.out             usage.yml with an entry per flow, job, NAT gateway

Options merge key by key, later winning: recorded in the assembly by the plugin, the
"cdk-bedrock-lint" key of cdk.json context, --config FILE, flags.

Exit codes:
  0  nothing at or above the fail level
  1  findings at or above the fail level (with --baseline, new ones), or the budget exceeded
  2  bad arguments or unreadable input (one line on stderr naming the file and the problem)
`;

function program(io: CliIo): Command {
  // Output settings and exitOverride first: subcommands copy them when they are created.
  const cmd = new Command(TOOL)
    .description(
      'Find region placement mistakes of Amazon Bedrock workloads in a synthesized CDK app.',
    )
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => (io.result.stdout += s), writeErr: () => undefined })
    .showSuggestionAfterError()
    .enablePositionalOptions()
    .addHelpText('after', HELP_AFTER);
  lintCommand(cmd, io);
  for (const register of SUBCOMMANDS) register(cmd, io);
  // Commander adds `help [command]` only to programs without an action of their own.
  cmd.helpCommand(true);
  return cmd;
}

/** Runs the CLI on arguments (without `node` and the script) in a working directory. */
export function run(argv: string[], cwd = process.cwd(), color = false): CliResult {
  const io: CliIo = { cwd, argv, color, result: { code: 0, stdout: '', stderr: '' } };
  try {
    program(io).parse(argv, { from: 'user' });
    return io.result;
  } catch (e) {
    return failed(io, e);
  }
}

/**
 * The same for commands whose actions are asynchronous (those that call AWS, such as refreshes);
 * the binary runs every command this way.
 */
export async function runAsync(
  argv: string[],
  cwd = process.cwd(),
  color = false,
): Promise<CliResult> {
  const io: CliIo = { cwd, argv, color, result: { code: 0, stdout: '', stderr: '' } };
  try {
    await program(io).parseAsync(argv, { from: 'user' });
    return io.result;
  } catch (e) {
    return failed(io, e);
  }
}

function failed(io: CliIo, e: unknown): CliResult {
  if (e instanceof CommanderError && HELP_CODES.has(e.code)) return { ...io.result, code: 0 };
  return { ...io.result, code: 2, stderr: `${TOOL}: ${sanitizeLine(errorLine(e))}\n` };
}

/** Help and version end the run early, with exit 0. */
const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

function errorLine(e: unknown): string {
  if (e instanceof CommanderError) {
    // Commander puts its "(Did you mean ...?)" on a line of its own: keep every error one line.
    return e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
  }
  if (e instanceof InputError) return e.message;
  return `internal error: ${(e as Error).message?.split('\n')[0] ?? e}`;
}
