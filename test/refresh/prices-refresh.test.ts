import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { GetProductsCommand, PricingClient, ThrottlingException } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { runRefresh } from '../../lib/cli/refresh';
import { analyzeAssembly } from '../../lib/engine/analyze';
import { PriceApiLayer } from '../../lib/pricing/api-layer';
import { loadPrices } from '../../lib/pricing/prices';
import { Finding, LineItem } from '../../lib/report/types';
import schema from '../../schema/prices.schema.json';
import { natApp } from '../flow-helpers';
import { only } from '../helpers';
import { capture, runInTempDir, scriptedHandler, TEST_CREDENTIALS } from './aws-fixtures';
import { PRICE_LIST_PAGES } from './price-fixtures';

const NOW = new Date('2026-12-15T08:00:00Z');

function throttled(): ThrottlingException {
  return new ThrottlingException({
    message: 'Rate exceeded',
    $metadata: { httpStatusCode: 400, requestId: '9d1c0a52-7c1e-4f8e-b3a9-2f0e6d5c4b3a' },
  });
}

/** The Price List: pages joined by NextToken; the Provisioned Throughput query stays throttled. */
function mockPriceList() {
  const pricing = mockClient(PricingClient);
  pricing.on(GetProductsCommand).callsFake(async (input) => {
    if (input.Filters?.some((f: { Value: string }) => f.Value === 'ProvisionedThroughput'))
      throw throttled();
    const pages = PRICE_LIST_PAGES[input.ServiceCode] ?? [[]];
    const at = input.NextToken ? Number(input.NextToken.split(':')[1]) : 0;
    return {
      $metadata: { httpStatusCode: 200 },
      FormatVersion: 'aws_v1',
      PriceList: pages[at],
      ...(at + 1 < pages.length ? { NextToken: `page:${at + 1}:d2VsbCBoZWxsbw==` } : {}),
    };
  });
  return pricing;
}

const refresh = (args: string[], isTTY = false) =>
  runInTempDir(['prices', 'refresh', ...args], NOW, isTTY);

const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf-8'));

function items(finding: Finding): Record<string, LineItem> {
  return Object.fromEntries(finding.estimate!.lineItems.map((i) => [i.key.split(':')[0], i]));
}

describe('prices refresh against recorded-shape Price List responses', () => {
  let pricing: ReturnType<typeof mockPriceList>;
  beforeEach(() => (pricing = mockPriceList()));
  afterEach(() => pricing.restore());

  test('writes the API layer: every page read, a failed query kept with its error', async () => {
    const run = await refresh([]);
    expect(run.code).toBe(0);
    const api = read(path.join(run.dir, 'prices-api-layer-2026-12-15.json')) as PriceApiLayer;
    expect(api.source).toMatch(/^@aws-sdk\/client-pricing 3\.\d+\.\d+ GetProducts \(us-east-1\)$/);
    const transfer = api.queries.interRegionTransfer;
    if (transfer.status !== 'ok') throw new Error(transfer.error);
    expect(transfer.pages).toBe(2);
    expect(transfer.rows.map((r) => `${r.regionCode}>${r.toRegionCode} ${r.usd}`)).toEqual([
      'eu-central-1>us-east-1 0.02',
      'eu-central-1>eu-west-1 0.02',
      'us-east-1>us-east-2 0.01',
      'us-east-1>us-west-2 0.02',
      'us-east-1>eu-central-1 0.02',
    ]);
    expect(api.queries.bedrockProvisionedThroughput).toEqual({
      status: 'error',
      error: 'ThrottlingException: Rate exceeded',
    });
    const calls = pricing.commandCalls(GetProductsCommand).map((c) => c.args[0].input);
    // The paginator reuses one input object, so the first call shows the last NextToken.
    expect(calls[0]).toMatchObject({
      ServiceCode: 'AWSDataTransfer',
      Filters: [{ Type: 'TERM_MATCH', Field: 'transferType', Value: 'InterRegion Outbound' }],
      FormatVersion: 'aws_v1',
      MaxResults: 100,
    });
    expect(calls.filter((c) => c.ServiceCode === 'AWSDataTransfer')).toHaveLength(2);
    expect(calls.map((c) => c.ServiceCode)).toEqual([
      'AWSDataTransfer',
      'AWSDataTransfer',
      'AmazonEC2',
      'AmazonVPC',
      'AmazonBedrock',
      'AmazonBedrock',
    ]);
  });

  test('the dated price table: Price List rates by regionCode, conflicts recorded, schema-valid', async () => {
    const run = await refresh([]);
    const file = path.join(run.dir, 'prices-2026-12-15.json');
    const table = read(file);
    expect(new Ajv({ strict: false }).compile(schema)(table)).toBe(true);
    expect(table.layers.api).toEqual({
      asOf: '2026-12-15',
      source: expect.stringContaining('GetProducts'),
      errors: { bedrockProvisionedThroughput: 'ThrottlingException: Rate exceeded' },
    });
    expect(table.natGateway.byRegion['eu-central-1']).toEqual({
      usdPerHour: 0.052,
      usdPerGb: 0.052,
      source: 'aws-price-list',
      confidence: 'price-list',
    });
    expect(table.natGateway.unknown['eu-central-1']).toBeUndefined();
    expect(table.natGateway.unknown['eu-south-2'].reason).toMatch(
      /^Third parties give only an approximate range .* The Price List refresh of 2026-12-15 returned no row for eu-south-2\.$/,
    );
    expect(table.natGateway.unknown['ap-southeast-7'].reason).toBe(
      "No price: the Price List refresh of 2026-12-15 returned no row for ap-southeast-7, and no documented price was found for ap-southeast-7; a neighbouring region's rate is not borrowed.",
    );
    // The first tier of a tiered rate.
    expect(table.interfaceEndpoint.byRegion['eu-central-1']).toMatchObject({
      usdPerAzHour: 0.012,
      usdPerGb: 0.01,
    });
    expect(table.interRegionTransfer.pairs).toEqual([
      {
        from: 'us-east-1',
        to: 'us-east-2',
        usdPerGb: 0.01,
        source: 'aws-price-list',
        confidence: 'price-list',
      },
      {
        from: 'us-east-2',
        to: 'us-east-1',
        usdPerGb: 0.01,
        source: 'infracost-data-transfer',
        confidence: 'price-list',
      },
    ]);
    const llama = table.bedrock.models['meta.llama3-3-70b-instruct-v1:0'];
    expect(llama.byRegion['us-west-2']).toMatchObject({ trainingUsdPer1kTokens: 0.0016 });
    expect(table.conflicts).toEqual([
      {
        path: 'bedrock.models.meta.llama3-3-70b-instruct-v1:0.trainingUsdPer1kTokens',
        overlay: 0.00165,
        api: 0.0016,
        kept: 'api',
      },
    ]);
    expect(loadPrices(file).model('meta.llama3-3-70b-instruct-v1:0', 'us-west-2').training).toEqual(
      {
        usd: 0.0016,
        source: 'aws-price-list (price-list)',
      },
    );
  });

  test('the refreshed table loads with pricesFile through the analysis of a real app', async () => {
    const run = await refresh([]);
    const assembly = natApp('eu-central-1').app.synth().directory;
    const options = { usage: { 'Rag/Retriever': { monthlyGb: 1000 } } };
    const bundled = analyzeAssembly(assembly, options, { root: run.dir });
    const refreshed = analyzeAssembly(
      assembly,
      { ...options, pricesFile: path.join(run.dir, 'prices-2026-12-15.json') },
      { root: run.dir },
    );
    expect(refreshed.pricing.asOf).toBe('2026-12-15');
    const natGb = (r: typeof bundled) => items(only(r, 'CrossRegionDataAccess')[0])['nat-gb'];
    // No documented eu-central-1 NAT price: unknown until the Price List gives one.
    expect(natGb(bundled)).toMatchObject({ unitPriceUsd: null, monthlyUsd: null });
    expect(natGb(refreshed)).toMatchObject({
      unitPriceUsd: 0.052,
      monthlyUsd: 52,
      priceSource: 'aws-price-list (price-list)',
    });
  });

  test('progress across the queries on stderr', async () => {
    const log = await refresh([]);
    expect(log.stderr.trimEnd().split('\n')).toEqual([
      'prices refresh: [1/5] AWSDataTransfer interRegionTransfer ok (2 pages, 5 prices)',
      'prices refresh: [2/5] AmazonEC2 natGateway ok (1 pages, 6 prices)',
      'prices refresh: [3/5] AmazonVPC interfaceEndpoint ok (1 pages, 4 prices)',
      'prices refresh: [4/5] AmazonBedrock bedrockCustomization ok (1 pages, 3 prices)',
      'prices refresh: [5/5] AmazonBedrock bedrockProvisionedThroughput unknown (ThrottlingException: Rate exceeded)',
    ]);
    const tty = await refresh([], true);
    const [before, first] = tty.stderr.split('\r\u001b[2K');
    expect(before).toBe('');
    expect(first).toMatch(/^prices refresh \[#####-+\] 1\/5 AWSDataTransfer/);
  });

  test('--check: exit 1 listing the differences, 0 against the file just written', async () => {
    const written = await refresh([]);
    const check = await refresh(['--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      'natGateway.byRegion.eu-central-1.usdPerHour: (absent) -> 0.052\n',
    );
    expect(check.stdout).toContain(
      'bedrock.models.meta.llama3-3-70b-instruct-v1:0.byRegion.us-west-2.trainingUsdPer1kTokens: (absent) -> 0.0016\n',
    );
    expect(fs.readdirSync(check.dir)).toEqual([]);
    const same = await refresh([
      '--check',
      '--against',
      path.join(written.dir, 'prices-2026-12-15.json'),
    ]);
    expect([same.code, same.stdout]).toEqual([0, expect.stringContaining('matches AWS')]);
  });

  test('an --against file that is no price table: exit 2, one line naming it relatively', async () => {
    const run = await refresh(['--check', '--against', 'missing.json']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('cdk-bedrock-lint:'))).toEqual([
      'cdk-bedrock-lint: missing.json: prices file not found',
    ]);
    const alone = await refresh(['--against', 'prices.json']);
    expect([alone.code, alone.stderr]).toEqual([
      2,
      'cdk-bedrock-lint: --against: only compares, so it needs --check\n',
    ]);
  });

  test('every query failing is exit 2 with one line', async () => {
    pricing.restore();
    pricing = mockClient(PricingClient);
    pricing.on(GetProductsCommand).rejects(throttled());
    const run = await refresh([]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('cdk-bedrock-lint:'))).toEqual([
      'cdk-bedrock-lint: prices refresh: no Price List query answered (interRegionTransfer: ThrottlingException: Rate exceeded)',
    ]);
  });
});

describe('prices refresh retries throttling with the SDK retry strategy', () => {
  test('a ThrottlingException, then the page: the query is ok', async () => {
    let first = true;
    const { calls, handler } = scriptedHandler(() => {
      if (first) {
        first = false;
        return { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };
      }
      return { status: 200, body: { FormatVersion: 'aws_v1', PriceList: [] } };
    });
    const stderr = capture();
    const code = await runRefresh(['prices', 'refresh', '--check'], {
      cwd: os.tmpdir(),
      stdout: () => undefined,
      stderr,
      now: NOW,
      clientConfig: { requestHandler: handler, credentials: TEST_CREDENTIALS },
    });
    expect(calls.slice(0, 2)).toEqual([
      'AWSPriceListService.GetProducts',
      'AWSPriceListService.GetProducts',
    ]);
    expect(calls).toHaveLength(6); // one retry, then one page for each of the five queries
    expect(stderr.text).toContain(
      '[1/5] AWSDataTransfer interRegionTransfer ok (1 pages, 0 prices)',
    );
    expect(code).toBe(0); // nothing new from AWS: the bundled table stands
  });
});
