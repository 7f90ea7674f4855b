import { Expr, Value } from '../resolve/value';

/**
 * A text that is equal for two values exactly when what they say is equal: the literal, or every
 * text, reference and unknown of an expression. Thousands of functions carry the same grants and
 * settings (`bucket.grantRead(fn)` for each), so what discovery derives from such a value can be
 * derived once per key. JSON, so the key holds no control character (callers may join keys with
 * one). Undefined for objects and arrays: those are not shared.
 */
export function valueKey(value: Value | undefined): string | undefined {
  if (typeof value === 'string') return JSON.stringify(value);
  return value instanceof Expr ? JSON.stringify(value.parts) : undefined;
}
