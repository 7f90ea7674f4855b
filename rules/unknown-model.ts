import { CustomizationType } from '../lib/catalog/types';
import { ModelRef } from '../lib/discover/model-ref';
import { FindingDraft, Rule, RuleContext } from './rule';
import { Subject } from '../lib/discover/facts';

/** Days after which the bundled or refreshed catalog is too old to trust. */
export const CATALOG_MAX_AGE_DAYS = 120;

/** Compliant: every model the app names is in the catalog, and the catalog is recent. */
export const UnknownModel: Rule = {
  name: 'UnknownModel',
  summary: 'A model id the catalog does not know, or a catalog older than 120 days.',
  explanation:
    'The region checks compare model ids with a dated catalog of Bedrock models and the regions where they ' +
    'can be customized. A model the catalog does not know cannot be checked, and AWS changes these lists often.',
  fix: 'Check the model id for typos; if it is a new model, run `cdk-bedrock-lint catalog refresh` and point `catalogFile` at the result.',
  defaultSeverity: 'warning',
  check(ctx) {
    const findings: FindingDraft[] = [];
    const check = (subject: Subject, model: ModelRef | undefined, what: string, type?: string) => {
      const finding = modelFinding(ctx, subject, model, what, type);
      if (finding) findings.push(finding);
    };
    for (const work of ctx.facts.work) {
      const type =
        work.action === 'CreateModelCustomizationJob' ? work.customizationType : undefined;
      check(work.subject, work.baseModel, `${work.detail ?? 'job'} base model`, type);
      check(work.subject, work.teacherModel, `${work.detail ?? 'job'} teacher model`);
    }
    for (const kb of ctx.facts.knowledgeBases) {
      check(kb.subject, kb.embeddingModel, 'embedding model');
      for (const ds of kb.dataSources) check(ds.subject, ds.parsingModel, 'parsing model');
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

function modelFinding(
  ctx: RuleContext,
  subject: Subject,
  model: ModelRef | undefined,
  what: string,
  type?: string,
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
      message: `The ${what} ${model.modelId} is not in the model catalog (as of ${ctx.catalog.asOf}).`,
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
