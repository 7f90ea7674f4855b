import { sanitizeLine } from '../sanitize';

export { escapeControls, sanitizeLine } from '../sanitize';

/**
 * The report with every string made one safe line: for formats that add their own layout and
 * colour (text), so the escapes they write themselves survive.
 */
export function sanitizeReport<T>(report: T): T {
  return deepMap(report) as T;
}

/** Copies only what changes: a report without control characters is returned as it is. */
function deepMap(value: unknown): unknown {
  if (typeof value === 'string') return sanitizeLine(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = deepMap(value[i]);
      if (item !== value[i]) (out ??= [...value])[i] = item;
    }
    return out ?? value;
  }
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(object)) {
      const item = deepMap(object[key]);
      if (item !== object[key]) (out ??= { ...object })[key] = item;
    }
    return out ?? value;
  }
  return value;
}
