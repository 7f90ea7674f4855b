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
  paths: ReadonlyMap<string, { constructPath: string; location?: SourceLocation }>,
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
    const resource: ResourceModel = {
      logicalId,
      type: raw.Type as string,
      properties: props,
      condition: typeof condition === 'string' ? condition : undefined,
      ...(typeof assetPath === 'string' ? { assetPath } : {}),
      constructPath: origin?.constructPath,
      location: origin?.location,
    };
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
