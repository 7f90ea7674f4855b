import { CatalogData } from './types';

/**
 * Every `source` named anywhere in a catalog is a key of `sources`, and every fact object that
 * names a source also names the date it was checked (directly, or through its source entry).
 * Returns one line per problem; the build refuses to write a catalog with any.
 */
export function referenceProblems(data: CatalogData): string[] {
  const problems: string[] = [];
  const visit = (value: unknown, at: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${at}/${i}`));
      return;
    }
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const source = record.source;
    if (typeof source === 'string' && at !== '/sources' && !at.startsWith('/sources/')) {
      for (const key of source.split('+')) {
        if (!data.sources[key]) problems.push(`${at}: unknown source "${key}"`);
      }
    }
    for (const [k, v] of Object.entries(record)) visit(v, `${at}/${k}`);
  };
  for (const [k, v] of Object.entries(data)) {
    if (!['sources', 'conflicts', 'layers'].includes(k)) visit(v, `/${k}`);
  }
  return problems;
}
