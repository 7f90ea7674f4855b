/**
 * The one way the linter reads a file it is given: templates, manifests and metadata files,
 * config, usage, baseline, catalog and price files. A special file (FIFO, device, socket,
 * directory) is refused by type before a byte is read, so nothing hangs; a file above its limit is
 * refused with its size; a parse error is one line that names the file and a position, never the
 * file's text. Limits are stated in README ("Input limits").
 */
import * as fs from 'fs';
import * as path from 'path';
import { sanitizeLine as printable } from '../sanitize';
import { InputError } from './types';

const MiB = 1024 * 1024;

/** Largest file of each kind read, in bytes. */
export const INPUT_LIMITS = {
  /** CloudFormation takes 1 MB templates; CDK writes larger ones only for apps it cannot deploy. */
  template: 32 * MiB,
  /** manifest.json and metadata files carry a creation stack per construct: large apps, large files. */
  manifest: 256 * MiB,
  /** Options files, cdk.json and usage files. */
  config: 4 * MiB,
  baseline: 64 * MiB,
  /** Bundled or user-given catalog and price tables. */
  data: 64 * MiB,
} as const;

const CHUNK = 1 * MiB;

/** Reads a regular file of at most `limitBytes` as UTF-8; anything else is an InputError. */
export function readInputFile(file: string, kind: string, limitBytes: number): string {
  let fd: number;
  try {
    // Non-blocking, so opening a FIFO with no writer returns at once; its type is refused below.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      file,
      code === 'ENOENT' ? `${kind} not found` : `cannot read ${kind} (${code ?? e})`,
    );
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile())
      throw new InputError(file, `${kind} is ${fileType(stat)}, not a regular file`);
    if (stat.size > limitBytes) throw tooLarge(file, kind, stat.size, limitBytes);
    return readBounded(fd, file, kind, limitBytes, stat.size);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, `cannot read ${kind} (${(e as NodeJS.ErrnoException).code ?? e})`);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Files up to this size are read into one buffer kept for the next read: every template of an
 * assembly is decoded from it, and no buffer per file is left for the collector. Larger files get
 * their own buffer, so at most this much stays allocated between runs.
 */
const SCRATCH_BYTES = 1 * MiB;
let scratch: Buffer | undefined;

/**
 * Reads to the end, but never past the limit: a file may grow, or report size 0 (procfs). The
 * buffer is sized by the file's stat, so a regular file is read once into it, without copies.
 */
function readBounded(
  fd: number,
  file: string,
  kind: string,
  limitBytes: number,
  statSize: number,
): string {
  const wanted = Math.min(statSize + 1, limitBytes + 1);
  let buffer =
    wanted <= SCRATCH_BYTES
      ? (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES)).subarray(0, wanted)
      : Buffer.allocUnsafe(wanted);
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      if (total > limitBytes) throw tooLarge(file, kind, limitBytes, limitBytes, 'more than ');
      const grown = Buffer.allocUnsafe(Math.min(Math.max(2 * total, CHUNK), limitBytes + 1));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
    const n = fs.readSync(fd, buffer, total, buffer.length - total, null);
    if (n === 0) break;
    total += n;
  }
  return buffer.toString('utf-8', 0, total);
}

function tooLarge(file: string, kind: string, size: number, limit: number, more = ''): InputError {
  const mib = limit >= MiB ? ` (${limit / MiB} MiB)` : '';
  return new InputError(
    file,
    `${kind} is ${more}${size} bytes, above the limit of ${limit} bytes${mib}`,
  );
}

function fileType(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

/** JSON.parse with a one-line error: the position, and never the quoted text V8 puts in its message. */
export function parseJsonText(text: string, file: string, kind: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `${kind} is not valid JSON (${jsonProblem(e, text)})`);
  }
}

function jsonProblem(e: unknown, text: string): string {
  if (e instanceof RangeError) return 'nesting too deep';
  const message = e instanceof Error ? e.message : String(e);
  if (/end of JSON input/.test(message)) return 'unexpected end of input; is it truncated?';
  const position = /at position (\d+)/.exec(message);
  // V8's own words up to "in JSON", or the token it names; the text it quotes after that is dropped.
  const what = /^(.*?)(?: in JSON| after JSON|, (?:\.\.\.)?".*|$)/s.exec(message)?.[1] ?? '';
  const words = printable(what).slice(0, 80) || 'syntax error';
  if (!position) return words;
  const offset = Number(position[1]);
  if (offset >= text.length) return `${words} at the end of input; is it truncated?`;
  return `${words} at ${lineColumn(text, offset)}`;
}

function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line} column ${offset - start + 1}`;
}

/** Control characters escaped, so a message stays one line and prints no terminal escapes. */
/** YAML (one document) with its errors and warnings folded into one line; aliases bounded. */
export function parseYamlText(text: string, file: string, kind: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('yaml') as typeof import('yaml');
  const problem = (detail: string) => new InputError(file, `${kind} is not valid YAML (${detail})`);
  let doc: import('yaml').Document.Parsed;
  try {
    doc = yaml.parseDocument(text, { logLevel: 'silent' });
  } catch (e) {
    throw problem(e instanceof RangeError ? 'nesting too deep' : 'cannot parse');
  }
  const issues = [...doc.errors, ...doc.warnings];
  if (issues.length > 0) {
    const first = issues[0];
    if (/call stack/i.test(first.message)) throw problem('nesting too deep');
    const where = first.linePos
      ? ` at line ${first.linePos[0].line} column ${first.linePos[0].col}`
      : '';
    const headline = printable(
      first.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, ''),
    );
    const more = issues.length > 1 ? `; ${issues.length - 1} more problem(s)` : '';
    throw problem(`${headline.slice(0, 120)}${where}${more}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw problem(
      e instanceof RangeError
        ? 'nesting too deep'
        : printable((e as Error).message.split('\n')[0]).slice(0, 120),
    );
  }
}

/** A JSON or YAML file, chosen by extension (`.yml`, `.yaml`: YAML; anything else: JSON). */
export function readStructuredFile(file: string, kind: string, limitBytes: number): unknown {
  const text = readInputFile(file, kind, limitBytes);
  return /\.ya?ml$/i.test(file) ? parseYamlText(text, file, kind) : parseJsonText(text, file, kind);
}

/**
 * A path the manifest names (a template, a nested assembly, a metadata file), resolved inside the
 * assembly directory; one that leaves it, directly or through a symbolic link, is refused unread.
 */
export function insideAssembly(
  directory: string,
  relative: unknown,
  manifest: string,
  what: string,
  refuseSpecialFiles = false,
): string {
  const refuse = (why: string) =>
    new InputError(manifest, `${what} ${why}; refused without reading it`);
  if (typeof relative !== 'string' || relative === '') throw refuse('is not a file name');
  if (path.isAbsolute(relative))
    throw refuse('is an absolute path, outside the assembly directory');
  const root = path.resolve(directory);
  const full = path.resolve(root, relative);
  if (!isBelow(root, full)) throw refuse('leaves the assembly directory');
  let real: string;
  try {
    // One realpath(3) call, not a JavaScript lstat per path component.
    real = fs.realpathSync.native(full);
  } catch {
    return full; // missing: reading it reports "not found"
  }
  if (!isBelow(fs.realpathSync.native(root), real))
    throw refuse('links outside the assembly directory');
  // Refused here, with the other path checks, before any file of the assembly is read.
  if (refuseSpecialFiles) {
    const stat = fs.statSync(real);
    if (!stat.isFile()) throw refuse(`is ${fileType(stat)}`);
  }
  return full;
}

function isBelow(root: string, full: string): boolean {
  const rel = path.relative(root, full);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
