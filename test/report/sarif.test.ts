import * as fs from 'fs';
import * as path from 'path';
// Microsoft's matcher validates against its bundled SARIF 2.1.0 JSON schema (it needs tslib, which
// it does not declare: hence tslib in devDependencies).
import '@microsoft/jest-sarif';
import type { Log, Result } from 'sarif';
import { Stack, Validations } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { formatSarif } from '../../lib/report/sarif';
import { Estimate, Finding, Report } from '../../lib/report/types';
import { RULES } from '../../rules';
import { env, lint, newApp, NOVA_MICRO, only, tuningJob } from '../helpers';

const MODEL_REGION = 'BedrockRegions-CustomizationModelRegion';

/** Nova Micro fine-tuning in us-west-2: a CustomizationModelRegion error at a test source line. */
function novaReport(ack?: string): Report {
  const app = newApp();
  const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
  const machine = tuningJob(stack, 'Nova', NOVA_MICRO, new s3.Bucket(stack, 'Data'));
  if (ack) Validations.of(machine).acknowledge({ id: ack, reason: 'moving to us-east-1' });
  return lint(app);
}

function sarif(report: Report): Log {
  return JSON.parse(formatSarif(report));
}

function resultFor(log: Log, ruleId: string): Result {
  const result = log.runs[0].results?.find((r) => r.ruleId === ruleId);
  if (!result) throw new Error(`no ${ruleId} result`);
  return result;
}

/** The same report with its findings replaced, to cover inputs one app cannot produce at once. */
function withFindings(report: Report, findings: Finding[]): Report {
  return { ...report, findings };
}

describe('formatSarif', () => {
  const report = novaReport();
  const [finding] = only(report, 'CustomizationModelRegion');
  const text = formatSarif(report);
  const log: Log = JSON.parse(text);

  test('is a valid SARIF 2.1.0 log with every rule and the error at its source line', () => {
    expect(text.endsWith('}\n')).toBe(true);
    expect(log).toBeValidSarifLog();
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('cdk-bedrock-lint');
    expect(run.tool.driver.version).toBe(report.tool.version);
    expect(run.tool.driver.rules).toHaveLength(RULES.length);
    expect(run.results).toHaveLength(report.findings.length);

    const result = resultFor(log, MODEL_REGION);
    expect(result.level).toBe('error');
    expect(run.tool.driver.rules?.[result.ruleIndex ?? -1].id).toBe(MODEL_REGION);
    const [location] = result.locations ?? [];
    expect(location.physicalLocation?.artifactLocation?.uri).toMatch(/^test\/.*\.ts$/);
    expect(location.physicalLocation?.region?.startLine).toBeGreaterThan(0);
    expect(location.logicalLocations).toEqual([
      { fullyQualifiedName: 'Tuning/Nova/Resource', kind: 'resource' },
    ]);
    expect(result.partialFingerprints?.primaryLocationLineHash).toBe(finding.fingerprint);
    expect(result.suppressions).toBeUndefined();
    expect(result.properties).toMatchObject({ stack: 'Tuning', new: true, monthlyUsd: null });
  });

  test('rule metadata carries the help, the AWS error text and the default level', () => {
    const rules = log.runs[0].tool.driver.rules ?? [];
    const withError = RULES.find((rule) => rule.awsError)!;
    const descriptor = rules.find((r) => r.name === withError.name)!;
    expect(descriptor.help?.text).toContain(withError.fix);
    expect(descriptor.help?.markdown).toContain(withError.awsError);
    const info = RULES.find((rule) => rule.defaultSeverity === 'info')!;
    expect(rules.find((r) => r.name === info.name)?.defaultConfiguration?.level).toBe('note');
  });

  test("each rule's helpUri is its README section, at the package's homepage", () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
    const pkg = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8'),
    );
    for (const rule of log.runs[0].tool.driver.rules ?? []) {
      expect(rule.helpUri).toBe(`${pkg.homepage.replace(/#readme$/, '')}#${rule.id.toLowerCase()}`);
      // GitHub's anchor of the rule's heading: the README section exists.
      expect(readme).toContain(`\n### ${rule.id}\n`);
    }
    expect(pkg.repository.url).toContain(
      pkg.homepage.replace(/^https:\/\//, '').replace(/#readme$/, ''),
    );
  });

  test('the validator rejects a log without a version', () => {
    const broken: Partial<Log> = JSON.parse(text);
    delete broken.version;
    expect(broken).not.toBeValidSarifLog();
  });

  test('an estimate is stated in the message in dollars and cents', () => {
    const estimate: Estimate = {
      monthlyUsd: 1234.5,
      oneTimeUsd: 0,
      complete: true,
      lineItems: [],
      remediations: [],
      notes: [],
    };
    const out = sarif(withFindings(report, [{ ...finding, estimate, failsAtDeploy: false }]));
    expect(out.runs[0].results?.[0].message.text).toBe(
      `${finding.message} Estimated $1,234.50 a month.`,
    );
    expect(out.runs[0].results?.[0].properties?.monthlyUsd).toBe(1234.5);
  });

  test('a mistake that fails at deploy says so instead of a monthly cost', () => {
    expect(finding.failsAtDeploy).toBe(true);
    const out = sarif(withFindings(report, [finding]));
    const result = out.runs[0].results![0];
    expect(result.message.text).toContain('It fails at deploy');
    expect(result.message.text).not.toMatch(/\$0\.00/);
    expect(result.properties?.failsAtDeploy).toBe(true);
  });

  test('never points at files outside the repository or in cdk.out; keeps the logical location', () => {
    const elsewhere = [
      '/home/dev/other/app.ts',
      'C:\\work\\app.ts',
      '../shared/app.ts',
      'cdk.out/Tuning.template.json',
    ].map((file) => ({ ...finding, location: { file, line: 3, column: 1 } }));
    const out = sarif(withFindings(report, [...elsewhere, { ...finding, location: null }]));
    expect(out).toBeValidSarifLog();
    for (const result of out.runs[0].results ?? [])
      expect(result.locations).toEqual([
        { logicalLocations: [{ fullyQualifiedName: 'Tuning/Nova/Resource', kind: 'resource' }] },
      ]);
  });

  test('keeps the first 25,000 results and counts the rest', () => {
    const many = Array.from({ length: 25_001 }, () => finding);
    const run = sarif(withFindings(report, many)).runs[0];
    expect(run.results).toHaveLength(25_000);
    expect(run.properties?.truncated).toBe(1);
  });
});

describe('fingerprints', () => {
  /** The same job as tuningJob builds, but created on a line of this file. */
  function localNovaJob(stack: Stack): void {
    const data = new s3.Bucket(stack, 'Data');
    const task = new tasks.BedrockCreateModelCustomizationJob(stack, 'NovaTask', {
      baseModel: bedrock.FoundationModel.fromFoundationModelId(
        stack,
        'NovaModel',
        new bedrock.FoundationModelIdentifier(NOVA_MICRO),
      ),
      customModelName: 'Nova-model',
      jobName: 'Nova-job',
      trainingData: { bucket: data, path: 'train.jsonl' },
      outputData: { bucket: data, path: 'out/' },
      hyperParameters: { 'Evaluation percentage': '10' },
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
    });
    new sfn.StateMachine(stack, 'Nova', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
  }

  test('survive another synthesis, an unrelated construct and a moved source line', () => {
    const first = resultFor(sarif(novaReport()), MODEL_REGION);
    const again = resultFor(sarif(novaReport()), MODEL_REGION);

    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    new s3.Bucket(stack, 'Unrelated');
    localNovaJob(stack);
    const moved = resultFor(sarif(lint(app)), MODEL_REGION);

    const uri = (r: Result) => r.locations?.[0].physicalLocation?.artifactLocation?.uri;
    expect(uri(moved)).toBe('test/report/sarif.test.ts');
    expect(uri(moved)).not.toBe(uri(first));
    expect(again.partialFingerprints).toEqual(first.partialFingerprints);
    expect(moved.partialFingerprints).toEqual(first.partialFingerprints);
  });
});

describe('acknowledgments', () => {
  test('an acknowledged finding is still a result, with an inSource suppression and its reason', () => {
    const report = novaReport(MODEL_REGION);
    expect(only(report, 'CustomizationModelRegion')[0].acknowledged).not.toBeNull();
    const log = sarif(report);
    expect(log).toBeValidSarifLog();
    expect(resultFor(log, MODEL_REGION).suppressions).toEqual([
      { kind: 'inSource', justification: 'moving to us-east-1' },
    ]);
  });
});
