/**
 * Document-processing pipelines in the style of public Textract-to-knowledge-base samples: one
 * stack of Python Lambda functions, a describer that names its vision model in an environment
 * variable, and a knowledge-base sync function allowed to invoke one model ARN and to read any
 * bucket, whose environment names a bucket the app does not define (another team's corpus).
 * An unknown bucket region only stops the checks that need it: the model checks still run.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { discovered, env, ids, lint, newApp, only } from '../helpers';

/** End-of-life in every region on 2026-12-01 (model-lifecycle page, archived pre-split version). */
const CLAUDE_V21 = 'anthropic.claude-v2:1';
/** The audit that recorded it (the catalog gives no end-of-life date, so earlier days do not know). */
const AUDIT_DAY = new Date('2026-12-01T12:00:00Z');

function pipelineApp() {
  const app = newApp();
  const stack = new Stack(app, 'Docs', { env: env('us-east-1') });
  const processed = new s3.Bucket(stack, 'Processed');
  const python = (id: string, environment: Record<string, string>) =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'index.handler',
      code: lambda.Code.fromInline('def handler(event, context):\n    return event\n'),
      environment,
    });
  const describer = python('Describer', {
    PROCESSED_BUCKET: processed.bucketName,
    VISION_MODEL_ID: CLAUDE_V21,
  });
  describer.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: ['*'] }),
  );
  processed.grantReadWrite(describer);
  const sync = python('KbSync', {
    PROCESSED_BUCKET: processed.bucketName,
    CORPUS_BUCKET: 'partner-team-corpus',
  });
  sync.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:InvokeModel'],
      resources: [`arn:aws:bedrock:us-east-1::foundation-model/${CLAUDE_V21}`],
    }),
  );
  sync.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:ListBucket'], resources: ['*'] }),
  );
  return app;
}

describe('a document pipeline with a bucket outside the app', () => {
  test('the model checks run while the unknown bucket is reported as a gap of its own', () => {
    const app = pipelineApp();
    const facts = discovered(app);
    expect(facts.modelUses.map((u) => [u.compute?.name, u.model.modelId, u.place.region])).toEqual(
      expect.arrayContaining([
        ['Docs/Describer', CLAUDE_V21, 'us-east-1'],
        ['Docs/KbSync', CLAUDE_V21, 'us-east-1'],
      ]),
    );
    const report = lint(app, {}, AUDIT_DAY);
    expect(ids(report)).toEqual(['ModelAvailability', 'ModelAvailability', 'UnresolvedRegion']);
    const [gap] = only(report, 'UnresolvedRegion');
    expect(gap.constructPath).toBe('Docs/KbSync/Resource');
    // The model finding for the same function shows the region checks were not all skipped.
    expect(only(report, 'ModelAvailability').map((f) => f.constructPath)).toContain(
      'Docs/KbSync/Resource',
    );
    expect(gap.message).toBe(
      'Cannot determine whether bucket partner-team-corpus and Docs/KbSync share a region: bucket ' +
        'partner-team-corpus is not defined in this app; declare its region in externalResources. ' +
        'The checks for Docs/KbSync that depend on it were skipped.',
    );
  });

  test('with the corpus region declared, no gap is left', () => {
    const report = lint(
      pipelineApp(),
      { externalResources: { 's3://partner-team-corpus': 'us-east-1' } },
      AUDIT_DAY,
    );
    expect(ids(report)).toEqual(['ModelAvailability', 'ModelAvailability']);
  });
});
