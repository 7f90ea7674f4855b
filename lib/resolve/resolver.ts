import { isObject, own } from '../assembly/template';
import { AppModel, Json, JsonObject, ResourceModel, StackModel } from '../assembly/types';
import { Conditions } from './conditions';
import { ExportIndex } from './exports';
import { Expr, Part, RefPart, splitExpr, Value, ValueObject } from './value';

/** Deeper than this is hostile or broken input, not a CDK template: the value stays unknown. */
export const MAX_DEPTH = 200;
export const TOO_DEEP = 'too deep to resolve';
const NO_VALUE = Symbol('AWS::NoValue');
type Resolved = Value | typeof NO_VALUE | SplitList;

/** Attributes that stand for the resource itself in a message: its name or its ARN. */
const IDENTITY = new Set(['Ref', 'Arn']);

const PSEUDO_UNKNOWN = new Set(['AWS::StackId', 'AWS::NotificationARNs']);

/**
 * Turns template values into literals and provenance-carrying references. Each resource's
 * properties are resolved once per run and cached; exports are indexed once.
 */
export class Resolver {
  /** By resource object: no key string to build on the hottest lookup of discovery. */
  private readonly cache = new Map<ResourceModel, Value>();
  private readonly conditions = new Conditions(
    (stack, raw, depth) => literalOf(this.resolve(stack, raw, depth)),
    MAX_DEPTH,
  );
  private readonly stacksById: Map<string, StackModel>;
  readonly exports: ExportIndex;

  constructor(readonly app: AppModel) {
    this.stacksById = new Map(app.stacks.map((s) => [s.id, s]));
    this.exports = new ExportIndex(app, this);
  }

  stack(id: string): StackModel | undefined {
    return this.stacksById.get(id);
  }

  /**
   * Readable form of a value for messages: resources are named by construct path, as users wrote
   * them, never as tokens (`${DataLake/Lake.Arn}` reads as `DataLake/Lake`). A reference inside a
   * longer value shows in angle brackets: `s3://<DataLake/Lake>/train.jsonl`.
   */
  describe(expr: Expr): string {
    const sole = expr.parts.length === 1 ? expr.parts[0] : undefined;
    if (sole?.kind === 'ref' && !sole.derived && IDENTITY.has(sole.attribute))
      return this.nameOf(sole);
    return expr.parts
      .map((p) => {
        if (p.kind === 'text') return p.text;
        if (p.kind === 'unknown') return `<unknown: ${p.reason}>`;
        const name = this.nameOf(p);
        const what = IDENTITY.has(p.attribute) ? name : `${p.attribute} of ${name}`;
        return p.derived ? `<part of ${what}>` : `<${what}>`;
      })
      .join('');
  }

  private nameOf(ref: RefPart): string {
    const resource = this.stack(ref.stackId)?.resources.get(ref.logicalId);
    return resource ? constructName(resource) : ref.logicalId;
  }

  /** The resolved Properties of a resource, computed once. */
  properties(stack: StackModel, logicalId: string): Value {
    const resource = stack.resources.get(logicalId);
    if (!resource) return null;
    let value = this.cache.get(resource);
    if (value === undefined)
      this.cache.set(resource, (value = this.resolve(stack, resource.properties)));
    return value;
  }

  resolve(stack: StackModel, raw: Json, depth = 0): Value {
    const value = this.walk(stack, raw, depth);
    return value === NO_VALUE ? null : settle(stack, value);
  }

  /**
   * A subtree without intrinsics resolves to itself: the template's own objects and arrays are
   * returned, not copied (JSON.parse has made every key, `__proto__` too, an own data property,
   * and resolved values are never written to). A copy starts at the first member that changes;
   * it is a plain object like the template's (readers look members up as own properties), far
   * smaller and faster to read than a prototype-free one, which V8 keeps as a hash table.
   */
  private walk(stack: StackModel, raw: Json, depth: number): Resolved {
    if (depth > MAX_DEPTH)
      return unknown(stack, `a value nested more than ${MAX_DEPTH} levels deep is ${TOO_DEEP}`);
    if (typeof raw !== 'object' || raw === null) return raw;
    if (Array.isArray(raw)) return this.walkArray(stack, raw, depth);
    const keys = Object.keys(raw);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return this.intrinsic(stack, keys[0], raw[keys[0]], depth + 1);
    }
    let out: ValueObject | undefined;
    for (let i = 0; i < keys.length; i++) {
      const item = raw[keys[i]];
      // A literal within the depth limit resolves to itself: tested here, not in a call per leaf.
      const leaf = (typeof item !== 'object' || item === null) && depth < MAX_DEPTH;
      const v = leaf ? item : this.walk(stack, item, depth + 1);
      if (out === undefined) {
        if (v === item) continue;
        out = {};
        for (let j = 0; j < i; j++) setMember(out, keys[j], raw[keys[j]]);
      }
      if (v !== NO_VALUE) setMember(out, keys[i], settle(stack, v));
    }
    return out ?? raw;
  }

  private walkArray(stack: StackModel, raw: Json[], depth: number): Resolved {
    let items: Value[] | undefined;
    for (let i = 0; i < raw.length; i++) {
      const item = raw[i];
      const leaf = (typeof item !== 'object' || item === null) && depth < MAX_DEPTH;
      const v = leaf ? item : this.walk(stack, item, depth + 1);
      if (items === undefined) {
        if (v === item) continue;
        items = raw.slice(0, i);
      }
      if (v !== NO_VALUE) items.push(settle(stack, v));
    }
    return items ?? raw;
  }

  private intrinsic(stack: StackModel, fn: string, arg: Json, depth: number): Resolved {
    switch (fn) {
      case 'Ref':
        return typeof arg === 'string'
          ? this.ref(stack, arg, depth)
          : unknown(stack, 'malformed Ref');
      case 'Fn::GetAtt':
        return this.getAtt(stack, arg, depth);
      case 'Fn::Join':
        return this.join(stack, arg, depth);
      case 'Fn::Sub':
        return this.sub(stack, arg, depth);
      case 'Fn::Select':
        return this.select(stack, arg, depth);
      case 'Fn::Split':
        return this.split(stack, arg, depth);
      case 'Fn::If':
        return this.fnIf(stack, arg, depth);
      case 'Fn::ImportValue':
        return this.exports.importValue(stack, this.resolve(stack, arg, depth));
      case 'Fn::Base64':
        return this.walk(stack, arg, depth);
      case 'Fn::FindInMap':
        return this.findInMap(stack, arg, depth);
      default:
        return unknown(stack, `${fn} is not evaluated`);
    }
  }

  private ref(stack: StackModel, name: string, depth = 0): Resolved {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name.startsWith('AWS::')) return this.pseudo(stack, name);
    if (stack.resources.has(name))
      return refExpr({ kind: 'ref', stackId: stack.id, logicalId: name, attribute: 'Ref' });
    if (own(stack.parameters, name) !== undefined) {
      const passed = this.passedParameter(stack, name);
      if (passed) return this.walk(passed.parent, passed.value, depth + 1);
      return unknown(stack, `CloudFormation parameter ${name} is set at deploy time`);
    }
    return unknown(stack, `Ref to ${name}, which the template does not define`);
  }

  /** The value a parent stack passes to a nested stack's parameter, resolved in the parent. */
  private passedParameter(
    stack: StackModel,
    name: string,
  ): { parent: StackModel; value: Json } | undefined {
    const parent = stack.nestedIn && this.stack(stack.nestedIn.stackId);
    const resource = parent?.resources.get(stack.nestedIn!.logicalId);
    const passed = resource && own(resource.properties, 'Parameters');
    const value = isObject(passed) ? own(passed, name) : undefined;
    return parent && value !== undefined ? { parent, value } : undefined;
  }

  /** `Fn::GetAtt [NestedStack, Outputs.X]`: the output's value, resolved in the nested stack. */
  private nestedOutput(
    stack: StackModel,
    logicalId: string,
    output: string,
    depth: number,
  ): Resolved | undefined {
    const nested = this.app.stacks.find(
      (s) => s.nestedIn?.stackId === stack.id && s.nestedIn.logicalId === logicalId,
    );
    const declared = nested && own(nested.outputs, output);
    const value = isObject(declared) ? own(declared, 'Value') : undefined;
    return nested && value !== undefined ? this.walk(nested, value, depth + 1) : undefined;
  }

  private pseudo(stack: StackModel, name: string): Resolved {
    const region = stack.region;
    switch (name) {
      case 'AWS::Region':
        return (
          region ??
          new Expr([
            {
              kind: 'unknown',
              stackId: stack.id,
              reason: `stack ${stack.id} is environment-agnostic (no region)`,
              regionOf: stack.id,
            },
          ])
        );
      case 'AWS::AccountId':
        return stack.account ?? unknown(stack, `stack ${stack.id} has no account`);
      case 'AWS::Partition':
        return region
          ? partitionOf(region)
          : unknown(stack, `stack ${stack.id} has no region, so no partition`);
      case 'AWS::URLSuffix':
        return region?.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::StackName':
        return stack.stackName;
      default:
        return unknown(
          stack,
          PSEUDO_UNKNOWN.has(name) ? `${name} is known only at deploy time` : `unknown ${name}`,
        );
    }
  }

  private getAtt(stack: StackModel, arg: Json, depth = 0): Resolved {
    let logicalId: string | undefined;
    let attribute: string | undefined;
    if (Array.isArray(arg) && typeof arg[0] === 'string' && typeof arg[1] === 'string')
      [logicalId, attribute] = arg as string[];
    else if (typeof arg === 'string' && arg.includes('.')) {
      logicalId = arg.slice(0, arg.indexOf('.'));
      attribute = arg.slice(arg.indexOf('.') + 1);
    }
    if (!logicalId || attribute === undefined) return unknown(stack, 'malformed Fn::GetAtt');
    const target = stack.resources.get(logicalId);
    if (!target)
      return unknown(stack, `Fn::GetAtt of ${logicalId}, which the template does not define`);
    if (
      target.type === 'Custom::CrossRegionExportReader' &&
      attribute.startsWith('/cdk/exports/')
    ) {
      return this.exports.crossRegionImport(stack, attribute);
    }
    if (target.type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
      const output = this.nestedOutput(stack, logicalId, attribute.slice('Outputs.'.length), depth);
      if (output !== undefined) return output;
    }
    return refExpr({ kind: 'ref', stackId: stack.id, logicalId, attribute });
  }

  private join(stack: StackModel, arg: Json, depth: number): Resolved {
    if (!Array.isArray(arg) || typeof arg[0] !== 'string')
      return unknown(stack, 'malformed Fn::Join');
    const list = this.walk(stack, arg[1], depth);
    if (!Array.isArray(list))
      return unknown(stack, 'Fn::Join of a list that is not known at synth time');
    const separator = arg[0];
    const text = joinedText(list, separator);
    if (text !== undefined) return text;
    const parts: Part[] = [];
    for (let i = 0; i < list.length; i++) {
      if (i > 0) parts.push({ kind: 'text', text: separator });
      appendParts(parts, stack, list[i]);
    }
    return exprOrText(parts);
  }

  private sub(stack: StackModel, arg: Json, depth: number): Resolved {
    const [template, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
    if (typeof template !== 'string') return unknown(stack, 'malformed Fn::Sub');
    if (!template.includes('${')) return template;
    const parts: Part[] = [];
    let last = 0;
    for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
      parts.push({ kind: 'text', text: template.slice(last, match.index) });
      last = match.index + match[0].length;
      const name = match[1];
      if (name.startsWith('!')) parts.push({ kind: 'text', text: `\${${name.slice(1)}}` });
      else if (isObject(vars) && own(vars, name) !== undefined)
        appendParts(parts, stack, this.walk(stack, vars[name], depth));
      else if (name.includes('.') && !name.startsWith('AWS::'))
        appendParts(parts, stack, this.getAtt(stack, name, depth));
      else appendParts(parts, stack, this.ref(stack, name, depth));
    }
    parts.push({ kind: 'text', text: template.slice(last) });
    return exprOrText(parts);
  }

  private split(stack: StackModel, arg: Json, depth: number): Resolved {
    if (!Array.isArray(arg) || typeof arg[0] !== 'string')
      return unknown(stack, 'malformed Fn::Split');
    const source = this.walk(stack, arg[1], depth);
    if (typeof source === 'string') return source.split(arg[0]);
    if (source instanceof Expr) return new SplitList(source, arg[0]);
    return unknown(stack, 'Fn::Split of a value that is not a string');
  }

  private select(stack: StackModel, arg: Json, depth: number): Resolved {
    if (!Array.isArray(arg)) return unknown(stack, 'malformed Fn::Select');
    const index = Number(this.resolve(stack, arg[0], depth));
    const list = this.walk(stack, arg[1], depth);
    if (!Number.isInteger(index))
      return unknown(stack, 'Fn::Select with an index not known at synth time');
    if (Array.isArray(list))
      return index < list.length ? list[index] : unknown(stack, 'Fn::Select out of range');
    if (list instanceof SplitList) return list.select(index);
    return unknown(stack, 'Fn::Select of a list not known at synth time');
  }

  private fnIf(stack: StackModel, arg: Json, depth: number): Resolved {
    if (!Array.isArray(arg) || typeof arg[0] !== 'string')
      return unknown(stack, 'malformed Fn::If');
    const holds = this.condition(stack, arg[0]);
    if (holds === undefined)
      return unknown(stack, `condition ${arg[0]} cannot be evaluated at synth time`);
    return this.walk(stack, holds ? arg[1] : arg[2], depth);
  }

  /** Evaluates a named condition of a stack, or undefined when it depends on deploy-time values. */
  condition(stack: StackModel, name: string): boolean | undefined {
    return this.conditions.condition(stack, name);
  }

  private findInMap(stack: StackModel, arg: Json, depth: number): Resolved {
    if (!Array.isArray(arg) || arg.length < 3) return unknown(stack, 'malformed Fn::FindInMap');
    const values = arg.slice(0, 3).map((k) => this.resolve(stack, k, depth));
    const keys = values.map(literalOf);
    const unknownKey = values.find((_, i) => keys[i] === undefined);
    if (unknownKey !== undefined) {
      const map = keys[0] === undefined ? 'a mapping' : `mapping ${keys[0]}`;
      const why = unknownKey instanceof Expr ? unknownKey.unknowns()[0]?.reason : undefined;
      return unknown(
        stack,
        `Fn::FindInMap of ${map} with a key not known at synth time${why ? ` (${why})` : ''}`,
      );
    }
    let node: Json | undefined = stack.mappings;
    for (const k of keys) node = isObject(node) ? own(node, k as string) : undefined;
    return node === undefined
      ? unknown(stack, `Fn::FindInMap finds no ${keys.join('.')}`)
      : this.walk(stack, node, depth);
  }
}

/** The result of Fn::Split over a value with references: elements are known only by provenance. */
class SplitList {
  constructor(
    readonly source: Expr,
    readonly delimiter: string,
  ) {}

  select(index: number): Value {
    const pieces = splitExpr(this.source, this.delimiter);
    // Exact only when no reference comes before the element: a reference may contain the delimiter.
    const upTo = pieces.slice(0, index + 1);
    if (upTo.length === index + 1 && upTo.every((p) => p.literal() !== undefined))
      return pieces[index].literal()!;
    const derived = `Fn::Select[${index}] of Fn::Split["${this.delimiter}"]`;
    return new Expr(
      this.source.parts
        .filter((p) => p.kind !== 'text')
        .map((p) => (p.kind === 'ref' ? { ...p, derived } : p)),
    );
  }
}

/** `Rag/Lookup` for `Rag/Lookup/Default` or `Rag/Lookup/Resource`: the construct users wrote. */
export function constructName(resource: ResourceModel): string {
  return resource.constructPath?.replace(/\/(Resource|Default)$/, '') ?? resource.logicalId;
}

function unknown(stack: StackModel, reason: string): Expr {
  return new Expr([{ kind: 'unknown', stackId: stack.id, reason }]);
}

function refExpr(part: RefPart): Expr {
  return new Expr([part]);
}

/**
 * A member of a resolved object, which is a plain object like the template's own: a `__proto__`
 * key is defined as data, never assigned (assignment would set the prototype).
 */
function setMember(out: ValueObject, key: string, value: Value): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else out[key] = value;
}

/** The literal text when every part is text (no Expr is built for it), else the Expr. */
function exprOrText(parts: Part[]): Value {
  let text = '';
  for (const part of parts) {
    if (part.kind !== 'text') return new Expr(parts);
    text += part.text;
  }
  return text;
}

/** `Fn::Join` of literals only (the usual `arn:${AWS::Partition}:...`): the string, no parts. */
function joinedText(list: readonly Value[], separator: string): string | undefined {
  let text = '';
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (i > 0) text += separator;
    if (typeof item === 'string') text += item;
    else if (typeof item === 'number' || typeof item === 'boolean') text += String(item);
    else if (item !== null) return undefined;
  }
  return text;
}

/** A split list that is never selected from stays opaque. */
function settle(stack: StackModel, value: Resolved): Value {
  if (value === NO_VALUE) return null;
  return value instanceof SplitList
    ? unknown(stack, 'Fn::Split of a value not known at synth time')
    : value;
}

/** Appends the parts a value contributes to a string built from it. */
function appendParts(parts: Part[], stack: StackModel, value: Resolved): void {
  if (value instanceof SplitList)
    parts.push({ kind: 'unknown', stackId: stack.id, reason: 'Fn::Split result used as a string' });
  else if (value instanceof Expr) for (const part of value.parts) parts.push(part);
  else if (typeof value === 'string') parts.push({ kind: 'text', text: value });
  else if (typeof value === 'number' || typeof value === 'boolean')
    parts.push({ kind: 'text', text: String(value) });
  else if (value !== NO_VALUE && value !== null)
    parts.push({ kind: 'unknown', stackId: stack.id, reason: 'a list or object used as a string' });
}

function literalOf(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v instanceof Expr ? v.literal() : undefined;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export type { JsonObject };
