/**
 * Property test: mutated real assemblies never crash, hang or print a multi-line error, through the
 * CLI in-process, the library and (a few cases) the real binary. `npm run fuzz` runs 10,000 cases;
 * a failure here reproduces with `FUZZ_SEED=<seed> FUZZ_CASE=<index> npm run fuzz`.
 */
import { fuzzApps } from './apps';
import { runSession, sessionSeed } from './session';

const SEED = sessionSeed(20261201);
const CASES = Number(process.env.FUZZ_CASES ?? 300);

describe('fuzzing real assemblies', () => {
  beforeAll(() => {
    expect(fuzzApps().map((a) => a.name)).toEqual(['tuning', 'knowledge-base', 'vpc-nat', 'stage']);
  });

  test(`${CASES} mutated assemblies: a valid report or one line, never a crash (seed ${SEED})`, () => {
    // FIFOs and devices are left to `npm run fuzz`: the safe input reader refuses them by type.
    const result = runSession({ seed: SEED, cases: CASES, binaryEvery: 60, blocking: false });
    const failures = result.failures.map(
      (f) =>
        `case ${f.index} (${f.outcome.verdict}): ${f.outcome.detail.split('\n').slice(0, 4).join(' | ')}`,
    );
    expect(failures).toEqual([]);
    expect(result.counts.ok).toBe(CASES);
    // The mutations reach the analysis: both reports and input errors occur.
    expect(result.inputErrors).toBeGreaterThan(0);
    expect(result.inputErrors).toBeLessThan(CASES);
  });
});
