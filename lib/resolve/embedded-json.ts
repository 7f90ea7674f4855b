import { Expr, newValueObject, Part, Value, ValueObject } from './value';

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

/**
 * Copies parsed JSON into prototype-free values, filling the holes. Iterative: a valid Step
 * Functions definition can nest Parallel and Map states deeper than the call stack allows.
 */
function rebuild(root: unknown, holes: Part[]): Value {
  const out: { value: Value } = { value: null };
  const pending: [unknown, (v: Value) => void][] = [[root, (v) => (out.value = v)]];
  while (pending.length > 0) {
    const [node, store] = pending.pop()!;
    if (typeof node === 'string') store(node.includes('\uE000') ? fill(node, holes) : node);
    else if (Array.isArray(node)) {
      const list: Value[] = new Array<Value>(node.length).fill(null);
      store(list);
      node.forEach((item, i) => pending.push([item, (v) => (list[i] = v)]));
    } else if (node !== null && typeof node === 'object') {
      const object: ValueObject = newValueObject();
      store(object);
      for (const [key, item] of Object.entries(node))
        pending.push([item, (v) => (object[key] = v)]);
    } else store(node as Value);
  }
  return out.value;
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
