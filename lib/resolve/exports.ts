import { isObject, own } from '../assembly/template';
import { AppModel, Json, StackModel } from '../assembly/types';
import type { Resolver } from './resolver';
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
    const candidates = (this.exportsByName().get(exportName) ?? []).filter(
      (c) =>
        sameOrUnknown(c.stack.region, importer.region) &&
        sameOrUnknown(c.stack.account, importer.account),
    );
    if (candidates.length === 0) {
      return unknownIn(importer, `export ${exportName} is not defined by any stack of this app`);
    }
    if (candidates.length > 1) {
      return unknownIn(
        importer,
        `export ${exportName} is defined by several stacks (${candidates.map((c) => c.stack.id).join(', ')})`,
      );
    }
    return this.valueOf(candidates[0], importer);
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

  private valueOf(source: ExportSource, importer: StackModel): Value {
    const cached = this.resolved.get(source);
    if (cached !== undefined) return cached;
    if (this.inProgress.has(source)) return unknownIn(importer, 'circular cross-stack reference');
    this.inProgress.add(source);
    const value = this.resolver.resolve(source.stack, source.raw);
    this.inProgress.delete(source);
    this.resolved.set(source, value);
    return value;
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
