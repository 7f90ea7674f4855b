import { AppModel } from '../assembly/types';
import { discover } from '../discover';
import { displayName } from '../discover/compute';
import { Facts, FlowFact, StatedNumber } from '../discover/facts';
import { STARTER } from '../pricing/profiles';
import { Quantity } from '../pricing/usage';
import { Locator } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { flowText } from '../../rules';
import usageSchema from '../../schema/usage.schema.json';

/** One key of a usage file: a construct of the app and the quantities the estimates read for it. */
export interface SkeletonEntry {
  readonly key: string;
  /** What the construct is and why it has an entry: its flows, its job, its gateway. */
  readonly about: string[];
  readonly quantities: Quantity[];
  /** Quantities the template states (a job's `HyperParameters.epochCount`): written instead of the profile's. */
  readonly stated: Partial<Record<Quantity, StatedNumber>>;
}

const JOB_QUANTITIES: Quantity[] = ['tokens', 'epochs', 'runsPerMonth', 'datasetGb'];
const DATA_KINDS = new Set(['bucket', 'table', 'vector-store']);

/**
 * The entries a usage file needs for this app, in the order of the app: one per compute with data
 * flows (the usage key of a flow is its compute's path), per customization job and per NAT gateway.
 */
export function skeletonEntries(app: AppModel): SkeletonEntry[] {
  const resolver = new Resolver(app);
  const facts = discover(app, resolver, new Locator(resolver));
  const entries = new Map<
    string,
    { about: string[]; quantities: Set<Quantity>; stated: SkeletonEntry['stated'] }
  >();
  const add = (
    key: string,
    about: string,
    quantities: readonly Quantity[],
    stated: SkeletonEntry['stated'] = {},
  ) => {
    let entry = entries.get(key);
    if (!entry) entries.set(key, (entry = { about: [], quantities: new Set(), stated: {} }));
    entry.about.push(about);
    quantities.forEach((q) => entry!.quantities.add(q));
    Object.assign(entry.stated, stated);
  };
  for (const flow of facts.flows) add(flow.source.name, flowText(flow), [flowQuantity(flow)]);
  for (const work of jobs(facts)) {
    const resource = app.stacks
      .find((s) => s.id === work.subject.stackId)
      ?.resources.get(work.subject.logicalId);
    const where = work.place.region ?? 'an unknown region';
    const model = work.baseModel?.modelId ?? 'an unknown base model';
    add(
      resource ? displayName(resource) : work.subject.logicalId,
      `customization job (${work.customizationType}) of ${model} in ${where}`,
      JOB_QUANTITIES,
      work.stated?.epochs ? { epochs: work.stated.epochs } : {},
    );
  }
  for (const stack of app.stacks) {
    for (const gateway of stack.byType.get('AWS::EC2::NatGateway') ?? [])
      add(displayName(gateway), `NAT gateway in ${stack.region ?? 'an unknown region'}`, [
        'hoursPerMonth',
      ]);
  }
  return [...entries].map(([key, e]) => ({
    key,
    about: [...new Set(e.about)],
    quantities: [...e.quantities],
    stated: e.stated,
  }));
}

function jobs(facts: Facts): Facts['work'] {
  return facts.work.filter((w) => w.action === 'CreateModelCustomizationJob');
}

function flowQuantity(flow: FlowFact): Quantity {
  return DATA_KINDS.has(flow.target.kind) ? 'monthlyGb' : 'monthlyInvocationGb';
}

/**
 * The value to write for a quantity — what the template states, else the starter profile's — and a
 * comment saying what it means and where the value came from.
 */
export function starterValue(
  quantity: Quantity,
  stated?: StatedNumber,
): { value: number; comment: string } {
  const meaning = (
    usageSchema.definitions.quantities.properties as Record<string, { description: string }>
  )[quantity].description;
  if (stated)
    return { value: stated.value, comment: ` ${meaning} From the template (${stated.field}).` };
  const starter = STARTER.quantities[quantity];
  return {
    value: starter?.value ?? 0,
    comment: ` ${meaning}${starter ? ` Starter profile: ${starter.why}.` : ''}`,
  };
}
