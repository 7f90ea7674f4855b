import { cannotRun } from './customization-model-region';
import { FindingDraft, Rule } from './rule';
import { lookupTable } from '../lib/collections';

const TYPES = lookupTable<string>({
  FINE_TUNING: 'fine-tunes',
  CONTINUED_PRE_TRAINING: 'continues pre-training of',
  REINFORCEMENT_FINE_TUNING: 'reinforcement-fine-tunes',
  DISTILLATION: 'distills into',
});

/** Informational: what a customization job costs to train, keep and serve, and when it pays off. */
export const CustomizationCost: Rule = {
  name: 'CustomizationCost',
  summary:
    'What a customization job costs: training, storage and serving, and the volume at which it beats RAG.',
  explanation:
    'A tuned model is billed for training (tokens x epochs), for storage ($1.95 per custom model per month) ' +
    'and for serving: Provisioned Throughput by the hour, or an on-demand deployment per token where the model ' +
    'allows it. Retrieval-augmented generation on the base model has no fixed cost but sends the retrieved ' +
    'context with every request, so tuning pays off only above some monthly volume.',
  fix: 'Check the training volume and serving choice against the estimate; set `tokens`, `epochs` and `runsPerMonth` for the job in the usage file, and the request sizes for the break-even.',
  defaultSeverity: 'info',
  check(ctx) {
    return ctx.facts.work
      .filter((w) => w.action === 'CreateModelCustomizationJob')
      .map((work): FindingDraft => {
        const modelId = work.baseModel?.modelId;
        const model = modelId ? ctx.catalog.model(modelId) : undefined;
        const region = work.place.region ?? 'an unknown region';
        const verb = TYPES[work.customizationType] ?? `customizes (${work.customizationType})`;
        const blocked = cannotRun(work, ctx);
        if (blocked) {
          // A job that cannot start costs nothing: say why instead of pricing it.
          return {
            subject: work.subject,
            key: `cost:${work.detail ?? work.action}`,
            regions: { resource: work.place.region },
            message: `${work.detail ?? 'Job'} ${verb} ${model?.name ?? modelId ?? 'its base model'} in ${region} but cannot start, so it is not priced: ${blocked}.`,
          };
        }
        return {
          subject: work.subject,
          key: `cost:${work.detail ?? work.action}`,
          regions: { resource: work.place.region },
          message: `${work.detail ?? 'Job'} ${verb} ${model?.name ?? modelId ?? work.baseModel?.text ?? 'an unknown base model'} in ${region}: its estimate prices training, custom model storage and serving, and the break-even against RAG on the base model.`,
          cost: { kind: 'customization', work, model },
        };
      });
  },
};
