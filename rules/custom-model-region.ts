import { CustomizationWork, FlowFact } from '../lib/discover/facts';
import { ModelRef } from '../lib/discover/model-ref';
import { FindingDraft, flowRelated, flowText, list, Rule, RuleContext } from './rule';

const CUSTOM = new Set(['custom-model', 'imported-model']);
const SERVES = new Set(['CreateProvisionedModelThroughput', 'CreateCustomModelDeployment']);

/** Compliant: custom models are served and invoked in the region that holds them, and copied only where their base model allows. */
export const CustomModelRegion: Rule = {
  name: 'CustomModelRegion',
  summary:
    'A custom model is provisioned or invoked outside the region it lives in without a copy, or copied to a region its base model does not allow.',
  explanation:
    'A custom model exists only in the account and region where its customization job ran, or where a model copy ' +
    'landed. Provisioned Throughput and on-demand deployments are bought in that region, and code that invokes the ' +
    'model from another region fails or sends every request across regions. Copies are allowed only to the ' +
    'destinations AWS lists for the base model.',
  fix: 'Serve and invoke the custom model in its own region, or copy it first with CreateModelCopyJob to a destination its base model allows, and use the copy.',
  defaultSeverity: 'error',
  awsError:
    'By default, models are only available in the Region and account in which they were created.',
  check(ctx) {
    const copies = ctx.facts.work.filter((w) => w.action === 'CreateModelCopyJob');
    return [
      ...ctx.facts.flows
        .filter((f) => CUSTOM.has(f.target.model?.kind ?? ''))
        .flatMap((f) => invokedElsewhere(f, copies)),
      ...ctx.facts.work
        .filter((w) => SERVES.has(w.action))
        .flatMap((w) => servedElsewhere(w, copies)),
      ...copies.flatMap((w) => copyDestination(w, ctx)),
    ];
  },
};

/** Whether the app copies the model (same ARN text or same base model and source region) into a region. */
function copiedTo(model: ModelRef, region: string, copies: readonly CustomizationWork[]): boolean {
  return copies.some(
    (c) =>
      c.place.region === region &&
      (c.baseModel?.text === model.text ||
        (c.baseModel?.modelId === model.modelId &&
          c.baseModel?.arnPlace?.region === model.arnPlace?.region)),
  );
}

function invokedElsewhere(f: FlowFact, copies: readonly CustomizationWork[]): FindingDraft[] {
  const model = f.target.model!;
  const home = f.target.place.region;
  const from = f.source.place.region;
  if (!home || !from || home === from || copiedTo(model, from, copies)) return [];
  return [
    {
      subject: f.source.subject,
      key: `invoke:${f.target.key}`,
      regions: { resource: from, peer: home },
      related: flowRelated(f),
      message: `${flowText(f)}. The ${model.kind} lives only in ${home} and the app copies it nowhere near ${from}: calls from ${from} fail, or cross regions on every request if the code targets ${home}.`,
    },
  ];
}

function servedElsewhere(
  w: CustomizationWork,
  copies: readonly CustomizationWork[],
): FindingDraft[] {
  const model = w.baseModel;
  const home = model?.arnPlace?.region;
  const here = w.place.region;
  if (!model || !CUSTOM.has(model.kind) || !home || !here || home === here) return [];
  if (copiedTo(model, here, copies)) return [];
  return [
    {
      subject: w.subject,
      key: `serve:${model.text}`,
      regions: { resource: here, peer: home },
      related: [{ what: `${model.kind} ${model.text}`, place: model.arnPlace! }],
      message: `${w.detail ?? w.action} runs ${w.action} in ${here} for ${model.kind} ${model.text}, which lives in ${home}. Copy the model to ${here} first or serve it in ${home}.`,
    },
  ];
}

function copyDestination(w: CustomizationWork, ctx: RuleContext): FindingDraft[] {
  const id = w.baseModel?.modelId;
  const entry = id ? ctx.catalog.model(id) : undefined;
  const destinations = entry?.copyDestinations;
  const here = w.place.region;
  if (!entry || !destinations || !here || destinations.regions.includes(here)) return [];
  return [
    {
      subject: w.subject,
      key: `copy:${here}`,
      regions: { resource: here, peer: w.baseModel?.arnPlace?.region ?? null },
      related: w.baseModel?.arnPlace
        ? [{ what: `source model ${w.baseModel.text}`, place: w.baseModel.arnPlace }]
        : [],
      message: `${w.detail ?? 'CreateModelCopyJob'} copies a custom ${entry.name} model to ${here}, but custom ${entry.name} models can only be copied to ${list([...destinations.regions])} (${ctx.catalog.sourceUrl(destinations.source) ?? destinations.source}).`,
    },
  ];
}
