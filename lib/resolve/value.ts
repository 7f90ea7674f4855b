/**
 * Resolved template values. Literal JSON stays literal; any string built from something not
 * known at synth time becomes an `Expr` whose parts remember where each piece came from.
 */

/** A reference to a resource of the app: `Ref` or `Fn::GetAtt`, possibly through other stacks. */
export interface RefPart {
  readonly kind: 'ref';
  readonly stackId: string;
  readonly logicalId: string;
  /** `Ref` for a Ref, else the GetAtt attribute. */
  readonly attribute: string;
  /** How the value was derived from the attribute (for example `Fn::Select[1] of Fn::Split[":"]`). */
  readonly derived?: string;
}

/** A value that cannot be known from the templates, with the reason why. */
export interface UnknownPart {
  readonly kind: 'unknown';
  /** The stack whose template holds the value; none for run-time values (a state input). */
  readonly stackId?: string;
  readonly reason: string;
  /** Set for `AWS::Region` of an environment-agnostic stack: unknown, but that stack's region. */
  readonly regionOf?: string;
}

export interface TextPart {
  readonly kind: 'text';
  readonly text: string;
}

export type Part = TextPart | RefPart | UnknownPart;

export class Expr {
  readonly parts: readonly Part[];

  constructor(parts: readonly Part[]) {
    this.parts = mergeText(parts);
  }

  /** The whole value when every part is text. */
  literal(): string | undefined {
    // Asked of every value discovery reads: a loop, no intermediate arrays.
    let text = '';
    for (const p of this.parts) {
      if (p.kind !== 'text') return undefined;
      text += p.text;
    }
    return text;
  }

  /** Readable form: text as is, references as `${Stack/Logical.Attr}`. */
  toString(): string {
    return this.parts.map(describePart).join('');
  }

  refs(): RefPart[] {
    return this.parts.filter((p): p is RefPart => p.kind === 'ref');
  }

  unknowns(): UnknownPart[] {
    return this.parts.filter((p): p is UnknownPart => p.kind === 'unknown');
  }
}

/** Fields joined back with a separator: the inverse of `splitExpr` for a slice of fields. */
export function joinExpr(fields: readonly Expr[], separator: string): Expr {
  return new Expr(
    fields.flatMap((f, i) =>
      i ? [{ kind: 'text' as const, text: separator }, ...f.parts] : f.parts,
    ),
  );
}

/** The reference a value consists of, when it is exactly one plain `Ref`/`GetAtt`. */
export function soleRef(value: Value | undefined): RefPart | undefined {
  const expr = asExpr(value);
  const part = expr?.parts.length === 1 ? expr.parts[0] : undefined;
  return part?.kind === 'ref' && !part.derived ? part : undefined;
}

export function describePart(p: Part): string {
  if (p.kind === 'text') return p.text;
  if (p.kind === 'unknown') return `\${unknown: ${p.reason}}`;
  const attr = p.attribute === 'Ref' ? '' : `.${p.attribute}`;
  return `\${${p.logicalId}${attr}}`;
}

/** Adjacent texts joined, empty texts dropped; parts that need neither are kept as given. */
function mergeText(parts: readonly Part[]): readonly Part[] {
  let previousText = false;
  let clean = true;
  for (const part of parts) {
    const text = part.kind === 'text';
    if (text && (previousText || part.text === '')) {
      clean = false;
      break;
    }
    previousText = text;
  }
  if (clean) return parts;
  const out: Part[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (part.kind === 'text' && last?.kind === 'text')
      out[out.length - 1] = { kind: 'text', text: last.text + part.text };
    else if (part.kind !== 'text' || part.text !== '') out.push(part);
  }
  return out;
}

export type Value = null | boolean | number | string | Expr | Value[] | ValueObject;
export interface ValueObject {
  [key: string]: Value;
}

export function isValueObject(v: Value | undefined): v is ValueObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Expr);
}

/** A new object without a prototype, so keys like `__proto__` are plain data. */
export function newValueObject(): ValueObject {
  return Object.create(null) as ValueObject;
}

export function get(v: Value | undefined, ...path: string[]): Value | undefined {
  let current = v;
  for (const key of path) {
    if (!isValueObject(current) || !Object.prototype.hasOwnProperty.call(current, key))
      return undefined;
    current = current[key];
  }
  return current;
}

/** String-like values as an Expr (a literal becomes one text part); anything else undefined. */
export function asExpr(v: Value | undefined): Expr | undefined {
  if (v instanceof Expr) return v;
  if (typeof v === 'string') return new Expr([{ kind: 'text', text: v }]);
  return undefined;
}

export function asText(v: Value | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof Expr) return v.literal();
  return undefined;
}

export function asArray(v: Value | undefined): Value[] {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null ? [] : [v];
}

/** Splits an Expr on a separator that occurs in its text parts. */
export function splitExpr(expr: Expr, separator: string): Expr[] {
  const pieces: Part[][] = [[]];
  for (const part of expr.parts) {
    if (part.kind !== 'text') {
      pieces[pieces.length - 1].push(part);
      continue;
    }
    const segments = part.text.split(separator);
    segments.forEach((segment, i) => {
      if (i > 0) pieces.push([]);
      pieces[pieces.length - 1].push({ kind: 'text', text: segment });
    });
  }
  return pieces.map((p) => new Expr(p));
}
