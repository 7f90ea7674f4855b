/** Where progress goes: `process.stderr`, or a test's stand-in. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * Progress across regions (or queries) on stderr: a redrawn bar on a terminal, one line per step
 * otherwise, so CI logs stay readable.
 */
export class Progress {
  private done = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: ProgressStream = process.stderr,
  ) {}

  /** One step finished: `eu-west-1 ok (88 models, 41 profiles)` or `... unknown (AccessDenied...)`. */
  step(name: string, outcome: string): void {
    this.done++;
    const count = `${this.done}/${this.total}`;
    if (!this.stream.isTTY) {
      this.stream.write(`${this.label}: [${count}] ${name} ${outcome}\n`);
      return;
    }
    const width = 24;
    const filled = Math.round((this.done / Math.max(this.total, 1)) * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    const line = `${this.label} [${bar}] ${count} ${name} ${outcome}`.slice(0, 100);
    this.stream.write(`\r\u001b[2K${line}${this.done === this.total ? '\n' : ''}`);
  }
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the input order in the result. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
