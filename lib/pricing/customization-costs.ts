import { StatedNumber, StatedSettings } from '../discover/facts';
import { LineItem, Remediation } from '../report/types';
import { CostBasis } from './basis';
import { PricingContext } from './context';
import { complete, lineItem, product, sum, usd } from './line-item';
import { UnitPrice } from './prices';
import { SourcedQuantity } from './usage';

type CustomizationBasis = Extract<CostBasis, { kind: 'customization' }>;

export interface Priced {
  readonly lineItems: LineItem[];
  readonly remediations: Remediation[];
  readonly notes: string[];
}

/**
 * A customization job's money: training (tokens x epochs x runs x price), storage of the custom
 * model, the two ways to serve it, and the request volume where it beats RAG on the base model.
 */
export function customizationCosts(basis: CustomizationBasis, ctx: PricingContext): Priced {
  const { work, model } = basis;
  const path = ctx.pathOf(work.subject);
  const q = (name: Parameters<typeof ctx.usage.quantity>[1], stated?: SourcedQuantity | null) =>
    ctx.usage.quantity([path], name, stated);
  const units = fromTemplate('model units', work.stated?.modelUnits);
  const prices = model ? ctx.prices.model(model.id, work.place.region) : undefined;
  const region = work.place.region;
  const name = model?.name ?? 'the base model';
  const key = `${work.subject.stackId}/${work.subject.logicalId}`;
  const training = lineItem(
    `training ${name}: tokens x epochs x runs a month`,
    product(
      [q('tokens'), q('epochs', fromTemplate('epochs', work.stated?.epochs)), q('runsPerMonth')],
      1 / 1000,
    ),
    '1K tokens',
    prices?.training ?? null,
    `training:${key}`,
  );
  const storage = lineItem(
    `custom model storage (${name})`,
    { value: 1, source: 'one custom model kept (older runs deleted)' },
    'model-month',
    ctx.prices.customModelStorage(),
    `storage:${key}`,
  );
  const lineItems = [training, storage];
  const onDemand = !!region && !!model?.onDemandDeployment?.regions.includes(region);
  const unitCount = units?.value ?? 1;
  const provisioned = lineItem(
    `Provisioned Throughput, ${unitCount} model unit${unitCount === 1 ? '' : 's'}, no commitment (${name})`,
    units ? product([q('hoursPerMonth'), units]) : q('hoursPerMonth'),
    'model-unit-hour',
    prices?.provisioned ?? null,
    `pt:${key}`,
  );
  const remediations = servingOptions(provisioned, onDemand);
  const notes = [
    prices?.training
      ? `Training is billed per 1K trained tokens (corpus tokens x epochs) at $${prices.training.usd} (${prices.training.source}).`
      : `No published training price for ${name} in the bundled table (${ctx.prices.asOf}): the training line is unknown.`,
    onDemand
      ? `${name} custom models can be deployed on demand in ${region} (${ctx.catalog.sourceUrl(model!.onDemandDeployment!.source) ?? model!.onDemandDeployment!.source}); that bills per token at the base model's rate, an unverified assumption.`
      : `${name} custom models need Provisioned Throughput to serve in ${region ?? 'this region'}: no on-demand deployment there.`,
    breakEven(
      name,
      lineItems,
      onDemand ? null : provisioned,
      prices?.input ?? null,
      prices?.output ?? null,
      q,
    ),
  ];
  if (prices?.note) notes.push(prices.note);
  if (prices?.obsolete) notes.push(`No estimate from ${name}'s prices: ${prices.obsolete}.`);
  notes.push(...statedNotes(work.stated));
  return { lineItems, remediations, notes };
}

/** `epochs: 3 from the template (HyperParameters.epochCount)`: a stated number as a quantity. */
function fromTemplate(label: string, stated: StatedNumber | undefined): SourcedQuantity | null {
  return stated
    ? {
        value: stated.value,
        source: `${label}: ${stated.value} from the template (${stated.field})`,
      }
    : null;
}

/** What the template sets that the estimate reads but does not bill, said once. */
function statedNotes(stated: StatedSettings | undefined): string[] {
  const notes: string[] = [];
  const settings = (['batchSize', 'learningRate', 'learningRateWarmupSteps'] as const)
    .filter((k) => stated?.[k])
    .map((k) => `${stated![k]!.field.replace('HyperParameters.', '')} ${stated![k]!.value}`);
  if (settings.length > 0)
    notes.push(
      `The template sets ${settings.join(', ')} (HyperParameters): training is billed per trained token (corpus tokens x epochs), so they do not change the estimate.`,
    );
  if (stated?.commitment)
    notes.push(
      `The template buys the throughput with a ${stated.commitment} commitment; the bundled table has no-commitment rates only, so that line prices no commitment.`,
    );
  return notes;
}

/** Provisioned Throughput always; an on-demand deployment where the model allows it there. */
function servingOptions(provisioned: LineItem, onDemand: boolean): Remediation[] {
  const options = [serving('Serve it with Provisioned Throughput', [provisioned])];
  if (onDemand)
    options.push(
      serving(
        'Serve it with an on-demand custom model deployment (per token, no idle charge)',
        [],
        [
          "No hourly charge: requests are billed per token at the base model's rate (an unverified assumption), so the cost follows the request volume; the break-even below compares it with RAG.",
        ],
      ),
    );
  return options;
}

function serving(action: string, items: LineItem[], notes: string[] = []): Remediation {
  return {
    action,
    monthlyUsd: complete(items) ? sum(items, 'monthlyUsd') : null,
    oneTimeUsd: null,
    differenceUsd: null,
    lineItems: items,
    notes,
  };
}

/**
 * Requests a month above which the tuned model costs less than retrieval on the base model:
 * the tuned model's fixed monthly cost over what each request saves (the retrieved context tokens;
 * with Provisioned Throughput, the whole on-demand request).
 */
function breakEven(
  name: string,
  fixedItems: readonly LineItem[],
  provisioned: LineItem | null,
  input: UnitPrice | null,
  output: UnitPrice | null,
  q: (name: 'promptTokens' | 'contextTokens' | 'outputTokens') => SourcedQuantity | null,
): string {
  const [prompt, context, out] = [q('promptTokens'), q('contextTokens'), q('outputTokens')];
  const items = provisioned ? [...fixedItems, provisioned] : fixedItems;
  if (!complete(items) || !input || !output || !prompt || !context || !out)
    return `Break-even against RAG on the base ${name}: unknown (a price or a request size is unknown).`;
  const fixed = sum(items, 'monthlyUsd');
  const rag = ((prompt.value + context.value) * input.usd + out.value * output.usd) / 1000;
  const saving = provisioned ? rag : (context.value * input.usd) / 1000;
  if (saving <= 0) return `Break-even against RAG: never (a tuned request costs no less).`;
  const requests = Math.ceil(fixed / saving);
  return (
    `The tuned model beats RAG on the base ${name} above ${requests.toLocaleString('en-US')} requests a month: ` +
    `$${usd(fixed)} fixed a month over $${usd(saving)} saved a request. RAG request: ${prompt.value} prompt + ` +
    `${context.value} retrieved + ${out.value} output tokens at $${input.usd}/$${output.usd} per 1K (${input.source}); ` +
    `sizes from ${[...new Set([prompt.source, context.source, out.source])].join('; ')}. ` +
    'Retrieval itself (vector store, embeddings) is not counted, which favours RAG.'
  );
}
