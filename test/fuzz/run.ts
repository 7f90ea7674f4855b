/**
 * `npm run fuzz`: 10,000 mutated assemblies (FUZZ_CASES), a fresh seed unless FUZZ_SEED is given;
 * prints the counts and the seed, and the first failures with their case index (FUZZ_CASE=<index>
 * reruns one). Exit 1 when any case fails.
 */
import { runSession, sessionSeed } from './session';

const seed = sessionSeed(Math.floor(Math.random() * 2 ** 31));
const cases = Number(process.env.FUZZ_CASES ?? 10_000);
const blocking = process.env.FUZZ_BLOCKING !== '0';
const started = Date.now();
console.log(`fuzz: seed ${seed}, ${cases} cases${blocking ? '' : ' (no FIFOs or devices)'}`);
const result = runSession({
  seed,
  cases,
  binaryEvery: 100,
  blocking,
  onCase: (index, outcome) => {
    if (process.env.FUZZ_CASE !== undefined)
      console.log(
        `  case ${index}: ${outcome.verdict} in ${outcome.ms} ms: ${outcome.detail.slice(0, 300)}`,
      );
    if ((index + 1) % 1000 === 0)
      console.log(`  ${index + 1} cases, ${Math.round((Date.now() - started) / 1000)} s`);
  },
});
for (const f of result.failures)
  console.log(
    `FAIL case ${f.index} (${f.outcome.verdict}, ${f.outcome.ms} ms): ${f.outcome.detail.split('\n').slice(0, 6).join(' | ')}\n  plan ${JSON.stringify(f.plan)}`,
  );
const { counts } = result;
console.log(
  `fuzz: seed ${seed}: ${counts.crash} crashes, ${counts.hang} hangs, ${counts['multi-line error']} multi-line errors, ` +
    `${counts['out of memory']} out of memory, ${counts['invalid report']} invalid reports, ${counts.ok} ok ` +
    `(${counts.ok - result.inputErrors} reports, ${result.inputErrors} one-line input errors) in ${Math.round((Date.now() - started) / 1000)} s`,
);
process.exitCode = counts.ok === (process.env.FUZZ_CASE ? 1 : cases) ? 0 : 1;
