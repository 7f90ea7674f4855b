/** Keys that say where or when a value came from, not what it is: `--check` compares values. */
const PROVENANCE = new Set([
  'asOf',
  'description',
  'layers',
  'sources',
  'conflicts',
  'source',
  'confidence',
  'onDemandSource',
  'noteSource',
  'reason',
  'note',
  'trainingBasis',
  'checked',
]);

/** Text the build derives from its own date ("EOL in us-east-1 as of 2026-12-01: no new jobs"). */
const DATED_TEXT = /\.closedByLifecycle$/;

const undated = (v: unknown) => String(JSON.stringify(v)).replace(/\d{4}-\d{2}-\d{2}/g, 'DATE');

/**
 * The differences between two JSON documents, one line each: `natGateway.byRegion.eu-west-1.usdPerGb:
 * 0.048 -> 0.05`. Provenance keys are skipped, so a re-dated but equal table has no difference.
 */
export function jsonDifferences(before: unknown, after: unknown, path = ''): string[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const [a, b] = [keyed(before), keyed(after)];
    if (a && b) return jsonDifferences(a, b, path);
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) =>
      jsonDifferences(before[i], after[i], `${path}[${i}]`),
    ).flat();
  }
  // An entry added or removed shows as its values, provenance left out like everywhere else.
  if (before === undefined && isObject(after)) return jsonDifferences({}, after, path);
  if (after === undefined && isObject(before)) return jsonDifferences(before, {}, path);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys
      .filter((k) => !PROVENANCE.has(k))
      .flatMap((k) =>
        jsonDifferences(
          before[k],
          after[k],
          path && !k.startsWith('[') ? `${path}.${k}` : `${path}${k}`,
        ),
      );
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (DATED_TEXT.test(path) && undated(before) === undated(after)) return [];
  return [`${path || '(root)'}: ${show(before)} -> ${show(after)}`];
}

/** Entries with an `id` (models, profiles) compare by id, so one insertion is one difference. */
function keyed(items: readonly unknown[]): Record<string, unknown> | undefined {
  if (!items.every((i) => isObject(i) && typeof i.id === 'string')) return undefined;
  return Object.fromEntries(items.map((i) => [`[${(i as { id: string }).id}]`, i]));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** At most `limit` lines, then how many more. */
export function compact(lines: readonly string[], limit = 40): string[] {
  return lines.length <= limit
    ? [...lines]
    : [...lines.slice(0, limit), `... and ${lines.length - limit} more`];
}
