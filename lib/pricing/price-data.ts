/** How far a price can be trusted; shown beside every line item. */
export type Confidence = 'price-list' | 'aws-docs' | 'aws-example' | 'third-party' | 'unverified';

export interface Sourced {
  readonly source: string;
  readonly confidence: Confidence;
}

export interface Tier {
  readonly upToGb: number | null;
  readonly usdPerGb: number;
}

/** A region no source prices: the reason, never a neighbour's rate. */
export interface UnknownPrice {
  readonly reason: string;
}

/** A model's prices in one region, as the AWS Price List gives them. */
export interface RegionalModelPrices extends Sourced {
  readonly trainingUsdPer1kTokens?: number;
  readonly provisionedUsdPerModelUnitHour?: number;
  readonly storageUsdPerModelMonth?: number;
}

export interface BedrockModelPrices extends Sourced {
  readonly trainingUsdPer1kTokens: number | null;
  readonly provisionedUsdPerModelUnitHour: number | null;
  readonly inputUsdPer1kTokens?: number;
  readonly outputUsdPer1kTokens?: number;
  readonly onDemandSource?: string;
  /** What the training price is per, and how that was checked or derived. */
  readonly trainingBasis?: string;
  /** End-of-life models: their prices stay for the record but no estimate uses them. */
  readonly obsolete?: { readonly reason: string; readonly source: string };
  readonly byRegion?: Readonly<Record<string, RegionalModelPrices>>;
  readonly note?: string;
}

export interface PriceSource {
  readonly title: string;
  readonly url: string | null;
  readonly verifyAt?: string;
  /** The date the source states (`YYYY-MM-DD` or `YYYY-MM`), null when it states none. */
  readonly published?: string | null;
  /** When the source was last checked against the table. */
  readonly checked?: string;
}

/** A price two sources disagree on: recorded, with the one the table keeps. */
export interface PriceConflict {
  readonly path: string;
  readonly overlay: number | null;
  readonly api: number;
  readonly kept: 'api' | 'overlay';
  readonly note?: string;
}

/** Shape of `data/prices.json` (schema/prices.schema.json). */
export interface PriceData {
  readonly asOf: string;
  readonly currency: 'USD';
  readonly description?: string;
  readonly sources: Readonly<Record<string, PriceSource>>;
  /** The layers the table was built from: the overlay's check date, the API refresh if any. */
  readonly layers?: {
    readonly overlay: string;
    readonly api: {
      readonly asOf: string;
      readonly source: string;
      readonly errors: Readonly<Record<string, string>>;
    } | null;
  };
  readonly conflicts?: readonly PriceConflict[];
  readonly interRegionTransfer: {
    readonly note?: string;
    readonly fromRegion: Readonly<Record<string, Sourced & { readonly usdPerGb: number }>>;
    readonly pairs: readonly (Sourced & {
      readonly from: string;
      readonly to: string;
      readonly usdPerGb: number;
    })[];
    readonly unknown?: Readonly<Record<string, UnknownPrice>>;
  };
  readonly internetEgress: {
    readonly note?: string;
    readonly freeGbPerMonth: number;
    readonly fromRegion: Readonly<Record<string, Sourced & { readonly tiers: readonly Tier[] }>>;
  };
  readonly natGateway: {
    readonly note?: string;
    readonly noteSource?: string;
    readonly byRegion: Readonly<
      Record<string, Sourced & { readonly usdPerHour: number; readonly usdPerGb: number }>
    >;
    readonly unknown?: Readonly<Record<string, UnknownPrice>>;
  };
  readonly interfaceEndpoint: {
    readonly note?: string;
    readonly byRegion: Readonly<
      Record<string, Sourced & { readonly usdPerAzHour: number; readonly usdPerGb: number }>
    >;
    readonly unknown?: Readonly<Record<string, UnknownPrice>>;
  };
  /** Not priced by the estimates yet; kept with its sources. */
  readonly s3Replication?: {
    readonly note?: string;
    readonly putRequestsPerObject: Sourced & { readonly value: number };
    readonly replicationTimeControl?: { readonly unknown: UnknownPrice };
  };
  readonly bedrock: {
    readonly note?: string;
    readonly customModelStorage: Sourced & { readonly usdPerModelMonth: number };
    readonly models: Readonly<Record<string, BedrockModelPrices>>;
  };
}
