import type { Hash } from 'crypto';

/** `crypto` loads on the first finding: a clean run never pays for it. */
function sha256(): Hash {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('crypto') as typeof import('crypto')).createHash('sha256');
}

/** A stable identity for a finding: what and where, never line numbers, so it survives edits. */
export function fingerprint(
  ruleId: string,
  stack: string | undefined,
  place: string | undefined,
  key: string,
): string {
  return sha256()
    .update([ruleId, stack ?? '', place ?? '', key].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

/** A finding's fingerprint within one assembly of a run over several: the assembly path joins it. */
export function assemblyFingerprint(assemblyPath: string, fingerprintInAssembly: string): string {
  return sha256()
    .update(['assembly', assemblyPath, fingerprintInAssembly].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
