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
]);

/**
 * The differences between two JSON documents, one line each: `natGateway.byRegion.eu-west-1.usdPerGb:
 * 0.048 -> 0.05`. Provenance keys are skipped, so a re-dated but equal table has no difference.
 */
export function jsonDifferences(before: unknown, after: unknown, path = ''): string[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys
      .filter((k) => !PROVENANCE.has(k))
      .flatMap((k) => jsonDifferences(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [`${path || '(root)'}: ${show(before)} -> ${show(after)}`];
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
