import { stripVTControlCharacters } from 'util';
import { Stack, Validations } from 'aws-cdk-lib';
import { bedrock as genai } from '@cdklabs/generative-ai-cdk-constructs';
import { run } from '../bin/cli';
import { BedrockRegionChecks } from '../lib/plugin/bedrock-region-checks';
import { colorEnabled, formatText } from '../lib/report/text';
import { RULES } from '../rules';
import { CustomizationModelRegion } from '../rules/customization-model-region';
import { KnowledgeBaseDataRegion } from '../rules/knowledge-base-data-region';
import { env, LakeStack, lint, newApp, NOVA_MICRO, tuningJob } from './helpers';

/**
 * The demo's mistakes: a knowledge base in us-west-2 over a us-east-1 lake (generative-ai-cdk-
 * constructs), and a Nova Micro job in us-west-2 training on the lake.
 */
function demoLikeApp() {
  const app = newApp();
  const lake = new LakeStack(app, 'DataLake', {
    env: env('us-east-1'),
    crossRegionReferences: true,
  });
  const rag = new Stack(app, 'Rag', { env: env('us-west-2'), crossRegionReferences: true });
  const kb = new genai.VectorKnowledgeBase(rag, 'Kb', {
    embeddingsModel: genai.BedrockFoundationModel.TITAN_EMBED_TEXT_V2_1024,
  });
  kb.addS3DataSource({ bucket: lake.bucket, dataSourceName: 'docs' });
  tuningJob(rag, 'Tune', NOVA_MICRO, lake.bucket);
  return app;
}

function synthMessage(props: ConstructorParameters<typeof BedrockRegionChecks>[1] = {}): string {
  const app = demoLikeApp();
  Validations.of(app).addPlugins(new BedrockRegionChecks(app, props));
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth passed');
}

describe('inside cdk synth a finding is its message and fix', () => {
  test('no explanation by default; "fails at deploy" instead of a cost', () => {
    const message = synthMessage();
    expect(message).toContain('BedrockRegions-KnowledgeBaseDataRegion');
    expect(message).toContain('BedrockRegions-CustomizationModelRegion');
    expect(message).toContain(KnowledgeBaseDataRegion.fix);
    expect(message).toContain('It fails at deploy.');
    expect(message).not.toContain('Estimated $0.00 a month');
    for (const rule of RULES) expect(message).not.toContain(rule.explanation);
  });

  test('verbose adds each rule explanation', () => {
    const message = synthMessage({ verbose: true });
    expect(message).toContain(CustomizationModelRegion.explanation);
    expect(message).toContain(KnowledgeBaseDataRegion.explanation);
  });
});

describe('no output prints an unresolved token', () => {
  const app = demoLikeApp();
  const dir = app.synth().directory;

  test('resources are named by construct path in every format', () => {
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const out = run([dir, '--format', format], process.cwd()).stdout;
      expect([format, out.match(/\$\{[^}]*\}/g)]).toEqual([format, null]);
    }
    const report = lint(app);
    const kbData = report.findings.find((f) => f.ruleId.endsWith('KnowledgeBaseDataRegion'))!;
    expect(kbData.message).toMatch(/reads bucket DataLake\/Lake in us-east-1/);
    expect(kbData.related.map((r) => r.description)).toContain('bucket DataLake/Lake');
    const data = report.findings.find((f) => f.ruleId.endsWith('CustomizationDataRegion'))!;
    expect(data.message).toContain('s3://<DataLake/Lake>/train.jsonl is in us-east-1');
  });
});

describe('colour', () => {
  const tty = { isTTY: true, hasColors: () => true };
  const pipe = { isTTY: false };

  test('on a colour terminal; NO_COLOR turns it off; FORCE_COLOR forces it', () => {
    expect(colorEnabled(tty, {})).toBe(true);
    expect(colorEnabled(pipe, {})).toBe(false);
    expect(colorEnabled({ isTTY: true, hasColors: () => false }, {})).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(tty, { FORCE_COLOR: '0' })).toBe(false);
  });

  test('text with colour has ANSI styles; without, and in files, none', () => {
    const report = lint(demoLikeApp());
    const coloured = formatText(report, { color: true });
    expect(coloured).toContain('\u001b[31m'); // errors in red
    expect(stripVTControlCharacters(coloured)).toBe(formatText(report));
    expect(formatText(report)).not.toContain('\u001b');
  });
});
