import { groupBy } from '../lib/collections';
import {
  AssessedUse,
  assessUses,
  inRegion,
  lifecycleText,
  purposeText,
  subjectName,
  UseProblem,
} from './model-assessment';
import { sameRegion } from '../lib/resolve/locate';
import { FindingDraft, list, Rule, RuleContext } from './rule';

const END_OF_LIFE = 'This model version has reached the end of its life';

/** What AWS documents about an application inference profile's source; no sentence allows another region. */
const COPY_SOURCE_DOC =
  'https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-create.html';
const COPY_SOURCE_QUOTE =
  'To create an application inference profile for one Region, specify a foundation model. Usage and costs for requests made to that Region with that model will be tracked.';

function onDemandError(id: string): string {
  return `Invocation of model ID ${id} with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.`;
}

/** Compliant: every model the app calls is served, the way it is called, in the region that calls it. */
export const ModelAvailability: Rule = {
  name: 'ModelAvailability',
  summary:
    'A model is used where Bedrock does not serve it that way: not offered in the calling region, offered there only through an inference profile, or end-of-life.',
  explanation:
    'Amazon Bedrock offers each model per region, and many newer models answer in a region only through a ' +
    'cross-Region inference profile (`us.`, `eu.`, `apac.`, `global.`), not under their bare id. Models also ' +
    'reach end-of-life, after which every call fails. CDK builds model ARNs from the stack region without ' +
    'checking any of this, so the app deploys cleanly and each call fails at run time. The check covers ' +
    'compute invocations (IAM grants, settings, Step Functions tasks), agents, knowledge-base embedding, ' +
    'parsing and rerank models, flows, prompts, prompt routers, application inference profiles, distillation ' +
    'teachers, guardrail profiles and the models of AgentCore memory strategies, each in the region it is called from. An application inference profile ' +
    'copies a model or system profile of its own region: a copy source ARN naming another region is reported too.',
  fix: "Call the model where Bedrock offers it: use the inference profile id the finding names for the caller's geography, move the caller to a region that serves the model on demand, or move to the successor of an end-of-life model.",
  defaultSeverity: 'error',
  awsError: onDemandError('…'),
  check(ctx) {
    const problems = assessUses(ctx).filter((a) => a.problem.kind !== 'legacy');
    const groups = groupBy(
      problems,
      (a) => `${a.use.subject.stackId}/${a.use.subject.logicalId}|${a.problem.kind}|${a.region}`,
    );
    return [...[...groups.values()].map((group) => finding(group, ctx)), ...copySources(ctx)];
  },
  docs: [COPY_SOURCE_DOC],
};

/**
 * Application inference profiles whose `ModelSource.CopyFrom` ARN names another region than the
 * profile's own (a hard-coded region in a stack deployed elsewhere). An ARN region that cannot be
 * resolved is UnresolvedRegion's, never assumed equal or different.
 */
function copySources(ctx: RuleContext): FindingDraft[] {
  return ctx.facts.modelUses
    .filter((u) => u.purpose === 'copy-source' && u.model.arnPlace)
    .filter((u) => sameRegion(u.model.arnPlace!, u.place) === false)
    .map((u) => {
      const source = u.model.arnPlace!.region!;
      const region = u.place.region!;
      const model = u.model.modelId ?? u.model.text;
      return {
        subject: u.subject,
        key: `copy-source-region@${source}`,
        awsError: null,
        regions: { resource: region, peer: source },
        related: [{ what: `copy source ${model}`, place: u.model.arnPlace! }],
        message:
          `${subjectName(u, ctx)} in ${region} copies ${model} from ${source} (${u.evidence.join('; ')}): ` +
          `an application inference profile tracks a model of its own region, so copy the ${region} ARN ` +
          `(build it from the stack's region) or create the profile in ${source}. AWS documents: "${COPY_SOURCE_QUOTE}" Source: ${COPY_SOURCE_DOC}.`,
      };
    });
}

/** One finding per resource and problem: what a reviewer fixes in one place, listing every model. */
function finding(group: readonly AssessedUse[], ctx: RuleContext): FindingDraft {
  const [first] = group;
  const { region } = first;
  const byModel = groupBy(group, (a) => a.id);
  const details = [...byModel.values()].map((uses) => {
    const { lifecycle } = uses[0];
    const legacy = lifecycle.status === 'LEGACY' ? ` It is also ${lifecycleText(lifecycle)}.` : '';
    return `${modelDetail(uses, region)}${legacy}`;
  });
  const who = subjectName(first.use, ctx);
  const heads: Record<UseProblem['kind'], string> = {
    'end-of-life': `${who} uses end-of-life models ${inRegion(first)}`,
    legacy: '',
    'not-offered': `${who} uses models that Amazon Bedrock does not offer in ${region}`,
    'profile-only': `${who} calls models on demand by their bare id in ${region}, where Bedrock serves them only through an inference profile`,
    geography: `${who} uses inference profiles that cannot be called from ${region}`,
  };
  const ids = [...byModel.keys()];
  const batch = group.every((a) => a.use.purpose === 'batch-inference');
  return {
    subject: first.use.subject,
    key: `${first.problem.kind}@${region ?? 'any'}`,
    regions: { resource: region, peer: peerRegion(first.problem) },
    // The model is no resource of the app: only the region it is called in.
    related: ids.map((id) => ({
      what: `model ${id}`,
      place: { region, source: first.use.place.source },
    })),
    message: `${heads[first.problem.kind]}: ${details.join(' ')}${batch ? BATCH_NOTE : quote(first.problem.kind, ids)}`,
    // What Bedrock answers for this kind of problem; the rule's own quote is the profile-only one.
    awsError: batch ? null : (answer(first.problem.kind, ids) ?? null),
  };
}

/** The catalog has no batch flag, and the answer quoted for calls is not sourced for a batch job. */
const BATCH_NOTE =
  ' The catalog does not record which models batch inference supports: this is where and how Bedrock serves the model to calls.';

function modelDetail(uses: readonly AssessedUse[], region: string | null): string {
  const { id, problem, use } = uses[0];
  const evidence = [...new Set(uses.flatMap((u) => u.use.evidence))].join('; ');
  const head = `${id} (${purposeText(use.purpose)}; ${evidence})`;
  switch (problem.kind) {
    case 'end-of-life':
    case 'legacy':
      return `${head} is ${lifecycleText(problem.lifecycle)}.`;
    case 'profile-only': {
      const profiles = problem.offer.profiles.map(
        (p) =>
          `${p.id} (routes to ${p.anyCommercialRegion ? 'any commercial region' : list([...p.destinations])})`,
      );
      return `${head} is served in ${region} only through ${list(profiles)}; call that id instead.${cite(problem.offer.sourceUrl)}`;
    }
    case 'not-offered': {
      const onDemand = problem.offer.onDemandRegions;
      const where = onDemand.length ? `on demand in ${list([...onDemand])}` : 'on demand nowhere';
      const profiles = problem.elsewhere.length ? `, and through ${list(problem.elsewhere)}` : '';
      const provisioned =
        problem.offer.kind === 'provisioned-only'
          ? ` In ${region} it is offered only with Provisioned Throughput.`
          : '';
      return `${head} is not offered in ${region}; Bedrock serves it ${where}${profiles}.${provisioned}${cite(problem.offer.sourceUrl)}`;
    }
    case 'geography':
      return `${head} can be called only from ${list([...problem.sources])}; use the profile of ${region}'s geography. Source: ${problem.source}.`;
  }
}

function cite(url: string | undefined): string {
  return url ? ` Source: ${url}.` : '';
}

function answer(kind: UseProblem['kind'], ids: readonly string[]): string | undefined {
  if (kind === 'end-of-life') return END_OF_LIFE;
  if (kind === 'profile-only') return onDemandError(ids[0]);
  return undefined;
}

function quote(kind: UseProblem['kind'], ids: readonly string[]): string {
  const text = answer(kind, ids);
  return text ? ` Bedrock answers: "${text}"${kind === 'end-of-life' ? '.' : ''}` : '';
}

function peerRegion(problem: UseProblem): string | null {
  if (problem.kind === 'not-offered') return problem.offer.onDemandRegions[0] ?? null;
  if (problem.kind === 'profile-only') return problem.offer.profiles[0]?.destinations[0] ?? null;
  if (problem.kind === 'geography') return problem.sources[0] ?? null;
  return null;
}
