import * as path from 'path';
import { INPUT_LIMITS, insideAssembly, parseJsonText, readInputFile } from './read-input';
import { isObject, own, readJsonFile } from './template';
import { InputError, Json, JsonObject, quoteInput } from './types';
import { lookupTable } from '../collections';

const MAX_NESTED_ASSEMBLIES = 16;
/** cx-api's EnvironmentUtils.parse: `aws://account/region`, either part possibly `unknown-...`. */
const ENVIRONMENT = /aws:\/\/([a-z0-9A-Z\-@._]+)\/([a-z\-0-9]+)/;
/** What cx-api's Manifest.loadAssemblyManifest accepts as a version (semver.valid). */
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** A CloudFormation stack artifact of a cloud assembly manifest, as the linter reads it. */
export interface StackArtifact {
  /** The display name (`Stage/Stack`), else the artifact id: cx-api's `hierarchicalId`. */
  readonly id: string;
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly templateFile: string;
  /** The manifest that declares the stack: named in errors about its identity. */
  readonly manifestFile: string;
  /** Asset manifests the stack depends on, each read (and parsed) once. */
  readonly assetManifests: readonly { readonly file: string; readonly document: Json }[];
  /** The artifact's own `metadata` and its `additionalMetadataFile` (absolute), if any. */
  readonly metadata: JsonObject | undefined;
  readonly additionalMetadataFile: string | undefined;
}

/**
 * The stack artifacts of an assembly and of its nested (Stage) assemblies, in cx-api's order
 * (`stacksRecursively`: an assembly's stacks, then its nested assemblies, breadth first). Each
 * manifest is read once, bounded and by type, and every path it names must stay inside its
 * assembly directory before anything is read; what cx-api refused is refused here, in one line.
 * `nested: false` reads the one assembly only.
 */
export function readStackArtifacts(directory: string, nested = true): StackArtifact[] {
  const stacks: StackArtifact[] = [];
  const pending: { directory: string; depth: number }[] = [{ directory, depth: 0 }];
  for (let i = 0; i < pending.length; i++) {
    const assembly = pending[i];
    const file = path.join(assembly.directory, 'manifest.json');
    if (assembly.depth > MAX_NESTED_ASSEMBLIES)
      throw new InputError(file, `nested assemblies deeper than ${MAX_NESTED_ASSEMBLIES} levels`);
    const what = 'cloud assembly manifest';
    const text = readInputFile(file, what, INPUT_LIMITS.manifest);
    const manifest = parseJsonText(text, file, what) as Json;
    const artifacts = artifactsOf(manifest, file);
    checkPaths(assembly.directory, artifacts, file);
    const assetManifests = readAssetManifests(assembly.directory, artifacts);
    for (const [id, artifact] of artifacts) {
      const type = own(artifact, 'type');
      if (type === 'aws:cloudformation:stack')
        stacks.push(stackArtifact(id, artifact, assetManifests, assembly.directory, file));
      else if (type === 'cdk:cloud-assembly' && nested) {
        const props = own(artifact, 'properties') as JsonObject;
        const nested = path.join(assembly.directory, own(props, 'directoryName') as string);
        pending.push({ directory: nested, depth: assembly.depth + 1 });
      }
    }
  }
  return stacks;
}

function unreadable(file: string, why: string): InputError {
  return new InputError(file, `not a readable cloud assembly manifest (${why})`);
}

/** The manifest's artifacts by id, each an object, after the checks cx-api makes on load. */
function artifactsOf(manifest: Json, file: string): Map<string, JsonObject> {
  if (!isObject(manifest)) throw unreadable(file, 'the manifest is not a JSON object');
  const version = own(manifest, 'version');
  if (typeof version !== 'string' || !SEMVER.test(version))
    throw unreadable(file, `Invalid semver string: ${quoteInput(version)}`);
  const artifacts = own(manifest, 'artifacts') ?? {};
  if (!isObject(artifacts)) throw unreadable(file, 'artifacts is not an object');
  const ids = new Set(Object.keys(artifacts));
  const byId = new Map<string, JsonObject>();
  // An artifact that is not an object has no type: cx-api skips it, as it skips unknown types.
  for (const id of ids) if (isObject(artifacts[id])) byId.set(id, artifacts[id] as JsonObject);
  for (const [id, artifact] of byId) {
    const dependencies = own(artifact, 'dependencies') ?? [];
    if (!Array.isArray(dependencies))
      throw unreadable(file, `artifact ${label(id)} has dependencies that are not a list`);
    for (const dep of dependencies)
      if (typeof dep !== 'string' || !ids.has(dep))
        throw unreadable(
          file,
          `Artifact ${label(id)} depends on non-existing artifact ${label(dep)}`,
        );
  }
  return byId;
}

/** Every file or directory an artifact names stays inside the assembly, before any is read. */
function checkPaths(directory: string, artifacts: Map<string, JsonObject>, file: string): void {
  for (const [id, artifact] of artifacts) {
    const name = `artifact ${label(id)}`;
    const extra = own(artifact, 'additionalMetadataFile');
    if (extra !== undefined)
      insideAssembly(directory, extra, file, `${name} additionalMetadataFile`, true);
    const type = own(artifact, 'type');
    const required = REQUIRED_PATH[type as string];
    if (!required) continue;
    const props = own(artifact, 'properties');
    const value = isObject(props) ? own(props, required.key) : undefined;
    if (value === undefined && required.missing) throw unreadable(file, required.missing);
    if (value !== undefined || type === 'cdk:cloud-assembly')
      insideAssembly(directory, value, file, `${name} ${required.key}`);
  }
}

/** The path property of each artifact type the reader follows, and cx-api's error without it. */
const REQUIRED_PATH = lookupTable<{ key: string; missing?: string }>({
  'aws:cloudformation:stack': {
    key: 'templateFile',
    missing:
      'Invalid CloudFormation stack artifact. Missing "templateFile" property in cloud assembly manifest',
  },
  'cdk:cloud-assembly': { key: 'directoryName' },
  'cdk:asset-manifest': {
    key: 'file',
    missing: 'Invalid AssetManifestArtifact. Missing "file" property',
  },
  'cdk:tree': { key: 'file', missing: 'Invalid TreeCloudArtifact. Missing "file" property' },
});

type AssetManifest = StackArtifact['assetManifests'][number];

/** Every asset manifest of the assembly, read once: cx-api reads them all when it loads. */
function readAssetManifests(
  directory: string,
  artifacts: Map<string, JsonObject>,
): Map<string, AssetManifest> {
  const manifests = new Map<string, AssetManifest>();
  for (const [id, artifact] of artifacts) {
    if (own(artifact, 'type') !== 'cdk:asset-manifest') continue;
    const file = path.join(
      directory,
      own(own(artifact, 'properties') as JsonObject, 'file') as string,
    );
    manifests.set(id, { file, document: readJsonFile(file, 'asset manifest') });
  }
  return manifests;
}

function stackArtifact(
  id: string,
  artifact: JsonObject,
  assetManifests: Map<string, AssetManifest>,
  directory: string,
  file: string,
): StackArtifact {
  const props = own(artifact, 'properties') as JsonObject;
  const environment = own(artifact, 'environment');
  if (environment === undefined)
    throw unreadable(file, 'Invalid CloudFormation stack artifact. Missing environment');
  const env = typeof environment === 'string' ? ENVIRONMENT.exec(environment) : null;
  if (!env)
    throw unreadable(
      file,
      `Unable to parse environment specification ${quoteInput(environment)}. Expected format: aws://account/region`,
    );
  const metadata = own(artifact, 'metadata');
  const extra = own(artifact, 'additionalMetadataFile');
  return {
    // As cx-api has them; a name of the wrong type is refused when the stack is built.
    id: (own(artifact, 'displayName') ?? id) as string,
    stackName: (own(props, 'stackName') || id) as string,
    account: env[1],
    region: env[2],
    templateFile: path.join(directory, own(props, 'templateFile') as string),
    manifestFile: file,
    assetManifests: ((own(artifact, 'dependencies') ?? []) as string[]).flatMap(
      (dep) => assetManifests.get(dep) ?? [],
    ),
    metadata: isObject(metadata) ? metadata : undefined,
    additionalMetadataFile: typeof extra === 'string' ? path.join(directory, extra) : undefined,
  };
}

function label(id: unknown): string {
  return quoteInput(typeof id === 'string' || typeof id === 'object' ? id : String(id));
}
