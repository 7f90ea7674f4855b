import * as fs from 'fs';
import * as path from 'path';
import { Aws, CfnCondition, CfnOutput, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { run } from '../bin/cli';
import { userFrame } from '../lib/assembly/creation-stack';
import { readCloudAssembly } from '../lib/assembly/read-cloud-assembly';
import { Resolver } from '../lib/resolve/resolver';
import { Expr, get } from '../lib/resolve/value';
import { discovered, env, newApp, NOVA_MICRO, only, lint } from './helpers';

/** A customization Task state inside `depth` nested Parallel states, as Step Functions JSON text. */
function deepDefinition(depth: number, bucket: s3.Bucket): string[] {
  const task = {
    Type: 'Task',
    End: true,
    Resource: 'arn:aws:states:::bedrock:createModelCustomizationJob',
    Parameters: {
      BaseModelIdentifier: NOVA_MICRO,
      CustomModelName: 'm',
      JobName: 'j',
      RoleArn: 'arn:aws:iam::123456789012:role/r',
      TrainingDataConfig: { S3Uri: '@TRAIN@' },
      OutputDataConfig: { S3Uri: '@TRAIN@' },
    },
  };
  let machine: object = { StartAt: 'Train', States: { Train: task } };
  for (let i = 0; i < depth; i++)
    machine = { StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Branches: [machine] } } };
  const pieces = JSON.stringify(machine).split('@TRAIN@');
  return pieces.flatMap((p, i) => (i ? [`s3://`, bucket.bucketName, '/train.jsonl', p] : [p]));
}

describe('no recursion limits: valid deep input resolves, hostile depth is unresolved', () => {
  test('a customization task under 1,000 nested Parallel states is found', () => {
    const app = newApp();
    const stack = new Stack(app, 'Deep', { env: env('us-west-2') });
    const bucket = new s3.Bucket(stack, 'Data');
    new CfnResource(stack, 'Machine', {
      type: 'AWS::StepFunctions::StateMachine',
      properties: {
        RoleArn: 'arn:aws:iam::123456789012:role/r',
        DefinitionString: Fn.join('', deepDefinition(1000, bucket)),
      },
    });
    const report = lint(app);
    // Nova Micro is fine-tuned only in us-east-1: the deep job in us-west-2 is found and flagged.
    expect(only(report, 'CustomizationModelRegion')).toHaveLength(1);
    expect(discovered(app).work[0].data[0].place).toMatchObject({ region: 'us-west-2' });
  });

  test('a Custom::AWS call with parameters nested 20,000 deep is found', () => {
    const app = newApp();
    const stack = new Stack(app, 'Deep', { env: env('us-west-2') });
    // Written as text: JSON.stringify itself recurses.
    const nested = `${'{"a":'.repeat(20_000)}"x"${'}'.repeat(20_000)}`;
    const call =
      '{"service":"Bedrock","action":"createModelCustomizationJob","parameters":' +
      `{"baseModelIdentifier":"${NOVA_MICRO}","customModelName":"m","tags":${nested}}}`;
    new CfnResource(stack, 'Call', {
      type: 'Custom::AWS',
      properties: {
        ServiceToken: `arn:aws:lambda:us-west-2:${Aws.ACCOUNT_ID}:function:f`,
        Create: Fn.join('', [call]),
      },
    });
    expect(only(lint(app), 'CustomizationModelRegion')).toHaveLength(1);
  });

  test('a 5,000-long Fn::ImportValue chain resolves to the bucket at its end', () => {
    const app = newApp();
    const lake = new Stack(app, 'Lake', { env: env('us-east-1') });
    const bucket = new s3.Bucket(lake, 'Lake');
    for (let i = 0; i < 5000; i++)
      new CfnOutput(lake, `Link${i}`, {
        value: i === 0 ? bucket.bucketName : Fn.importValue(`link-${i - 1}`),
        exportName: `link-${i}`,
      });
    const use = new Stack(app, 'Use', { env: env('us-east-1') });
    const reader = new CfnResource(use, 'Reader', {
      type: 'AWS::SSM::Parameter',
      properties: { Type: 'String', Value: Fn.importValue('link-4999') },
    });
    const dir = app.synth().directory;
    const result = run([dir, '--format', 'json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const resolver = new Resolver(readCloudAssembly(dir));
    const value = get(
      resolver.properties(resolver.stack('Use')!, use.resolve(reader.logicalId)),
      'Value',
    );
    expect((value as Expr).refs()).toEqual([
      {
        kind: 'ref',
        stackId: 'Lake',
        logicalId: lake.getLogicalId(bucket.node.defaultChild as s3.CfnBucket),
        attribute: 'Ref',
      },
    ]);
  });

  test('a 10,000-long condition chain is evaluated', () => {
    const app = newApp();
    const stack = new Stack(app, 'Conditions', { env: env('us-east-1') });
    for (let i = 0; i < 10000; i++)
      new CfnCondition(stack, `C${i}`, {
        expression:
          i === 0
            ? Fn.conditionEquals(Aws.REGION, 'us-east-1')
            : Fn.conditionNot(
                Fn.conditionNot(Fn.conditionAnd({ Condition: `C${i - 1}` } as never)),
              ),
      });
    new s3.CfnBucket(stack, 'Bucket', {
      bucketName: Fn.conditionIf('C9999', 'east-lake', 'other-lake').toString(),
    });
    const facts = discovered(app);
    expect(facts.buckets.map((b) => b.name)).toEqual(['east-lake']);
  });

  test('a value nested past the limit is unresolved, not an error', () => {
    const app = newApp();
    const stack = new Stack(app, 'Deep', { env: env('us-east-1') });
    new s3.CfnBucket(stack, 'Bucket', { bucketName: 'lake' });
    const dir = app.synth().directory;
    // CDK itself refuses such depth at synth: hostile input, written into the template afterwards.
    const file = path.join(dir, 'Deep.template.json');
    const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
    let name: unknown = 'lake';
    for (let i = 0; i < 300; i++) name = { 'Fn::Join': ['', [name]] };
    template.Resources.Bucket.Properties.BucketName = name;
    fs.writeFileSync(file, JSON.stringify(template));
    const resolver = new Resolver(readCloudAssembly(dir));
    const props = resolver.properties(resolver.app.stacks[0], 'Bucket');
    expect((get(props, 'BucketName') as Expr).unknowns()[0].reason).toMatch(/too deep to resolve/);
    expect(run([dir, '--format', 'json'])).toMatchObject({ code: 0, stderr: '' });
  });

  test('a 200,000-character creation stack frame is parsed in linear time', () => {
    const started = Date.now();
    expect(userFrame(['x'.repeat(200_000), `${'('.repeat(200_000)}:1:2`])).toBeUndefined();
    expect(userFrame([`a (${'/d'.repeat(100_000)}/app.ts:3:4)`])).toMatchObject({ line: 3 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(userFrame(['Object.<anonymous> (/app/bin/app.ts:23:13)'])).toEqual({
      file: '/app/bin/app.ts',
      line: 23,
      column: 13,
    });
    expect(userFrame(['node:internal/main:1:2', 'x (C:\\app\\bin\\app.ts:5:6)'])).toEqual({
      file: 'C:\\app\\bin\\app.ts',
      line: 5,
      column: 6,
    });
  });
});
