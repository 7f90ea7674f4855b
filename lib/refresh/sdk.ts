/**
 * Client settings both refresh commands share: the SDK's own adaptive retry strategy (exponential
 * backoff with jitter, and client-side rate limiting after throttling), with more attempts than the
 * default 3 since a refresh sweeps many regions or pages at once.
 */
export const SDK_RETRY = { maxAttempts: 8, retryMode: 'adaptive' } as const;

/** `YYYY-MM-DD` in UTC. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The installed version of an SDK client, for the `source` of a data file. */
export function sdkVersion(client: '@aws-sdk/client-bedrock' | '@aws-sdk/client-pricing'): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`${client}/package.json`) as { version: string }).version;
}
