import { LineItem } from './types';

/** `$1,234.56`; amounts between zero and a cent show as `<$0.01` rather than `$0.00`. */
export function formatUsd(amount: number | null): string {
  if (amount === null) return 'unknown';
  if (amount > 0 && amount < 0.005) return '<$0.01';
  const [whole, cents] = Math.abs(amount).toFixed(2).split('.');
  return `${amount < 0 ? '-' : ''}$${grouped(whole)}.${cents}`;
}

/** `1,234,567`: thousands separators without `toLocaleString`, which costs milliseconds per call. */
function grouped(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `+$45.00` / `-$12.00`: a difference. */
export function formatDelta(amount: number): string {
  return amount >= 0 ? `+${formatUsd(amount)}` : formatUsd(amount);
}

/** `1,000 GB x $0.02`: a line item's arithmetic, with unknown parts named. */
export function formatQuantity(
  quantity: number | null,
  unit: string,
  unitPriceUsd: number | null,
): string {
  let q = `? ${unit}`;
  if (quantity !== null) {
    const [whole, fraction] = String(Math.round(quantity * 10_000) / 10_000).split('.');
    q = `${grouped(whole)}${fraction ? `.${fraction}` : ''} ${unit}`;
  }
  const p = unitPriceUsd === null ? 'unknown price' : `$${unitPriceUsd}`;
  return `${q} x ${p}`;
}

/** `description: 1,000 GB x $0.02 = $20.00 a month [quantity: ...; price: ...]`, the same in every format. */
export function lineItemText(item: LineItem): string {
  const amount =
    item.countedIn !== null
      ? 'counted in another finding'
      : item.oneTimeUsd !== null
        ? `${formatUsd(item.oneTimeUsd)} one-time`
        : item.monthlyUsd !== null
          ? `${formatUsd(item.monthlyUsd)} a month`
          : 'unknown';
  return `${item.description}: ${formatQuantity(item.quantity, item.unit, item.unitPriceUsd)} = ${amount} [quantity: ${item.source}; price: ${item.priceSource ?? 'not in the price table'}]`;
}
