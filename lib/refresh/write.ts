import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../assembly/types';

/** Writes `<dir>/<base>-<asOf>.json` and returns the path; an unwritable place is an input error. */
export function writeDated(dir: string, base: string, asOf: string, data: unknown): string {
  const file = path.join(dir, `${base}-${asOf}.json`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  } catch (e) {
    throw new InputError(file, `cannot write (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  return file;
}
