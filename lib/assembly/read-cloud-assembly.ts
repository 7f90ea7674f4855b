import * as fs from 'fs';
import * as path from 'path';
import { buildStack, knownOrNull, UNKNOWN_ACCOUNT, UNKNOWN_REGION } from './build-stack';
import { assetFiles, owningStack, readNestedStacks } from './nested-stacks';
import { readStackArtifacts, StackArtifact } from './manifest';
import { INPUT_LIMITS } from './read-input';
import { isObject, Origin, readJsonFile } from './template';
import { Acknowledgment, AppModel, InputError, StackModel } from './types';

const ACK_KEY = 'aws:cdk:acknowledged-rules';
const TEMPLATE_FILE_KEY = 'aws:cdk:templateFile';

/** A metadata entry as the manifest holds it; anything may be missing or of the wrong type. */
type MetadataEntry = { readonly type?: unknown; readonly data?: unknown } | null;

/** Reads a `cdk.out` directory, nested Stage assemblies included, into the app model. */
export function readCloudAssembly(directory: string): AppModel {
  const stat = fs.statSync(directory, { throwIfNoEntry: false });
  if (!stat)
    throw new InputError(directory, 'cloud assembly directory not found (run `cdk synth` first)');
  if (!stat.isDirectory())
    throw new InputError(directory, 'not a directory; pass the cdk.out directory');
  const manifest = path.join(directory, 'manifest.json');
  if (!fs.existsSync(manifest)) {
    throw new InputError(
      manifest,
      'not found; is this a cdk.out directory? (run `cdk synth` first)',
    );
  }
  const acknowledgments: Acknowledgment[] = [];
  const stacks = readStackArtifacts(directory).flatMap((artifact) =>
    readArtifactStacks(artifact, acknowledgments),
  );
  return { stacks, acknowledgments };
}

/**
 * A stack artifact and its nested stacks: templates, and construct paths, source lines and
 * acknowledgments from the artifact's metadata (CDK writes there every construct's metadata).
 */
export function readArtifactStacks(
  artifact: StackArtifact,
  acknowledgments: Acknowledgment[],
): StackModel[] {
  const metadata = collectMetadata(artifact, acknowledgments);
  const top = buildStack({
    id: artifact.id,
    stackName: artifact.stackName,
    region: knownOrNull(artifact.region, UNKNOWN_REGION),
    account: knownOrNull(artifact.account, UNKNOWN_ACCOUNT),
    templateFile: artifact.templateFile,
    manifestFile: artifact.manifestFile,
    origins: metadata.origins.get(artifact.id) ?? new Map(),
  });
  if (!top.byType.has('AWS::CloudFormation::Stack')) return [top];
  const nested = readNestedStacks(top, {
    directory: path.dirname(artifact.templateFile),
    pathOfFile: metadata.pathOfFile,
    fileOfAsset: assetFiles(artifact.assetManifests.map((m) => m.document)),
    origins: (id) => metadata.origins.get(id) ?? new Map(),
  });
  return [top, ...nested];
}

type Origins = Map<string, Origin>;

/**
 * Construct paths, creation stacks and acknowledgments of a stack artifact, per stack: resources
 * of nested stacks are recorded in their parent's metadata under the nested stack's construct path.
 */
function collectMetadata(
  artifact: StackArtifact,
  acknowledgments: Acknowledgment[],
): { origins: Map<string, Origins>; pathOfFile: Map<string, string> } {
  const pathOfFile = new Map<string, string>();
  const resources: (Origin & { readonly logicalId: string })[] = [];
  const visit = (key: string, entries: readonly MetadataEntry[]) => {
    let logicalId: string | undefined;
    let trace: readonly unknown[] | undefined;
    for (const entry of entries) {
      if (!entry) continue;
      const { type, data } = entry;
      if (type === 'aws:cdk:logicalId') {
        if (typeof data === 'string') logicalId = data;
      } else if (type === 'aws:cdk:creationStack') {
        if (Array.isArray(data)) trace = data as unknown[];
      } else if (type === TEMPLATE_FILE_KEY) {
        if (typeof data === 'string') pathOfFile.set(data, constructPathOf(key));
      } else if (type === ACK_KEY) acknowledgments.push(...readAcks(data, constructPathOf(key)));
    }
    if (logicalId) resources.push({ constructPath: constructPathOf(key), logicalId, trace });
  };
  forEachMetadataKey(artifact, visit);
  const stackPaths = [...pathOfFile.values()];
  const origins = new Map<string, Origins>();
  for (const resource of resources) {
    const stackId = owningStack(resource.constructPath, stackPaths, artifact.id);
    let forStack = origins.get(stackId);
    if (!forStack) origins.set(stackId, (forStack = new Map()));
    forStack.set(resource.logicalId, resource);
  }
  return { origins, pathOfFile };
}

/** `/Stack/Construct` as metadata keys it, `Stack/Construct` as construct paths read. */
function constructPathOf(key: string): string {
  return key.charCodeAt(0) === 0x2f ? key.slice(1) : key;
}

/**
 * Each key of the artifact's metadata with its entries: its additional metadata file (through the
 * bounded reader), then the entries in the manifest, merged as cx-api's CloudArtifact.readMetadata
 * merges them. CDK writes one or the other: the entry lists are copied only when both hold some.
 */
function forEachMetadataKey(
  artifact: StackArtifact,
  visit: (key: string, entries: readonly MetadataEntry[]) => void,
): void {
  let fromFile: Record<string, unknown> | undefined;
  const file = artifact.additionalMetadataFile;
  if (file) {
    const data = readJsonFile(file, 'metadata file', INPUT_LIMITS.manifest);
    if (!isObject(data)) throw new InputError(file, 'metadata file is not a JSON object');
    fromFile = data;
  }
  const inManifest: Record<string, unknown> = artifact.metadata ?? {};
  const sources = [fromFile ?? {}, inManifest].filter((source) => Object.keys(source).length);
  const merged = sources.length > 1 ? mergeMetadata(sources[0], sources[1]) : sources[0];
  if (!merged) return;
  for (const key of Object.keys(merged)) {
    const entries = merged[key];
    if (Array.isArray(entries)) visit(key, entries as MetadataEntry[]);
  }
}

function mergeMetadata(
  fromFile: Record<string, unknown>,
  inManifest: Record<string, unknown>,
): Record<string, MetadataEntry[]> {
  const merged: Record<string, MetadataEntry[]> = Object.create(null);
  for (const key of Object.keys(fromFile))
    if (Array.isArray(fromFile[key])) merged[key] = [...(fromFile[key] as MetadataEntry[])];
  for (const key of Object.keys(inManifest)) {
    const entries = inManifest[key];
    if (!Array.isArray(entries)) continue;
    merged[key] = merged[key]
      ? [...merged[key], ...(entries as MetadataEntry[])]
      : [...(entries as MetadataEntry[])];
  }
  return merged;
}

export function readAcks(data: unknown, constructPath: string): Acknowledgment[] {
  if (typeof data !== 'object' || data === null) return [];
  return Object.entries(data as Record<string, unknown>)
    .filter(([, reason]) => typeof reason === 'string')
    .map(([id, reason]) => ({ id, reason: reason as string, constructPath }));
}
