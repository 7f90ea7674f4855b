import * as fs from 'fs';
import * as path from 'path';
import { INPUT_LIMITS, readStructuredFile } from './assembly/read-input';
import { InputError } from './assembly/types';
import { LintOptions } from './options';
import { validateOptions } from './options-schema';
import { RULE_PREFIX } from '../rules/rule';

export const CONTEXT_KEY = 'cdk-bedrock-lint';

/** One source of options, with the name `--print-config` shows for the values it gives. */
export interface OptionLayer {
  /** `cdk.json context "cdk-bedrock-lint"`, `--config lint.yaml`, `--fail-on`. */
  readonly source: string;
  readonly options: LintOptions;
}

/** A value of the merged options, at its key path (`rules`, `CustomizationCost`), with its source. */
export interface OptionOrigin {
  readonly path: readonly string[];
  readonly source: string;
}

export interface MergedOptions {
  readonly options: LintOptions;
  /** Where each leaf value came from; objects merge, so their keys can come from several sources. */
  readonly origins: readonly OptionOrigin[];
}

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges layers in order, later winning, key by key at every depth: objects (`rules`, `usage`
 * and its entries, `externalResources`) merge; arrays (`allowedRegions`) and scalars replace.
 * Rule keys are compared by name, so `BedrockRegions-X` in one layer overrides `X` in another.
 */
export function mergeOptions(layers: readonly OptionLayer[]): MergedOptions {
  const normalized = layers.map((l) => ({ ...l, options: normalizeRules(l.options) as Plain }));
  const merged: Plain = {};
  for (const layer of normalized) deepMerge(merged, layer.options);
  const origins = leaves(merged).map((at) => ({
    path: at,
    source: [...normalized].reverse().find((l) => valueAt(l.options, at) !== undefined)!.source,
  }));
  return { options: merged as LintOptions, origins };
}

function deepMerge(target: Plain, source: Plain): void {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (isPlain(value)) {
      const own = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
      if (!isPlain(own)) define(target, key, {});
      deepMerge(target[key] as Plain, value);
    } else define(target, key, value);
  }
}

/** Own data properties only: a `__proto__` key in a config file stays a key, never a prototype. */
function define(target: Plain, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function leaves(value: Plain, at: string[] = []): string[][] {
  return Object.entries(value).flatMap(([key, v]) =>
    isPlain(v) && Object.keys(v).length > 0 ? leaves(v, [...at, key]) : [[...at, key]],
  );
}

export function valueAt(value: unknown, at: readonly string[]): unknown {
  let current = value;
  for (const key of at) {
    if (!isPlain(current) || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

function normalizeRules(options: LintOptions): LintOptions {
  if (!options.rules) return options;
  const rules: Plain = {};
  for (const [name, level] of Object.entries(options.rules))
    define(rules, name.startsWith(RULE_PREFIX) ? name.slice(RULE_PREFIX.length) : name, level);
  return { ...options, rules: rules as LintOptions['rules'] };
}

/**
 * The `cdk-bedrock-lint` context value: an object from `cdk.json`, or a JSON string when given as
 * `cdk synth -c cdk-bedrock-lint='{...}'`. Undefined when absent; validated either way.
 */
export function contextOptions(value: unknown, source: string): LintOptions | undefined {
  if (value === undefined) return undefined;
  let options = value;
  if (typeof value === 'string') {
    try {
      options = JSON.parse(value);
    } catch (e) {
      throw new InputError(source, `not valid JSON (${firstLine((e as Error).message)})`);
    }
  }
  return withoutSchemaKey(validateOptions(options, source));
}

/** Options from the `cdk-bedrock-lint` key of `cdk.json` context in `cwd`, if any. */
export function cdkJsonLayer(cwd: string): OptionLayer | undefined {
  const cdkJson = path.join(cwd, 'cdk.json');
  if (!fs.existsSync(cdkJson)) return undefined;
  const parsed = parseConfigFile(cdkJson) as { context?: Record<string, unknown> } | null;
  const source = `cdk.json (context "${CONTEXT_KEY}")`;
  const options = contextOptions(parsed?.context?.[CONTEXT_KEY], source);
  return options && { source, options };
}

/** Options from `--config FILE` (JSON or YAML); `$schema` is for editors and is dropped. */
export function configFileLayer(file: string, cwd: string): OptionLayer {
  const full = path.resolve(cwd, file);
  const shown = displayPath(full, cwd);
  return {
    source: `--config ${shown}`,
    options: withoutSchemaKey(validateOptions(parseConfigFile(full), shown)),
  };
}

function withoutSchemaKey(options: LintOptions): LintOptions {
  if (!('$schema' in options)) return options;
  const { $schema: _schema, ...rest } = options as LintOptions & { $schema?: string };
  return rest;
}

/** A path as users should see it: relative to the working directory, never the machine's root. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return (relative || '.').split(path.sep).join('/');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}
/** A JSON or YAML file (by extension); unreadable or malformed input is an error naming the file. */
export function parseConfigFile(file: string, kind = 'config file'): unknown {
  return readStructuredFile(file, kind, INPUT_LIMITS.config);
}
