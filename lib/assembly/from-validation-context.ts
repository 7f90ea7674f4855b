import * as path from 'path';
import {
  CfnResource,
  IPolicyValidationContext,
  NestedStack,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { buildStack } from './build-stack';
import { readNestedStacks } from './nested-stacks';
import { userFrame } from './creation-stack';
import { readAcks } from './read-cloud-assembly';
import { Acknowledgment, AppModel, SourceLocation } from './types';

type Origins = Map<string, { constructPath: string; location?: SourceLocation }>;

/**
 * Builds the app model inside `cdk synth`: templates from the paths CDK hands the plugin,
 * construct paths, source lines and acknowledgments from the construct tree.
 */
export function fromValidationContext(context: IPolicyValidationContext): AppModel {
  const root = (context as { appConstruct?: IConstruct }).appConstruct;
  const originsByStack = new Map<string, Origins>();
  const acknowledgments: Acknowledgment[] = [];
  const nestedFiles = new Map<string, string>();
  const fileOfResource = new Map<string, string>();
  if (root) walkTree(root, originsByStack, acknowledgments, { nestedFiles, fileOfResource });
  const stacks = context.stackTemplates.flatMap((s) => {
    const top = buildStack({
      id: s.stackConstructPath,
      stackName: stackNameOf(root, s.stackConstructPath),
      region: s.region ?? null,
      account: s.accountId ?? null,
      templateFile: s.templatePath,
      origins: originsByStack.get(s.stackConstructPath) ?? new Map(),
    });
    // CDK hands plugins only top-level stacks; nested templates are files beside them.
    const nested = readNestedStacks(top, {
      directory: path.dirname(s.templatePath),
      pathOfFile: nestedFiles,
      fileOfAsset: new Map(),
      fileOfResource,
      origins: (id) => originsByStack.get(id) ?? new Map(),
    });
    return [top, ...nested];
  });
  return { stacks, acknowledgments };
}

function stackNameOf(root: IConstruct | undefined, stackPath: string): string {
  const found = root ? findByPath(root, stackPath) : undefined;
  return found && Stack.isStack(found) ? found.stackName : stackPath.replace(/\//g, '-');
}

function findByPath(root: IConstruct, constructPath: string): IConstruct | undefined {
  let current: IConstruct | undefined = root;
  for (const part of constructPath.split('/')) current = current?.node.tryFindChild(part);
  return current;
}

function walkTree(
  root: IConstruct,
  originsByStack: Map<string, Origins>,
  acks: Acknowledgment[],
  nested: { nestedFiles: Map<string, string>; fileOfResource: Map<string, string> },
): void {
  // Iterative: deep construct trees must not overflow the stack.
  const pending: IConstruct[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    for (const entry of node.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        acks.push(...readAcks(entry.data, node.node.path));
    }
    if (CfnResource.isCfnResource(node)) recordResource(node, originsByStack);
    if (NestedStack.isNestedStack(node)) recordNestedStack(node, nested);
    pending.push(...node.node.children);
  }
}

function recordResource(resource: CfnResource, originsByStack: Map<string, Origins>): void {
  const stack = Stack.of(resource);
  const logicalId = stack.resolve(resource.logicalId) as string;
  const trace = resource.node.metadata.find((m) => m.type === 'aws:cdk:creationStack')?.data as
    unknown[] | undefined;
  let origins = originsByStack.get(stack.node.path);
  if (!origins) originsByStack.set(stack.node.path, (origins = new Map()));
  origins.set(logicalId, { constructPath: resource.node.path, location: userFrame(trace) });
}

function recordNestedStack(
  stack: NestedStack,
  nested: { nestedFiles: Map<string, string>; fileOfResource: Map<string, string> },
): void {
  nested.nestedFiles.set(stack.templateFile, stack.node.path);
  const resource = stack.nestedStackResource;
  const parent = stack.nestedStackParent;
  if (!resource || !parent) return;
  const logicalId = parent.resolve(resource.logicalId) as string;
  nested.fileOfResource.set(`${parent.node.path}/${logicalId}`, stack.templateFile);
}
