import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InputError } from '../../lib/assembly/types';
import { ApiLayer } from '../../lib/catalog/api-layer';
import { buildCatalog } from '../../lib/catalog/build';
import { Catalog, loadCatalog } from '../../lib/catalog/catalog';
import { overlayOf, readOverlay } from '../../lib/catalog/overlay';
import { catalogProblem } from '../../lib/catalog/validate';

const ROOT = path.join(__dirname, '..', '..');
const overlay = readOverlay(path.join(ROOT, 'data', 'overlay'));
const bundled = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'model-catalog.json'), 'utf-8'));

const arn = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`;

/** Shaped like what `catalog refresh` writes from ListFoundationModels/ListInferenceProfiles. */
const API: ApiLayer = {
  asOf: '2026-12-05',
  source: '@aws-sdk/client-bedrock 3.1164.0 ListFoundationModels, ListInferenceProfiles',
  regions: {
    'us-west-2': {
      status: 'ok',
      foundationModels: [
        {
          modelId: 'meta.llama3-3-70b-instruct-v1:0',
          modelArn: arn('us-west-2', 'meta.llama3-3-70b-instruct-v1:0'),
          modelName: 'Llama 3.3 70B Instruct',
          providerName: 'Meta',
          inferenceTypesSupported: ['INFERENCE_PROFILE'],
          customizationsSupported: [],
          lifecycle: { status: 'LEGACY', legacyTime: '2026-09-29', endOfLifeTime: '2027-03-30' },
        },
        {
          modelId: 'meta.llama3-3-70b-instruct-v1:0:128k',
          modelArn: arn('us-west-2', 'meta.llama3-3-70b-instruct-v1:0:128k'),
          inferenceTypesSupported: ['PROVISIONED'],
          customizationsSupported: ['FINE_TUNING', 'DISTILLATION'],
          lifecycle: { status: 'LEGACY', legacyTime: '2026-09-29', endOfLifeTime: '2027-03-30' },
        },
        {
          // A stale ACTIVE for a model the lifecycle pages list as EOL since 2026-07-07.
          modelId: 'meta.llama3-2-11b-instruct-v1:0',
          modelArn: arn('us-west-2', 'meta.llama3-2-11b-instruct-v1:0'),
          inferenceTypesSupported: ['INFERENCE_PROFILE'],
          customizationsSupported: [],
          lifecycle: { status: 'ACTIVE' },
        },
        {
          modelId: 'amazon.nova-pro-v1:0',
          modelArn: arn('us-west-2', 'amazon.nova-pro-v1:0'),
          inferenceTypesSupported: ['INFERENCE_PROFILE'],
          customizationsSupported: [],
          lifecycle: { status: 'LEGACY', legacyTime: '2026-11-30', endOfLifeTime: '2027-06-01' },
        },
        {
          modelId: 'acme.brand-new-v1:0',
          modelArn: arn('us-west-2', 'acme.brand-new-v1:0'),
          modelName: 'Brand New',
          providerName: 'Acme',
          inferenceTypesSupported: ['ON_DEMAND'],
          customizationsSupported: ['FINE_TUNING'],
          lifecycle: { status: 'ACTIVE' },
        },
      ],
      inferenceProfiles: [
        {
          inferenceProfileId: 'us.meta.llama3-3-70b-instruct-v1:0',
          inferenceProfileArn:
            'arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.meta.llama3-3-70b-instruct-v1:0',
          status: 'ACTIVE',
          type: 'SYSTEM_DEFINED',
          modelArns: [
            arn('us-west-2', 'meta.llama3-3-70b-instruct-v1:0'),
            arn('us-east-2', 'meta.llama3-3-70b-instruct-v1:0'),
          ],
        },
      ],
    },
    'eu-south-2': {
      status: 'error',
      error: 'UnrecognizedClientException: The security token included in the request is invalid.',
    },
  },
};

describe('bundled catalog', () => {
  test('is exactly a fresh build of the overlay (nobody edits it by hand)', () => {
    expect(bundled).toEqual(JSON.parse(JSON.stringify(buildCatalog(overlay))));
  });

  test('validates against schema/catalog.schema.json, and a broken copy does not', () => {
    expect(catalogProblem(bundled)).toBeUndefined();
    const broken = {
      ...bundled,
      models: [{ ...bundled.models[0], lifecycle: [{ status: 'RETIRED' }] }],
    };
    expect(catalogProblem(broken)).toMatch(/^\/models\/0\/lifecycle\/0/);
  });

  test('overlayOf the bundled catalog rebuilds it (what catalog refresh starts from)', () => {
    expect(JSON.parse(JSON.stringify(buildCatalog(overlayOf(bundled))))).toEqual(bundled);
  });

  test('a source key no source defines is refused', () => {
    const bad = {
      ...overlay,
      models: [
        {
          ...overlay.models[0]!,
          lifecycle: [{ ...overlay.models[0]!.lifecycle[0]!, source: 'nowhere' }],
        },
      ],
    };
    expect(() => buildCatalog(bad)).toThrow(/unknown source "nowhere"/);
  });
});

describe('loadCatalog(catalogFile)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-catalog-'));
  test('loads a built file and answers from it', () => {
    const file = path.join(dir, 'catalog.json');
    fs.writeFileSync(file, JSON.stringify(buildCatalog(overlay, API)));
    const catalog = loadCatalog(file);
    expect(catalog.asOf).toBe('2026-12-05');
    expect(catalog.isKnown('acme.brand-new-v1:0')).toBe(true);
  });
  test.each([
    ['not JSON', '{', /catalog file is not valid JSON/],
    [
      'not a catalog',
      '{"asOf":"2026-12-01","models":[]}',
      /not a model catalog: \/ must have required property/,
    ],
  ])('refuses a file that is %s with an InputError naming it', (_what, text, message) => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, text);
    expect(() => loadCatalog(file)).toThrow(InputError);
    expect(() => loadCatalog(file)).toThrow(message);
  });
});

describe('buildCatalog with an API layer', () => {
  const built = buildCatalog(overlay, API);
  const catalog = new Catalog(built);

  test('validates, records the layer and the failed region as unknown with its error', () => {
    expect(catalogProblem(JSON.parse(JSON.stringify(built)))).toBeUndefined();
    expect(built.layers.api).toEqual({
      asOf: '2026-12-05',
      source: API.source,
      regions: {
        'us-west-2': 'ok',
        'eu-south-2':
          'UnrecognizedClientException: The security token included in the request is invalid.',
      },
    });
    expect(built.sources['bedrock-api']).toMatchObject({ kind: 'aws-api', checked: '2026-12-05' });
  });

  test('API per-region lifecycle dates win at the same state (here they add the Legacy start)', () => {
    expect(
      catalog.lifecycle('meta.llama3-3-70b-instruct-v1:0', 'us-west-2', '2026-12-05'),
    ).toMatchObject({
      status: 'LEGACY',
      legacyDate: '2026-09-29',
      source: 'bedrock-api',
    });
    // Other regions keep the documented fact (no start date).
    expect(
      catalog.lifecycle('meta.llama3-3-70b-instruct-v1:0', 'us-east-2', '2026-12-05').legacyDate,
    ).toBeUndefined();
  });

  test('a documented EOL beats a stale API ACTIVE, recorded with the reason', () => {
    expect(
      catalog.lifecycle('meta.llama3-2-11b-instruct-v1:0', 'us-west-2', '2026-12-05').status,
    ).toBe('EOL');
    expect(built.conflicts).toContainEqual({
      subject: 'meta.llama3-2-11b-instruct-v1:0',
      region: 'us-west-2',
      field: 'lifecycle',
      overlay: 'EOL (EOL 2026-07-07) per lc-pre-split',
      api: 'ACTIVE',
      winner: 'overlay',
      reason: 'lifecycle only moves forward; the API listing lags the documented state',
    });
  });

  test('an API LEGACY beats a documented ACTIVE in its region only, recorded', () => {
    expect(catalog.lifecycle('amazon.nova-pro-v1:0', 'us-west-2', '2026-12-05')).toMatchObject({
      status: 'LEGACY',
      legacyDate: '2026-11-30',
      eolDate: '2027-06-01',
    });
    expect(catalog.lifecycle('amazon.nova-pro-v1:0', 'us-east-1', '2026-12-05').status).toBe(
      'ACTIVE',
    );
    expect(built.conflicts).toContainEqual(
      expect.objectContaining({
        subject: 'amazon.nova-pro-v1:0',
        region: 'us-west-2',
        field: 'lifecycle',
        api: 'LEGACY (EOL 2027-06-01)',
        winner: 'api',
      }),
    );
  });

  test('inference types, customizations and profile routes follow the API where it answered', () => {
    expect(catalog.offer('meta.llama3-3-70b-instruct-v1:0', 'us-west-2').kind).toBe('profile-only');
    expect(
      catalog.model('meta.llama3-3-70b-instruct-v1:0')?.customization.FINE_TUNING?.regions,
    ).toEqual(['us-west-2']);
    expect(
      catalog.profile('us.meta.llama3-3-70b-instruct-v1:0', 'us-west-2')?.destinations,
    ).toEqual(['us-east-2', 'us-west-2']);
    // Sources the API did not answer for keep the documented routes.
    expect(
      catalog.profile('us.meta.llama3-3-70b-instruct-v1:0', 'us-east-1')?.destinations,
    ).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    expect(built.conflicts).toContainEqual(
      expect.objectContaining({
        subject: 'us.meta.llama3-3-70b-instruct-v1:0',
        region: 'us-west-2',
        field: 'profile.destinations',
        winner: 'api',
      }),
    );
    // The failed region makes the offer list incomplete: a missing region is unknown, not absent.
    expect(catalog.offer('meta.llama3-3-70b-instruct-v1:0', 'eu-west-1').kind).toBe('unknown');
  });

  test('a model only the API knows gets an entry from the API facts', () => {
    expect(catalog.model('acme.brand-new-v1:0')).toMatchObject({
      name: 'Brand New',
      provider: 'Acme',
    });
    expect(
      catalog.customizability('acme.brand-new-v1:0', 'FINE_TUNING', 'us-west-2', '2026-12-05').ok,
    ).toBe(true);
    expect(catalog.offer('acme.brand-new-v1:0', 'us-west-2').kind).toBe('on-demand');
  });

  test('is pure: the same layers give the same catalog', () => {
    expect(buildCatalog(overlay, API)).toEqual(built);
  });
});
