import type { ErrorObject } from 'ajv';
import { INPUT_LIMITS } from '../assembly/read-input';
import { readJsonFile } from '../assembly/template';
import { InputError } from '../assembly/types';
import { CatalogData } from './types';

/** The first schema violation of a catalog object, as one line; undefined when it is valid. */
export function catalogProblem(data: unknown): string | undefined {
  // Loaded on use: the bundled catalog is checked at build time, so most runs never validate one.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { validate: validator } =
    require('../generated/catalog-validator') as typeof import('../generated/catalog-validator');
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (validator(data)) return undefined;
  const e = validator.errors![0] as ErrorObject;
  return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`;
}

/** Reads and validates a catalog file (`catalogFile`); bad input is an InputError naming it. */
export function readCatalogFile(file: string): CatalogData {
  const data: unknown = readJsonFile(file, 'catalog file', INPUT_LIMITS.data);
  const problem = catalogProblem(data);
  if (problem) throw new InputError(file, `not a model catalog: ${problem}`);
  return data as CatalogData;
}
