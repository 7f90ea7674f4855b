import { Catalog } from '../lib/catalog/catalog';
import { ComputeFact, Facts, FlowFact, Subject, TargetKind } from '../lib/discover/facts';
import { LintOptions, Severity } from '../lib/options';
import { CostBasis } from '../lib/pricing/basis';
export { groupBy } from '../lib/collections';
import { Place } from '../lib/resolve/locate';

export const RULE_PREFIX = 'BedrockRegions-';

export interface RuleContext {
  readonly facts: Facts;
  readonly catalog: Catalog;
  readonly options: LintOptions;
  /** `YYYY-MM-DD` of the run, for lifecycle dates and catalog age. */
  readonly today: string;
  /** The name users gave a resource: its construct path without `/Resource`, else its logical id. */
  nameOf(subject: Subject): string;
}

/** A related resource or place that a finding names besides its subject. */
export interface Related {
  readonly what: string;
  readonly place: Place;
}

/** What a rule reports; the engine adds severity, locations and acknowledgments. */
export interface FindingDraft {
  /** The resource the finding is about; undefined for app-wide findings (a stale catalog). */
  readonly subject?: Subject;
  readonly message: string;
  readonly regions: { readonly resource: string | null; readonly peer?: string | null };
  readonly related?: readonly Related[];
  /** Distinguishes findings of one rule on one resource; stable across runs (no hashes, no line numbers). */
  readonly key: string;
  /** What the finding costs, for the pricing stage; absent when the mistake has no running cost. */
  readonly cost?: CostBasis;
  /** The AWS error this finding prevents, when it is not the rule's (null: none is sourced for it). */
  readonly awsError?: string | null;
}

/** One rule: metadata beside logic, in the manner of ESLint rule modules and cdk-nag rules. */
export interface Rule {
  /** Name without prefix, e.g. `CustomizationModelRegion`; the id is `BedrockRegions-<name>`. */
  readonly name: string;
  readonly summary: string;
  readonly explanation: string;
  readonly fix: string;
  readonly defaultSeverity: Severity;
  /** AWS error text the mistake produces, quoted from AWS documentation, for users who search for it. */
  readonly awsError?: string;
  /** Documentation that backs the rule (AWS pages it is built from), for `cdk-bedrock-lint explain`. */
  readonly docs?: readonly string[];
  /** The mistake makes AWS fail the deployment, job or sync: reports say so instead of a monthly cost. */
  readonly failsAtDeploy?: boolean;
  check(context: RuleContext): FindingDraft[];
}

export function ruleId(rule: Rule): string {
  return `${RULE_PREFIX}${rule.name}`;
}

export function regionText(place: Place): string {
  return place.region ?? 'an unknown region';
}

/** Flow targets that hold data (as opposed to models, knowledge bases and agents). */
export const DATA_TARGETS: ReadonlySet<TargetKind> = new Set(['bucket', 'table', 'vector-store']);

export function list(items: readonly string[], empty = 'none'): string {
  if (items.length === 0) return empty;
  if (items.length === 1) return items[0];
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `Lambda Rag/Retriever`: the kind of compute and its logical id, for messages. */
export function computeName(compute: ComputeFact): string {
  return `${COMPUTE_NAMES[compute.kind]} ${compute.name}`;
}

const COMPUTE_NAMES: Record<ComputeFact['kind'], string> = {
  lambda: 'Lambda function',
  'ecs-task': 'ECS task',
  codebuild: 'CodeBuild project',
  'state-machine': 'state machine',
  'bedrock-agent': 'Bedrock agent',
  'customization-job': 'customization job',
  'batch-inference-job': 'batch inference job',
  'model-import-job': 'model import job',
  'sdk-call': 'SDK call',
  'sagemaker-model': 'SageMaker model',
  'sagemaker-notebook': 'SageMaker notebook instance',
  'sagemaker-job': 'SageMaker job',
  'batch-job': 'Batch job definition',
  'ec2-instance': 'EC2 instance',
  'ec2-launch-template': 'EC2 launch template',
  'agentcore-runtime': 'AgentCore runtime',
  'agentcore-harness': 'AgentCore harness',
};

const VERBS: Record<FlowFact['access'], string> = {
  read: 'reads',
  write: 'writes',
  'read-write': 'reads and writes',
  invoke: 'calls',
};

/** `Lambda function X in us-west-2 reads bucket DataLake/Lake in us-east-1 (IAM s3:GetObject*)`. */
export function flowText(flow: FlowFact): string {
  const from = flow.source.place.region ?? 'an unknown region';
  const to = flow.target.place.region ?? 'an unknown region';
  return `${computeName(flow.source)} in ${from} ${VERBS[flow.access]} ${flow.target.what} in ${to} (${flow.evidence.join('; ')})`;
}

/** Related entries for a flow's target and the NAT gateways it crosses. */
export function flowRelated(flow: FlowFact): Related[] {
  return [
    { what: flow.target.what, place: flow.target.place },
    ...flow.route.natGateways.map((g) => ({
      what: `NAT gateway ${g.logicalId}`,
      place: { ...flow.source.place, resource: { stackId: g.stackId, logicalId: g.logicalId } },
    })),
  ];
}

/** Related resources of several flows, each named once (first seen kept). */
export function distinctRelated(related: readonly Related[]): Related[] {
  const named = new Set<string>();
  return related.filter((r) => !named.has(r.what) && named.add(r.what));
}

/** Whether both ends of a flow are known and differ. */
export function crossesRegions(flow: FlowFact): boolean {
  const from = flow.source.place.region;
  const to = flow.target.place.region;
  return from !== null && to !== null && from !== to;
}

export function natText(flow: FlowFact): string {
  if (flow.route.via !== 'nat') return '';
  const gateways = flow.route.natGateways.map((g) => g.logicalId);
  return ` The traffic passes NAT gateway${gateways.length > 1 ? 's' : ''} ${list(gateways)} (${flow.route.note}), which charges per GB on top of the transfer.`;
}
