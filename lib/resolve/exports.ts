import { isObject, own } from '../assembly/template';
import { AppModel, Json, JsonObject, StackModel } from '../assembly/types';
import { MAX_DEPTH, TOO_DEEP, type Resolver } from './resolver';
import { asText, Expr, Value } from './value';

interface ExportSource {
  readonly stack: StackModel;
  readonly raw: Json;
}

/**
 * Cross-stack links: `Fn::ImportValue` to the stack that exports the name, and CDK's
 * cross-region references (`Custom::CrossRegionExportWriter` in the producer, SSM parameters
 * `/cdk/exports/...` read by `Custom::CrossRegionExportReader` in the consumer).
 * Both indexes are built once, on first use; each exported value is resolved once.
 */
export class ExportIndex {
  private byName?: Map<string, ExportSource[]>;
  private byParameter?: Map<string, ExportSource>;
  private readonly resolved = new Map<ExportSource, Value>();
  private readonly inProgress = new Set<ExportSource>();

  constructor(
    private readonly app: AppModel,
    private readonly resolver: Resolver,
  ) {}

  importValue(importer: StackModel, name: Value): Value {
    const exportName = asText(name);
    if (exportName === undefined)
      return unknownIn(importer, 'Fn::ImportValue of a name not known at synth time');
    const source = this.exportFor(importer, exportName);
    return typeof source === 'string'
      ? unknownIn(importer, source)
      : this.valueOf(source, importer);
  }

  crossRegionImport(importer: StackModel, parameter: string): Value {
    const source = this.writersByParameter().get(parameter);
    if (!source)
      return unknownIn(
        importer,
        `cross-region export ${parameter} is written by no stack of this app`,
      );
    return this.valueOf(source, importer);
  }

  /** The one export of that name the importer can see, or why there is none. */
  private exportFor(importer: StackModel, exportName: string): ExportSource | string {
    const candidates = (this.exportsByName().get(exportName) ?? []).filter(
      (c) =>
        sameOrUnknown(c.stack.region, importer.region) &&
        sameOrUnknown(c.stack.account, importer.account),
    );
    if (candidates.length === 0)
      return `export ${exportName} is not defined by any stack of this app`;
    if (candidates.length > 1)
      return `export ${exportName} is defined by several stacks (${candidates.map((c) => c.stack.id).join(', ')})`;
    return candidates[0];
  }

  private valueOf(source: ExportSource, importer: StackModel): Value {
    const cached = this.resolved.get(source);
    if (cached !== undefined) return cached;
    if (this.inProgress.has(source)) return unknownIn(importer, 'circular cross-stack reference');
    // Exports that exports import are resolved first, so a long chain costs no call stack;
    // what the scan cannot see (names built at synth time) nests, up to MAX_DEPTH.
    if (this.inProgress.size === 0) this.resolveDependencies(source);
    else if (this.inProgress.size > MAX_DEPTH)
      return unknownIn(importer, `a chain of cross-stack references is ${TOO_DEEP}`);
    return this.compute(source);
  }

  private compute(source: ExportSource): Value {
    this.inProgress.add(source);
    const value = this.resolver.resolve(source.stack, source.raw);
    this.inProgress.delete(source);
    this.resolved.set(source, value);
    return value;
  }

  /** Resolves, dependencies first (an explicit depth-first stack), what `source` imports. */
  private resolveDependencies(source: ExportSource): void {
    const entered = new Set<ExportSource>([source]);
    const todo: [ExportSource, boolean][] = this.dependencies(source).map((d) => [d, false]);
    while (todo.length > 0) {
      const [current, ready] = todo.pop()!;
      if (this.resolved.has(current)) continue;
      if (ready) this.compute(current);
      else if (!entered.has(current)) {
        entered.add(current);
        todo.push([current, true]);
        for (const dep of this.dependencies(current))
          if (!entered.has(dep)) todo.push([dep, false]);
      }
    }
  }

  /** Exports a raw value imports by literal name, and cross-region exports it reads. */
  private dependencies(source: ExportSource): ExportSource[] {
    const found: ExportSource[] = [];
    const pending: [Json | undefined, number][] = [[source.raw, 0]];
    while (pending.length > 0) {
      const [node, depth] = pending.pop()!;
      if (depth > MAX_DEPTH) continue;
      if (Array.isArray(node)) for (const item of node) pending.push([item, depth + 1]);
      if (!isObject(node)) continue;
      const dep = this.dependencyOf(source.stack, node);
      if (dep) found.push(dep);
      else for (const key of Object.keys(node)) pending.push([node[key], depth + 1]);
    }
    return found;
  }

  private dependencyOf(stack: StackModel, node: JsonObject): ExportSource | undefined {
    const name = own(node, 'Fn::ImportValue');
    if (typeof name === 'string') {
      const source = this.exportFor(stack, name);
      return typeof source === 'string' ? undefined : source;
    }
    const getAtt = own(node, 'Fn::GetAtt');
    if (!Array.isArray(getAtt) || typeof getAtt[0] !== 'string' || typeof getAtt[1] !== 'string')
      return undefined;
    const reader = stack.resources.get(getAtt[0]);
    return reader?.type === 'Custom::CrossRegionExportReader'
      ? this.writersByParameter().get(getAtt[1])
      : undefined;
  }

  private exportsByName(): Map<string, ExportSource[]> {
    if (this.byName) return this.byName;
    this.byName = new Map();
    for (const stack of this.app.stacks) {
      for (const key of Object.keys(stack.outputs)) {
        const output = stack.outputs[key];
        const exp = isObject(output) ? own(output, 'Export') : undefined;
        const nameRaw = isObject(exp) ? own(exp, 'Name') : undefined;
        if (nameRaw === undefined || !isObject(output)) continue;
        const name = asText(this.resolver.resolve(stack, nameRaw));
        if (name === undefined) continue;
        const list = this.byName.get(name) ?? [];
        list.push({ stack, raw: own(output, 'Value') ?? null });
        this.byName.set(name, list);
      }
    }
    return this.byName;
  }

  private writersByParameter(): Map<string, ExportSource> {
    if (this.byParameter) return this.byParameter;
    this.byParameter = new Map();
    for (const stack of this.app.stacks) {
      for (const writer of stack.byType.get('Custom::CrossRegionExportWriter') ?? []) {
        const props = own(writer.properties, 'WriterProps');
        const exportsRaw = isObject(props) ? own(props, 'exports') : undefined;
        if (!isObject(exportsRaw)) continue;
        for (const parameter of Object.keys(exportsRaw)) {
          this.byParameter.set(parameter, { stack, raw: exportsRaw[parameter] });
        }
      }
    }
    return this.byParameter;
  }
}

function sameOrUnknown(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}

function unknownIn(stack: StackModel, reason: string): Expr {
  return new Expr([{ kind: 'unknown', stackId: stack.id, reason }]);
}
