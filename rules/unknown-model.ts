import { CustomizationType } from '../lib/catalog/types';
import { ModelRef } from '../lib/discover/model-ref';
import { FindingDraft, Rule, RuleContext } from './rule';
import { Subject } from '../lib/discover/facts';

/**
 * Days after which the bundled or refreshed catalog is too old to trust. Models launched since
 * 2026-09-07 may have a Legacy period of only 45 days before end-of-life (Bedrock model lifecycle
 * policy); a catalog refreshed at least every 30 days sees such a window with two weeks to act.
 */
export const CATALOG_MAX_AGE_DAYS = 30;

/** Compliant: every model the app names is in the catalog, and the catalog is recent. */
export const UnknownModel: Rule = {
  name: 'UnknownModel',
  summary: `A model id the catalog does not know, or a catalog older than ${CATALOG_MAX_AGE_DAYS} days.`,
  explanation:
    'The region checks compare model ids with a dated catalog of Bedrock models: where each is offered, how, ' +
    'its lifecycle and where it can be customized. A model the catalog does not know cannot be checked, and AWS ' +
    'changes these facts often. Models launched since 2026-09-07 can have a Legacy period of only 45 days before ' +
    `end-of-life, so a catalog older than ${CATALOG_MAX_AGE_DAYS} days could miss a whole Legacy window: the ` +
    'model would go from Active to failing every call without a warning.',
  fix: 'Check the model id for typos; if it is a new model, run `cdk-bedrock-lint catalog refresh` and point `catalogFile` at the result.',
  defaultSeverity: 'warning',
  check(ctx) {
    const findings: FindingDraft[] = [];
    const seen = new Set<string>();
    const check = (
      subject: Subject,
      model: ModelRef | undefined,
      what: string,
      type?: string,
      via?: string,
    ) => {
      const finding = modelFinding(ctx, subject, model, what, type, via);
      const key = `${subject.stackId}/${subject.logicalId}|${finding?.key}`;
      if (finding && !seen.has(key)) findings.push(finding);
      seen.add(key);
    };
    // A batch job's model is a model use (checked below), not a base model.
    for (const work of ctx.facts.work.filter((w) => w.action !== 'CreateModelInvocationJob')) {
      const type =
        work.action === 'CreateModelCustomizationJob' ? work.customizationType : undefined;
      check(work.subject, work.baseModel, `${work.detail ?? 'job'} base model`, type);
      check(work.subject, work.teacherModel, `${work.detail ?? 'job'} teacher model`);
    }
    for (const kb of ctx.facts.knowledgeBases) {
      check(kb.subject, kb.embeddingModel, 'embedding model');
      for (const ds of kb.dataSources) check(ds.subject, ds.parsingModel, 'parsing model');
    }
    // Other uses name their model by id or ARN; references resolved at deploy time are not typos.
    for (const use of ctx.facts.modelUses) {
      if (!CHECKED_USES.has(use.purpose) && use.model.modelId && CHECKED_KINDS.has(use.model.kind))
        check(use.subject, use.model, 'model', undefined, use.evidence.join('; '));
    }
    const age = ageInDays(ctx.catalog.asOf, ctx.today);
    if (age > CATALOG_MAX_AGE_DAYS) {
      findings.push({
        key: 'catalog-age',
        regions: { resource: null },
        message: `The model catalog is dated ${ctx.catalog.asOf}, ${age} days ago (more than ${CATALOG_MAX_AGE_DAYS}); model regions may have changed since.`,
      });
    }
    return findings;
  },
};

/** Uses checked above from their own facts (teachers, embedding and parsing models). */
const CHECKED_USES = new Set(['teacher', 'embedding', 'parsing']);
/** Kinds whose id is a model or system profile id, so a miss means the catalog does not know it. */
const CHECKED_KINDS = new Set(['foundation-model', 'model-id', 'inference-profile']);

function modelFinding(
  ctx: RuleContext,
  subject: Subject,
  model: ModelRef | undefined,
  what: string,
  type?: string,
  /** How the app calls it (`IAM bedrock:InvokeModel`), for models that are not job inputs. */
  via?: string,
): FindingDraft | undefined {
  if (!model || ['custom-model', 'provisioned-model', 'imported-model'].includes(model.kind))
    return undefined;
  const base = { subject, regions: { resource: model.arnPlace?.region ?? null } };
  if (!model.modelId) {
    return {
      ...base,
      key: `dynamic:${what}`,
      message: `The ${what} is not known at synth time (${model.text}), so it cannot be checked.`,
    };
  }
  if (!ctx.catalog.isKnown(model.modelId)) {
    return {
      ...base,
      key: `unknown:${model.modelId}`,
      message: `The ${what} ${model.modelId}${via ? ` (${via})` : ''} is not in the model catalog (as of ${ctx.catalog.asOf}).`,
    };
  }
  const entry = type
    ? ctx.catalog.model(model.modelId)?.customization[type as CustomizationType]
    : undefined;
  // A Legacy or end-of-life model is CustomizationModelRegion's error; no second, softer warning.
  const retired = ['LEGACY', 'EOL'].includes(
    ctx.catalog.lifecycle(model.modelId, undefined, ctx.today).status,
  );
  if (entry?.status === 'older-docs-only' && !retired) {
    return {
      ...base,
      key: `older-docs:${model.modelId}:${type}`,
      message: `Only superseded AWS documentation lists ${type} for ${model.modelId} (in ${entry.regions.join(', ')}); the job may already fail.`,
    };
  }
  return undefined;
}

function ageInDays(asOf: string, today: string): number {
  return Math.floor((Date.parse(today) - Date.parse(asOf)) / 86_400_000);
}
