import * as path from 'path';
import { buildCatalog } from '../catalog/build';
import { loadCatalog } from '../catalog/catalog';
import { overlayOf } from '../catalog/overlay';
import { catalogProblem, readCatalogFile } from '../catalog/validate';
import { RefreshIo } from './io';
import { readCatalogApi } from './catalog';
import { compact, jsonDifferences } from './diff';
import { commercialRegions } from './regions';
import { writeDated } from './write';

export interface RefreshRun {
  readonly out: string;
  readonly check: boolean;
  /** With `check`: the refreshed file to compare instead of the bundled data. */
  readonly against?: string;
  readonly io: RefreshIo;
}

/**
 * Reads the Bedrock APIs, rebuilds the catalog from the bundled overlay and the live API layer, and
 * writes both (or, with `check`, lists how the bundled catalog differs). Exit 2 when no region
 * answered at all: that is a credentials problem, not a catalog.
 */
export async function refreshCatalog(run: RefreshRun & { regions?: string[] }): Promise<number> {
  const regions = run.regions ?? commercialRegions();
  const api = await readCatalogApi({
    regions,
    now: run.io.now,
    stderr: run.io.stderr,
    clientConfig: run.io.clientConfig,
  });
  const failed = Object.entries(api.regions).filter(([, r]) => r.status === 'error');
  if (failed.length === regions.length) {
    const [region, first] = failed[0] as [string, { error: string }];
    run.io.stderr.write(
      `cdk-bedrock-lint: catalog refresh: no region answered (${region}: ${first.error})\n`,
    );
    return 2;
  }
  // The reviewed overlay is always the bundled one (the YAML is not shipped; the bundled catalog
  // is built from it alone), so a refreshed file compares with what today's data and AWS give.
  const bundled = loadCatalog().data;
  const base = run.check && run.against ? readCatalogFile(run.against) : bundled;
  const catalog = buildCatalog(overlayOf(bundled), api);
  const problem = catalogProblem(catalog);
  if (problem)
    throw new Error(`the refreshed catalog fails schema/catalog.schema.json: ${problem}`);
  const unknown = failed.map(([r]) => r);
  const summary =
    `${regions.length - unknown.length} of ${regions.length} regions answered` +
    (unknown.length ? `; unknown: ${unknown.join(', ')}` : '');
  if (run.check) return report(run.io, 'catalog', jsonDifferences(base, catalog), summary);
  const files = [
    writeDated(run.out, 'bedrock-api-layer', api.asOf, api),
    writeDated(run.out, 'model-catalog', api.asOf, catalog),
  ];
  written(run.io, files, summary);
  return 0;
}

/** `--check`: the differences, compactly, and exit 1 when there are any. */
export function report(
  io: RefreshIo,
  what: 'catalog' | 'prices',
  differences: readonly string[],
  summary: string,
): number {
  if (differences.length === 0) {
    io.stdout(`${what} refresh --check: the bundled ${what} data matches AWS (${summary}).\n`);
    return 0;
  }
  io.stdout(
    `${what} refresh --check: ${differences.length} difference(s) between the bundled ${what} data and AWS (${summary}):\n` +
      compact(differences)
        .map((d) => `  ${d}\n`)
        .join(''),
  );
  return 1;
}

export function written(io: RefreshIo, files: readonly string[], summary: string): void {
  const shown = files.map((f) => path.relative(io.cwd, f) || f);
  io.stdout(`${summary}\nwrote ${shown.join(', ')}\n`);
}
