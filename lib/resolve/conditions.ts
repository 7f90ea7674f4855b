import { isObject, own } from '../assembly/template';
import { Json, StackModel } from '../assembly/types';

/** A value of a template as literal text, or undefined when it is not known at synth time. */
type LiteralOf = (stack: StackModel, raw: Json, depth: number) => string | undefined;

/**
 * The named conditions of the stacks (`Conditions`, used by `Fn::If`), each evaluated once;
 * undefined when a condition depends on deploy-time values.
 */
export class Conditions {
  private readonly cache = new Map<string, boolean | undefined>();

  constructor(
    private readonly literalOf: LiteralOf,
    private readonly maxDepth: number,
  ) {}

  /** Evaluates a named condition of a stack, or undefined when it depends on deploy-time values. */
  condition(stack: StackModel, name: string): boolean | undefined {
    const key = `${stack.id}\u0000${name}`;
    if (!this.cache.has(key)) this.evaluateConditions(stack, name);
    return this.cache.get(key);
  }

  /**
   * Evaluates a condition after the conditions it names, depth first with an explicit stack:
   * a chain of thousands of conditions costs no call stack, and each is evaluated once.
   */
  private evaluateConditions(stack: StackModel, name: string): void {
    const keyOf = (n: string) => `${stack.id}\u0000${n}`;
    const entered = new Set<string>();
    const todo: [string, boolean][] = [[name, false]];
    while (todo.length > 0) {
      const [current, ready] = todo.pop()!;
      const key = keyOf(current);
      if (this.cache.has(key)) continue;
      const body = own(stack.conditions, current);
      if (ready) {
        this.cache.set(key, undefined); // guards against cycles
        this.cache.set(key, body === undefined ? undefined : this.evaluate(stack, body, 0));
      } else if (!entered.has(current)) {
        entered.add(current);
        todo.push([current, true]);
        for (const dep of this.namedConditions(body))
          if (!entered.has(dep)) todo.push([dep, false]);
      }
    }
  }

  private evaluate(stack: StackModel, body: Json, depth: number): boolean | undefined {
    if (!isObject(body) || depth > this.maxDepth) return undefined;
    const [fn] = Object.keys(body);
    const arg = body[fn];
    if (fn === 'Condition') return typeof arg === 'string' ? this.condition(stack, arg) : undefined;
    if (!Array.isArray(arg)) return undefined;
    if (fn === 'Fn::Equals') {
      const [ta, tb] = arg.map((x) => this.literalOf(stack, x, depth + 1));
      return ta === undefined || tb === undefined ? undefined : ta === tb;
    }
    const values = arg.map((x) => this.evaluate(stack, x, depth + 1));
    if (fn === 'Fn::Not') return values[0] === undefined ? undefined : !values[0];
    if (fn === 'Fn::And')
      return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
    if (fn === 'Fn::Or')
      return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
    return undefined;
  }

  /** The conditions a condition body names with `{"Condition": name}`, down to the depth limit. */
  private namedConditions(body: Json | undefined): string[] {
    const names: string[] = [];
    const pending: [Json | undefined, number][] = [[body, 0]];
    while (pending.length > 0) {
      const [node, depth] = pending.pop()!;
      if (depth > this.maxDepth) continue;
      if (Array.isArray(node)) for (const item of node) pending.push([item, depth + 1]);
      else if (isObject(node)) {
        const named = own(node, 'Condition');
        if (typeof named === 'string') names.push(named);
        for (const key of Object.keys(node)) pending.push([node[key], depth + 1]);
      }
    }
    return names;
  }
}
