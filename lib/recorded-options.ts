import * as fs from 'fs';
import * as path from 'path';
import { InputError } from './assembly/types';
import { displayPath, OptionLayer } from './config';
import { LintOptions } from './options';
import { validateOptions } from './options-schema';
import { TOOL_VERSION } from './version';
import { INPUT_LIMITS, parseJsonText, readInputFile } from './assembly/read-input';

/**
 * The file in the cloud assembly where the plugin records the options it ran with, so the CLI on
 * the same `cdk.out` applies them. A file beside CDK's own `validation-report.json` rather than
 * stack metadata: the plugin's options are known only once it runs, and stacks of nested Stages are
 * synthesized before any aspect of the app could tag them.
 */
export const RECORDED_OPTIONS_FILE = 'cdk-bedrock-lint.options.json';

interface RecordedFile {
  readonly tool: { readonly name: string; readonly version: string };
  readonly options: LintOptions;
}

/**
 * Keeps what is data: strings, finite numbers, booleans, null, arrays and plain objects. Functions,
 * constructs and other class instances given to the plugin in code are dropped, not recorded.
 */
export function dataOnly(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) return value.map(dataOnly).filter((v) => v !== undefined);
  if (typeof value !== 'object') return undefined;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const kept = dataOnly(v);
    if (kept !== undefined)
      Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true });
  }
  return out;
}

/** Writes the record into the assembly directory; leaves an identical one untouched. */
export function recordOptions(assemblyDir: string, options: LintOptions): void {
  const record: RecordedFile = {
    tool: { name: 'cdk-bedrock-lint', version: TOOL_VERSION },
    options: dataOnly(options) as LintOptions,
  };
  const file = path.join(assemblyDir, RECORDED_OPTIONS_FILE);
  const text = `${JSON.stringify(record, null, 2)}\n`;
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf-8') === text) return;
  fs.writeFileSync(file, text);
}

/** Removes a record left by an earlier synth, so a run that records nothing leaves no stale options. */
export function forgetOptions(assemblyDir: string): void {
  fs.rmSync(path.join(assemblyDir, RECORDED_OPTIONS_FILE), { force: true });
}

/**
 * The options recorded in an assembly: in its directory, or, for a nested Stage assembly
 * (`cdk.out/assembly-Prod`), in the app's assembly around it.
 */
export function recordedOptionsLayer(assemblyDir: string, cwd: string): OptionLayer | undefined {
  let dir = path.resolve(cwd, assemblyDir);
  for (;;) {
    const file = path.join(dir, RECORDED_OPTIONS_FILE);
    if (fs.existsSync(file)) return readRecord(file, cwd);
    const parent = path.dirname(dir);
    if (
      !path.basename(dir).startsWith('assembly-') ||
      !fs.existsSync(path.join(parent, 'manifest.json'))
    )
      return undefined;
    dir = parent;
  }
}

function readRecord(file: string, cwd: string): OptionLayer {
  const shown = displayPath(file, cwd);
  let record: unknown;
  try {
    const what = 'options record';
    record = parseJsonText(readInputFile(file, what, INPUT_LIMITS.config), file, what);
  } catch (e) {
    throw e instanceof InputError ? new InputError(shown, e.problem) : e;
  }
  const options = (record as Partial<RecordedFile> | null)?.options;
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new InputError(shown, 'not an options record: no "options" object');
  return {
    source: `assembly ${shown} (recorded by the plugin)`,
    options: validateOptions(options, `${shown} (options recorded by the plugin)`),
  };
}
