import { LifecycleView } from '../lib/catalog/catalog';
import { CustomizationType, ModelEntry } from '../lib/catalog/types';
import { CustomizationWork } from '../lib/discover/facts';
import { lifecycleText } from './model-assessment';
import { FindingDraft, list, Rule, RULE_PREFIX, RuleContext } from './rule';

/** Compliant: the base model can be customized with the job's customization type in the job's region today. */
export const CustomizationModelRegion: Rule = {
  name: 'CustomizationModelRegion',
  summary:
    'The base model cannot be customized this way in the region where the job runs (or is Legacy or end-of-life there).',
  explanation:
    'Amazon Bedrock model customization is offered per model, per customization type and per region: ' +
    'Amazon Nova models are fine-tuned only in us-east-1, Meta Llama models only in us-west-2. A model in its ' +
    'Legacy period accepts no new fine-tuning jobs or Provisioned Throughput, and an end-of-life model nothing ' +
    'at all; lifecycle is per region and dated, so the check uses the day of the run. Distillation needs a ' +
    'teacher that AWS offers for the student in the job region. CDK builds the base-model ARN from the stack ' +
    'region, so a job in the wrong stack synthesizes cleanly and fails when it starts.',
  fix: "Run the job in a region where the base model can be customized (a stack in that region, or the call's region), or pick a base model (and teacher) that can be customized there today; the finding lists them.",
  defaultSeverity: 'error',
  docs: [
    'https://docs.aws.amazon.com/bedrock/latest/userguide/custom-model-fine-tuning.html',
    'https://docs.aws.amazon.com/nova/latest/userguide/customization.html',
  ],
  failsAtDeploy: true,
  check(ctx) {
    return ctx.facts.work.flatMap((work) => customizationProblems(work, ctx));
  },
};

/** The reasons a customization call cannot start: also what keeps CustomizationCost from pricing it. */
export function customizationProblems(work: CustomizationWork, ctx: RuleContext): FindingDraft[] {
  if (work.action === 'CreateModelImportJob') return importRegion(work, ctx);
  if (work.action !== 'CreateModelCustomizationJob') return [];
  return [...baseModel(work, ctx), ...distillationPair(work, ctx), ...arnRegion(work)];
}

/**
 * Why a job cannot start, when it cannot: a CustomizationModelRegion problem, or an end-of-life
 * distillation teacher. A job that cannot run is not priced.
 */
export function cannotRun(work: CustomizationWork, ctx: RuleContext): string | undefined {
  if (customizationProblems(work, ctx).length > 0)
    return `see the ${RULE_PREFIX}${CustomizationModelRegion.name} error on this job`;
  const teacher = work.teacherModel?.modelId;
  if (!teacher || !work.place.region) return undefined;
  const lifecycle = ctx.catalog.lifecycle(teacher, work.place.region, ctx.today);
  return lifecycle.status === 'EOL'
    ? `its distillation teacher ${teacher} is ${lifecycleText(lifecycle)} (${RULE_PREFIX}ModelAvailability)`
    : undefined;
}

function baseModel(work: CustomizationWork, ctx: RuleContext): FindingDraft[] {
  const modelId = work.baseModel?.modelId;
  const model = modelId ? ctx.catalog.model(modelId) : undefined;
  if (!modelId || !model || work.baseModel?.kind === 'custom-model') return [];
  const region = work.place.region;
  const type = work.customizationType as CustomizationType;
  const job = work.detail ?? 'Job';
  const name = `${model.name} (${modelId})`;
  const base = { subject: work.subject, related: [] };
  if (!region) {
    // Without the job's region only an end-of-life that holds everywhere is certain.
    const lifecycle = ctx.catalog.lifecycle(modelId, undefined, ctx.today);
    if (lifecycle.status !== 'EOL' || lifecycle.regional) return [];
    return [
      {
        ...base,
        key: `lifecycle:${model.id}`,
        regions: { resource: null },
        message: `${job}: base model ${name} is ${lifecycleText(lifecycle)}; Bedrock accepts no customization jobs for it.`,
      },
    ];
  }
  const verdict = ctx.catalog.customizability(modelId, type, region, ctx.today);
  const here = alternatives(region, type, ctx);
  if (verdict.reason === 'lifecycle') {
    return [
      {
        ...base,
        key: `lifecycle:${model.id}`,
        regions: { resource: region },
        message:
          `${job}: base model ${name} is ${lifecycleText(verdict.lifecycle)} in ${region}; ${refusal(verdict.lifecycle)} ${here}`.trim(),
      },
    ];
  }
  if (verdict.reason === 'no-such-type') {
    const supported = Object.entries(model.customization).map(
      ([t, e]) => `${t} in ${list(e!.regions)}`,
    );
    return [
      {
        ...base,
        key: `type:${model.id}:${type}`,
        regions: { resource: region },
        message:
          `${job}: ${name} cannot be customized with ${type} in any region (it supports ${list(supported, 'no customization')}). ${here}`.trim(),
      },
    ];
  }
  if (verdict.reason !== 'region' || !verdict.entry) return [];
  const where = verdict.entry.regions;
  return [
    {
      ...base,
      key: `region:${model.id}:${type}`,
      regions: { resource: region, peer: where[0] ?? null },
      message:
        `${job}: ${name} cannot be customized with ${type} in ${region}; it can be in ${list(where)}.${cite(ctx, verdict.entry.source)} ${here}`.trim(),
    },
  ];
}

/** "Legacy: no new customization jobs since …" / end-of-life: nothing at all. */
function refusal(lifecycle: LifecycleView): string {
  if (lifecycle.status === 'EOL') return 'Bedrock accepts no customization jobs for it.';
  const since = lifecycle.legacyDate ? ` since ${lifecycle.legacyDate}` : '';
  return `Legacy: no new customization jobs${since} (nor new Provisioned Throughput).`;
}

/** Only models a job of this type can start on in the region today (documented and Active). */
function alternatives(region: string, type: CustomizationType, ctx: RuleContext): string {
  const names = ctx.catalog.customizableIn(region, type, ctx.today).map((m) => m.name);
  return `Models that can be customized with ${type} in ${region} today: ${list(names)}.`;
}

/**
 * A distillation teacher and student are offered as pairs: the student's documented teachers,
 * where the teacher is offered as one. An end-of-life teacher is ModelAvailability's finding.
 */
function distillationPair(work: CustomizationWork, ctx: RuleContext): FindingDraft[] {
  const region = work.place.region;
  const studentId = work.baseModel?.modelId;
  const teacherId = work.teacherModel?.modelId;
  if (work.customizationType !== 'DISTILLATION' || !region || !studentId || !teacherId) return [];
  const student = ctx.catalog.model(studentId);
  const teacher = ctx.catalog.model(teacherId);
  const entry = student?.customization.DISTILLATION;
  if (!student || !teacher || !entry) return [];
  if (ctx.catalog.lifecycle(teacherId, region, ctx.today).status === 'EOL') return [];
  const documented = (entry.teachers ?? []).map((t) => ctx.catalog.model(t)?.id ?? t);
  const teaches = teacher.distillationTeacher;
  const paired =
    documented.includes(teacher.id) &&
    (teaches?.regions.includes(region) ?? false) &&
    (teaches?.students.some((s) => ctx.catalog.model(s)?.id === student.id) ?? true);
  if (paired) return profileOnlyTeacher(work, teacher, region, ctx);
  const live = ctx.catalog.liveTeachers(studentId, region, ctx.today).map((t) => nameOf(ctx, t));
  return [
    {
      subject: work.subject,
      key: `pair:${teacher.id}>${student.id}`,
      regions: { resource: region },
      message: `${work.detail ?? 'Job'}: AWS does not offer ${teacher.name} (${teacherId}) as a distillation teacher for ${student.name} (${studentId}) in ${region}. Documented teachers for ${student.name}: ${list(documented.map((t) => nameOf(ctx, t)))}; of those, usable in ${region} today: ${list(live)}.${cite(ctx, entry.source)}`,
    },
  ];
}

/**
 * A teacher AWS offers only through an inference profile, named by its bare id. Where the offer
 * facts already say so, ModelAvailability reports it as an on-demand call.
 */
function profileOnlyTeacher(
  work: CustomizationWork,
  teacher: ModelEntry,
  region: string,
  ctx: RuleContext,
): FindingDraft[] {
  const ref = work.teacherModel!;
  if (!teacher.distillationTeacher?.inferenceProfileOnly || ref.geography) return [];
  if (ctx.catalog.offer(teacher.id, region).kind === 'profile-only') return [];
  return [
    {
      subject: work.subject,
      key: `teacher-profile:${teacher.id}`,
      regions: { resource: region },
      message: `${work.detail ?? 'Job'}: AWS offers ${teacher.name} as a distillation teacher only through an inference profile, but TeacherModelIdentifier is the bare id ${ref.modelId}; use the profile's ARN.${cite(ctx, teacher.distillationTeacher.source)}`,
    },
  ];
}

function nameOf(ctx: RuleContext, id: string): string {
  const model: ModelEntry | undefined = ctx.catalog.model(id);
  return model ? `${model.name} (${model.id})` : id;
}

function cite(ctx: RuleContext, source: string | undefined): string {
  const url = ctx.catalog.sourceUrl(source);
  return url ? ` Source: ${url}.` : '';
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
  const region = work.place.region;
  if (!region || ctx.catalog.regionFacts(region).customModelImport !== false) return [];
  const regions = ctx.catalog.data.customModelImport.regions;
  return [
    {
      subject: work.subject,
      key: 'import',
      regions: { resource: region, peer: regions[0] ?? null },
      message: `${work.detail ?? 'Job'}: Custom Model Import is not available in ${region}; it is available in ${list(regions)}.`,
    },
  ];
}
