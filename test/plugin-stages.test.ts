/**
 * The plugin reads the stacks CDK hands it from the assembly CDK has written: stacks of a Stage
 * live in a nested assembly, and an acknowledgment on the Stage itself is in no stack's metadata.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Stack, Stage, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { run } from '../bin/cli';
import { fromValidationContext } from '../lib/assembly/from-validation-context';
import { AppModel } from '../lib/assembly/types';
import { BedrockRegionChecks } from '../lib/plugin/bedrock-region-checks';
import { env, newApp, NOVA_MICRO, tuningJob } from './helpers';

interface PluginReport {
  pluginName: string;
  violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
}

// CDK prints the plugin's report; the tests read validation-report.json instead.
beforeAll(() => {
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(() => jest.restoreAllMocks());

test('a plugin on a Stage finds what the CLI finds in the stage assembly', () => {
  const app = newApp();
  const stage = new Stage(app, 'Prod', { env: env('us-west-2') });
  const data = new Stack(stage, 'Data');
  tuningJob(new Stack(stage, 'Tuning'), 'Job', NOVA_MICRO, new s3.Bucket(data, 'Lake'));
  Validations.of(stage).addPlugins(new BedrockRegionChecks(stage, { failOn: 'warning' }));
  expect(() => app.synth()).toThrow(/BedrockRegions-CustomizationModelRegion/);
  const dir = app.outdir;
  const file = path.join(dir, 'validation-report.json');
  const report = (JSON.parse(fs.readFileSync(file, 'utf-8')).pluginReports as PluginReport[]).find(
    (r) => r.pluginName === 'BedrockRegionChecks',
  )!;
  const paths = report.violations.flatMap((v) => v.violatingConstructs.map((c) => c.constructPath));
  expect(report.violations.map((v) => v.ruleName)).toContain(
    'BedrockRegions-CustomizationModelRegion',
  );
  expect(paths.every((p) => p.startsWith('Prod/'))).toBe(true);
  const cli = JSON.parse(run([dir, '--format', 'json', '--fail-on', 'never'], dir).stdout);
  expect(cli.stacks.map((s: { name: string }) => s.name).sort()).toEqual([
    'Prod/Data',
    'Prod/Tuning',
  ]);
  expect(report.violations.map((v) => v.ruleName).sort()).toEqual(
    cli.findings.map((f: { ruleId: string }) => f.ruleId).sort(),
  );
});

test('the model holds acknowledgments outside any stack and inside one, and every stack', () => {
  const app = newApp();
  const stage = new Stage(app, 'Prod', { env: env('us-west-2') });
  const tuning = new Stack(stage, 'Tuning');
  tuningJob(tuning, 'Job', NOVA_MICRO, new s3.Bucket(new Stack(stage, 'Data'), 'Lake'));
  Validations.of(stage).acknowledge({ id: 'BedrockRegionChecks::A', reason: 'on the stage' });
  Validations.of(tuning).acknowledge({ id: 'BedrockRegionChecks::B', reason: 'on the stack' });
  let model: AppModel | undefined;
  Validations.of(stage).addPlugins({
    name: 'capture',
    validate: (context) => {
      model = fromValidationContext(context);
      return { success: true, violations: [] };
    },
  });
  app.synth();
  expect(model!.stacks.map((s) => s.id).sort()).toEqual(['Prod/Data', 'Prod/Tuning']);
  expect(model!.acknowledgments).toEqual(
    expect.arrayContaining([
      { id: 'BedrockRegionChecks::A', reason: 'on the stage', constructPath: 'Prod' },
      { id: 'BedrockRegionChecks::B', reason: 'on the stack', constructPath: 'Prod/Tuning' },
    ]),
  );
  const job = [...model!.stacks.find((s) => s.id === 'Prod/Tuning')!.resources.values()].find(
    (r) => r.type === 'AWS::StepFunctions::StateMachine',
  );
  expect(job?.constructPath).toBe('Prod/Tuning/Job/Resource');
  expect(job?.location?.file).toMatch(/helpers\.ts$/);
});
