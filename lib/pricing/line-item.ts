import { LineItem } from '../report/types';
import { UnitPrice } from './prices';
import { SourcedQuantity } from './usage';

/** Money is kept to the hundredth of a cent; formats round to cents. */
export function usd(amount: number): number {
  return Math.round(amount * 10_000) / 10_000;
}

/** `quantity x unit price`, monthly or one-time; unknown when either part is unknown. */
export function lineItem(
  description: string,
  quantity: SourcedQuantity | null,
  unit: string,
  price: UnitPrice | null,
  key: string,
  period: 'monthly' | 'one-time' = 'monthly',
): LineItem {
  const amount = quantity && price ? usd(quantity.value * price.usd) : null;
  return {
    description,
    quantity: quantity ? usd(quantity.value) : null,
    unit,
    unitPriceUsd: price?.usd ?? null,
    monthlyUsd: period === 'monthly' ? amount : null,
    oneTimeUsd: period === 'one-time' ? amount : null,
    source: quantity?.source ?? 'no volume given (add it to the usage file)',
    priceSource: price?.source ?? null,
    key,
    countedIn: null,
  };
}

/** A free item (a gateway endpoint): priced at zero, with why. */
export function freeItem(
  description: string,
  quantity: SourcedQuantity | null,
  unit: string,
  why: string,
  key: string,
): LineItem {
  return lineItem(description, quantity, unit, { usd: 0, source: why }, key);
}

/** Product of several sourced quantities (tokens x epochs x runs), naming each source. */
export function product(
  parts: readonly (SourcedQuantity | null)[],
  scale = 1,
): SourcedQuantity | null {
  if (parts.some((p) => p === null)) return null;
  const known = parts as SourcedQuantity[];
  return {
    value: known.reduce((acc, p) => acc * p.value, 1) * scale,
    source: known.map((p) => p.source).join('; '),
  };
}

export function sum(items: readonly LineItem[], field: 'monthlyUsd' | 'oneTimeUsd'): number {
  return usd(items.reduce((acc, i) => acc + (i[field] ?? 0), 0));
}

/** Whether every item has both its quantity and its price. */
export function complete(items: readonly LineItem[]): boolean {
  return items.every((i) => i.quantity !== null && i.unitPriceUsd !== null);
}
