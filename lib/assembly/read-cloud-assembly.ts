import * as fs from 'fs';
import * as path from 'path';
import { buildStack, knownOrNull, UNKNOWN_ACCOUNT, UNKNOWN_REGION } from './build-stack';
import { userFrame } from './creation-stack';
import { assetFiles, owningStack, readNestedStacks } from './nested-stacks';
import { readStackArtifacts, StackArtifact } from './manifest';
import { INPUT_LIMITS } from './read-input';
import { isObject, readJsonFile } from './template';
import { Acknowledgment, AppModel, InputError, SourceLocation, StackModel } from './types';

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

type Origins = Map<string, { constructPath: string; location?: SourceLocation }>;

/**
 * Construct paths, source lines and acknowledgments of a stack artifact, per stack: resources of
 * nested stacks are recorded in their parent's metadata under the nested stack's construct path.
 */
function collectMetadata(
  artifact: StackArtifact,
  acknowledgments: Acknowledgment[],
): { origins: Map<string, Origins>; pathOfFile: Map<string, string> } {
  const metadata = readMetadata(artifact);
  const pathOfFile = new Map<string, string>();
  const resources: { constructPath: string; logicalId: string; location?: SourceLocation }[] = [];
  for (const [key, entries] of Object.entries(metadata)) {
    const constructPath = key.replace(/^\//, '');
    let logicalId: string | undefined;
    let location: SourceLocation | undefined;
    for (const entry of entries) {
      if (entry?.type === 'aws:cdk:logicalId' && typeof entry.data === 'string')
        logicalId = entry.data;
      else if (entry?.type === 'aws:cdk:creationStack' && Array.isArray(entry.data)) {
        location = userFrame(entry.data as unknown[]);
      } else if (entry?.type === TEMPLATE_FILE_KEY && typeof entry.data === 'string')
        pathOfFile.set(entry.data, constructPath);
      else if (entry?.type === ACK_KEY)
        acknowledgments.push(...readAcks(entry.data, constructPath));
    }
    if (logicalId) resources.push({ constructPath, logicalId, location });
  }
  const stackPaths = [...pathOfFile.values()];
  const origins = new Map<string, Origins>();
  for (const { constructPath, logicalId, location } of resources) {
    const stackId = owningStack(constructPath, stackPaths, artifact.id);
    let forStack = origins.get(stackId);
    if (!forStack) origins.set(stackId, (forStack = new Map()));
    forStack.set(logicalId, { constructPath, location });
  }
  return { origins, pathOfFile };
}

/**
 * The artifact's metadata: its additional metadata file (through the bounded reader), then the
 * entries in the manifest, merged as cx-api's CloudArtifact.readMetadata merges them.
 */
function readMetadata(artifact: StackArtifact): Record<string, MetadataEntry[]> {
  const merged: Record<string, MetadataEntry[]> = Object.create(null);
  const file = artifact.additionalMetadataFile;
  if (file) {
    const data = readJsonFile(file, 'metadata file', INPUT_LIMITS.manifest);
    if (!isObject(data)) throw new InputError(file, 'metadata file is not a JSON object');
    for (const key of Object.keys(data))
      if (Array.isArray(data[key])) merged[key] = [...(data[key] as MetadataEntry[])];
  }
  const inManifest = artifact.metadata ?? {};
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
