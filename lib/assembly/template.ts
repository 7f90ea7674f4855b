import * as fs from 'fs';
import { InputError, Json, JsonObject, ResourceModel, SourceLocation } from './types';

/** Largest template we read; CloudFormation's own limit is 1 MB, CDK's assets can be larger. */
const MAX_TEMPLATE_BYTES = 256 * 1024 * 1024;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own property lookup: `__proto__` and inherited names are data, never prototype access. */
export function own(obj: JsonObject, key: string): Json | undefined {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

export function readJsonFile(file: string, what: string): Json {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_TEMPLATE_BYTES) {
      throw new InputError(
        file,
        `${what} is ${size} bytes, larger than the ${MAX_TEMPLATE_BYTES} bytes read`,
      );
    }
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      file,
      code === 'ENOENT' ? `${what} not found` : `cannot read ${what} (${code ?? e})`,
    );
  }
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    const reason = e instanceof RangeError ? 'nesting too deep' : (e as Error).message;
    throw new InputError(file, `${what} is not valid JSON (${reason})`);
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
