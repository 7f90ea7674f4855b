import { MergedOptions, OptionLayer } from '../config';

/** Options with a default the linter applies when no source gives them. */
const DEFAULTS: Readonly<Record<string, unknown>> = {
  failOn: 'error',
  strict: false,
  verbose: false,
};

/**
 * `--print-config`: the merged options as YAML (usable as a config file), each value followed by
 * the source it came from.
 */
export function formatOrigins(merged: MergedOptions, layers: readonly OptionLayer[]): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  const withDefaults: Record<string, unknown> = { ...DEFAULTS, ...merged.options };
  const doc = new YAML.Document(withDefaults);
  const sourceOf = new Map(merged.origins.map((o) => [JSON.stringify(o.path), o.source]));
  for (const key of Object.keys(DEFAULTS))
    if (!(key in merged.options)) sourceOf.set(JSON.stringify([key]), 'default');
  for (const [at, source] of sourceOf) {
    const node = doc.getIn(JSON.parse(at) as string[], true);
    if (YAML.isScalar(node) || YAML.isCollection(node)) {
      if (YAML.isSeq(node) || YAML.isMap(node)) node.flow = true;
      node.comment = ` ${source}`;
    }
  }
  doc.commentBefore =
    ' cdk-bedrock-lint options, merged key by key (later wins): recorded in the assembly,\n' +
    ' cdk.json context "cdk-bedrock-lint", --config FILE, flags. Read here:\n' +
    (layers.length ? layers.map((l) => ` - ${l.source}`).join('\n') : ' - nothing (defaults only)');
  return doc.toString({ lineWidth: 0 });
}
