import { memoized } from '../collections';
import { LineItem } from './types';

/**
 * A report amount: finite, because inputs are checked (usage, config and baseline quantities are
 * finite and bounded) and arithmetic on finite bounded numbers stays finite. A non-finite value
 * here is a bug, never something to print as `$Infinity` or `$NaN`.
 */
function assertFinite(value: number, what: string): void {
  if (!Number.isFinite(value))
    throw new Error(`${what} is ${value}: a report amount must be finite`);
}

/** `$1,234.56`; amounts between zero and a cent show as `<$0.01` rather than `$0.00`. */
export function formatUsd(amount: number | null): string {
  return amount === null ? 'unknown' : usdText(amount);
}

// A report repeats a few amounts, quantities and prices thousands of times: each is formatted once.
const usdText = memoized((amount: number) => {
  assertFinite(amount, 'amount');
  if (amount > 0 && amount < 0.005) return '<$0.01';
  const abs = Math.abs(amount);
  // toFixed switches to `1e+21` notation; above 1e13 cents are below a double's precision anyway.
  const [whole, cents] =
    abs < 1e13 ? abs.toFixed(2).split('.') : [BigInt(Math.round(abs)).toString(), '00'];
  const zero = whole === '0' && cents === '00';
  return `${amount < 0 && !zero ? '-' : ''}$${grouped(whole)}.${cents}`;
});

/** A number in plain digits (no exponent), at most `decimals` decimals, trailing zeros dropped. */
function plain(value: number, decimals: number): string {
  assertFinite(value, 'quantity');
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  if (abs >= 1e15) return `${sign}${grouped(BigInt(Math.round(abs)).toString())}`;
  const [whole, fraction = ''] = abs.toFixed(decimals).split('.');
  const digits = fraction.replace(/0+$/, '');
  return `${sign}${grouped(whole)}${digits ? `.${digits}` : ''}`;
}

const quantityText = memoized((quantity: number) => plain(quantity, 4));
// Prices per token are millionths of a dollar: plain digits, never `$1e-7`.
const priceText = memoized((price: number) => `$${plain(price, 12).replace(/,/g, '')}`);

/** `1,234,567`: thousands separators without `toLocaleString`, which costs milliseconds per call. */
function grouped(digits: string): string {
  return digits.length > 3 ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : digits;
}

/** `+$45.00` / `-$12.00`: a difference. */
export function formatDelta(amount: number): string {
  assertFinite(amount, 'difference');
  return amount >= 0 ? `+${formatUsd(amount)}` : formatUsd(amount);
}

/** `1,000 GB x $0.02`: a line item's arithmetic, with unknown parts named. */
export function formatQuantity(
  quantity: number | null,
  unit: string,
  unitPriceUsd: number | null,
): string {
  const q = quantity === null ? `? ${unit}` : `${quantityText(quantity)} ${unit}`;
  const p = unitPriceUsd === null ? 'unknown price' : priceText(unitPriceUsd);
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
