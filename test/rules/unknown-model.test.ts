import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { loadCatalog } from '../../lib/catalog/catalog';
import { CATALOG_MAX_AGE_DAYS } from '../../rules/unknown-model';
import * as iam from 'aws-cdk-lib/aws-iam';
import { fn } from '../flow-helpers';
import { env, ids, lint, newApp, tuningJob } from '../helpers';

const AS_OF = loadCatalog().asOf;

/** The day `days` after the bundled catalog's date. */
function after(days: number): Date {
  return new Date(Date.parse(AS_OF) + days * 86_400_000 + 12 * 3_600_000);
}

describe('UnknownModel', () => {
  test('a base model id the catalog does not know', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    tuningJob(stack, 'Typo', 'meta.llama9-70b-instruct-v1:0:128k', new s3.Bucket(stack, 'Data'));
    const report = lint(app, {}, after(1));
    expect(ids(report)).toEqual(['UnknownModel']);
    expect(report.findings[0].message).toContain(
      `meta.llama9-70b-instruct-v1:0:128k is not in the model catalog (as of ${AS_OF})`,
    );
  });

  test('a catalog older than 30 days is reported once for the app, before a 45-day Legacy window can pass; at 20 days it is not', () => {
    expect(CATALOG_MAX_AGE_DAYS).toBe(30);
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-east-1') });
    tuningJob(stack, 'Nova', 'amazon.nova-micro-v1:0:128k', new s3.Bucket(stack, 'Data'));
    const stale = lint(app, { rules: { UnknownModel: 'warning' } }, after(31));
    expect(ids(stale)).toEqual(['UnknownModel']);
    expect(stale.findings[0]).toMatchObject({ stack: null, logicalId: null });
    expect(stale.findings[0].message).toContain(`dated ${AS_OF}, 31 days ago (more than 30)`);
    expect(stale.findings[0].explanation).toMatch(/Legacy period of only 45 days/);
    expect(lint(app, {}, after(20)).findings).toEqual([]);
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

  test('a model a Lambda invokes that the catalog does not know: one warning naming how it is called', () => {
    const app = newApp();
    const stack = new Stack(app, 'Chat', { env: env('us-east-1') });
    const typo = 'anthropic.claude-sonet-4-5-20250929-v1:0';
    const chat = fn(stack, 'Answer', { MODEL_ID: typo });
    chat.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:InvokeModel'],
        resources: [`arn:aws:bedrock:us-east-1::foundation-model/${typo}`],
      }),
    );
    const report = lint(app, {}, after(1));
    expect(ids(report)).toEqual(['UnknownModel']);
    expect(report.findings[0].message).toBe(
      `The model ${typo} (IAM bedrock:InvokeModel) is not in the model catalog (as of ${AS_OF}).`,
    );
  });

  test('rules can be turned off or re-levelled', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tuning', { env: env('us-west-2') });
    tuningJob(stack, 'Typo', 'acme.unknown-model-v1:0', new s3.Bucket(stack, 'Data'));
    expect(lint(app, { rules: { UnknownModel: 'off' } }, after(1)).findings).toEqual([]);
    expect(
      lint(app, { rules: { 'BedrockRegions-UnknownModel': 'error' } }, after(1)).findings[0]
        .severity,
    ).toBe('error');
  });
});
