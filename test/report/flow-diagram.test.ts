import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { flowModel, MAX_NODES } from '../../lib/report/flow-model';
import { formatMarkdown } from '../../lib/report/markdown';
import { mermaidFlowchart, mermaidLabel } from '../../lib/report/mermaid';
import { formatText } from '../../lib/report/text';
import { fn, natVpc } from '../flow-helpers';
import { env, LakeStack, lint, newApp, NOVA_MICRO, tuningJob } from '../helpers';
import { mermaidBlocks, parseMermaid } from '../support/mermaid';

/** The demo's shape: a us-east-1 lake, a us-west-2 reader behind NAT, a Nova job on the lake. */
function lakeApp(bucketId = 'Lake') {
  const app = newApp();
  const lake = new Stack(app, 'DataLake', { env: env('us-east-1'), crossRegionReferences: true });
  const bucket = new s3.Bucket(lake, bucketId);
  const stack = new Stack(app, 'Rag', { env: env('us-west-2'), crossRegionReferences: true });
  bucket.grantRead(fn(stack, 'Reader', {}, natVpc(stack)));
  tuningJob(stack, 'Tune', NOVA_MICRO, bucket);
  return lint(app, { usage: { 'Rag/Reader': { monthlyGb: 1000 } } });
}

describe('the region-flow model', () => {
  const report = lakeApp();
  const model = flowModel(report);

  test('a box per region with the resources the findings name, an arrow per cross-region flow', () => {
    expect(model.level).toBe('resource');
    expect(model.nodes.map((n) => [n.label, n.region, n.severity])).toEqual([
      ['bucket DataLake/Lake', 'us-east-1', null],
      ['Lambda Function Rag/Reader', 'us-west-2', 'warning'],
      ['StepFunctions StateMachine Rag/Tune', 'us-west-2', 'error'],
      // From the inventory: no finding names the gateway the Reader's flow crosses; drawn plain.
      ['NAT gateway Rag/Vpc/PublicSubnet1/NATGateway', 'us-west-2', null],
    ]);
    const label = (id: string) => model.nodes.find((n) => n.id === id)!.label;
    expect(
      model.edges.map((e) => [label(e.from), label(e.to), e.gb, e.monthlyUsd, e.viaNat]),
    ).toEqual([
      // 1,000 GB from the usage option: transfer $20 + NAT processing $45 + NAT hours $32.85.
      ['Lambda Function Rag/Reader', 'bucket DataLake/Lake', 1000, 97.85, true],
      ['StepFunctions StateMachine Rag/Tune', 'bucket DataLake/Lake', 0.1, 0, false],
    ]);
    expect(model.edges[1]).toMatchObject({ severity: 'error', failsAtDeploy: true });
  });

  test('Mermaid: subgraphs per region, labelled arrows, mistakes in red; the real parser accepts it', () => {
    const chart = mermaidFlowchart(model);
    expect(chart).toContain('subgraph region0["us-east-1"]');
    expect(chart).toContain('subgraph region1["us-west-2"]');
    expect(chart).toMatch(/n1 -\.->\|"1000 GB, #36;97\.85\/month via NAT"\| n0/);
    expect(chart).toMatch(/n2 -->\|"0\.1 GB, fails at deploy"\| n0/);
    expect(chart).toContain('class n2 error');
    expect(chart).toMatch(/linkStyle 1 stroke:#d11/);
    expect(parseMermaid([chart])).toEqual([{ ok: true, diagramType: 'flowchart-v2' }]);
  });

  test('the parser used by the test rejects broken diagrams (the check can fail)', () => {
    const [broken] = parseMermaid(['flowchart LR\n  n0["a"] -->|"b| n1\n']);
    expect(broken.ok).toBe(false);
  });

  test('Markdown: the diagram comes after the summary and before the table; text ends with the matrix', () => {
    const markdown = formatMarkdown(report);
    const blocks = mermaidBlocks(markdown);
    expect(blocks).toHaveLength(1);
    expect(parseMermaid(blocks)[0].ok).toBe(true);
    expect(markdown.indexOf('```mermaid')).toBeLessThan(markdown.indexOf('| Severity |'));
    const text = formatText(report);
    const tail = text.slice(text.indexOf('Region flows a month'));
    expect(tail.split('\n').slice(0, 3)).toEqual([
      'Region flows a month (caller region → resource region; * via NAT gateway, ! error):',
      '  from \\ to  us-east-1',
      '  us-west-2  1000.1 GB $97.85 (2 flows, 1 fail at deploy)*!',
    ]);
  });
});

describe('labels are escaped', () => {
  const HOSTILE = 'x"]) --> evil[<img src=x onerror=alert(1)>`|&#quot;$$\\';

  test('no character can end a label, open HTML or a fence', () => {
    const label = mermaidLabel(HOSTILE);
    expect(label.slice(1, -1)).not.toMatch(/["<>`|[\]{}&$\\]/);
    expect(parseMermaid([`flowchart LR\n  a[${label}] -->|${label}| b[${label}]\n`])).toEqual([
      { ok: true, diagramType: 'flowchart-v2' },
    ]);
  });

  test('a real app with a hostile construct id still draws a diagram that parses', () => {
    const report = lakeApp(HOSTILE.replace(/\//g, ''));
    const [block] = mermaidBlocks(formatMarkdown(report));
    expect(block).toContain('#60;img');
    expect(block).not.toContain('<img');
    expect(parseMermaid([block])[0].ok).toBe(true);
  });
});

test('a large app stays bounded: resources aggregate by stack above the threshold', () => {
  const app = newApp();
  const lake = new LakeStack(app, 'DataLake', {
    env: env('us-east-1'),
    crossRegionReferences: true,
  });
  for (const group of ['A', 'B']) {
    const stack = new Stack(app, `Readers${group}`, {
      env: env('us-west-2'),
      crossRegionReferences: true,
    });
    for (let i = 0; i < 25; i++) lake.bucket.grantRead(fn(stack, `Reader${i}`));
  }
  const report = lint(app);
  const resource = report.findings.filter((f) => f.ruleId.endsWith('CrossRegionDataAccess'));
  expect(resource).toHaveLength(50);
  const model = flowModel(report);
  expect(model.level).toBe('stack');
  expect(model.resources).toBe(51);
  expect(model.nodes.length).toBeLessThanOrEqual(MAX_NODES);
  expect(model.nodes.map((n) => n.label)).toEqual([
    'stack DataLake (1 resources)',
    'stack ReadersA (25 resources)',
    'stack ReadersB (25 resources)',
  ]);
  expect(model.edges).toHaveLength(2);
  const markdown = formatMarkdown(report);
  const [block] = mermaidBlocks(markdown);
  expect(block.length).toBeLessThan(2_000);
  expect(markdown).toContain('Aggregated by stack: 51 resources');
  expect(parseMermaid([block])[0].ok).toBe(true);
});
