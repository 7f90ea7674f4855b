import Ajv from 'ajv';
import { Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { flowModel, MAX_NODES } from '../../lib/report/flow-model';
import { formatMarkdown } from '../../lib/report/markdown';
import { mermaidFlowchart } from '../../lib/report/mermaid';
import reportSchema from '../../schema/report.schema.json';
import { fn, natApp } from '../flow-helpers';
import { ACCOUNT, env, lint, newApp, textPrompt, TITAN_MM_EMBEDDINGS, tuningJob } from '../helpers';
import { mermaidBlocks, parseMermaid } from '../support/mermaid';

const validate = new Ajv({ allErrors: true }).compile(reportSchema);

/** One region, nothing wrong: a Titan job on a same-region bucket, and a Lambda that reads it. */
function cleanApp(readers = 1) {
  const app = newApp();
  const stack = new Stack(app, 'Ml', { env: env('us-west-2') });
  const data = new s3.Bucket(stack, 'Data');
  tuningJob(stack, 'Tune', TITAN_MM_EMBEDDINGS, data);
  for (let i = 0; i < readers; i++) data.grantRead(fn(stack, `Reader${i}`));
  return lint(app);
}

describe('the inventory of a clean one-region app', () => {
  const report = cleanApp();

  test('lists what discovery found, each in its region, and validates against the schema', () => {
    expect(report.findings).toEqual([]);
    expect(report.inventory!.map((r) => [r.kind, r.type, r.constructPath, r.region])).toEqual([
      ['bucket', 'AWS::S3::Bucket', 'Ml/Data/Resource', 'us-west-2'],
      ['compute', 'AWS::Lambda::Function', 'Ml/Reader0/Resource', 'us-west-2'],
      ['customization-job', 'AWS::StepFunctions::StateMachine', 'Ml/Tune/Resource', 'us-west-2'],
    ]);
    expect(validate(JSON.parse(JSON.stringify(report)))).toBe(true);
    expect(validate({ ...report, inventory: [{ ...report.inventory![0], kind: 'vm' }] })).toBe(
      false,
    );
  });

  test('the diagram is one plain box with its resources and no arrows; the comment leaves it out', () => {
    const model = flowModel(report);
    expect(model.edges).toEqual([]);
    expect(model.nodes.map((n) => [n.label, n.region, n.severity])).toEqual([
      ['bucket Ml/Data', 'us-west-2', null],
      ['Lambda Function Ml/Reader0', 'us-west-2', null],
      ['StepFunctions StateMachine Ml/Tune', 'us-west-2', null],
    ]);
    const chart = mermaidFlowchart(model);
    expect(chart.match(/subgraph/g)).toHaveLength(1);
    expect(chart).not.toMatch(/-->|-\.->|class n/);
    expect(parseMermaid([chart])).toEqual([{ ok: true, diagramType: 'flowchart-v2' }]);
    // Nothing to act on: the comment stays its summary line (the JSON report keeps the inventory).
    expect(mermaidBlocks(formatMarkdown(report))).toEqual([]);
  });
});

test('clean resources are drawn plain beside the mistakes, in their region boxes', () => {
  const report = lint(natApp().app);
  const model = flowModel(report);
  const nat = model.nodes.find((n) => n.label.startsWith('NAT gateway'))!;
  expect(nat).toMatchObject({ region: 'us-west-2', severity: null });
  expect(report.inventory!.find((r) => r.kind === 'nat-gateway')!.region).toBe('us-west-2');
  const [block] = mermaidBlocks(formatMarkdown(report));
  expect(block).toContain(`${nat.id}["NAT gateway `);
  expect(parseMermaid([block])[0].ok).toBe(true);
});

test('a large clean app stays bounded: its inventory aggregates by stack', () => {
  const report = cleanApp(MAX_NODES + 10);
  expect(report.inventory).toHaveLength(MAX_NODES + 12);
  const model = flowModel(report);
  expect(model.level).toBe('stack');
  expect(model.nodes.map((n) => n.label)).toEqual([`stack Ml (${MAX_NODES + 12} resources)`]);
  expect(mermaidFlowchart(model).length).toBeLessThan(1_000);
});

test('the inventory is in code-unit order of stack and path, whatever the machine locale', () => {
  const app = newApp();
  const stack = new Stack(app, 'Ml', { env: env('us-west-2') });
  const data = new s3.Bucket(stack, 'Data');
  // Locale collation puts "aarhus" before "Zeta" (and, under da_DK, after it): code units put
  // capitals first on every machine.
  for (const id of ['aarhusReader', 'Zeta', 'zebra', 'Aarhus']) data.grantRead(fn(stack, id));
  const report = lint(app);
  expect(report.inventory!.map((r) => r.constructPath)).toEqual([
    'Ml/Aarhus/Resource',
    'Ml/Data/Resource',
    'Ml/Zeta/Resource',
    'Ml/aarhusReader/Resource',
    'Ml/zebra/Resource',
  ]);
});

test('Bedrock resources that name a model without calling it are listed as model resources', () => {
  const app = newApp();
  const stack = new Stack(app, 'Prompts', { env: env('us-west-2') });
  textPrompt(stack, 'Greeting', 'us.amazon.nova-micro-v1:0');
  new bedrock.CfnApplicationInferenceProfile(stack, 'TenantA', {
    inferenceProfileName: 'tenant-a',
    modelSource: {
      copyFrom: `arn:aws:bedrock:us-west-2:${ACCOUNT}:inference-profile/us.amazon.nova-micro-v1:0`,
    },
  });
  const report = lint(app);
  expect(report.findings).toEqual([]);
  expect(report.inventory!.map((r) => [r.kind, r.type, r.constructPath, r.region])).toEqual([
    ['model-resource', 'AWS::Bedrock::Prompt', 'Prompts/Greeting', 'us-west-2'],
    ['model-resource', 'AWS::Bedrock::ApplicationInferenceProfile', 'Prompts/TenantA', 'us-west-2'],
  ]);
  expect(validate(JSON.parse(JSON.stringify(report)))).toBe(true);
});
