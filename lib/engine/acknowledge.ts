import { Acknowledgment } from '../assembly/types';
import { Acknowledged } from '../report/types';

/** CDK's plugin name: the namespace CDK prints in `Acknowledge with '<plugin>::<rule>'`. */
export const PLUGIN_NAME = 'BedrockRegionChecks';

/**
 * The acknowledgment covering a finding: same rule id (namespaced as CDK prints it, or bare, or
 * with the finding key in brackets), made on the finding's construct or one of its ancestors.
 */
export function acknowledgmentFor(
  ruleId: string,
  key: string,
  constructPath: string,
  acks: readonly Acknowledgment[],
): Acknowledged | null {
  let best: Acknowledgment | undefined;
  for (const ack of acks) {
    if (!coversRule(ack.id, ruleId, key) || !isAncestor(ack.constructPath, constructPath)) continue;
    if (!best || ack.constructPath.length > best.constructPath.length) best = ack;
  }
  return best ? { id: best.id, reason: best.reason, constructPath: best.constructPath } : null;
}

export function coversRule(id: string, ruleId: string, key: string): boolean {
  const separator = id.indexOf('::');
  const namespace = separator >= 0 ? id.slice(0, separator) : undefined;
  const bare = separator >= 0 ? id.slice(separator + 2) : id;
  if (namespace && ![PLUGIN_NAME, 'Annotation', 'annotation'].includes(namespace)) return false;
  return bare === ruleId || bare === `${ruleId}[${key}]`;
}

function isAncestor(ancestor: string, path: string): boolean {
  return ancestor === '' || path === ancestor || path.startsWith(`${ancestor}/`);
}
