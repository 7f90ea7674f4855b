/**
 * A fuzzing session: plans from a seed, each run and classified, counts kept. Shared by the jest
 * property test (a few hundred cases) and `npm run fuzz` (10,000).
 */
import fc from 'fast-check';
import { Outcome, runCase, Verdict } from './check';
import { BLOCKING_DAMAGE, Plan, planArbitrary } from './mutate';

export interface SessionResult {
  readonly seed: number;
  readonly counts: Record<Verdict, number>;
  /** The first failures: case index, plan and outcome, to reproduce with FUZZ_SEED and FUZZ_CASE. */
  readonly failures: { index: number; plan: Plan; outcome: Outcome }[];
  /** Of the ok cases, those that ended in a one-line input error (exit 2) rather than a report. */
  readonly inputErrors: number;
}

/** The seed of a session: FUZZ_SEED when given, else the default (tests) or a fresh one. */
export function sessionSeed(fallback: number): number {
  const given = process.env.FUZZ_SEED;
  return given !== undefined && given !== '' ? Number(given) : fallback;
}

/**
 * `cases` plans from `seed`; every `binaryEvery`-th case, and every case with blocking file damage
 * (a FIFO, a device), runs through the real binary with a time limit.
 */
export function plans(seed: number, cases: number, binaryEvery: number, blocking: boolean): Plan[] {
  const inProcess = fc.sample(planArbitrary(), { seed, numRuns: cases });
  const damage = fc.sample(fc.constantFrom(...BLOCKING_DAMAGE), { seed, numRuns: cases });
  return inProcess.map((plan, i) => {
    if (i % binaryEvery !== binaryEvery - 1) return plan;
    // Half of the binary cases damage a file so that reading it would block.
    return { ...plan, via: 'binary', damage: blocking && i % 2 ? damage[i] : plan.damage };
  });
}

export interface SessionOptions {
  readonly seed: number;
  readonly cases: number;
  readonly binaryEvery: number;
  /** Include FIFOs and devices (they need a reader that refuses special files by type). */
  readonly blocking: boolean;
  readonly onCase?: (index: number, outcome: Outcome) => void;
}

export function runSession(options: SessionOptions): SessionResult {
  const { seed, cases, binaryEvery, blocking, onCase } = options;
  const counts: Record<Verdict, number> = {
    ok: 0,
    crash: 0,
    hang: 0,
    'multi-line error': 0,
    'out of memory': 0,
    'invalid report': 0,
  };
  const failures: SessionResult['failures'] = [];
  const only = process.env.FUZZ_CASE === undefined ? undefined : Number(process.env.FUZZ_CASE);
  let errors = 0;
  plans(seed, cases, binaryEvery, blocking).forEach((plan, index) => {
    if (only !== undefined && index !== only) return;
    const outcome = runCase(plan);
    counts[outcome.verdict]++;
    if (outcome.verdict === 'ok' && outcome.detail.startsWith('cdk-bedrock-lint: ')) errors++;
    if (outcome.verdict !== 'ok' && failures.length < 20) failures.push({ index, plan, outcome });
    onCase?.(index, outcome);
  });
  return { seed, counts, failures, inputErrors: errors };
}
