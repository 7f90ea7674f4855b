/**
 * Numbers are numbers (issue 12): usage, config and baseline quantities are finite, non-negative and
 * bounded; a report never contains Infinity, NaN or undefined; money formatting is total.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as s3 from 'aws-cdk-lib/aws-s3';
import fc from 'fast-check';
import { run } from '../bin/cli';
import { formatDelta, formatQuantity, formatUsd } from '../lib/report/money';
import { Report } from '../lib/report/types';
import schema from '../schema/usage.schema.json';
import { natApp } from './flow-helpers';
import { LLAMA, tuningJob } from './helpers';

const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-numbers-'));
const write = (name: string, text: string) => {
  fs.writeFileSync(path.join(cwd, name), text);
  return name;
};

/** The lake, a retriever behind a NAT gateway, and a Llama tuning job reading the lake. */
function assembly(): string {
  const { app, stack, lake } = natApp();
  tuningJob(stack, 'Tune', LLAMA, lake.bucket, new s3.Bucket(stack, 'Out'));
  return app.synth().directory;
}
const dir = assembly();

function oneLine(args: string[], pattern: RegExp): void {
  const result = run(args, cwd);
  expect(result).toMatchObject({ code: 2, stdout: '' });
  expect(result.stderr.split('\n')).toEqual([expect.stringMatching(pattern), '']);
}

describe('usage quantities are finite, non-negative and bounded', () => {
  test.each([
    ['monthlyGb: .inf', /"Rag\/Retriever > monthlyGb": Infinity is not a finite number$/],
    ['monthlyGb: .nan', /"Rag\/Retriever > monthlyGb": NaN is not a finite number$/],
    ['monthlyGb: -.inf', /"Rag\/Retriever > monthlyGb": -Infinity is not a finite number$/],
    ['monthlyGb: -5', /"Rag\/Retriever > monthlyGb": must be >= 0 \(got -5\)$/],
    ['hoursPerMonth: 800', /"Rag\/Retriever > hoursPerMonth": must be <= 744 \(got 800\)$/],
    ['monthlyGb: 2e9', /"Rag\/Retriever > monthlyGb": must be <= 1000000000 \(got 2000000000\)$/],
    ['epochs: "3"', /"Rag\/Retriever > epochs": must be number$/],
  ])('YAML %s is an input error', (line, pattern) => {
    oneLine([dir, '--usage', write('u.yml', `Rag/Retriever:\n  ${line}\n`)], pattern);
  });

  test('more than 10,001 keys (10,000 entries and a profile): refused before any glob is compiled', () => {
    const entries = Object.fromEntries(
      Array.from({ length: 10_002 }, (_, i) => [`Rag/K${i}`, { monthlyGb: 1 }]),
    );
    oneLine(
      [dir, '--usage', write('many.json', JSON.stringify(entries))],
      /many\.json: usage: 10002 entries, more than the 10,000 a usage file may have$/,
    );
  });

  test('JSON 1e999 parses to Infinity: refused too', () => {
    oneLine(
      [dir, '--usage', write('u.json', '{"Rag/Retriever": {"monthlyGb": 1e999}}')],
      /u\.json: usage "Rag\/Retriever > monthlyGb": Infinity is not a finite number$/,
    );
  });

  test('usage under the options is checked the same way', () => {
    oneLine(
      [dir, '--config', write('c.yml', 'usage:\n  Rag/Retriever:\n    monthlyGb: .inf\n')],
      /c\.yml: usage "Rag\/Retriever > monthlyGb": Infinity is not a finite number$/,
    );
  });

  test('a config budget of 1e999 or above the bound is an input error', () => {
    oneLine(
      [dir, '--config', write('b.json', '{"maxMonthlyUsd": 1e999}')],
      /b\.json: option maxMonthlyUsd/,
    );
    oneLine(
      [dir, '--config', write('b2.json', '{"maxMonthlyUsd": 1e13}')],
      /b2\.json: option maxMonthlyUsd: must be <= /,
    );
  });
});

describe('a baseline summary must hold numbers', () => {
  const report = JSON.parse(
    run([dir, '--fail-on', 'never', '--format', 'json'], cwd).stdout,
  ) as Report;
  const baseline = (monthlyUsd: unknown) =>
    write('base.json', JSON.stringify({ ...report, summary: { ...report.summary, monthlyUsd } }));

  test.each([
    ['a string', '"12.5"', /summary\.monthlyUsd is a string, not a finite non-negative number$/],
    ['NaN as text', '"NaN"', /summary\.monthlyUsd is a string, not a finite non-negative number$/],
    ['null', 'null', /summary\.monthlyUsd is a null, not a finite non-negative number$/],
    ['negative', '-3', /summary\.monthlyUsd is -3, not a finite non-negative number$/],
  ])('%s', (_what, json, pattern) => {
    baseline(JSON.parse(json));
    oneLine([dir, '--baseline', 'base.json'], pattern);
  });

  test('1e999 (Infinity after JSON.parse)', () => {
    const text = JSON.stringify({
      ...report,
      summary: { ...report.summary, monthlyUsd: 123456.789 },
    });
    write('inf.json', text.replace('123456.789', '1e999'));
    oneLine([dir, '--baseline', 'inf.json'], /summary\.monthlyUsd is Infinity, not a finite/);
  });
});

describe('reports at the bounds stay finite', () => {
  test('every quantity at its schema maximum: no Infinity, NaN or undefined in any format', () => {
    const defs = schema.definitions as Record<string, { maximum?: number }>;
    const props = schema.definitions.quantities.properties as Record<string, { $ref: string }>;
    const max = Object.fromEntries(
      Object.entries(props).map(([key, p]) => [key, defs[p.$ref.split('/').pop()!].maximum]),
    );
    write('max.json', JSON.stringify({ '**': max }));
    const formats = ['text', 'json', 'sarif', 'markdown'];
    const args = formats.flatMap((f) => ['--format', f, '--output', `max.${f}`]);
    const result = run([dir, '--usage', 'max.json', '--fail-on', 'never', ...args], cwd);
    expect(result).toMatchObject({ code: 0 });
    for (const f of formats) {
      const text = fs.readFileSync(path.join(cwd, `max.${f}`), 'utf-8');
      expect(text).not.toMatch(/Infinity|NaN|undefined|\de[+-]\d/);
    }
    const json = JSON.parse(fs.readFileSync(path.join(cwd, 'max.json'), 'utf-8')) as Report;
    expect(Number.isFinite(json.summary.monthlyUsd)).toBe(true);
    // 1e9 GB a month across regions at $0.02: the cross-region line reached its bound, not a guess.
    expect(json.summary.monthlyUsd).toBeGreaterThan(1e7);
  });
});

describe('money formatting is total over finite numbers', () => {
  test('every finite number formats as $digits.cents; non-finite is a bug, asserted', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(formatUsd(n)).toMatch(/^(-?\$\d{1,3}(,\d{3})*\.\d\d|<\$0\.01)$/);
        expect(formatDelta(n)).toMatch(/^[+-]?(\$|<\$)/);
        expect(formatQuantity(n, 'GB', Math.abs(n))).toMatch(/^-?[\d,]+(\.\d+)? GB x \$[\d.]+$/);
      }),
      { seed: 12, numRuns: 2000 },
    );
    expect(formatUsd(1e21)).toBe('$1,000,000,000,000,000,000,000.00');
    expect(formatQuantity(1e25, 'GB', 1e-7)).toMatch(
      /^10,000,000,000,000,000,\d{3},\d{3},\d{3} GB x \$0\.0000001$/,
    );
    for (const bad of [Infinity, -Infinity, NaN])
      expect(() => formatUsd(bad)).toThrow(/must be finite/);
  });
});
