/**
 * `cdk-bedrock-lint catalog refresh` and `cdk-bedrock-lint prices refresh`: the only commands that
 * reach AWS, and only when run. Each reads the APIs, writes the dated API layer and the dated data
 * file that `catalogFile` / `pricesFile` take, or with `--check` compares the bundled data with
 * what AWS says now (exit 1 when they differ, 0 when equal). Bad arguments: exit 2, one line.
 *
 * Two ways in: `runRefresh(argv)` on its own (bin/cli.ts dispatches `catalog` and `prices` to it),
 * and `refreshCommands`, which registers both on a Commander program like any other subcommand.
 */
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { InputError } from '../assembly/types';
import type { RefreshIo } from '../refresh/io';

export type { RefreshIo };

type What = 'catalog' | 'prices';

interface RefreshFlags {
  out?: string;
  check?: boolean;
  against?: string;
  regions?: string;
}

const DESCRIPTION: Record<What, string> = {
  catalog: 'read ListFoundationModels and ListInferenceProfiles in every Bedrock region',
  prices: 'read the AWS Price List (GetProducts) for transfer, NAT, endpoint and Bedrock prices',
};

/** Adds `refresh` with its options under `parent` (the `catalog` or `prices` command). */
function defineRefresh(parent: Command, what: What): Command {
  const refresh = parent
    .command('refresh')
    .description(DESCRIPTION[what])
    .option('--out <dir>', 'directory for the dated files', '.')
    .option('--check', 'compare the bundled data with AWS: exit 1 when they differ, write nothing')
    .option(
      '--against <file>',
      `with --check: compare this ${what} file instead of the bundled one`,
    );
  if (what === 'catalog')
    refresh.option(
      '--regions <list>',
      'comma-separated regions (default: every commercial region)',
    );
  return refresh;
}

/** Runs one refresh; bad input throws an InputError naming files relative to `io.cwd`. */
async function execute(what: What, flags: RefreshFlags, io: RefreshIo): Promise<number> {
  try {
    if (flags.against && !flags.check)
      throw new InputError('--against', 'only compares, so it needs --check');
    const out = path.resolve(io.cwd, flags.out ?? '.');
    const against = flags.against ? path.resolve(io.cwd, flags.against) : undefined;
    const common = { out, check: !!flags.check, against, io };
    // Loaded when a refresh runs: the AWS SDK, YAML and Ajv stay out of every linting run.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { refreshCatalog } =
      require('../refresh/catalog-command') as typeof import('../refresh/catalog-command');
    const { refreshPrices } =
      require('../refresh/prices-command') as typeof import('../refresh/prices-command');
    const { parseRegions } = require('../refresh/regions') as typeof import('../refresh/regions');
    /* eslint-enable @typescript-eslint/no-require-imports */
    return what === 'catalog'
      ? await refreshCatalog({
          ...common,
          regions: flags.regions ? parseRegions(flags.regions) : undefined,
        })
      : await refreshPrices(common);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    // Files are named relative to the working directory: no machine paths in the output.
    const relative = (text: string) => text.split(io.cwd + path.sep).join('');
    throw new InputError(relative(e.file), relative(e.problem));
  }
}

/** The CLI's result object, as the lint command fills it. */
interface CliRun {
  readonly cwd: string;
  readonly result: { code: number; stdout: string; stderr: string };
}

/** Registers `catalog refresh` and `prices refresh` on a program; progress goes to stderr live. */
export function refreshCommands(program: Command, io: CliRun): void {
  for (const what of ['catalog', 'prices'] as const) {
    const group = program.command(what).description(`${what} data: refresh it from AWS`);
    defineRefresh(group, what).action(async (flags: RefreshFlags) => {
      io.result.code = await execute(what, flags, {
        cwd: io.cwd,
        stdout: (text) => (io.result.stdout += text),
        stderr: process.stderr,
      });
    });
  }
}

const DEFAULT_IO: RefreshIo = {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: process.stderr,
};

/** `argv` starts with `catalog` or `prices`; resolves to the exit code. */
export async function runRefresh(
  argv: readonly string[],
  io: RefreshIo = DEFAULT_IO,
): Promise<number> {
  const [first, ...rest] = argv;
  const what: What = first === 'catalog' ? 'catalog' : 'prices';
  try {
    let flags: RefreshFlags | undefined;
    const group = new Command(`cdk-bedrock-lint ${what}`)
      .exitOverride()
      .configureOutput({ writeErr: () => undefined });
    defineRefresh(group, what).action((opts: RefreshFlags) => {
      flags = opts;
    });
    group.parse(rest as string[], { from: 'user' });
    return await execute(what, flags!, io);
  } catch (e) {
    const code = (e as CommanderError).code;
    if (code === 'commander.helpDisplayed') return 0;
    io.stderr.write(`cdk-bedrock-lint: ${errorLine(e, what, code)}\n`);
    return 2;
  }
}

function errorLine(e: unknown, what: What, code: string | undefined): string {
  if (code === 'commander.help')
    return `${what}: expected a subcommand: ${what} refresh [--check] [--out DIR]`;
  if (e instanceof CommanderError) return e.message.replace(/^error: /, '');
  if (e instanceof InputError) return e.message;
  return `internal error: ${(e as Error).message?.split('\n')[0]}`;
}
