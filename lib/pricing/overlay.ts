import { BedrockModelPrices, PriceData, PriceSource } from './price-data';

/** How a model's training price was measured, when no per-trained-token rate is published. */
export interface TrainingDerivation {
  readonly billedUsd: number;
  readonly corpusTokens: number;
  readonly epochs: number;
}

/** A model's usage-type family in the AWS Price List, without the region prefix. */
export interface PriceListMapping {
  /** The region whose Price List rate becomes the model's headline rate. */
  readonly region: string;
  readonly training?: string;
  readonly storage?: string;
  readonly provisioned?: string;
}

export type OverlayModel = Omit<BedrockModelPrices, 'trainingUsdPer1kTokens' | 'byRegion'> & {
  readonly trainingUsdPer1kTokens?: number | null;
  readonly trainingDerivation?: TrainingDerivation;
  readonly priceList?: PriceListMapping;
};

/** Shape of `data/overlay/prices.json`: documented prices, each naming a source with its dates. */
export type PriceOverlay = Omit<PriceData, 'asOf' | 'layers' | 'conflicts' | 'bedrock'> & {
  readonly checked: string;
  readonly sources: Readonly<Record<string, PriceSource & { readonly checked: string }>>;
  readonly bedrockRegions: { readonly regions: readonly string[]; readonly source: string };
  readonly bedrock: Omit<PriceData['bedrock'], 'models'> & {
    readonly priceListNote?: string;
    readonly models: Readonly<Record<string, OverlayModel>>;
  };
};
