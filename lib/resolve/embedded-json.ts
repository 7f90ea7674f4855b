import { Expr, newValueObject, Part, Value } from './value';

/**
 * Parses JSON that a template builds as a string with `Fn::Join` (Step Functions
 * `DefinitionString`, `Custom::AWS` `Create`). References become placeholders during parsing
 * and come back as Expr parts inside the strings they were part of.
 */
export function parseEmbeddedJson(value: Value | undefined): Value | undefined {
  if (typeof value !== 'string' && !(value instanceof Expr)) return undefined;
  const parts = typeof value === 'string' ? [{ kind: 'text', text: value } as Part] : value.parts;
  const holes: Part[] = [];
  let text = '';
  for (const part of parts) {
    if (part.kind === 'text') text += part.text;
    else {
      text += `\uE000${holes.length}\uE001`;
      holes.push(part);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return rebuild(parsed, holes);
}

function rebuild(node: unknown, holes: Part[]): Value {
  if (typeof node === 'string') return node.includes('\uE000') ? fill(node, holes) : node;
  if (Array.isArray(node)) return node.map((n) => rebuild(n, holes));
  if (node !== null && typeof node === 'object') {
    const out = newValueObject();
    for (const key of Object.keys(node))
      out[key] = rebuild((node as Record<string, unknown>)[key], holes);
    return out;
  }
  return node as Value;
}

function fill(text: string, holes: Part[]): Expr {
  const parts: Part[] = [];
  let last = 0;
  for (const match of text.matchAll(/\uE000(\d+)\uE001/g)) {
    parts.push({ kind: 'text', text: text.slice(last, match.index) });
    parts.push(holes[Number(match[1])] ?? { kind: 'text', text: '' });
    last = match.index + match[0].length;
  }
  parts.push({ kind: 'text', text: text.slice(last) });
  return new Expr(parts);
}
