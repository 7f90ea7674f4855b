import * as path from 'path';
import { compact } from './diff';
import { RefreshIo } from './io';

export interface RefreshRun {
  readonly out: string;
  readonly check: boolean;
  /** With `check`: the refreshed file to compare instead of the bundled data. */
  readonly against?: string;
  readonly io: RefreshIo;
}

/** `--check`: the differences, compactly, and exit 1 when there are any. */
export function report(
  run: RefreshRun,
  what: 'catalog' | 'prices',
  differences: readonly string[],
  summary: string,
): number {
  const { io } = run;
  const data = run.against ? path.relative(io.cwd, run.against) : `the bundled ${what} data`;
  if (differences.length === 0) {
    io.stdout(`${what} refresh --check: ${data} matches AWS (${summary}).\n`);
    return 0;
  }
  io.stdout(
    `${what} refresh --check: ${differences.length} difference(s) between ${data} and AWS (${summary}):\n` +
      compact(differences)
        .map((d) => `  ${d}\n`)
        .join(''),
  );
  return 1;
}

export function written(io: RefreshIo, files: readonly string[], summary: string): void {
  const shown = files.map((f) => path.relative(io.cwd, f) || f);
  io.stdout(`${summary}\nwrote ${shown.join(', ')}\n`);
}
