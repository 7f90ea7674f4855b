import { groupBy } from '../lib/collections';
import { CustomizationWork } from '../lib/discover/facts';
import {
  assessUses,
  inRegion,
  lifecycleText,
  purposeText,
  resourceName,
  subjectName,
} from './model-assessment';
import { FindingDraft, Rule, RuleContext } from './rule';

/** Compliant: no model the app uses or serves is in its Legacy period. */
export const ModelLifecycle: Rule = {
  name: 'ModelLifecycle',
  summary: 'A Legacy model is in use: it has an end-of-life date, after which every call fails.',
  explanation:
    'Amazon Bedrock moves a model to Legacy at least six months before its end-of-life. While Legacy it still ' +
    'answers existing customers, but new customers are refused, accounts that stop calling it for 15 days lose ' +
    'access, and no new fine-tuning jobs or Provisioned Throughput can be created. On the end-of-life date every ' +
    'call fails. Lifecycle can differ by region, so each use is checked in the region it is called from. Starting ' +
    'a tuning job on a Legacy model is an error reported by CustomizationModelRegion.',
  fix: 'Plan the move to the successor model (test it, then change the model id) before the end-of-life date the finding gives.',
  defaultSeverity: 'warning',
  check(ctx) {
    const legacy = assessUses(ctx).filter((a) => a.problem.kind === 'legacy');
    const groups = groupBy(
      legacy,
      (a) => `${a.use.subject.stackId}/${a.use.subject.logicalId}|${a.region}`,
    );
    const inUse = [...groups.values()].map((group): FindingDraft => {
      const [first] = group;
      const details = [...groupBy(group, (a) => a.id).values()].map((uses) => {
        const evidence = [...new Set(uses.flatMap((u) => u.use.evidence))].join('; ');
        const { problem } = uses[0];
        const text = problem.kind === 'legacy' ? lifecycleText(problem.lifecycle) : '';
        return `${uses[0].id} (${purposeText(uses[0].use.purpose)}; ${evidence}) is ${text}.`;
      });
      return {
        subject: first.use.subject,
        key: `legacy@${first.region ?? 'any'}`,
        regions: { resource: first.region },
        related: [...new Set(group.map((a) => a.id))].map((id) => ({
          what: `model ${id}`,
          place: { region: first.region, source: first.use.place.source },
        })),
        message: `${subjectName(first.use, ctx)} uses Legacy models ${inRegion(first)}: ${details.join(' ')}`,
      };
    });
    return [
      ...inUse,
      ...ctx.facts.work
        .filter((w) => w.action === 'CreateCustomModelDeployment')
        .flatMap((w) => served(w, ctx)),
    ];
  },
};

/**
 * An on-demand deployment of a custom model whose base model is Legacy: AWS still allows a new
 * deployment of a model customized before Legacy, but the base model's end-of-life is coming.
 */
function served(work: CustomizationWork, ctx: RuleContext): FindingDraft[] {
  const base = work.baseModel?.kind === 'custom-model' ? work.baseModel.modelId : undefined;
  const region = work.place.region;
  if (!base || !region) return [];
  const lifecycle = ctx.catalog.lifecycle(base, region, ctx.today);
  if (lifecycle.status !== 'LEGACY') return [];
  return [
    {
      subject: work.subject,
      key: `legacy-base:${base}@${region}`,
      regions: { resource: region },
      message: `${resourceName(work.subject, ctx)} (${[work.action, work.detail].filter(Boolean).join(', ')}) deploys a custom model of ${base}, which is ${lifecycleText(lifecycle)}.`,
    },
  ];
}
