/**
 * The API layer of the price table: what `cdk-bedrock-lint prices refresh` reads from the AWS Price
 * List (`GetProducts`), one row per on-demand price dimension, normalised but not interpreted. The
 * price build (`lib/pricing/build.ts`) merges it with the reviewed overlay of documented prices.
 * A query that failed is kept with its error: its prices stay as documented, or unknown.
 */

/** One on-demand price dimension of a product. */
export interface PriceApiRow {
  readonly sku: string;
  readonly usagetype: string;
  /** `regionCode` (or `fromRegionCode` for transfer) attribute: the region the price applies to. */
  readonly regionCode?: string;
  /** `toRegionCode` of an inter-region transfer row. */
  readonly toRegionCode?: string;
  /** `location` / `fromLocation` when the row names no region code. */
  readonly location?: string;
  readonly toLocation?: string;
  /** `Hrs`, `GB`, `1K tokens`, ... as the Price List writes it. */
  readonly unit: string;
  readonly usd: number;
  /** Tier start, for tiered prices (`0` for the first tier). */
  readonly beginRange: number;
  readonly description?: string;
}

export type PriceQueryName =
  | 'interRegionTransfer'
  | 'natGateway'
  | 'interfaceEndpoint'
  | 'bedrockCustomization'
  | 'bedrockProvisionedThroughput';

export type PriceApiQuery =
  | { readonly status: 'ok'; readonly pages: number; readonly rows: readonly PriceApiRow[] }
  | { readonly status: 'error'; readonly error: string };

export interface PriceApiLayer {
  /** `YYYY-MM-DD` of the refresh. */
  readonly asOf: string;
  /** What was called, e.g. `@aws-sdk/client-pricing 3.1133.0 GetProducts (us-east-1)`. */
  readonly source: string;
  readonly queries: Readonly<Record<PriceQueryName, PriceApiQuery>>;
}
