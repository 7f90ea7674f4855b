/**
 * `npm run build:data`: writes the bundled catalog `data/model-catalog.json` from the reviewed
 * overlay (`data/overlay/*.yaml`) and, with `--api <file>`, an API layer that `catalog refresh`
 * wrote. The bundled file is never edited by hand; test/catalog/build.test.ts checks it is fresh.
 */
import * as fs from 'fs';
import * as path from 'path';
import { format, resolveConfig } from 'prettier';
import { ApiLayer } from '../lib/catalog/api-layer';
import { buildCatalog } from '../lib/catalog/build';
import { readOverlay } from '../lib/catalog/overlay';
import { catalogProblem } from '../lib/catalog/validate';

async function main(argv: string[]): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const apiAt = argv.indexOf('--api');
  const outAt = argv.indexOf('--out');
  const api =
    apiAt >= 0 ? (JSON.parse(fs.readFileSync(argv[apiAt + 1]!, 'utf-8')) as ApiLayer) : undefined;
  const out = outAt >= 0 ? argv[outAt + 1]! : path.join(root, 'data', 'model-catalog.json');
  const catalog = buildCatalog(readOverlay(path.join(root, 'data', 'overlay')), api);
  const problem = catalogProblem(catalog);
  if (problem) throw new Error(`built catalog fails schema/catalog.schema.json: ${problem}`);
  const style = await resolveConfig(out);
  const text = await format(JSON.stringify(catalog), { ...style, parser: 'json', filepath: out });
  fs.writeFileSync(out, text);
  const eol = catalog.knownModelIds.eol.length;
  process.stdout.write(
    `${path.relative(process.cwd(), out)}: ${catalog.models.length} models, ${catalog.profiles.length} profiles, ` +
      `${catalog.knownModelIds.ids.length} known ids (${eol} end-of-life), ${catalog.conflicts.length} conflicts, ` +
      `as of ${catalog.asOf}${api ? ` (API layer ${api.asOf})` : ' (overlay only)'}\n`,
  );
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`build-data: ${e.message.split('\n')[0]}\n`);
  process.exit(2);
});
