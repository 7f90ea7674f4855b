/** Items grouped by key, in first-seen order (one finding per resource and target; one report section per stack). */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** A Map or a WeakMap (a cache per run, dropped with the run). */
interface KeptValues<K, V> {
  has(key: K): boolean;
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * The value kept for `key`, made and kept on first use (an `undefined` value is kept too): what
 * discovery, pricing and reports derive once from things an app repeats thousands of times.
 */
export function remembered<K, V>(values: KeptValues<K, V>, key: K, make: () => V): V {
  if (values.has(key)) return values.get(key) as V;
  const value = make();
  values.set(key, value);
  return value;
}

/**
 * A pure function with its answers kept: discovery asks the same few names and values thousands
 * of times, reports format the same few amounts. Forgets everything past `limit` answers, so a
 * long-lived process (a watch, many assemblies) does not grow without bound.
 */
export function memoized<K, V>(answer: (key: K) => V, limit = 10_000): (key: K) => V {
  const answers = new Map<K, V>();
  return (key) => {
    if (answers.size >= limit && !answers.has(key)) answers.clear();
    return remembered(answers, key, () => answer(key));
  };
}

/**
 * The order of texts in reports: by UTF-16 code units, the same on every machine. `localeCompare`
 * follows the machine's locale (under `da_DK` "Aarhus" sorts after "Zeta"), so one app's report
 * would differ between a laptop and CI; it also loads ICU collation data (milliseconds) on first use.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A constant table looked up by text from a template (a resource type, an action, a kind): it has
 * no prototype, so a key such as `constructor` or `toString` finds nothing instead of one of
 * Object's methods.
 */
export function lookupTable<T>(
  entries: Record<string, T>,
): Readonly<Record<string, T | undefined>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
