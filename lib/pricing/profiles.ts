import type { Quantity } from './usage';

/** A named set of defaults for volumes nobody gave, each with why it was chosen. */
export interface UsageProfile {
  readonly name: string;
  readonly quantities: {
    readonly [Q in Quantity]?: { readonly value: number; readonly why: string };
  };
}

/**
 * `starter`: a small team's first production month. These are assumptions, not measurements: every
 * line item that uses one says so, and a usage file replaces them.
 */
export const STARTER: UsageProfile = {
  name: 'starter',
  quantities: {
    monthlyGb: { value: 10, why: '10 GB a month per data flow' },
    monthlyWriteGb: { value: 10, why: '10 GB written a month per data store' },
    monthlyInvocationGb: { value: 1, why: '1 GB of requests and responses a month' },
    monthlyEgressGb: { value: 1, why: '1 GB a month sent to an external provider' },
    monthlySyncGb: { value: 10, why: '10 GB ingested a month per knowledge base' },
    hoursPerMonth: { value: 730, why: 'always on: 730 hours a month' },
    datasetGb: { value: 0.1, why: '100 MB of training data' },
    tokens: { value: 25_000_000, why: '25M tokens, about 100 MB of text at 4 bytes a token' },
    epochs: { value: 2, why: '2 epochs' },
    runsPerMonth: { value: 1, why: 'one training run a month' },
    promptTokens: { value: 500, why: '500 prompt tokens a request' },
    contextTokens: { value: 2000, why: '2,000 retrieved tokens a request (5 chunks of 400)' },
    outputTokens: { value: 300, why: '300 output tokens a request' },
  },
};

export const PROFILES: Readonly<Record<string, UsageProfile | null>> = {
  starter: STARTER,
  none: null,
};
