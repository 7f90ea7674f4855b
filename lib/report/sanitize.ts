import { sanitizeLine } from '../sanitize';

export { escapeControls, sanitizeLine } from '../sanitize';

/**
 * The report with every string made one safe line: for formats that add their own layout and
 * colour (text), so the escapes they write themselves survive.
 */
export function sanitizeReport<T>(report: T): T {
  return deepMap(report) as T;
}

function deepMap(value: unknown): unknown {
  if (typeof value === 'string') return sanitizeLine(value);
  if (Array.isArray(value)) return value.map(deepMap);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) out[key] = deepMap(object[key]);
    return out;
  }
  return value;
}
