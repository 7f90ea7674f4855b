import { buildStack } from './build-stack';
import { insideAssembly } from './read-input';
import { isObject, Origin, own } from './template';
import { Json, JsonObject, StackModel } from './types';

type Origins = ReadonlyMap<string, Origin>;

/** What is known of the nested stacks of an assembly, however it was read. */
export interface NestedStackIndex {
  /** Directory the templates are in (nested template names are relative to it). */
  readonly directory: string;
  /** Template file name -> construct path of the `NestedStack` it belongs to. */
  readonly pathOfFile: ReadonlyMap<string, string>;
  /** Asset hash -> file name, from the asset manifests (`TemplateURL` ends in `<hash>.json`). */
  readonly fileOfAsset: ReadonlyMap<string, string>;
  /** `parentStackId/logicalId` of an `AWS::CloudFormation::Stack` -> file, when the tree says so. */
  readonly fileOfResource?: ReadonlyMap<string, string>;
  /** Stack id (construct path) -> logical id -> construct path and source line. */
  readonly origins: (stackId: string) => Origins;
}

const ASSET_KEY = /([0-9a-f]{64})\.json/;
/** How deep a TemplateURL's strings are looked for (CDK's own sit three levels down). */
const URL_DEPTH = 16;

/**
 * The nested stacks under a stack, depth first: each `AWS::CloudFormation::Stack` whose template
 * is a file of the assembly is read like a stack, in its parent's region and account.
 */
export function readNestedStacks(parent: StackModel, index: NestedStackIndex): StackModel[] {
  const found: StackModel[] = [];
  const pending: StackModel[] = [parent];
  while (pending.length > 0) {
    const stack = pending.pop()!;
    for (const resource of stack.byType.get('AWS::CloudFormation::Stack') ?? []) {
      const file =
        index.fileOfResource?.get(`${stack.id}/${resource.logicalId}`) ??
        templateFileOf(resource.properties, resource.assetPath, index);
      if (!file) continue; // a stack deployed from a template outside the app: nothing to read
      const id = index.pathOfFile.get(file) ?? `${stack.id}/${resource.logicalId}`;
      const nested = buildStack({
        id,
        stackName: `${stack.stackName}-${id.split('/').pop()}`,
        region: stack.region,
        account: stack.account,
        nestedIn: { stackId: stack.id, logicalId: resource.logicalId },
        templateFile: insideAssembly(
          index.directory,
          file,
          stack.templateFile,
          `nested stack ${resource.logicalId} template`,
        ),
        origins: index.origins(id),
      });
      found.push(nested);
      pending.push(nested);
    }
  }
  return found;
}

function templateFileOf(
  properties: JsonObject,
  assetPath: string | undefined,
  index: NestedStackIndex,
): string | undefined {
  if (assetPath && index.pathOfFile.has(assetPath)) return assetPath;
  const hash = assetHashIn(own(properties, 'TemplateURL'));
  const file = hash ? index.fileOfAsset.get(hash) : undefined;
  return file ?? (assetPath?.endsWith('.json') ? assetPath : undefined);
}

/**
 * The asset hash a nested stack's TemplateURL names, in the first of its strings that has one (CDK
 * writes an `Fn::Join` of the bucket and `<hash>.json`). Searched in document order without
 * recursion and only a few levels down: a template can nest deeper than the stack.
 */
function assetHashIn(url: Json | undefined): string | undefined {
  const pending: { value: unknown; depth: number }[] = [{ value: url, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth } = next;
    if (typeof value === 'string') {
      const hash = ASSET_KEY.exec(value)?.[1];
      if (hash) return hash;
    } else if (value !== null && typeof value === 'object' && depth < URL_DEPTH) {
      const members = Object.values(value);
      for (let i = members.length - 1; i >= 0; i--)
        pending.push({ value: members[i], depth: depth + 1 });
    }
  }
  return undefined;
}

/** Asset hash -> source file of every file asset in the given asset manifests. */
export function assetFiles(manifests: readonly Json[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const doc of manifests) {
    const entries = isObject(doc) ? own(doc, 'files') : undefined;
    if (!isObject(entries)) continue;
    for (const [hash, entry] of Object.entries(entries)) {
      const source = isObject(entry) ? own(entry, 'source') : undefined;
      const file = isObject(source) ? own(source, 'path') : undefined;
      if (typeof file === 'string') files.set(hash, file);
    }
  }
  return files;
}

/** The nested stack a construct belongs to: the longest nested stack path above it, else the stack. */
export function owningStack(
  constructPath: string,
  stackPaths: readonly string[],
  top: string,
): string {
  let best = top;
  for (const p of stackPaths) {
    if (p.length > best.length && constructPath.startsWith(`${p}/`)) best = p;
  }
  return best;
}
