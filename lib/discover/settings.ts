import { memoized } from '../collections';
import { asArray, asText, get, isValueObject, Value } from '../resolve/value';
import { Setting } from './facts';

/** A `{ NAME: value }` environment map (Lambda, SageMaker containers and job requests). */
export function variables(value: Value | undefined): Setting[] {
  if (!isValueObject(value)) return [];
  return Object.keys(value).map((name) => ({
    label: variableLabel(name),
    name,
    value: value[name],
  }));
}

/** Thousands of functions share variable names: one label string each. */
const variableLabel = memoized((name: string) => `environment variable ${name}`);

/** `[{ Name, Value }]` lists (ECS and Batch environment and secrets, CodeBuild variables). */
export function namedList(value: Value | undefined, valueKey: string, label: string): Setting[] {
  return asArray(value).flatMap((entry) => {
    const name = asText(get(entry, 'Name'));
    const v = get(entry, valueKey);
    if (!name || v === undefined) return [];
    const type = asText(get(entry, 'Type'));
    const stored = label === 'secret' || (type !== undefined && type !== 'PLAINTEXT');
    const kind = stored ? 'secret' : label;
    return [{ label: `${kind} ${name}`, name, value: v, ...(stored ? { stored } : {}) }];
  });
}

/** A property that names an S3 location or a model: `property ModelDataUrl`. */
export function property(value: Value | undefined, name: string): Setting[] {
  return value === undefined ? [] : [{ label: `property ${name}`, name, value }];
}
