import { InputError } from '../assembly/types';
import { buildCatalog } from '../catalog/build';
import { loadCatalog } from '../catalog/catalog';
import { overlayOf } from '../catalog/overlay';
import { catalogProblem, readCatalogFile } from '../catalog/validate';
import { readCatalogApi } from './catalog';
import { jsonDifferences } from './diff';
import { report, RefreshRun, written } from './output';
import { commercialRegions } from './regions';
import { writeDated } from './write';

/**
 * Reads the Bedrock APIs, rebuilds the catalog from the bundled overlay and the live API layer, and
 * writes both (or, with `check`, lists how the bundled catalog differs). No region answering at
 * all is an input error (exit 2): credentials or network, not a catalog.
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
    throw new InputError('catalog refresh', `no region answered (${region}: ${first.error})`);
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
  if (run.check) return report(run, 'catalog', jsonDifferences(base, catalog), summary);
  const files = [
    writeDated(run.out, 'bedrock-api-layer', api.asOf, api),
    writeDated(run.out, 'model-catalog', api.asOf, catalog),
  ];
  written(run.io, files, summary);
  return 0;
}
