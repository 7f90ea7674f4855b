/** Model-id spelling: geography prefixes, context suffixes, ARN forms. */

export const GEO_PREFIXES = ['us.', 'eu.', 'apac.', 'global.', 'us-gov.', 'ca.', 'jp.', 'au.'];

const MODEL_ARN =
  /^arn:aws(?:-[a-z-]+)?:bedrock:[a-z0-9-]*:\d*:(foundation-model|inference-profile)\/(.+)$/;

export function geographyPrefix(id: string): string | undefined {
  return GEO_PREFIXES.find((p) => id.startsWith(p))?.slice(0, -1);
}

/** The model or profile id of a foundation-model or system-profile ARN; the text otherwise. */
export function stripArn(idOrArn: string): string {
  return MODEL_ARN.exec(idOrArn)?.[2] ?? idOrArn;
}

/** The region of a foundation-model or inference-profile ARN, if it names one. */
export function arnRegion(idOrArn: string): string | undefined {
  const match = /^arn:aws(?:-[a-z-]+)?:bedrock:([a-z0-9-]+):/.exec(idOrArn);
  return match?.[1];
}

/**
 * Lookup candidates: the id itself, then without geography prefix, then without one or two
 * trailing `:x` segments (`:128k`, `:0:8k`).
 */
export function idCandidates(idOrArn: string): string[] {
  const id = stripArn(idOrArn);
  const out = [id];
  const geo = GEO_PREFIXES.find((p) => id.startsWith(p));
  if (geo) out.push(id.slice(geo.length));
  for (const base of [...out]) {
    let current = base;
    for (let i = 0; i < 2 && current.lastIndexOf(':') > 0; i++) {
      current = current.slice(0, current.lastIndexOf(':'));
      out.push(current);
    }
  }
  return out;
}
