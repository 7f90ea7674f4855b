import type { ErrorObject } from 'ajv';
import { InputError } from './assembly/types';
import { LintOptions } from './options';
import { parseUsage } from './pricing/usage';
import { RULES, ruleId } from '../rules';
import { validate as validator } from './generated/options-validator';

/**
 * Checks an options object against the schema and the rule list. Any problem is an error
 * naming the option; nothing falls back to defaults silently.
 */
export function validateOptions(options: unknown, source: string): LintOptions {
  if (!validator(options)) throw new InputError(source, describe(validator.errors?.[0]));
  const known = new Set(RULES.flatMap((r) => [r.name, ruleId(r)]));
  for (const name of Object.keys((options as LintOptions).rules ?? {})) {
    if (!known.has(name))
      throw new InputError(
        source,
        `option rules: unknown rule "${name}" (known: ${RULES.map(ruleId).join(', ')})`,
      );
  }
  checkRegionCodes(options as LintOptions, source);
  const usage = (options as LintOptions).usage;
  if (usage !== undefined) parseUsage(usage, 'options.usage', source);
  return options as LintOptions;
}

let knownRegions: Set<string> | undefined;

/** Well-formed but unknown codes (`us-north-7`) are errors too: a typo must not widen a policy. */
function checkRegionCodes(options: LintOptions, source: string): void {
  if (!options.allowedRegions?.length && !Object.keys(options.externalResources ?? {}).length)
    return;
  // aws-cdk-lib's region list costs a tenth of a second to load: only options with regions pay it.
  knownRegions ??= new Set(regionInfo().RegionInfo.regions.map((r) => r.name));
  const check = (option: string, region: string) => {
    if (!knownRegions!.has(region))
      throw new InputError(source, `option ${option}: "${region}" is not a known AWS region`);
  };
  (options.allowedRegions ?? []).forEach((r, i) => check(`allowedRegions.${i}`, r));
  for (const [key, region] of Object.entries(options.externalResources ?? {}))
    check(`externalResources["${key}"]`, region);
}

function regionInfo(): typeof import('aws-cdk-lib/region-info') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('aws-cdk-lib/region-info');
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'invalid options';
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '';
  const option = where ? `option ${where}` : 'options';
  if (error.propertyName)
    return `${option}: key "${error.propertyName}" is not valid (expected s3://bucket or an ARN)`;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where ? `${option}: ` : ''}unknown option "${(error.params as { additionalProperty: string }).additionalProperty}"`;
    case 'pattern':
      return `${option}: "${String(error.data)}" is not a region code (like us-east-1)`;
    case 'propertyNames':
      return `${option}: key "${(error.params as { propertyName: string }).propertyName}" is not valid`;
    case 'enum':
      return `${option}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    default:
      return `${option}: ${error.message}`;
  }
}
