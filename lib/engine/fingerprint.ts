/** `crypto` loads on the first finding: a clean run never pays for it. */
let crypto: typeof import('crypto') | undefined;

/**
 * SHA-256 of a text, in hex. The one-shot `crypto.hash` (Node 20.12+) costs a third of building a
 * `Hash` stream per finding; older Node 20 releases have only `createHash`. Same digest either way.
 */
function sha256Hex(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  crypto ??= require('crypto') as typeof import('crypto');
  return typeof crypto.hash === 'function'
    ? crypto.hash('sha256', text, 'hex')
    : crypto.createHash('sha256').update(text).digest('hex');
}

/** A stable identity for a finding: what and where, never line numbers, so it survives edits. */
export function fingerprint(
  ruleId: string,
  stack: string | undefined,
  place: string | undefined,
  key: string,
): string {
  return sha256Hex([ruleId, stack ?? '', place ?? '', key].join('\u0000')).slice(0, 32);
}

/** A finding's fingerprint within one assembly of a run over several: the assembly path joins it. */
export function assemblyFingerprint(assemblyPath: string, fingerprintInAssembly: string): string {
  return sha256Hex(['assembly', assemblyPath, fingerprintInAssembly].join('\u0000')).slice(0, 32);
}
