import { userFrame } from './creation-stack';
import { INPUT_LIMITS, parseJsonText, readInputFile } from './read-input';
import { InputError, Json, JsonObject, ResourceModel, SourceLocation } from './types';

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own property lookup: `__proto__` and inherited names are data, never prototype access. */
export function own(obj: JsonObject, key: string): Json | undefined {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** A template (or other JSON file of the assembly): bounded, special files refused, one-line errors. */
export function readJsonFile(file: string, what: string, limitBytes = INPUT_LIMITS.template): Json {
  return parseJsonText(readInputFile(file, what, limitBytes), file, what) as Json;
}

/** Where a resource comes from: its construct path and its creation stack, as the metadata has them. */
export interface Origin {
  readonly constructPath: string;
  /** The raw `aws:cdk:creationStack` frames, parsed only when a report needs the source line. */
  readonly trace?: readonly unknown[];
}

/**
 * A resource of a template. Its source line is parsed from the creation stack on first use: only
 * the resources of findings need one, and every construct of the app has a creation stack.
 */
class TemplateResource implements ResourceModel {
  private parsed?: SourceLocation | null;

  constructor(
    readonly logicalId: string,
    readonly type: string,
    readonly properties: JsonObject,
    readonly condition: string | undefined,
    readonly assetPath: string | undefined,
    readonly constructPath: string | undefined,
    private readonly trace: readonly unknown[] | undefined,
  ) {}

  get location(): SourceLocation | undefined {
    if (this.parsed === undefined) this.parsed = userFrame(this.trace) ?? null;
    return this.parsed ?? undefined;
  }
}

export interface ParsedTemplate {
  readonly parameters: JsonObject;
  readonly conditions: JsonObject;
  readonly mappings: JsonObject;
  readonly outputs: JsonObject;
  readonly resources: Map<string, ResourceModel>;
  readonly byType: Map<string, ResourceModel[]>;
}

function section(template: JsonObject, name: string, file: string): JsonObject {
  const value = own(template, name);
  if (value === undefined) return Object.create(null) as JsonObject;
  if (!isObject(value)) throw new InputError(file, `template section ${name} is not an object`);
  return value;
}

/** Checks the shape of a template and indexes its resources by logical id and by type. */
export function indexTemplate(
  template: Json,
  file: string,
  paths: ReadonlyMap<string, Origin>,
): ParsedTemplate {
  if (!isObject(template)) throw new InputError(file, 'template is not a JSON object');
  const rawResources = section(template, 'Resources', file);
  const resources = new Map<string, ResourceModel>();
  const byType = new Map<string, ResourceModel[]>();
  for (const logicalId of Object.keys(rawResources)) {
    const raw = rawResources[logicalId];
    if (!isObject(raw) || typeof own(raw, 'Type') !== 'string') {
      throw new InputError(file, `resource ${logicalId} has no Type`);
    }
    const props = own(raw, 'Properties') ?? {};
    if (!isObject(props))
      throw new InputError(file, `resource ${logicalId} has Properties that are not an object`);
    const condition = own(raw, 'Condition');
    const origin = paths.get(logicalId);
    const metadata = own(raw, 'Metadata');
    const assetPath = isObject(metadata) ? own(metadata, 'aws:asset:path') : undefined;
    const resource = new TemplateResource(
      logicalId,
      raw.Type as string,
      props,
      typeof condition === 'string' ? condition : undefined,
      typeof assetPath === 'string' ? assetPath : undefined,
      origin?.constructPath,
      origin?.trace,
    );
    resources.set(logicalId, resource);
    const list = byType.get(resource.type);
    if (list) list.push(resource);
    else byType.set(resource.type, [resource]);
  }
  return {
    parameters: section(template, 'Parameters', file),
    conditions: section(template, 'Conditions', file),
    mappings: section(template, 'Mappings', file),
    outputs: section(template, 'Outputs', file),
    resources,
    byType,
  };
}
