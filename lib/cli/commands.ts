import { explainCommand } from './explain';
import { initCommand } from './init';
import { CommandModule } from './io';
import { refreshCommands } from './refresh';
import { rulesCommand } from './rules';

/**
 * The subcommands, in the order `--help` lists them. A new subcommand is a module under lib/cli/
 * exporting a CommandModule, added here.
 */
export const SUBCOMMANDS: readonly CommandModule[] = [
  rulesCommand,
  explainCommand,
  initCommand,
  refreshCommands,
];
