/**
 * Rows 61-91 of KNOWLEDGE-AUDIT.md §1b-§1c (lifecycle, import, known ids), every row of §3
 * (inference profiles) and the §4 gap facts 3-6 and 10-14, re-checked against the bundled catalog
 * with the verdict-corrected value. Row numbers are the audit's.
 */
import {
  catalog,
  TODAY,
  E1,
  W2,
  tunable,
  NOVA2,
  CANVAS,
  LITE,
  MICRO,
  PRO,
  PREMIER,
  TIG2,
  MMEMB,
  HAIKU3,
  L31_8,
  L31_70,
  L31_405,
  L32,
  L33,
} from './audit-ids';

describe('audit §1b lifecycle (rows 61-87)', () => {
  test.each<[number, string, string | undefined, Record<string, unknown>]>([
    [61, NOVA2, E1, { status: 'ACTIVE' }],
    [62, CANVAS, E1, { status: 'EOL', legacyDate: '2026-03-30', eolDate: '2026-09-30' }],
    [63, LITE, E1, { status: 'ACTIVE', source: 'mc-nova-lite' }],
    [63, MICRO, E1, { status: 'ACTIVE', source: 'mc-nova-micro' }],
    [63, PRO, E1, { status: 'ACTIVE' }],
    [64, PREMIER, E1, { status: 'EOL', eolDate: '2026-09-14', source: 'mc-nova-premier' }],
    [65, TIG2, E1, { status: 'EOL', legacyDate: '2025-12-30', eolDate: '2026-06-30' }],
    [66, MMEMB, W2, { status: 'ACTIVE' }],
    [
      67,
      HAIKU3,
      'us-gov-west-1',
      { status: 'EOL', legacyDate: '2026-03-10', eolDate: '2026-09-10' },
    ],
    // Superseded: the newest model cards (c2hans @0963287) say Legacy, EOL 2027-03-30.
    [
      68,
      L31_8,
      W2,
      { status: 'LEGACY', eolDate: '2027-03-30', legacyDate: undefined, source: 'mc-llama31-8b' },
    ],
    [69, L31_70, W2, { status: 'LEGACY', eolDate: '2027-03-30', source: 'mc-llama31-70b' }],
    [70, L31_405, 'us-east-2', { status: 'EOL', legacyDate: '2026-01-07', eolDate: '2026-07-07' }],
    [71, L32[0]!, W2, { status: 'EOL', legacyDate: '2026-01-07', eolDate: '2026-07-07' }],
    [72, L32[1]!, W2, { status: 'EOL', eolDate: '2026-07-07' }],
    [73, L32[2]!, W2, { status: 'EOL', eolDate: '2026-07-07' }],
    [74, L32[3]!, W2, { status: 'EOL', eolDate: '2026-07-07' }],
    [75, L33, W2, { status: 'LEGACY', eolDate: '2027-03-30', legacyDate: undefined }],
    [76, 'openai.gpt-oss-20b', W2, { status: 'ACTIVE', source: 'mc-gpt-oss-20b' }],
    [77, 'qwen.qwen3-32b', W2, { status: 'ACTIVE', source: 'mc-qwen3-32b' }],
    [
      78,
      'amazon.titan-text-express-v1:0:8k',
      E1,
      { status: 'EOL', eolDate: undefined, confidence: 'third-party', source: 'titan-text-eol' },
    ],
    [79, 'amazon.titan-text-lite-v1', W2, { status: 'EOL', confidence: 'third-party' }],
    [
      80,
      'cohere.command-text-v14:7:4k',
      E1,
      { status: 'EOL', legacyDate: '2024-10-04', eolDate: '2025-08-12', confidence: 'third-party' },
    ],
    [
      81,
      'cohere.command-light-text-v14',
      E1,
      { status: 'EOL', legacyDate: '2024-10-04', eolDate: '2025-08-12', confidence: 'third-party' },
    ],
    [82, 'amazon.titan-text-premier-v1:0', E1, { status: 'EOL', confidence: 'third-party' }],
    [83, 'amazon.titan-image-generator-v1', E1, { status: 'UNKNOWN' }],
    [84, 'meta.llama2-13b-v1', E1, { status: 'EOL', confidence: 'third-party' }],
  ])('row %i: %s in %s', (_row, id, region, expected) => {
    expect(catalog.lifecycle(id, region, TODAY)).toMatchObject(expected);
  });

  test('row 85: lifecycle is per region (405B rows name us-east-2 and us-west-2 only)', () => {
    expect(catalog.lifecycle(L31_405, 'us-west-2', TODAY)).toMatchObject({ regional: true });
    expect(catalog.lifecycle(L31_405, 'eu-west-1', TODAY).status).toBe('UNKNOWN');
    expect(
      catalog.lifecycle('anthropic.claude-3-7-sonnet-20250219-v1:0', 'us-gov-east-1', TODAY),
    ).toMatchObject({ status: 'EOL', eolDate: '2026-07-30' });
    expect(
      catalog.lifecycle('anthropic.claude-3-7-sonnet-20250219-v1:0', 'eu-west-1', TODAY).status,
    ).toBe('UNKNOWN');
  });

  test('row 86: the post-2026-09-07 policy is recorded with its source', () => {
    expect(catalog.data.policies['lifecycle-after-2026-09-07']).toMatchObject({ source: 'lc-new' });
    expect(catalog.data.policies['lifecycle-after-2026-09-07']!.text).toMatch(/45 days/);
  });

  test('row 87 and §4 #14: Legacy blocks new jobs and PT, not on-demand deployment', () => {
    expect(catalog.data.policies['legacy-blocks-customization']!.text).toMatch(
      /Provisioned Throughput/,
    );
    expect(catalog.data.policies['on-demand-deployment-after-legacy']!.text).toMatch(
      /still allowed/,
    );
  });

  test('a LEGACY fact without a start date is UNKNOWN before its source was checked', () => {
    expect(catalog.lifecycle(L33, W2, '2026-11-21').status).toBe('UNKNOWN');
    expect(catalog.lifecycle(L33, W2, '2027-03-30').status).toBe('EOL');
  });
});

describe('audit §1c Custom Model Import and known ids (rows 88-91)', () => {
  test('row 88-89: import regions and their limits', () => {
    expect(catalog.data.customModelImport.regions).toEqual(['eu-central-1', E1, 'us-east-2', W2]);
    expect(catalog.regionFacts('eu-west-1').customModelImport).toBe(false);
    expect(catalog.data.customModelImport.note).toMatch(
      /GPT-OSS architecture is only supported in us-east-1/,
    );
  });

  test('row 91: known ids flag the EOL ones', () => {
    const eol = new Set(catalog.data.knownModelIds.eol);
    for (const id of [
      'anthropic.claude-3-sonnet-20240229-v1:0',
      'anthropic.claude-3-5-sonnet-20240620-v1:0',
      'anthropic.claude-3-5-sonnet-20241022-v2:0',
      'anthropic.claude-3-5-haiku-20241022-v1:0',
      'anthropic.claude-opus-4-20250514-v1:0',
      'anthropic.claude-sonnet-4-20250514-v1:0',
      'anthropic.claude-v2',
      'anthropic.claude-instant-v1',
      'meta.llama3-2-11b-instruct-v1:0',
      'meta.llama3-1-405b-instruct-v1:0',
      'amazon.titan-text-express-v1',
      'amazon.titan-text-premier-v1:0',
      'cohere.command-text-v14',
      'cohere.command-r-v1:0',
      'cohere.command-r-plus-v1:0',
      'ai21.jamba-1-5-large-v1:0',
      'twelvelabs.marengo-embed-2-7-v1:0',
      'amazon.nova-canvas-v1:0',
      'amazon.nova-reel-v1:0',
      'amazon.nova-sonic-v1:0',
      'amazon.nova-premier-v1:0',
    ]) {
      expect([id, eol.has(id)]).toEqual([id, true]);
    }
    for (const id of [
      'amazon.nova-micro-v1:0',
      'meta.llama3-3-70b-instruct-v1:0',
      'anthropic.claude-3-7-sonnet-20250219-v1:0',
    ]) {
      expect([id, eol.has(id)]).toEqual([id, false]);
    }
  });
});

describe('audit §3 inference profiles (rows 1-14)', () => {
  const geo = catalog.data.geographies;
  test('rows 1-2: us and eu unions', () => {
    expect(geo.us!.destinationRegions).toEqual([
      'ca-central-1',
      'ca-west-1',
      E1,
      'us-east-2',
      'us-west-1',
      W2,
    ]);
    expect(geo.eu!.sourceRegions).toContain('il-central-1');
  });
  test('rows 3, 5, 8: the geographies the audit did not re-verify say so', () => {
    for (const g of ['apac', 'us-gov', 'ca', 'jp', 'au'])
      expect(geo[g]!.note).toMatch(/Not re-verified/);
  });
  test('row 4: global profiles route to any commercial region', () => {
    expect(catalog.profile('global.anthropic.claude-sonnet-4-5-20250929-v1:0', E1)).toMatchObject({
      anyCommercialRegion: true,
      callable: true,
    });
  });
  test('rows 6-7: Nova and Llama 3.3 routes, including the us-west-1 special case', () => {
    expect(catalog.profile('us.amazon.nova-lite-v1:0', 'us-west-1')?.destinations).toEqual([
      E1,
      'us-east-2',
      'us-west-1',
      W2,
    ]);
    expect(catalog.profile('us.meta.llama3-3-70b-instruct-v1:0', 'us-east-2')).toMatchObject({
      destinations: [E1, 'us-east-2', W2],
      lifecycle: { status: 'LEGACY', eolDate: '2027-03-30' },
    });
  });
  test.each([
    [9, 'us.anthropic.claude-3-5-sonnet-20240620-v1:0', E1],
    [9, 'us.anthropic.claude-3-5-sonnet-20241022-v2:0', E1],
    [10, 'us.anthropic.claude-sonnet-4-20250514-v1:0', E1],
    [10, 'eu.anthropic.claude-sonnet-4-20250514-v1:0', 'eu-central-1'],
    [10, 'global.anthropic.claude-sonnet-4-20250514-v1:0', E1],
    [11, 'us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0', 'us-gov-east-1'],
  ])('row %i: %s is dead with its model', (_row, id, from) => {
    expect(catalog.profile(id, from, TODAY)?.lifecycle.status).toBe('EOL');
  });
  test('row 12: eu Claude 3.7 Sonnet has no commercial lifecycle source', () => {
    expect(
      catalog.profile('eu.anthropic.claude-3-7-sonnet-20250219-v1:0', 'eu-west-1')?.lifecycle
        .status,
    ).toBe('UNKNOWN');
  });
  test('row 13: profiles of current models (Llama 3.1 from its model cards)', () => {
    expect(catalog.profile('us.meta.llama3-1-8b-instruct-v1:0', E1)?.destinations).toEqual([
      E1,
      'us-east-2',
      W2,
    ]);
    expect(catalog.profile('us.meta.llama3-1-70b-instruct-v1:0', W2)?.source).toBe(
      'mc-llama31-70b',
    );
  });
  test('row 14: a profile carries its model lifecycle', () => {
    expect(catalog.profile('us.amazon.nova-micro-v1:0', E1, TODAY)?.lifecycle.status).toBe(
      'ACTIVE',
    );
  });
});

describe('audit §4 gap facts 3-6 and 10-14', () => {
  test('#3, #5: Legacy/EOL applies to inference; post-2026-09-07 policy', () => {
    expect(catalog.data.policies['legacy-inference']!.text).toMatch(/15 days/);
    expect(catalog.lifecycle('cohere.command-r-plus-v1:0', E1, TODAY).status).toBe('EOL');
  });
  test('#4: lifecycle differs by region (GovCloud row of Claude 3.5 Sonnet)', () => {
    expect(
      catalog.lifecycle('anthropic.claude-3-5-sonnet-20240620-v1:0', 'us-gov-west-1', TODAY),
    ).toMatchObject({ regional: true, source: 'lc-pre-split' });
  });
  test('#6: a distillation teacher must be live', () => {
    expect(catalog.data.policies['distillation-teacher']!.text).toMatch(
      /system\s+inference profile/,
    );
    expect(tunable(LITE, 'DISTILLATION', E1).ok).toBe(true);
  });
  test('#10-11: S3 Vectors regions unknown with the reason; managed KB regions', () => {
    expect(catalog.regionFacts(E1)).toMatchObject({
      managedKnowledgeBases: true,
      s3VectorsKnowledgeBases: 'unknown',
    });
    expect(catalog.regionFacts('eu-south-1').managedKnowledgeBases).toBe(false);
    expect(catalog.regionFacts(E1).sources.s3VectorsKnowledgeBases).toMatch(
      /^unknown: .*Region list/,
    );
  });
  test('#12: in-region vs profile-only availability', () => {
    expect(catalog.offer(L33, 'us-east-2')).toMatchObject({
      kind: 'on-demand',
      onDemandRegions: ['us-east-2'],
    });
    expect(catalog.offer(L33, E1)).toMatchObject({
      kind: 'profile-only',
      profiles: [{ id: 'us.meta.llama3-3-70b-instruct-v1:0' }],
    });
    expect(catalog.offer(L33, 'eu-west-1')).toMatchObject({ kind: 'not-offered', profiles: [] });
    expect(catalog.offer(L31_8, 'us-east-2')).toMatchObject({
      kind: 'profile-only',
      onDemandRegions: [W2],
    });
    expect(catalog.offer(L31_70, W2).kind).toBe('on-demand');
    expect(catalog.offer('anthropic.claude-sonnet-4-5-20250929-v1:0', E1).kind).toBe('unknown');
  });
  test('#13: PT policies', () => {
    expect(catalog.data.policies['no-pt-for-legacy']!.source).toBe('bedrock-model-lifecycle');
  });
});
