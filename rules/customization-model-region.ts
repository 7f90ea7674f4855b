import { LifecycleView } from '../lib/catalog/catalog';
import { CustomizationType } from '../lib/catalog/types';
import { CustomizationWork } from '../lib/discover/facts';
import { FindingDraft, list, Rule, RuleContext } from './rule';

/** Compliant: the base model can be customized with the job's customization type in the job's region. */
export const CustomizationModelRegion: Rule = {
  name: 'CustomizationModelRegion',
  summary: 'The base model cannot be customized this way in the region where the job runs.',
  explanation:
    'Amazon Bedrock model customization is offered per model, per customization type and per region: ' +
    'Amazon Nova models are fine-tuned only in us-east-1, Meta Llama 3.x and Claude 3 Haiku only in us-west-2, ' +
    'and legacy models accept no new customization jobs at all. CDK builds the base-model ARN from the stack ' +
    'region, so a job in the wrong stack synthesizes cleanly and fails when it starts.',
  fix: "Run the job in a region where the base model can be customized (a stack in that region, or the call's region), or pick a base model that can be customized in this region.",
  defaultSeverity: 'error',
  docs: [
    'https://docs.aws.amazon.com/bedrock/latest/userguide/custom-model-fine-tuning.html',
    'https://docs.aws.amazon.com/nova/latest/userguide/customization.html',
  ],
  failsAtDeploy: true,
  check(ctx) {
    return ctx.facts.work.flatMap((work) => {
      if (work.action === 'CreateModelImportJob') return importRegion(work, ctx);
      if (work.action !== 'CreateModelCustomizationJob') return [];
      return [...customizationRegion(work, ctx), ...arnRegion(work)];
    });
  },
};

function customizationRegion(work: CustomizationWork, ctx: RuleContext): FindingDraft[] {
  const modelId = work.baseModel?.modelId;
  const model = modelId ? ctx.catalog.model(modelId) : undefined;
  if (!model || work.baseModel?.kind === 'custom-model') return [];
  const region = work.place.region;
  const type = work.customizationType as CustomizationType;
  const alternatives = region
    ? ctx.catalog.customizableIn(region, type, ctx.today).map((m) => m.name)
    : [];
  const here = region
    ? `Models that can be customized with ${type} in ${region}: ${list(alternatives)}.`
    : '';
  const base = { subject: work.subject, related: [] };
  const lifecycle = ctx.catalog.lifecycle(model.id, region ?? undefined, ctx.today);
  if (lifecycle.status === 'LEGACY' || lifecycle.status === 'EOL') {
    const dates = lifecycleText(lifecycle);
    return [
      {
        ...base,
        key: `retired:${model.id}`,
        regions: { resource: region },
        message:
          `${work.detail ?? 'Job'}: base model ${model.name} (${modelId}) is ${dates}; Bedrock accepts no new customization jobs or Provisioned Throughput for it. ${here}`.trim(),
      },
    ];
  }
  const entry = model.customization[type];
  if (!entry) {
    const supported = Object.entries(model.customization).map(
      ([t, e]) => `${t} in ${list(e!.regions)}`,
    );
    return [
      {
        ...base,
        key: `type:${model.id}:${type}`,
        regions: { resource: region },
        message:
          `${work.detail ?? 'Job'}: ${model.name} (${modelId}) cannot be customized with ${type} in any region (it supports ${list(supported, 'no customization')}). ${here}`.trim(),
      },
    ];
  }
  if (!region || entry.status !== 'current' || entry.regions.includes(region)) return [];
  return [
    {
      ...base,
      key: `region:${model.id}:${type}`,
      regions: { resource: region, peer: entry.regions[0] ?? null },
      message: `${work.detail ?? 'Job'}: ${model.name} (${modelId}) cannot be customized with ${type} in ${region}; it can be in ${list(entry.regions)}. ${here}`,
    },
  ];
}

/** A foundation-model ARN of another region than the job: the job cannot find the model. */
function arnRegion(work: CustomizationWork): FindingDraft[] {
  const arnRegion = work.baseModel?.arnPlace?.region;
  const region = work.place.region;
  if (work.baseModel?.kind !== 'foundation-model' || !arnRegion || !region || arnRegion === region)
    return [];
  return [
    {
      subject: work.subject,
      key: `arn:${arnRegion}`,
      regions: { resource: region, peer: arnRegion },
      related: [{ what: `base model ARN ${work.baseModel.text}`, place: work.baseModel.arnPlace! }],
      message: `${work.detail ?? 'Job'}: the job runs in ${region} but its base model ARN names ${arnRegion} (${work.baseModel.text}).`,
    },
  ];
}

function importRegion(work: CustomizationWork, ctx: RuleContext): FindingDraft[] {
  const regions = ctx.catalog.data.customModelImport.regions;
  const region = work.place.region;
  if (!region || regions.includes(region)) return [];
  return [
    {
      subject: work.subject,
      key: 'import',
      regions: { resource: region, peer: regions[0] ?? null },
      message: `${work.detail ?? 'Job'}: Custom Model Import is not available in ${region}; it is available in ${list(regions)}.`,
    },
  ];
}

/** "end-of-life since 2026-07-07 (Legacy since 2026-01-07; source)", never a date no source gives. */
function lifecycleText(l: LifecycleView): string {
  const where = l.sourceUrl ?? l.source;
  const evidence = l.confidence === 'third-party' ? `third-party reports: ${where}` : where;
  const state =
    l.status === 'EOL'
      ? `end-of-life${l.eolDate ? ` since ${l.eolDate}` : ''}${l.legacyDate ? ` (Legacy since ${l.legacyDate})` : ''}`
      : `Legacy${l.legacyDate ? ` since ${l.legacyDate}` : ' (start date not published)'}${l.eolDate ? `, end-of-life on ${l.eolDate}` : ''}`;
  return `${state}${evidence ? ` per ${evidence}` : ''}`;
}
