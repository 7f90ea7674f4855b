import * as path from 'path';
import { IPolicyValidationContext, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { readStackArtifacts, StackArtifact } from './manifest';
import { readAcks, readArtifactStacks } from './read-cloud-assembly';
import { Acknowledgment, AppModel, InputError } from './types';

/**
 * Builds the app model inside `cdk synth` from the stacks CDK hands the plugin. CDK has written
 * the assembly by then, every construct's metadata included (logical ids, creation stacks,
 * acknowledgments), so the stacks are read as the CLI reads them: one code path for both, and no
 * walk over the construct tree resolving each resource's logical id token. Only acknowledgments
 * outside any stack (on the App or a Stage) are in no stack's metadata: those come from the tree.
 */
export function fromValidationContext(context: IPolicyValidationContext): AppModel {
  const root = (context as { appConstruct?: IConstruct }).appConstruct;
  const acknowledgments = root ? acknowledgmentsOutsideStacks(root) : [];
  const artifacts = artifactsByTemplate(context.stackTemplates.map((s) => s.templatePath));
  const stacks = context.stackTemplates.flatMap((s) => {
    const artifact = artifacts.get(path.resolve(s.templatePath));
    if (!artifact)
      throw new InputError(s.templatePath, 'no stack of the cloud assembly manifest beside it');
    return readArtifactStacks(artifact, acknowledgments);
  });
  return { stacks, acknowledgments };
}

/** The stack artifacts of the assemblies the templates are in, by template path. */
function artifactsByTemplate(templates: readonly string[]): Map<string, StackArtifact> {
  const byTemplate = new Map<string, StackArtifact>();
  for (const directory of new Set(templates.map((t) => path.dirname(t))))
    for (const artifact of readStackArtifacts(directory, false))
      byTemplate.set(path.resolve(artifact.templateFile), artifact);
  return byTemplate;
}

/** Acknowledgments on constructs that are not in a stack; a stack's own are in its metadata. */
function acknowledgmentsOutsideStacks(root: IConstruct): Acknowledgment[] {
  const acks: Acknowledgment[] = [];
  // Iterative: deep construct trees must not overflow the stack.
  const pending: IConstruct[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (Stack.isStack(node)) continue;
    for (const entry of node.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        acks.push(...readAcks(entry.data, node.node.path));
    }
    pending.push(...node.node.children);
  }
  return acks;
}
