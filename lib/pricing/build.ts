import { PriceApiLayer, PriceQueryName } from './api-layer';
import { fromApi } from './build-api';
import { OverlayModel, PriceOverlay, TrainingDerivation } from './overlay';
import { BedrockModelPrices, PriceData, UnknownPrice } from './price-data';

const DESCRIPTION =
  'List prices in USD used by the estimates, built by `npm run build:prices` from the reviewed overlay ' +
  'data/overlay/prices.json and, after `cdk-bedrock-lint prices refresh`, the AWS Price List API layer ' +
  '(never edited by hand). Every entry names a key of `sources` and a confidence: `price-list`, ' +
  '`aws-docs`, `aws-example`, `third-party` or `unverified`. A region no source prices has an ' +
  '`unknown` entry with the reason; end-of-life models are marked `obsolete` and no estimate uses them.';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Builds the price table from the reviewed overlay and, when a refresh has run, the Price List API
 * layer. A Price List rate beats a documented one, and every disagreement is recorded in
 * `conflicts`. Every region Bedrock serves gets a transfer, NAT gateway and interface endpoint price
 * or an explicit unknown entry saying why; no region borrows a neighbour's rate.
 */
export function buildPrices(overlay: PriceOverlay, api?: PriceApiLayer): PriceData {
  const {
    checked,
    description,
    bedrockRegions,
    bedrock: { priceListNote, models, ...bedrock },
    ...rest
  } = overlay;
  void [priceListNote, description];
  const table: Mutable<PriceData> = {
    asOf: api && api.asOf > checked ? api.asOf : checked,
    ...structuredClone(rest),
    description: DESCRIPTION,
    layers: { overlay: checked, api: api ? apiSummary(api) : null },
    conflicts: [],
    bedrock: { ...structuredClone(bedrock), models: overlayModels(models) },
  };
  if (api) fromApi(table, api, models);
  markUnknown(table, bedrockRegions.regions, api);
  return table;
}

function apiSummary(api: PriceApiLayer): NonNullable<PriceData['layers']>['api'] {
  const errors: Record<string, string> = {};
  for (const [name, q] of Object.entries(api.queries))
    if (q.status === 'error') errors[name] = q.error;
  return { asOf: api.asOf, source: api.source, errors };
}

function overlayModels(
  models: Readonly<Record<string, OverlayModel>>,
): Record<string, BedrockModelPrices> {
  const out: Record<string, BedrockModelPrices> = {};
  for (const [id, m] of Object.entries(models)) {
    const { trainingDerivation, priceList, ...entry } = structuredClone(m);
    void priceList;
    const derived = trainingDerivation ? derive(trainingDerivation) : undefined;
    out[id] = {
      ...entry,
      trainingUsdPer1kTokens: derived?.usd ?? entry.trainingUsdPer1kTokens ?? null,
      provisionedUsdPerModelUnitHour: entry.provisionedUsdPerModelUnitHour ?? null,
      ...(derived ? { trainingBasis: derived.basis } : {}),
    };
  }
  return out;
}

/** Billed USD over trained tokens (corpus tokens x epochs), per 1K, to the billed figure's precision. */
export function derive(d: TrainingDerivation): { usd: number; basis: string } {
  const trained = d.corpusTokens * d.epochs;
  const usd = Number(((d.billedUsd / trained) * 1000).toPrecision(3));
  return {
    usd,
    basis:
      `Per 1K trained tokens (corpus tokens x epochs), derived: $${d.billedUsd} billed for ` +
      `${d.corpusTokens.toLocaleString('en-US')} corpus tokens x ${d.epochs} epochs = ` +
      `${trained.toLocaleString('en-US')} trained tokens, so $${usd} per 1K trained tokens ` +
      `(the same bill is $${Number(((d.billedUsd / d.corpusTokens) * 1000).toPrecision(2))} per 1K corpus tokens at ${d.epochs} epochs).`,
  };
}

const UNKNOWN_KINDS = ['interRegionTransfer', 'natGateway', 'interfaceEndpoint'] as const;

function markUnknown(
  table: Mutable<PriceData>,
  regions: readonly string[],
  api: PriceApiLayer | undefined,
): void {
  const priced = {
    interRegionTransfer: table.interRegionTransfer.fromRegion,
    natGateway: table.natGateway.byRegion,
    interfaceEndpoint: table.interfaceEndpoint.byRegion,
  };
  for (const kind of UNKNOWN_KINDS) {
    const documented = table[kind].unknown ?? {};
    const unknown: Record<string, UnknownPrice> = {};
    for (const region of new Set([...regions, ...Object.keys(documented)])) {
      if (priced[kind][region]) continue; // a price (from the Price List) ends a documented unknown
      const why = documented[region]?.reason;
      const refresh = apiSentence(api, kind, region);
      unknown[region] = {
        reason: why
          ? `${why}${api ? ` ${refresh}` : ''}`
          : `No price: ${refresh.charAt(0).toLowerCase()}${refresh.slice(1, -1)}, and no documented price was found for ${region}; a neighbouring region's rate is not borrowed.`,
      };
    }
    (table as Record<typeof kind, unknown>)[kind] = { ...table[kind], unknown: sortKeys(unknown) };
  }
}

function apiSentence(
  api: PriceApiLayer | undefined,
  query: PriceQueryName,
  region: string,
): string {
  const q = api?.queries[query];
  if (!q) return 'No Price List refresh went into this table.';
  return q.status === 'error'
    ? `The Price List query failed (${q.error}).`
    : `The Price List refresh of ${api!.asOf} returned no row for ${region}.`;
}

export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
