import type { Filter, PricingClientConfig } from '@aws-sdk/client-pricing';
import { PriceApiLayer, PriceApiQuery, PriceApiRow, PriceQueryName } from '../pricing/api-layer';
import { errorLine } from './errors';
import { Progress, ProgressStream } from './progress';
import { isoDate, SDK_RETRY, sdkVersion } from './sdk';

export interface PricesRefreshOptions {
  readonly now?: Date;
  readonly stderr?: ProgressStream;
  readonly clientConfig?: Partial<PricingClientConfig>;
}

interface Query {
  readonly serviceCode: string;
  readonly filters: Filter[];
}

const term = (Field: string, Value: string): Filter => ({ Type: 'TERM_MATCH', Field, Value });
const contains = (Field: string, Value: string): Filter => ({ Type: 'CONTAINS', Field, Value });

/** The Price List products behind each price of the table (AWS-FACTS section 4.7). */
export const PRICE_QUERIES: Readonly<Record<PriceQueryName, Query>> = {
  interRegionTransfer: {
    serviceCode: 'AWSDataTransfer',
    filters: [term('transferType', 'InterRegion Outbound')],
  },
  natGateway: { serviceCode: 'AmazonEC2', filters: [term('productFamily', 'NAT Gateway')] },
  interfaceEndpoint: { serviceCode: 'AmazonVPC', filters: [term('productFamily', 'VpcEndpoint')] },
  bedrockCustomization: {
    serviceCode: 'AmazonBedrock',
    filters: [contains('usagetype', 'Customization')],
  },
  bedrockProvisionedThroughput: {
    serviceCode: 'AmazonBedrock',
    filters: [contains('usagetype', 'ProvisionedThroughput')],
  },
};

/** The Price List query API answers in us-east-1 (and ap-south-1) for every region's prices. */
const PRICING_ENDPOINT_REGION = 'us-east-1';

/**
 * Reads every query's products page by page (`NextToken`) with the default credential chain and
 * the SDK's adaptive retries. A query that fails is kept with its error; the others go on.
 */
export async function readPriceApi(options: PricesRefreshOptions = {}): Promise<PriceApiLayer> {
  // The SDK loads here, inside the refresh command only: linting never pays for it.
  const sdk = await import('@aws-sdk/client-pricing');
  const client = new sdk.PricingClient({
    region: PRICING_ENDPOINT_REGION,
    ...SDK_RETRY,
    ...options.clientConfig,
  });
  const names = Object.keys(PRICE_QUERIES) as PriceQueryName[];
  const progress = new Progress('prices refresh', names.length, options.stderr);
  const queries = {} as Record<PriceQueryName, PriceApiQuery>;
  try {
    for (const name of names) {
      queries[name] = await readQuery(sdk, client, PRICE_QUERIES[name]);
      const q = queries[name];
      progress.step(
        `${PRICE_QUERIES[name].serviceCode} ${name}`,
        q.status === 'ok'
          ? `ok (${q.pages} pages, ${q.rows.length} prices)`
          : `unknown (${q.error})`,
      );
    }
  } finally {
    client.destroy();
  }
  return {
    asOf: isoDate(options.now ?? new Date()),
    source: `@aws-sdk/client-pricing ${sdkVersion('@aws-sdk/client-pricing')} GetProducts (${PRICING_ENDPOINT_REGION})`,
    queries,
  };
}

async function readQuery(
  sdk: typeof import('@aws-sdk/client-pricing'),
  client: InstanceType<typeof sdk.PricingClient>,
  query: Query,
): Promise<PriceApiQuery> {
  const rows: PriceApiRow[] = [];
  let pages = 0;
  try {
    for await (const page of sdk.paginateGetProducts(
      { client, pageSize: 100 },
      { ServiceCode: query.serviceCode, Filters: query.filters, FormatVersion: 'aws_v1' },
    )) {
      pages++;
      for (const item of (page.PriceList ?? []) as unknown[]) rows.push(...priceRows(item));
    }
    return { status: 'ok', pages, rows };
  } catch (e) {
    return { status: 'error', error: errorLine(e) };
  }
}

interface PriceListItem {
  readonly product?: { readonly sku?: string; readonly attributes?: Record<string, string> };
  readonly terms?: {
    readonly OnDemand?: Record<
      string,
      {
        readonly priceDimensions?: Record<
          string,
          {
            readonly unit?: string;
            readonly beginRange?: string;
            readonly description?: string;
            readonly pricePerUnit?: { readonly USD?: string };
          }
        >;
      }
    >;
  };
}

/** A Price List item (a JSON string) to one row per on-demand USD price dimension. */
export function priceRows(item: unknown): PriceApiRow[] {
  const parsed = (
    typeof item === 'string' || item instanceof String ? JSON.parse(String(item)) : item
  ) as PriceListItem;
  const attributes = parsed.product?.attributes ?? {};
  const usagetype = attributes.usagetype;
  if (!usagetype) return [];
  const rows: PriceApiRow[] = [];
  for (const offer of Object.values(parsed.terms?.OnDemand ?? {}))
    for (const dim of Object.values(offer.priceDimensions ?? {})) {
      const usd = Number(dim.pricePerUnit?.USD);
      if (dim.pricePerUnit?.USD === undefined || !Number.isFinite(usd)) continue;
      rows.push(
        withoutUndefined({
          sku: parsed.product?.sku ?? '',
          usagetype,
          regionCode: attributes.regionCode ?? attributes.fromRegionCode,
          toRegionCode: attributes.toRegionCode,
          location: attributes.location ?? attributes.fromLocation,
          toLocation: attributes.toLocation,
          unit: dim.unit ?? '',
          usd,
          beginRange: Number(dim.beginRange ?? 0) || 0,
          description: dim.description,
        }),
      );
    }
  return rows;
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
