import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BedrockClient,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
} from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import { Command } from 'commander';
import { ApiLayer } from '../../lib/catalog/api-layer';
import { catalogProblem } from '../../lib/catalog/validate';
import { refreshCommands, runRefresh } from '../../lib/cli/refresh';
import { analyzeAssembly } from '../../lib/engine/analyze';
import { env, newApp, NOVA_MICRO, only, tuningJob } from '../helpers';
import {
  accessDenied,
  capture,
  runInTempDir,
  foundationModels,
  profilePages,
  scriptedHandler,
  TEST_CREDENTIALS,
  unrecognizedClient,
} from './aws-fixtures';

const NOW = new Date('2026-12-15T08:00:00Z');
const REGIONS = 'us-east-1,us-west-2,eu-west-1,ap-east-2';

/** Bedrock as four regions answer: two fine (one with Nova Micro in Legacy), one denied, one not opted in. */
function mockBedrock(novaInUsEast1: 'ACTIVE' | 'LEGACY' = 'LEGACY') {
  const bedrock = mockClient(BedrockClient);
  bedrock.on(ListFoundationModelsCommand).callsFake(async (_input, getClient) => {
    const region = await getClient().config.region();
    if (region === 'eu-west-1') throw accessDenied('bedrock:ListFoundationModels');
    if (region === 'ap-east-2') throw unrecognizedClient();
    return foundationModels(region, region === 'us-east-1' ? novaInUsEast1 : 'ACTIVE');
  });
  bedrock.on(ListInferenceProfilesCommand).callsFake(async (input, getClient) => {
    const [first, second] = profilePages(await getClient().config.region());
    return input.nextToken === first.nextToken ? second : first;
  });
  return bedrock;
}

const refresh = (args: string[], isTTY = false) =>
  runInTempDir(['catalog', 'refresh', '--regions', REGIONS, ...args], NOW, isTTY);

function tuningApp() {
  const app = newApp();
  const stack = new Stack(app, 'Tuning', { env: env('us-east-1') });
  tuningJob(stack, 'Micro', NOVA_MICRO, new s3.Bucket(stack, 'Data'));
  return app.synth().directory;
}

describe('catalog refresh against recorded-shape Bedrock responses', () => {
  let bedrock: ReturnType<typeof mockBedrock>;
  beforeEach(() => (bedrock = mockBedrock()));
  afterEach(() => bedrock.restore());

  test('writes the API layer: every region kept, failures as unknown with their error', async () => {
    const run = await refresh([]);
    expect(run.code).toBe(0);
    const api = JSON.parse(
      fs.readFileSync(path.join(run.dir, 'bedrock-api-layer-2026-12-15.json'), 'utf-8'),
    ) as ApiLayer;
    expect(Object.keys(api.regions).sort()).toEqual([
      'ap-east-2',
      'eu-west-1',
      'us-east-1',
      'us-west-2',
    ]);
    expect(api.asOf).toBe('2026-12-15');
    expect(api.source).toMatch(/^@aws-sdk\/client-bedrock 3\.\d+\.\d+ ListFoundationModels/);
    expect(api.regions['eu-west-1']).toEqual({
      status: 'error',
      error:
        'AccessDeniedException: User: arn:aws:iam::123456789012:user/ci-refresh is not authorized to perform: bedrock:ListFoundationModels because no identity-based policy allows the bedrock:ListFoundationModels action',
    });
    expect(api.regions['ap-east-2']).toEqual({
      status: 'error',
      error: 'UnrecognizedClientException: The security token included in the request is invalid.',
    });
    const east = api.regions['us-east-1'];
    if (east.status !== 'ok') throw new Error(`us-east-1: ${east.error}`);
    expect(
      east.foundationModels.find((m) => m.modelId === 'amazon.nova-micro-v1:0')?.lifecycle,
    ).toEqual({
      status: 'LEGACY',
      startOfLifeTime: '2024-12-03',
      legacyTime: '2026-11-25',
      endOfLifeTime: '2027-05-25',
    });
    expect(
      east.foundationModels.find((m) => m.modelId.startsWith('anthropic.'))
        ?.inferenceTypesSupported,
    ).toEqual(['INFERENCE_PROFILE']);
    // Both pages of ListInferenceProfiles, asked for system-defined profiles only.
    expect(east.inferenceProfiles.map((p) => p.inferenceProfileId)).toEqual([
      'us.amazon.nova-micro-v1:0',
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    ]);
    expect(east.inferenceProfiles[0].modelArns).toEqual([
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0',
      'arn:aws:bedrock:us-east-2::foundation-model/amazon.nova-micro-v1:0',
      'arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-micro-v1:0',
    ]);
    const profileCalls = bedrock.commandCalls(ListInferenceProfilesCommand);
    expect(profileCalls).toHaveLength(4); // 2 pages x 2 regions that answered
    for (const call of profileCalls) expect(call.args[0].input.typeEquals).toBe('SYSTEM_DEFINED');
  });

  test('progress: one line per region on a log, a redrawn bar on a terminal', async () => {
    const log = await refresh([]);
    const lines = log.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^catalog refresh: \[\d\/4\] us-east-1 ok \(2 models, 2 profiles\)$/),
        expect.stringMatching(
          /^catalog refresh: \[\d\/4\] eu-west-1 unknown \(AccessDeniedException: /,
        ),
      ]),
    );
    expect(log.stdout).toContain('2 of 4 regions answered; unknown: ap-east-2, eu-west-1');
    const tty = await refresh([], true);
    // Each step returns to the line start and clears it (ESC [2K) before redrawing.
    expect(tty.stderr.split('\r\u001b[2K')).toHaveLength(5);
    expect(tty.stderr).toContain('[########################] 4/4');
    expect(tty.stderr.endsWith('\n')).toBe(true);
  });

  test('the dated catalog validates against its schema and loads with catalogFile', async () => {
    const run = await refresh([]);
    const file = path.join(run.dir, 'model-catalog-2026-12-15.json');
    const catalog = JSON.parse(fs.readFileSync(file, 'utf-8'));
    expect(catalogProblem(catalog)).toBeUndefined();
    expect(catalog.layers.api.regions).toMatchObject({
      'us-east-1': 'ok',
      'ap-east-2': expect.stringMatching(/^UnrecognizedClient/),
    });
    const assembly = tuningApp();
    const today = { now: new Date('2026-12-16T00:00:00Z'), root: run.dir };
    const bundled = analyzeAssembly(assembly, {}, today);
    const refreshed = analyzeAssembly(assembly, { catalogFile: file }, today);
    expect(refreshed.catalog.asOf).toBe('2026-12-15');
    expect(bundled.catalog.asOf).not.toBe('2026-12-15');
    // Bundled data: Nova Micro tunes in us-east-1. AWS now says Legacy there: no new jobs.
    const legacy = (r: typeof bundled) =>
      only(r, 'CustomizationModelRegion').filter((f) => /Legacy/.test(f.message));
    expect(legacy(bundled)).toEqual([]);
    expect(legacy(refreshed)).toHaveLength(1);
    expect(legacy(refreshed)[0].message).toContain(
      'is Legacy since 2026-11-25, end-of-life on 2027-05-25 (source: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListFoundationModels.html)',
    );
  });

  test('--check: exit 1 with the differences; exit 0 against a file AWS still agrees with', async () => {
    const written = await refresh([]);
    const file = path.join(written.dir, 'model-catalog-2026-12-15.json');
    const check = await refresh(['--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/difference\(s\) between the bundled catalog data and AWS/);
    expect(check.stdout).toContain('amazon.nova-micro-v1:0');
    expect(fs.readdirSync(check.dir)).toEqual([]); // --check writes nothing
    const same = await refresh(['--check', '--against', file]);
    expect([same.code, same.stdout]).toEqual([0, expect.stringContaining('matches AWS')]);
    bedrock.restore();
    bedrock = mockBedrock('ACTIVE');
    const moved = await refresh(['--check', '--against', file]);
    expect(moved.code).toBe(1);
    expect(moved.stdout).toContain(
      'models[amazon.nova-micro-v1:0].lifecycle[0].status: "LEGACY" -> "ACTIVE"',
    );
    // Text derived from the refresh date alone is no difference.
    expect(check.stdout).not.toContain('closedByLifecycle');
  });

  test('registered on a Commander program, it fills the CLI result and shows progress live', async () => {
    const io = { cwd: os.tmpdir(), result: { code: 0, stdout: '', stderr: '' } };
    const program = new Command('cdk-bedrock-lint').exitOverride();
    refreshCommands(program, io);
    let live = '';
    const progress = jest.spyOn(process.stderr, 'write').mockImplementation((text) => {
      live += String(text);
      return true;
    });
    try {
      await program.parseAsync(['catalog', 'refresh', '--regions', 'us-east-1', '--check'], {
        from: 'user',
      });
    } finally {
      progress.mockRestore();
    }
    expect(io.result.code).toBe(1);
    expect(io.result.stdout).toMatch(/^catalog refresh --check: \d+ difference\(s\)/);
    expect(live).toMatch(/catalog refresh.*1\/1\]? us-east-1 ok \(2 models, 2 profiles\)/);
  });

  test('no region answering is exit 2 with one line; a bad --regions is exit 2', async () => {
    bedrock.restore();
    bedrock = mockClient(BedrockClient);
    bedrock.on(ListFoundationModelsCommand).rejects(unrecognizedClient());
    const run = await refresh([]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('cdk-bedrock-lint:'))).toEqual([
      'cdk-bedrock-lint: catalog refresh: no region answered (ap-east-2: UnrecognizedClientException: The security token included in the request is invalid.)',
    ]);
    const bad = await refresh(['--regions', 'us-east-1,eu-west-9']);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'cdk-bedrock-lint: --regions: unknown region code "eu-west-9"\n',
    ]);
  });
});

describe('catalog refresh retries throttling with the SDK retry strategy', () => {
  test('a ThrottlingException, then the answer: the region is ok', async () => {
    let throttled = false;
    const { calls, handler } = scriptedHandler((request) => {
      if (request.path === '/foundation-models' && !throttled) {
        throttled = true;
        return {
          status: 429,
          headers: { 'x-amzn-errortype': 'ThrottlingException' },
          body: { message: 'Too many requests, please wait before trying again.' },
        };
      }
      if (request.path === '/foundation-models')
        return { status: 200, body: JSON.parse(JSON.stringify(foundationModels('us-west-2'))) };
      return { status: 200, body: { inferenceProfileSummaries: [] } };
    });
    const stderr = capture();
    const code = await runRefresh(['catalog', 'refresh', '--regions', 'us-west-2', '--check'], {
      cwd: os.tmpdir(),
      stdout: () => undefined,
      stderr,
      now: NOW,
      clientConfig: { requestHandler: handler, credentials: TEST_CREDENTIALS },
    });
    expect(calls).toEqual(['/foundation-models', '/foundation-models', '/inference-profiles']);
    expect(code).toBe(1);
    expect(stderr.text).toBe('catalog refresh: [1/1] us-west-2 ok (2 models, 0 profiles)\n');
  });
});
