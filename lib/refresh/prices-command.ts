import { InputError } from '../assembly/types';
import { buildPrices } from '../pricing/build';
import { PriceOverlay } from '../pricing/overlay';
import { loadPrices } from '../pricing/prices';
import overlay from '../../data/overlay/prices.json';
import { report, RefreshRun, written } from './output';
import { jsonDifferences } from './diff';
import { readPriceApi } from './prices';
import { writeDated } from './write';

/**
 * Reads the Price List, rebuilds the price table from the bundled overlay and the live API layer,
 * and writes both (or, with `check`, lists how the bundled table differs). Exit 2 when every query
 * failed.
 */
export async function refreshPrices(run: RefreshRun): Promise<number> {
  const api = await readPriceApi({
    now: run.io.now,
    stderr: run.io.stderr,
    clientConfig: run.io.clientConfig,
  });
  const queries = Object.entries(api.queries);
  const failed = queries.filter(([, q]) => q.status === 'error');
  if (failed.length === queries.length) {
    const [name, first] = failed[0] as [string, { error: string }];
    throw new InputError(
      'prices refresh',
      `no Price List query answered (${name}: ${first.error})`,
    );
  }
  const table = buildPrices(overlay as unknown as PriceOverlay, api);
  const summary =
    `${queries.length - failed.length} of ${queries.length} Price List queries answered` +
    (failed.length ? `; unknown: ${failed.map(([n]) => n).join(', ')}` : '');
  if (run.check)
    return report(run, 'prices', jsonDifferences(loadPrices(run.against).data, table), summary);
  const files = [
    writeDated(run.out, 'prices-api-layer', api.asOf, api),
    writeDated(run.out, 'prices', api.asOf, table),
  ];
  written(run.io, files, summary);
  return 0;
}
