import { Catalog } from '../catalog/catalog';
import { PriceTable } from './prices';
import { Usage } from './usage';

/** What the pricing stage reads besides the findings. */
export interface PricingContext {
  readonly prices: PriceTable;
  readonly usage: Usage;
  readonly catalog: Catalog;
  /** Construct path of a resource of the app, for usage lookups and names. */
  pathOf(resource: { readonly stackId: string; readonly logicalId: string }): string | null;
}
