import * as fs from 'fs';
import * as path from 'path';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { buildStack, knownOrNull, UNKNOWN_ACCOUNT, UNKNOWN_REGION } from './build-stack';
import { userFrame } from './creation-stack';
import { assetFiles, owningStack, readNestedStacks } from './nested-stacks';
import { INPUT_LIMITS, insideAssembly, parseJsonText, readInputFile } from './read-input';
import { isObject, own, readJsonFile } from './template';
import { Acknowledgment, AppModel, InputError, SourceLocation } from './types';

const ACK_KEY = 'aws:cdk:acknowledged-rules';
const TEMPLATE_FILE_KEY = 'aws:cdk:templateFile';
const MAX_NESTED_ASSEMBLIES = 16;

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
  checkManifestPaths(directory, 0);
  const artifacts = loadStackArtifacts(directory, manifest);
  const acknowledgments: Acknowledgment[] = [];
  const stacks = artifacts.flatMap((artifact) => {
    const metadata = collectMetadata(artifact, acknowledgments);
    const top = buildStack({
      id: artifact.hierarchicalId,
      stackName: artifact.stackName,
      region: knownOrNull(artifact.environment.region, UNKNOWN_REGION),
      account: knownOrNull(artifact.environment.account, UNKNOWN_ACCOUNT),
      templateFile: artifact.templateFullPath,
      manifestFile: path.join(artifact.assembly.directory, 'manifest.json'),
      origins: metadata.origins.get(artifact.hierarchicalId) ?? new Map(),
    });
    if (!top.byType.has('AWS::CloudFormation::Stack')) return [top];
    const nested = readNestedStacks(top, {
      directory: path.dirname(artifact.templateFullPath),
      pathOfFile: metadata.pathOfFile,
      fileOfAsset: assetFiles(assetManifests(artifact)),
      origins: (id) => metadata.origins.get(id) ?? new Map(),
    });
    return [top, ...nested];
  });
  return { stacks, acknowledgments };
}

function assetManifests(artifact: CloudFormationStackArtifact): string[] {
  return artifact.dependencies
    .map((d) => (d as { file?: unknown }).file)
    .filter((f): f is string => typeof f === 'string' && f.endsWith('.assets.json'));
}

/**
 * cx-api's CloudAssembly reads the manifest, nested assemblies and metadata files itself, with
 * plain fs calls: each manifest is read here first (bounded, by type), and every path it names must
 * stay inside the assembly directory before the directory is handed over.
 */
function checkManifestPaths(directory: string, depth: number): void {
  const file = path.join(directory, 'manifest.json');
  if (depth > MAX_NESTED_ASSEMBLIES)
    throw new InputError(file, `nested assemblies deeper than ${MAX_NESTED_ASSEMBLIES} levels`);
  const what = 'cloud assembly manifest';
  const manifest = parseJsonText(readInputFile(file, what, INPUT_LIMITS.manifest), file, what);
  const artifacts = isObject(manifest) ? own(manifest, 'artifacts') : undefined;
  if (!isObject(artifacts)) return; // CloudAssembly reports a manifest of the wrong shape
  for (const id of Object.keys(artifacts)) {
    const artifact = artifacts[id];
    if (!isObject(artifact)) continue;
    const name = `artifact ${JSON.stringify(id.slice(0, 100))}`;
    const extra = own(artifact, 'additionalMetadataFile');
    if (extra !== undefined)
      insideAssembly(directory, extra, file, `${name} additionalMetadataFile`, true);
    const props = own(artifact, 'properties');
    if (!isObject(props)) continue;
    const type = own(artifact, 'type');
    if (type === 'aws:cloudformation:stack')
      insideAssembly(directory, own(props, 'templateFile'), file, `${name} templateFile`);
    else if (type === 'cdk:cloud-assembly')
      checkManifestPaths(
        insideAssembly(directory, own(props, 'directoryName'), file, `${name} directoryName`),
        depth + 1,
      );
    else if (
      (type === 'cdk:asset-manifest' || type === 'cdk:tree') &&
      own(props, 'file') !== undefined
    )
      insideAssembly(directory, own(props, 'file'), file, `${name} file`);
  }
}

function loadStackArtifacts(directory: string, manifest: string): CloudFormationStackArtifact[] {
  // Loaded here, not at the top: the plugin inside `cdk synth` never needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cxapi = require('aws-cdk-lib/cx-api') as typeof import('aws-cdk-lib/cx-api');
  try {
    const assembly = new cxapi.CloudAssembly(directory, {
      skipVersionCheck: true,
      topoSort: false,
    });
    return assembly.stacksRecursively;
  } catch (e) {
    const message = firstLine((e as Error).message);
    if (e instanceof SyntaxError) throw new InputError(manifest, `not valid JSON (${message})`);
    throw new InputError(manifest, `not a readable cloud assembly manifest (${message})`);
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

type Origins = Map<string, { constructPath: string; location?: SourceLocation }>;

/**
 * Construct paths, source lines and acknowledgments of a stack artifact, per stack: resources of
 * nested stacks are recorded in their parent's metadata under the nested stack's construct path.
 */
function collectMetadata(
  artifact: CloudFormationStackArtifact,
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
    const stackId = owningStack(constructPath, stackPaths, artifact.hierarchicalId);
    let forStack = origins.get(stackId);
    if (!forStack) origins.set(stackId, (forStack = new Map()));
    forStack.set(logicalId, { constructPath, location });
  }
  return { origins, pathOfFile };
}

/**
 * The artifact's metadata: its additional metadata file (through the safe reader, not cx-api's
 * plain read), then the entries in the manifest, as CloudArtifact.readMetadata merges them.
 */
function readMetadata(artifact: CloudFormationStackArtifact): Record<string, MetadataEntry[]> {
  const merged: Record<string, MetadataEntry[]> = Object.create(null);
  const extra = artifact.manifest.additionalMetadataFile;
  if (extra) {
    const file = path.join(artifact.assembly.directory, extra);
    const data = readJsonFile(file, 'metadata file', INPUT_LIMITS.manifest);
    if (!isObject(data)) throw new InputError(file, 'metadata file is not a JSON object');
    for (const key of Object.keys(data))
      if (Array.isArray(data[key])) merged[key] = [...(data[key] as MetadataEntry[])];
  }
  for (const [key, entries] of Object.entries(artifact.manifest.metadata ?? {})) {
    if (!Array.isArray(entries)) continue;
    merged[key] = merged[key] ? [...merged[key], ...entries] : [...entries];
  }
  return merged;
}

export function readAcks(data: unknown, constructPath: string): Acknowledgment[] {
  if (typeof data !== 'object' || data === null) return [];
  return Object.entries(data as Record<string, unknown>)
    .filter(([, reason]) => typeof reason === 'string')
    .map(([id, reason]) => ({ id, reason: reason as string, constructPath }));
}
