/**
 * The 2026-12-01 spot check of the bundled catalog against AWS's pages (c2hans/aws-docs mirror):
 * each fact it corrected or filled, pinned to the page that states it.
 */
import { catalog, TODAY } from './audit-ids';

const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

describe('lifecycle rows cover only the Regions they name (model-lifecycle-legacy.md@25c01ef)', () => {
  test.each([
    ['us-west-2', 'EOL'],
    ['eu-west-2', 'EOL'],
    ['us-gov-east-1', 'EOL'],
    ['ca-central-1', 'UNKNOWN'],
    ['sa-east-1', 'UNKNOWN'],
    ['ap-northeast-2', 'UNKNOWN'],
  ])('Claude 3 Haiku in %s: %s', (region, status) => {
    expect(catalog.lifecycle(HAIKU_3, region, TODAY).status).toBe(status);
  });

  test('Claude 3 Haiku is not end-of-life everywhere: its card offers it outside the EOL row', () => {
    expect(catalog.lifecycleEverywhere(HAIKU_3, TODAY)).toBeUndefined();
    expect(catalog.data.knownModelIds.eol).not.toContain(HAIKU_3);
    expect(catalog.offer(HAIKU_3, 'ca-central-1').kind).toBe('on-demand');
    expect(catalog.offer(HAIKU_3, 'eu-north-1').kind).toBe('not-offered');
  });
});

describe('lifecycle dates from the Legacy page (model-lifecycle-legacy.md@25c01ef)', () => {
  test.each([
    ['amazon.nova-reel-v1:0', '2026-03-30', '2026-09-30'],
    ['amazon.nova-reel-v1:1', '2026-03-30', '2026-09-30'],
    ['amazon.nova-sonic-v1:0', '2026-03-13', '2026-09-14'],
    ['anthropic.claude-opus-4-1-20250805-v1:0', '2026-07-08', '2027-01-08'],
  ])('%s: Legacy %s, EOL %s', (id, legacyDate, eolDate) => {
    expect(catalog.lifecycle(id, 'us-east-1', TODAY)).toMatchObject({ legacyDate, eolDate });
  });

  test('Claude 3.5 Haiku: EOL June 19, 2026 from its card (model-card-anthropic-claude-3-5-haiku.md@0cf8728)', () => {
    expect(
      catalog.lifecycle('anthropic.claude-3-5-haiku-20241022-v1:0', 'us-west-2', TODAY),
    ).toMatchObject({
      status: 'EOL',
      eolDate: '2026-06-19',
      source: 'mc-claude-35-haiku',
    });
    expect(
      catalog.lifecycle('anthropic.claude-3-5-haiku-20241022-v1:0', 'us-west-2', '2026-07-01')
        .status,
    ).toBe('EOL');
  });

  test('dates decide the state before the day the page was read', () => {
    expect(catalog.lifecycle('amazon.nova-sonic-v1:0', 'us-east-1', '2026-10-01').status).toBe(
      'EOL',
    );
    expect(
      catalog.lifecycle('anthropic.claude-opus-4-1-20250805-v1:0', 'us-east-1', '2026-08-01')
        .status,
    ).toBe('LEGACY');
    expect(
      catalog.lifecycle('anthropic.claude-opus-4-1-20250805-v1:0', 'us-east-1', '2026-06-01')
        .status,
    ).toBe('ACTIVE');
  });
});

describe('Sonnet 4.5 routes from its model card (model-card-anthropic-claude-sonnet-4-5.md@0cf8728)', () => {
  const EU_CORE = [
    'eu-central-1',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-3',
  ];

  test.each([
    ['eu-west-1', EU_CORE],
    ['eu-west-2', [...EU_CORE, 'eu-west-2'].sort()],
    ['eu-central-2', [...EU_CORE, 'eu-central-2'].sort()],
  ])('eu. from %s', (from, destinations) => {
    const view = catalog.profile(`eu.${SONNET_45}`, from)!;
    expect(view.callable).toBe(true);
    expect([...view.destinations].sort()).toEqual(destinations);
    expect(view.source).toBe('mc-claude-sonnet-45');
  });

  test('eu. is not callable from il-central-1 (no row on the card)', () => {
    expect(catalog.profile(`eu.${SONNET_45}`, 'il-central-1')!.callable).toBe(false);
  });

  test('au. from ap-southeast-6 routes to Sydney, Melbourne and Auckland', () => {
    expect(catalog.profile(`au.${SONNET_45}`, 'ap-southeast-6')!.destinations).toEqual([
      'ap-southeast-2',
      'ap-southeast-4',
      'ap-southeast-6',
    ]);
  });

  test.each([
    'ap-east-2',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'me-south-1',
    'mx-central-1',
  ])('global. is callable from %s', (from) => {
    const view = catalog.profile(`global.${SONNET_45}`, from)!;
    expect(view.callable).toBe(true);
    expect(view.anyCommercialRegion).toBe(true);
  });
});

describe('reranking Regions (rerank-supported.md@9a3d9b4)', () => {
  test('Amazon Rerank 1.0 is not in us-east-1; Cohere Rerank 3.5 is', () => {
    expect(catalog.regionFacts('us-east-1').rerankModels).toEqual(['cohere.rerank-v3-5:0']);
    expect([...catalog.regionFacts('us-west-2').rerankModels].sort()).toEqual([
      'amazon.rerank-v1:0',
      'cohere.rerank-v3-5:0',
    ]);
    expect(catalog.regionFacts('eu-west-1').rerankModels).toEqual([]);
    expect(catalog.regionFacts('eu-west-1').rerankModelsUnknown).toEqual([]);
  });
});
