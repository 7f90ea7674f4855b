import { readJsonFile, indexTemplate, Origin } from './template';
import { InputError, quoteInput, StackModel } from './types';

/** An AWS region code (`us-east-1`, `us-gov-west-1`, `us-isob-east-1`), as the report schema has it. */
export const REGION_CODE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export interface StackSource {
  readonly id: string;
  readonly stackName: string;
  readonly region: string | null;
  readonly account: string | null;
  readonly templateFile: string;
  /** The manifest that states the stack's identity and environment, named when they are broken. */
  readonly manifestFile?: string;
  readonly nestedIn?: StackModel['nestedIn'];
  /** logical id -> construct path and the user's source line, from metadata or the construct tree. */
  readonly origins: ReadonlyMap<string, Origin>;
}

/** Reads and indexes one template. The only place templates are parsed. */
export function buildStack(source: StackSource): StackModel {
  checkIdentity(source);
  const template = readJsonFile(source.templateFile, 'template');
  const parsed = indexTemplate(template, source.templateFile, source.origins);
  return {
    id: source.id,
    stackName: source.stackName,
    region: source.region,
    account: source.account,
    ...(source.nestedIn ? { nestedIn: source.nestedIn } : {}),
    templateFile: source.templateFile,
    ...parsed,
  };
}

/** The stack's name and region reach every report: a manifest with other types or a made-up region is broken. */
function checkIdentity(source: StackSource): void {
  const file = source.manifestFile ?? source.templateFile;
  for (const [what, value] of [
    ['display name', source.id],
    ['stack name', source.stackName],
  ] as const) {
    if (typeof value !== 'string' || value === '')
      throw new InputError(file, `a stack's ${what} is not a string (${quoteInput(value)})`);
  }
  if (
    source.region !== null &&
    (typeof source.region !== 'string' || !REGION_CODE.test(source.region))
  )
    throw new InputError(
      file,
      `stack ${source.id} has the region ${quoteInput(source.region)}, which is not a region code`,
    );
}

export const UNKNOWN_REGION = 'unknown-region';
export const UNKNOWN_ACCOUNT = 'unknown-account';

export function knownOrNull(value: string | undefined, unknownMarker: string): string | null {
  if (!value || value === unknownMarker || value.startsWith('${')) return null;
  return value;
}
