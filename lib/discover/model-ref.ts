import { Locator, Place } from '../resolve/locate';
import { asExpr, Expr, joinExpr, splitExpr, Value } from '../resolve/value';
import { geographyPrefix } from '../catalog/catalog';
import { lookupTable } from '../collections';

export type ModelKind =
  | 'foundation-model'
  | 'custom-model'
  | 'inference-profile'
  | 'provisioned-model'
  | 'imported-model'
  | 'application-inference-profile'
  | 'guardrail-profile'
  | 'model-id'
  | 'unknown';

/** A model named by an id or ARN somewhere in the app. */
export interface ModelRef {
  /** As written, with references shown as `${Logical.Attr}`. */
  readonly text: string;
  readonly kind: ModelKind;
  /** Model id without ARN prefix (for custom models, the base model id), when known at synth time. */
  readonly modelId?: string;
  /** Region named by the ARN; undefined for bare ids (they mean "the caller's region"). */
  readonly arnPlace?: Place;
  /** Geography of a cross-region inference profile id (`us`, `eu`, `apac`, `global`). */
  readonly geography?: string;
}

const RESOURCE_KINDS = lookupTable<ModelKind>({
  'foundation-model': 'foundation-model',
  'custom-model': 'custom-model',
  'inference-profile': 'inference-profile',
  'application-inference-profile': 'application-inference-profile',
  'guardrail-profile': 'guardrail-profile',
  'provisioned-model': 'provisioned-model',
  'imported-model': 'imported-model',
});

/** ARN kinds whose resource part is a model or profile id (application profiles have random ids). */
const ID_KINDS: ReadonlySet<ModelKind> = new Set([
  'foundation-model',
  'inference-profile',
  'guardrail-profile',
]);

export function parseModelRef(
  value: Value | undefined,
  locator: Locator,
  what: string,
): ModelRef | undefined {
  const expr = asExpr(value);
  if (!expr) return undefined;
  const text = locator.describe(expr);
  const fields = splitExpr(expr, ':');
  if (fields.length >= 6 && fields[0].literal() === 'arn')
    return parseArn(expr, fields, locator, what);
  const id = expr.literal();
  if (id === undefined) return { text, kind: 'unknown', arnPlace: locator.arnPlace(expr, what) };
  const geography = geographyPrefix(id);
  return { text, kind: geography ? 'inference-profile' : 'model-id', modelId: id, geography };
}

function parseArn(expr: Expr, fields: Expr[], locator: Locator, what: string): ModelRef {
  const text = locator.describe(expr);
  const resource = joinExpr(fields.slice(5), ':');
  const resourceText = resource.literal();
  const arnPlace = locator.arnPlace(expr, what);
  if (resourceText === undefined) return { text, kind: 'unknown', arnPlace };
  const slash = resourceText.indexOf('/');
  const kind = RESOURCE_KINDS[resourceText.slice(0, slash)] ?? 'unknown';
  let modelId: string | undefined = resourceText.slice(slash + 1);
  if (kind === 'custom-model') {
    // custom-model/<base model id>/<suffix>; imported models have no base id
    modelId = modelId.startsWith('imported/')
      ? undefined
      : modelId.slice(0, Math.max(modelId.lastIndexOf('/'), 0)) || undefined;
  } else if (!ID_KINDS.has(kind)) modelId = undefined;
  const geography = modelId ? geographyPrefix(modelId) : undefined;
  return { text, kind, modelId, arnPlace, geography };
}
