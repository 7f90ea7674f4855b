import { readJsonFile, indexTemplate } from './template';
import { SourceLocation, StackModel } from './types';

export interface StackSource {
  readonly id: string;
  readonly stackName: string;
  readonly region: string | null;
  readonly account: string | null;
  readonly templateFile: string;
  readonly nestedIn?: StackModel['nestedIn'];
  /** logical id -> construct path and the user's source line, from metadata or the construct tree. */
  readonly origins: ReadonlyMap<string, { constructPath: string; location?: SourceLocation }>;
}

/** Reads and indexes one template. The only place templates are parsed. */
export function buildStack(source: StackSource): StackModel {
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

export const UNKNOWN_REGION = 'unknown-region';
export const UNKNOWN_ACCOUNT = 'unknown-account';

export function knownOrNull(value: string | undefined, unknownMarker: string): string | null {
  if (!value || value === unknownMarker || value.startsWith('${')) return null;
  return value;
}
