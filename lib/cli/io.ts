import { Command } from 'commander';

/** What a run of the CLI produced: the binary writes it out; tests read it. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What every command gets: where it runs, the raw arguments, and the result to fill in. */
export interface CliIo {
  readonly cwd: string;
  readonly argv: readonly string[];
  readonly result: CliResult;
  /** Colour in text written to standard output (a TTY without NO_COLOR, or FORCE_COLOR). */
  readonly color?: boolean;
}

/**
 * A command module adds its subcommand (or, for linting, the default command) to the program.
 * Subcommands are registered in `lib/cli/commands.ts`.
 */
export type CommandModule = (program: Command, io: CliIo) => void;

export const TOOL = 'cdk-bedrock-lint';
