import * as fs from 'fs';
import * as path from 'path';
import { InputError } from './assembly/types';
import { LintOptions } from './options';
import { validateOptions } from './options-schema';

export const CONTEXT_KEY = 'cdk-bedrock-lint';

/** Options from `--config FILE` (JSON or YAML), else from the `cdk-bedrock-lint` key of `cdk.json` context. */
export function loadConfig(file: string | undefined, cwd: string): LintOptions {
  if (file) {
    const full = path.resolve(cwd, file);
    return validateOptions(parseConfigFile(full), full);
  }
  const cdkJson = path.join(cwd, 'cdk.json');
  if (!fs.existsSync(cdkJson)) return {};
  const parsed = parseConfigFile(cdkJson) as { context?: Record<string, unknown> } | null;
  const options = parsed?.context?.[CONTEXT_KEY];
  return options === undefined
    ? {}
    : validateOptions(options, `${cdkJson} (context "${CONTEXT_KEY}")`);
}

/** A JSON or YAML file (by extension); unreadable or malformed input is an error naming the file. */
export function parseConfigFile(file: string, kind = 'config file'): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      file,
      code === 'ENOENT' ? `${kind} not found` : `cannot read ${kind} (${code})`,
    );
  }
  try {
    if (/\.ya?ml$/i.test(file)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const yaml = require('yaml') as typeof import('yaml');
      return yaml.parse(text, { maxAliasCount: 100 });
    }
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(
      file,
      `not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'} (${(e as Error).message.split('\n')[0]})`,
    );
  }
}
