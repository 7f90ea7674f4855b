/**
 * Builds data/prices.json from its two layers: the reviewed overlay data/overlay/prices.json and,
 * when given, a Price List API layer written by `cdk-bedrock-lint prices refresh`.
 *   npm run build:prices [-- --api prices-api-layer-YYYY-MM-DD.json]
 */
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'prettier';
import { PriceApiLayer } from '../lib/pricing/api-layer';
import { buildPrices } from '../lib/pricing/build';
import { PriceOverlay } from '../lib/pricing/overlay';

async function main(argv: string[]): Promise<void> {
  const root = path.join(__dirname, '..');
  const overlay = readJson<PriceOverlay>(path.join(root, 'data/overlay/prices.json'));
  const at = argv.indexOf('--api');
  const api = at >= 0 ? readJson<PriceApiLayer>(path.resolve(argv[at + 1])) : undefined;
  const table = buildPrices(overlay, api);
  const text = await format(JSON.stringify(table), { parser: 'json' });
  fs.writeFileSync(path.join(root, 'data/prices.json'), text);
  process.stderr.write(
    `data/prices.json: built from the overlay (checked ${overlay.checked})` +
      `${api ? ` and the API layer of ${api.asOf}` : ', no API layer'}\n`,
  );
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf-8')) as T;
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`build-prices: ${e.message}\n`);
  process.exitCode = 2;
});
