import { sanitizeLine } from '../sanitize';

/** JSON as read from a template: no prototypes, no functions. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface SourceLocation {
  /** Absolute path as recorded by CDK, or relative when the assembly recorded it so. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One `Validations.of(x).acknowledge({ id, reason })` found in the assembly or construct tree. */
export interface Acknowledgment {
  /** As recorded: `BedrockRegionChecks::BedrockRegions-X`, `Annotation::BedrockRegions-X`, ... */
  readonly id: string;
  readonly reason: string;
  /** Construct path the acknowledgment was made on; it covers everything below it. */
  readonly constructPath: string;
}

export interface ResourceModel {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: JsonObject;
  readonly condition?: string;
  /** `Metadata["aws:asset:path"]`: the template file of a nested stack, when CDK recorded it. */
  readonly assetPath?: string;
  readonly constructPath?: string;
  readonly location?: SourceLocation;
}

export interface StackModel {
  /** Unique within the app: the construct path of the stack (`Stage/Stack`). */
  readonly id: string;
  /** The CloudFormation stack name. */
  readonly stackName: string;
  readonly region: string | null;
  readonly account: string | null;
  /** Set for a `NestedStack`: the parent stack and its `AWS::CloudFormation::Stack` resource. */
  readonly nestedIn?: { readonly stackId: string; readonly logicalId: string };
  /** Path of the template file, as given (absolute in the plugin, inside the assembly dir in the CLI). */
  readonly templateFile: string;
  readonly parameters: JsonObject;
  readonly conditions: JsonObject;
  readonly mappings: JsonObject;
  readonly outputs: JsonObject;
  readonly resources: ReadonlyMap<string, ResourceModel>;
  /** Resources indexed by CloudFormation type, so discovery never scans a whole template per question. */
  readonly byType: ReadonlyMap<string, readonly ResourceModel[]>;
}

export interface AppModel {
  readonly stacks: readonly StackModel[];
  readonly acknowledgments: readonly Acknowledgment[];
}

/**
 * An input value as an error line quotes it: a string in quotes (its first 100 characters), any
 * other value by its kind. Never serializes a list or an object: input nests deeper than the stack
 * (JSON.stringify and String() of a nested array recurse).
 */
export function quoteInput(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 100));
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

/** Bad input: the CLI prints `file: problem` on one line and exits 2. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    // Problems quote user data (names, paths, values): the message stays one printable line.
    super(sanitizeLine(`${file}: ${problem}`));
    this.name = 'InputError';
  }
}
