import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { InputError } from '../lib/assembly/types';
import { buildPrices, derive } from '../lib/pricing/build';
import { PriceOverlay } from '../lib/pricing/overlay';
import { loadPrices } from '../lib/pricing/prices';
import overlayJson from '../data/overlay/prices.json';
import bundledJson from '../data/prices.json';
import catalogJson from '../data/model-catalog.json';
import schema from '../schema/prices.schema.json';

const overlay = overlayJson as unknown as PriceOverlay;

describe('data/prices.json is built from its layers', () => {
  test('the committed table equals a fresh build of the overlay (npm run build:prices)', () => {
    expect(bundledJson).toEqual(JSON.parse(JSON.stringify(buildPrices(overlay))));
  });

  test('it validates against schema/prices.schema.json', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(bundledJson)).toBe(true);
    expect(validate({ ...bundledJson, currency: 'EUR' })).toBe(false);
  });

  test('every overlay source has a check date, and every entry names a source of the table', () => {
    for (const [key, source] of Object.entries(overlay.sources))
      expect([key, source.checked]).toEqual([key, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);
    const used = JSON.stringify(bundledJson).match(
      /"(source|onDemandSource|noteSource)":"[^"]+"/g,
    )!;
    expect(used.length).toBeGreaterThan(40);
    for (const entry of used) expect(bundledJson.sources).toHaveProperty(entry.split('"')[3]);
  });

  test("the Bedrock regions priced are the commercial regions of the catalog's inference profiles", () => {
    const named = JSON.stringify([catalogJson.profiles, catalogJson.geographies]).match(
      /"(?:us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d"/g,
    )!;
    const commercial = [...new Set(named.map((r) => r.slice(1, -1)))].sort();
    expect(commercial.length).toBeGreaterThan(25);
    expect([...overlay.bedrockRegions.regions].sort()).toEqual(commercial);
  });

  test('every region Bedrock serves has transfer, NAT and endpoint prices or an explicit unknown', () => {
    const table = loadPrices();
    const regions = overlay.bedrockRegions.regions;
    expect(regions).toEqual(expect.arrayContaining(['eu-south-2', 'ap-southeast-7', 'us-west-2']));
    for (const region of regions) {
      const transfer = table.interRegion(region, 'us-east-1');
      expect([region, transfer ?? table.unknownReason('interRegionTransfer', region)]).toEqual([
        region,
        expect.anything(),
      ]);
      expect(table.natGateway(region) ?? table.unknownReason('natGateway', region)).not.toBeNull();
      expect(
        table.interfaceEndpoint(region) ?? table.unknownReason('interfaceEndpoint', region),
      ).not.toBeNull();
    }
    // eu-south-2 has no documented rate: unknown with the reason, not Milan's or Paris's $0.02.
    expect(table.interRegion('eu-south-2', 'eu-west-1')).toBeNull();
    expect(table.unknownReason('interRegionTransfer', 'eu-south-2')).toContain(
      "a neighbouring region's rate is not borrowed",
    );
    expect(table.natGateway('eu-central-1')).toBeNull();
    expect(table.unknownReason('natGateway', 'eu-central-1')).toMatch(
      /^Third parties give only an approximate range for Europe/,
    );
    expect(table.natGateway('ap-southeast-1')).toBeNull(); // one unverified third-party claim
    expect(table.unknownReason('natGateway', 'ap-southeast-1')).toContain(
      'not verified against AWS',
    );
  });
});

describe('training prices and their units', () => {
  test('Llama 3.3 70B: $0.1759 for 53,318 corpus tokens x 2 epochs is $0.00165 per 1K trained tokens', () => {
    expect(derive({ billedUsd: 0.1759, corpusTokens: 53318, epochs: 2 }).usd).toBe(0.00165);
    const llama = loadPrices().model('meta.llama3-3-70b-instruct-v1:0');
    expect(llama.training).toEqual({
      usd: 0.00165,
      source: 'llama33-measured-2026-08 (third-party)',
    });
    expect(llama.note).toContain('Per 1K trained tokens (corpus tokens x epochs), derived');
    expect(llama.note).toContain('$0.0033 per 1K corpus tokens at 2 epochs');
  });

  test('every training price states what it is per', () => {
    const models = Object.entries(bundledJson.bedrock.models) as [
      string,
      { trainingUsdPer1kTokens: number | null; trainingBasis?: string },
    ][];
    const priced = models.filter(([, m]) => m.trainingUsdPer1kTokens !== null);
    expect(priced.length).toBeGreaterThanOrEqual(7);
    for (const [id, m] of priced)
      expect([id, m.trainingBasis]).toEqual([id, expect.stringMatching(/trained tokens|x epochs/)]);
  });

  test.each([
    ['amazon.titan-text-express-v1', /end-of-life/],
    ['cohere.command-text-v14', /end-of-life since 2025-08-12/],
    ['meta.llama2-70b-v1', /end-of-life/],
    [
      'anthropic.claude-3-haiku-20240307-v1:0',
      /end-of-life since 2026-09-10 \(aws-lifecycle-legacy\)/,
    ],
    ['amazon.nova-premier-v1:0', /end-of-life since 2026-09-14/],
  ])('%s is obsolete: no estimate uses its prices', (id, reason) => {
    const m = loadPrices().model(id);
    expect(m).toMatchObject({ training: null, provisioned: null, input: null, output: null });
    expect(m.obsolete).toMatch(reason);
    // The documented prices stay in the table for the record.
    expect(JSON.stringify(bundledJson.bedrock.models[id as 'amazon.nova-premier-v1:0'])).toMatch(
      /UsdPer1kTokens":\d/,
    );
  });
});

describe('pricesFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-prices-'));

  test('a file that is not a price table is an input error naming the file and the problem', () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ ...bundledJson, natGateway: { byRegion: 3 } }));
    expect(() => loadPrices(file)).toThrow(InputError);
    expect(() => loadPrices(file)).toThrow(
      /bad\.json: not a price table of schema\/prices.schema.json \(natGateway.byRegion must be object\)/,
    );
  });

  test('a valid file loads with its own prices', () => {
    const file = path.join(dir, 'good.json');
    const changed = structuredClone(bundledJson);
    changed.natGateway.byRegion['us-east-1'].usdPerHour = 0.05;
    fs.writeFileSync(file, JSON.stringify(changed));
    expect(loadPrices(file).natGateway('us-east-1')?.hour.usd).toBe(0.05);
  });
});
