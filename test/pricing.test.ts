import { Stack, Validations } from 'aws-cdk-lib';
import { BedrockRegionChecks } from '../lib/plugin/bedrock-region-checks';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { loadPrices } from '../lib/pricing/prices';
import { parseUsage } from '../lib/pricing/usage';
import { Finding, LineItem, Report } from '../lib/report/types';
import { natApp } from './flow-helpers';
import { env, LLAMA, lint, newApp, NOVA_MICRO, only, tuningJob } from './helpers';

function items(finding: Finding): Record<string, LineItem> {
  const byKind: Record<string, LineItem> = {};
  for (const item of finding.estimate!.lineItems) byKind[item.key.split(':')[0]] = item;
  return byKind;
}

const USAGE_1000 = { 'Rag/Retriever': { monthlyGb: 1000 } };

describe('estimates of a cross-region flow behind a NAT gateway', () => {
  let report: Report;
  beforeAll(() => {
    report = lint(natApp().app, { usage: USAGE_1000 });
  });

  test('1,000 GB a month: $20.00 transfer, $45.00 NAT processing, $32.85 NAT hours', () => {
    const [finding] = only(report, 'CrossRegionDataAccess');
    const { 'transfer-reads': transfer, 'nat-gb': natGb, 'nat-hours': natHours } = items(finding);
    expect(transfer).toMatchObject({
      description:
        "inter-region transfer, reads us-east-1 -> us-west-2 at us-east-1's rate (bucket DataLake/Lake)",
      quantity: 1000,
      unit: 'GB',
      unitPriceUsd: 0.02,
      monthlyUsd: 20,
      source: 'options.usage ("Rag/Retriever")',
      priceSource: 'infracost-data-transfer (price-list)',
    });
    expect(natGb).toMatchObject({ quantity: 1000, unitPriceUsd: 0.045, monthlyUsd: 45 });
    expect(natHours).toMatchObject({
      description: 'NAT gateway Rag/Vpc/PublicSubnet1/NATGateway hours in us-west-2',
      quantity: 730,
      unitPriceUsd: 0.045,
      monthlyUsd: 32.85,
      source: 'profile "starter": always on: 730 hours a month',
    });
    expect(finding.estimate).toMatchObject({ monthlyUsd: 97.85, complete: true });
  });

  test('the NAT gateway is counted once in the report, not once per finding', () => {
    const [cross] = only(report, 'CrossRegionDataAccess');
    const nat = only(report, 'NatGatewayDataPath');
    expect(nat).toHaveLength(1);
    const hours = nat[0].estimate!.lineItems.find((i) => i.key.startsWith('nat-hours:'))!;
    expect(hours.countedIn).toBe(cross.fingerprint);
    expect(nat[0].estimate!.monthlyUsd).toBe(0);
    expect(report.summary.monthlyUsd).toBe(97.85);
  });

  test('remediations are priced against today', () => {
    const [finding] = only(report, 'CrossRegionDataAccess');
    const [move, replicate] = finding.estimate!.remediations;
    expect(move).toMatchObject({
      action: 'Move Rag/Retriever to us-east-1, beside what it reads',
      monthlyUsd: 0,
      differenceUsd: -65,
    });
    // The profile's 10 GB of writes replicated at $0.02, reads through a free gateway endpoint.
    expect(replicate).toMatchObject({ monthlyUsd: 0.2, differenceUsd: -64.8 });
  });
});

describe('prices by region', () => {
  test("a gateway in eu-west-1 uses eu-west-1's own NAT prices", () => {
    const report = lint(natApp('eu-west-1').app, { usage: USAGE_1000 });
    const { 'nat-gb': natGb, 'nat-hours': natHours } = items(
      only(report, 'CrossRegionDataAccess')[0],
    );
    expect(natGb).toMatchObject({ unitPriceUsd: 0.048, monthlyUsd: 48 });
    expect(natHours).toMatchObject({ unitPriceUsd: 0.048, monthlyUsd: 35.04 });
  });

  test('us-east-1 <-> us-east-2 is the cheaper pair, other pairs the sender rate', () => {
    const prices = loadPrices();
    expect(prices.interRegion('us-east-1', 'us-east-2')?.usd).toBe(0.01);
    expect(prices.interRegion('us-east-2', 'us-east-1')?.usd).toBe(0.01);
    expect(prices.interRegion('us-east-1', 'us-west-2')?.usd).toBe(0.02);
    expect(prices.interRegion('ap-southeast-2', 'us-west-2')?.usd).toBe(0.098);
    expect(prices.natGateway('ap-south-1')).toBeNull();
  });

  test('internet egress goes through the tiers', () => {
    const prices = loadPrices();
    expect(prices.internetEgress('us-east-1', 100)?.usd).toBeCloseTo(9);
    // 10 TB at $0.09, then 1,000 GB at $0.085.
    expect(prices.internetEgress('us-east-1', 11_240)?.usd).toBeCloseTo(10_240 * 0.09 + 85);
  });

  test('every price names a source of the table', () => {
    const { data } = loadPrices();
    const used = JSON.stringify(data).match(/"(source|onDemandSource|noteSource)":"[^"]+"/g)!;
    for (const entry of used) expect(data.sources).toHaveProperty(entry.split('"')[3]);
    expect(data.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('usage', () => {
  test('without a volume the unit rate is stated and the total leaves it out', () => {
    const report = lint(natApp().app, { usage: { profile: 'none' } });
    const [finding] = only(report, 'CrossRegionDataAccess');
    expect(items(finding)['transfer-reads']).toMatchObject({
      quantity: null,
      unitPriceUsd: 0.02,
      monthlyUsd: null,
      source: 'no volume given (add it to the usage file)',
    });
    expect(finding.estimate).toMatchObject({ complete: false, monthlyUsd: 0 });
  });

  test('globs cover a construct and everything under it; the most specific key wins', () => {
    const usage = parseUsage(
      {
        '*/Retriever*': { monthlyGb: 5 },
        'Rag/Retriever': { monthlyGb: 7 },
        'Rag/**': { epochs: 3 },
      },
      'usage file u.yml',
      'u.yml',
    );
    expect(usage.quantity(['Rag/Retriever/Resource'], 'monthlyGb')).toEqual({
      value: 7,
      source: 'usage file u.yml ("Rag/Retriever")',
    });
    expect(usage.quantity(['Other/RetrieverTwo'], 'monthlyGb')?.value).toBe(5);
    expect(usage.quantity(['Rag/Deep/Job/Resource'], 'epochs')?.value).toBe(3);
    expect(usage.quantity(['Elsewhere/Job'], 'epochs')?.source).toBe('profile "starter": 2 epochs');
    expect(usage.unmatched(['Rag/Vpc/Resource', 'Other/Thing'])).toEqual([
      'Rag/Retriever',
      '*/Retriever*',
    ]);
    expect(usage.unmatched(['Rag/Retriever/Resource'])).toEqual([]);
  });

  test('unknown keys and bad values are errors naming the key', () => {
    expect(() => parseUsage({ 'Rag/Retriever': { monthlyGB: 1 } }, 'u', 'u.yml')).toThrow(
      'u.yml: usage "Rag/Retriever": unknown key "monthlyGB"',
    );
    expect(() => parseUsage({ 'Rag/Retriever': { monthlyGb: -1 } }, 'u', 'u.yml')).toThrow(
      'u.yml: usage "Rag/Retriever > monthlyGb": must be >= 0',
    );
    expect(() => parseUsage({ profile: 'huge' }, 'u', 'u.yml')).toThrow(
      'usage "profile": must be one of starter, none',
    );
  });

  test('a key that matches no construct is a warning of the report', () => {
    const report = lint(natApp().app, { usage: { 'Rag/Retreiver': { monthlyGb: 1 } } });
    expect(report.warnings).toEqual([
      'options.usage: key "Rag/Retreiver" matches no construct of the app',
    ]);
  });
});

describe('CustomizationCost', () => {
  function jobs() {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    const data = new s3.Bucket(stack, 'Data');
    tuningJob(stack, 'Llama', LLAMA, data);
    const nova = new Stack(app, 'Nova', { env: env('us-east-1') });
    tuningJob(nova, 'Micro', NOVA_MICRO, new s3.Bucket(nova, 'Data'));
    return app;
  }

  test('training is tokens x epochs x runs x price; storage $1.95; break-even against RAG', () => {
    const report = lint(jobs(), {
      rules: { CustomizationCost: 'info' },
      usage: { 'Tuning/Llama': { tokens: 1_000_000, epochs: 2, runsPerMonth: 1 } },
    });
    const [llama, nova] = only(report, 'CustomizationCost')
      .sort((a, b) => a.stack!.localeCompare(b.stack!))
      .reverse();
    expect(llama.severity).toBe('info');
    expect(llama.message).toContain('fine-tunes Llama 3.3 70B Instruct in us-west-2');
    const { training, storage } = items(llama);
    // $0.1759 for 53,318 corpus tokens x 2 epochs: $0.00165 per 1K trained tokens, not $0.0033.
    expect(training).toMatchObject({ quantity: 2000, unit: '1K tokens', unitPriceUsd: 0.00165 });
    expect(training.monthlyUsd).toBeCloseTo(3.3);
    expect(storage).toMatchObject({ quantity: 1, unitPriceUsd: 1.95, monthlyUsd: 1.95 });
    // $5.25 fixed over 2,000 retrieved tokens x $0.00072/1K saved per request.
    expect(llama.estimate!.notes.join(' ')).toContain(
      'beats RAG on the base Llama 3.3 70B Instruct above 3,646 requests a month',
    );
    expect(llama.estimate!.remediations.map((r) => r.action)).toEqual([
      'Serve it with Provisioned Throughput',
      'Serve it with an on-demand custom model deployment (per token, no idle charge)',
    ]);
    // Nova Micro's training price is not published: unknown, never guessed.
    expect(items(nova).training).toMatchObject({ unitPriceUsd: null, monthlyUsd: null });
    expect(nova.estimate!.complete).toBe(false);
  });
});

describe('maxMonthlyUsd in cdk synth', () => {
  function synthWith(maxMonthlyUsd: number): string {
    const { app } = natApp();
    Validations.of(app).addPlugins(
      new BedrockRegionChecks(app, { maxMonthlyUsd, usage: USAGE_1000 }),
    );
    try {
      app.synth();
      return 'passed';
    } catch (e) {
      return (e as Error).message;
    }
  }

  test('the plugin fails synth when the estimated total exceeds the budget, and only then', () => {
    // Warnings alone do not fail synth; the $97.85 estimate over a $50 budget does.
    expect(synthWith(50)).toContain(
      'The estimated monthly cost of the findings, $97.85, exceeds maxMonthlyUsd $50.00.',
    );
    expect(synthWith(100)).toBe('passed');
  });
});
