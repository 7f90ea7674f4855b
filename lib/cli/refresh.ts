/**
 * `cdk-bedrock-lint catalog refresh` and `cdk-bedrock-lint prices refresh`: the only commands that
 * reach AWS, and only when run. Each reads the APIs, writes the dated API layer and the dated data
 * file that `catalogFile` / `pricesFile` take, or with `--check` compares the bundled data with
 * what AWS says now (exit 1 when they differ, 0 when equal). Bad arguments: exit 2, one line.
 */
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { InputError } from '../assembly/types';
import { RefreshIo } from '../refresh/io';
import { refreshCatalog } from '../refresh/catalog-command';
import { refreshPrices } from '../refresh/prices-command';
import { parseRegions } from '../refresh/regions';

export type { RefreshIo };

interface RefreshFlags {
  out?: string;
  check?: boolean;
  against?: string;
  regions?: string;
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
  const [what, ...rest] = argv;
  let flags: RefreshFlags;
  try {
    flags = parse(what === 'catalog' ? 'catalog' : 'prices', rest);
  } catch (e) {
    const err = e as CommanderError;
    if (err.code === 'commander.helpDisplayed') return 0;
    const message =
      err.code === 'commander.help'
        ? `${what ?? 'catalog|prices'}: expected a subcommand: ${what ?? 'catalog'} refresh [--check] [--out DIR]`
        : err.message.replace(/^error: /, '');
    io.stderr.write(`cdk-bedrock-lint: ${message}\n`);
    return 2;
  }
  try {
    if (flags.against && !flags.check)
      throw new InputError('--against', 'only compares, so it needs --check');
    const out = path.resolve(io.cwd, flags.out ?? '.');
    const against = flags.against ? path.resolve(io.cwd, flags.against) : undefined;
    const common = { out, check: !!flags.check, against, io };
    return what === 'catalog'
      ? await refreshCatalog({
          ...common,
          regions: flags.regions ? parseRegions(flags.regions) : undefined,
        })
      : await refreshPrices(common);
  } catch (e) {
    const message =
      e instanceof InputError
        ? e.message
        : `internal error: ${(e as Error).message?.split('\n')[0]}`;
    // Files are named relative to the working directory: no machine paths in the output.
    io.stderr.write(`cdk-bedrock-lint: ${message.split(io.cwd + path.sep).join('')}\n`);
    return 2;
  }
}

function parse(what: 'catalog' | 'prices', argv: readonly string[]): RefreshFlags {
  let flags: RefreshFlags = {};
  const refresh = new Command('refresh')
    .description(
      what === 'catalog'
        ? 'read ListFoundationModels and ListInferenceProfiles in every Bedrock region'
        : 'read the AWS Price List (GetProducts) for transfer, NAT, endpoint and Bedrock prices',
    )
    .option('--out <dir>', 'directory for the dated files', '.')
    .option('--check', 'compare the bundled data with AWS: exit 1 when they differ, write nothing')
    .option(
      '--against <file>',
      `with --check: compare this ${what} file instead of the bundled one`,
    )
    .exitOverride()
    .configureOutput({ writeErr: () => undefined })
    .action((opts: RefreshFlags) => {
      flags = opts;
    });
  if (what === 'catalog')
    refresh.option(
      '--regions <list>',
      'comma-separated regions (default: every commercial region)',
    );
  new Command(`cdk-bedrock-lint ${what}`)
    .addCommand(refresh)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined })
    .parse(argv as string[], { from: 'user' });
  return flags;
}
