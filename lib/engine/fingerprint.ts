import { createHash } from 'crypto';

/** A stable identity for a finding: what and where, never line numbers, so it survives edits. */
export function fingerprint(
  ruleId: string,
  stack: string | undefined,
  place: string | undefined,
  key: string,
): string {
  return createHash('sha256')
    .update([ruleId, stack ?? '', place ?? '', key].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
