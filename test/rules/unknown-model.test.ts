import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { env, ids, lint, newApp, tuningJob } from '../helpers';

describe('UnknownModel', () => {
  test('a base model id the catalog does not know', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    tuningJob(stack, 'Typo', 'meta.llama9-70b-instruct-v1:0:128k', new s3.Bucket(stack, 'Data'));
    const report = lint(app);
    expect(ids(report)).toEqual(['UnknownModel']);
    expect(report.findings[0].message).toMatch(
      /meta\.llama9-70b-instruct-v1:0:128k is not in the model catalog \(as of 2026-12-01\)/,
    );
  });

  test('a catalog older than 120 days is reported once for the app; at 100 days it is not', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-east-1') });
    tuningJob(stack, 'Nova', 'amazon.nova-micro-v1:0:128k', new s3.Bucket(stack, 'Data'));
    const stale = lint(app, {}, new Date('2027-04-01T00:00:00Z'));
    expect(ids(stale)).toEqual(['UnknownModel']);
    expect(stale.findings[0]).toMatchObject({ stack: null, logicalId: null });
    expect(stale.findings[0].message).toMatch(/dated 2026-12-01, 121 days ago/);
    expect(lint(app, {}, new Date('2027-03-11T00:00:00Z')).findings).toEqual([]);
  });

  test('a job on a model only superseded documentation lists warns; an end-of-life one does not twice', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-east-1') });
    tuningJob(stack, 'Old', 'amazon.titan-image-generator-v1:0', new s3.Bucket(stack, 'Data'));
    tuningJob(stack, 'Eol', 'amazon.titan-text-lite-v1:0:4k', new s3.Bucket(stack, 'EolData'));
    const report = lint(app);
    expect(report.findings.map((f) => [f.ruleId, f.constructPath])).toEqual([
      ['BedrockRegions-CustomizationModelRegion', 'Tuning/Eol/Resource'],
      ['BedrockRegions-UnknownModel', 'Tuning/Old/Resource'],
    ]);
    expect(report.findings[1].message).toMatch(
      /Only superseded AWS documentation lists FINE_TUNING for amazon\.titan-image-generator-v1:0/,
    );
  });

  test('rules can be turned off or re-levelled', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    tuningJob(stack, 'Typo', 'acme.unknown-model-v1:0', new s3.Bucket(stack, 'Data'));
    expect(lint(app, { rules: { UnknownModel: 'off' } }).findings).toEqual([]);
    expect(
      lint(app, { rules: { 'BedrockRegions-UnknownModel': 'error' } }).findings[0].severity,
    ).toBe('error');
  });
});
