import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import '@microsoft/jest-sarif';
import MarkdownIt from 'markdown-it';
import type { Log } from 'sarif';
import { CustomizationModelRegion } from '../rules/customization-model-region';
import { mermaidBlocks, parseMermaid } from './support/mermaid';

const ROOT = path.join(__dirname, '..');
const FIXTURE = path.join(__dirname, 'fixtures', 'e2e-app');
const CDK = path.join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const CLI = path.join(ROOT, 'dist', 'bin', 'cli.js');

/** Runs the pinned CDK CLI's real `cdk synth` on the fixture app (the plugin is loaded from dist/). */
function synth(
  ackId?: string,
  cwd = FIXTURE,
): {
  status: number | null;
  output: string;
  report: Record<string, unknown>;
  outdir: string;
} {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-e2e-'));
  const result = spawnSync(process.execPath, [CDK, 'synth', '--no-notices', '-q', '-o', outdir], {
    cwd,
    env: {
      ...process.env,
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      CDK_VALIDATION: 'false',
      ACK_ID: ackId ?? '',
    },
    encoding: 'utf-8',
  });
  const reportFile = path.join(outdir, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf-8')) : {};
  return { status: result.status, output: `${result.stdout}${result.stderr}`, report, outdir };
}

/** The built CLI's JSON report over a cloud assembly, with its exit status. */
function cliJson(outdir: string): { status: number | null; json: Record<string, any> } {
  const cli = spawnSync(process.execPath, [CLI, outdir, '--format', 'json'], {
    encoding: 'utf-8',
  });
  return { status: cli.status, json: JSON.parse(cli.stdout) };
}

function pluginReport(report: Record<string, unknown>): Record<string, any> {
  return (report.pluginReports as Record<string, any>[]).find(
    (r) => r.pluginName === 'BedrockRegionChecks',
  )!;
}

describe('cdk synth with the plugin (pinned aws-cdk CLI)', () => {
  test('fails on a Nova tuning job in us-west-2 and prints the rule, the source line and the fix', () => {
    const { status, output, report, outdir } = synth();
    expect(status).toBe(1);
    expect(output).toContain('BedrockRegions-CustomizationModelRegion');
    expect(output).toMatch(/app\.js:\d+:\d+/);
    expect(output).toContain('Suggested fix:');
    expect(output).toContain(
      "Acknowledge with 'BedrockRegionChecks::BedrockRegions-CustomizationModelRegion'",
    );
    const plugin = pluginReport(report);
    expect(plugin.conclusion).toBe('failure');
    // The informational cost finding is reported beside the error and does not fail synth.
    expect(
      plugin.violations.map((v: { ruleName: string; severity: string }) => [
        v.ruleName,
        v.severity,
      ]),
    ).toEqual([
      ['BedrockRegions-CustomizationModelRegion', 'error'],
      ['BedrockRegions-CustomizationCost', 'info'],
    ]);
    expect(plugin.violations[0].violatingConstructs[0].constructPath).toBe(
      'Tuning/NovaTuning/Resource',
    );

    // The CLI over the same cdk.out gives the same finding and honours the same exit codes.
    const { status: cliStatus, json } = cliJson(outdir);
    expect(cliStatus).toBe(1);
    expect(
      json.findings.map((f: { ruleId: string; constructPath: string }) => [
        f.ruleId,
        f.constructPath,
      ]),
    ).toEqual([
      ['BedrockRegions-CustomizationModelRegion', 'Tuning/NovaTuning/Resource'],
      ['BedrockRegions-CustomizationCost', 'Tuning/NovaTuning/Resource'],
    ]);
    expect(
      spawnSync(process.execPath, [CLI, outdir, '--fail-on', 'never'], { encoding: 'utf-8' })
        .status,
    ).toBe(0);
  });

  test.each([
    ['the id CDK prints', 'BedrockRegionChecks::BedrockRegions-CustomizationModelRegion'],
    ['the bare rule id', 'BedrockRegions-CustomizationModelRegion'],
  ])('acknowledging with %s makes synth pass and keeps the reason', (_label, ackId) => {
    const { status, report, outdir } = synth(ackId);
    expect(status).toBe(0);
    const plugin = pluginReport(report);
    expect(plugin.conclusion).toBe('success');
    // Only the informational cost finding is left, and it does not fail synth.
    expect(plugin.violations.map((v: { severity: string }) => v.severity)).toEqual(['info']);
    expect(plugin.suppressedViolations[0]).toMatchObject({
      reason: 'tuning moves to us-east-1 next sprint',
      acknowledgedAt: 'Tuning/NovaTuning',
    });

    // The acknowledgment is recorded in the assembly, so the CLI honours it too.
    const cli = spawnSync(process.execPath, [CLI, outdir, '--format', 'json'], {
      encoding: 'utf-8',
    });
    expect(cli.status).toBe(0);
    const [finding] = JSON.parse(cli.stdout).findings;
    expect(finding.acknowledged).toMatchObject({
      reason: 'tuning moves to us-east-1 next sprint',
      constructPath: 'Tuning/NovaTuning',
    });
  });
});

describe('the demo app (cdk.json "app" of this repository)', () => {
  test('cdk synth fails on its tuning mistakes and shows the RAG retriever crossing regions and the NAT', () => {
    const { status, outdir, output } = synth(undefined, ROOT);
    expect(status).toBe(1);
    // Inside synth a finding is its message and fix: explanations only with `verbose`.
    expect(output).toContain('Suggested fix:');
    expect(output).not.toContain(CustomizationModelRegion.explanation);
    const cli = spawnSync(process.execPath, [CLI, outdir, '--format', 'json'], {
      encoding: 'utf-8',
    });
    const findings: { ruleId: string; constructPath: string; severity: string }[] = JSON.parse(
      cli.stdout,
    ).findings;
    const retriever = findings
      .filter((f) => f.constructPath === 'Rag/Retriever/Resource')
      .map((f) => `${f.severity} ${f.ruleId}`);
    expect(retriever).toEqual([
      'warning BedrockRegions-CrossRegionDataAccess',
      'warning BedrockRegions-NatGatewayDataPath',
      'warning BedrockRegions-NatGatewayDataPath',
    ]);
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)).toEqual([
      'BedrockRegions-KnowledgeBaseDataRegion',
      'BedrockRegions-CustomizationDataRegion',
      'BedrockRegions-CustomizationModelRegion',
    ]);

    // SARIF and Markdown of the same run, from the repository root as CI runs it.
    const sarifFile = path.join(outdir, 'demo.sarif');
    const markdownFile = path.join(outdir, 'demo.md');
    const reports = spawnSync(
      process.execPath,
      [CLI, outdir, '--fail-on', 'never', '--format', 'sarif', '--output', sarifFile].concat([
        '--format',
        'markdown',
        '--output',
        markdownFile,
      ]),
      { encoding: 'utf-8', cwd: ROOT },
    );
    expect(reports.status).toBe(0);
    const sarif: Log = JSON.parse(fs.readFileSync(sarifFile, 'utf-8'));
    expect(sarif).toBeValidSarifLog();
    const results = sarif.runs[0].results!;
    expect(results).toHaveLength(findings.length);
    const uris = results.map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri);
    expect(new Set(uris)).toEqual(new Set(['bin/demo-app.ts']));
    const demoLines = fs.readFileSync(path.join(ROOT, 'bin', 'demo-app.ts'), 'utf-8').split('\n');
    // Each result points at the line that created its construct.
    const created: Record<string, RegExp> = {
      'Rag/Retriever/Resource': /new lambda\.Function\(this, 'Retriever'/,
      'Rag/Documents': /new bedrock\.CfnDataSource\(this, 'Documents'/,
      'Tuning/TitanTuning/Resource': /new sfn\.StateMachine\(this, id/,
      'Tuning/NovaTuning/Resource': /new sfn\.StateMachine\(this, id/,
      'Rag/Vpc/PublicSubnet1/NATGateway': /new ec2\.Vpc\(this, 'Vpc'/,
    };
    for (const r of results) {
      const line = r.locations![0].physicalLocation!.region!.startLine!;
      const construct = r.locations![0].logicalLocations![0].fullyQualifiedName!;
      expect([construct, demoLines[line - 1]]).toEqual([
        construct,
        expect.stringMatching(created[construct]),
      ]);
    }

    const markdown = fs.readFileSync(markdownFile, 'utf-8');
    expect(markdown.startsWith('<!-- cdk-bedrock-lint -->')).toBe(true);
    expect(markdown.length).toBeLessThan(65_536);
    const html = new MarkdownIt({ html: true }).render(markdown);
    const rows = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>')).match(/<tr>/g)!;
    expect(rows).toHaveLength(findings.length);
    expect(html).toContain('<details>');
    expect(html).toContain('Rag/Retriever/Resource');

    // The region-flow diagram leads the comment, and the real Mermaid parser accepts it.
    const diagrams = mermaidBlocks(markdown);
    expect(diagrams).toHaveLength(1);
    expect(diagrams[0]).toMatch(/subgraph region\d\["us-east-1"\]/);
    expect(diagrams[0]).toContain('n0["bucket DataLake/Lake"]');
    // The demo's AI and data resources, clean or not, each in its region's box.
    const boxes = Object.fromEntries(
      diagrams[0]
        .split(/\n {2}end\n/)
        .map((box) => [box.match(/subgraph region\d\["([^"]+)"\]/)?.[1], box]),
    );
    expect(Object.keys(boxes).slice(0, 2)).toEqual(['us-east-1', 'us-west-2']);
    expect(boxes['us-east-1']).toContain('"bucket DataLake/Lake"');
    for (const node of [
      'knowledge base Rag/KnowledgeBase',
      'Lambda Function Rag/Retriever',
      'bucket Tuning/Artifacts',
      'StepFunctions StateMachine Tuning/NovaTuning',
      'StepFunctions StateMachine Tuning/TitanTuning',
    ])
      expect(boxes['us-west-2']).toContain(`"${node}"`);
    expect(parseMermaid(diagrams)).toEqual([{ ok: true, diagramType: 'flowchart-v2' }]);
    expect(markdown.indexOf('```mermaid')).toBeLessThan(markdown.indexOf('| Severity |'));
    // Resources are named, never printed as tokens, in the synth output and every report.
    expect(`${output}${markdown}${fs.readFileSync(sarifFile, 'utf-8')}${cli.stdout}`).not.toMatch(
      /\$\{[^}]*\}/,
    );
  });
});

describe('a NestedStack (pinned aws-cdk CLI, then the CLI over its cdk.out)', () => {
  const NESTED = path.join(__dirname, 'fixtures', 'nested-app');

  test('a Nova tuning job inside a NestedStack of a us-west-2 stack is an error with its source line', () => {
    const { status, output, report, outdir } = synth(undefined, NESTED);
    expect(status).toBe(1);
    expect(output).toMatch(/app\.js:26:\d+\nERROR BedrockRegions-CustomizationModelRegion/);
    const plugin = pluginReport(report);
    expect(plugin.violations[0]).toMatchObject({
      ruleName: 'BedrockRegions-CustomizationModelRegion',
      severity: 'error',
    });
    expect(plugin.violations[0].violatingConstructs[0].constructPath).toBe(
      'Platform/Pipeline/NovaTuning/Resource',
    );

    const { status: cliStatus, json } = cliJson(outdir);
    expect(cliStatus).toBe(1);
    // The nested stack is read in its parent's region and named in the finding.
    expect(json.stacks).toContainEqual(
      expect.objectContaining({ name: 'Platform/Pipeline', region: 'us-west-2' }),
    );
    const [error] = json.findings.filter((f: { severity: string }) => f.severity === 'error');
    expect(error).toMatchObject({
      ruleId: 'BedrockRegions-CustomizationModelRegion',
      stack: 'Platform/Pipeline',
      constructPath: 'Platform/Pipeline/NovaTuning/Resource',
      location: { file: 'test/fixtures/nested-app/app.js', line: 26 },
    });
  });

  test('an acknowledgment inside the nested stack is honoured by the plugin and the CLI', () => {
    const { status, outdir } = synth('BedrockRegions-CustomizationModelRegion', NESTED);
    expect(status).toBe(0);
    const cli = cliJson(outdir);
    expect(cli.status).toBe(0);
    expect(cli.json.findings[0].acknowledged).toMatchObject({
      constructPath: 'Platform/Pipeline/NovaTuning',
    });
  });
});
