/**
 * Custom Model Import in the style of public import pipelines: weights uploaded to an S3 bucket,
 * then a state machine (or a custom resource) that calls `CreateModelImportJob` on them.
 */
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { discovered, env, ids, lint, newApp, sdkCall } from '../helpers';

const ROLE = 'arn:aws:iam::123456789012:role/import';

/** Weights in `weightsRegion`, imported by a state machine in `importRegion`. */
function importApp(importRegion: string, weightsRegion = importRegion) {
  const app = newApp();
  const stack = new Stack(app, 'Import', { env: env(importRegion), crossRegionReferences: true });
  const weights =
    weightsRegion === importRegion
      ? new s3.Bucket(stack, 'Weights')
      : new s3.Bucket(
          new Stack(app, 'Artifacts', { env: env(weightsRegion), crossRegionReferences: true }),
          'Weights',
        );
  const call = new tasks.CallAwsService(stack, 'ImportWeights', {
    service: 'bedrock',
    action: 'createModelImportJob',
    iamResources: ['*'],
    parameters: {
      JobName: 'import-llama-ft',
      ImportedModelName: 'llama-3-8b-support-ft',
      RoleArn: ROLE,
      ModelDataSource: { S3DataSource: { S3Uri: weights.s3UrlForObject('llama-ft/') } },
    },
  });
  new sfn.StateMachine(stack, 'ImportPipeline', {
    definitionBody: sfn.DefinitionBody.fromChainable(call),
  });
  return app;
}

describe('Custom Model Import: the weights bucket and the import region', () => {
  test('weights in the import region report nothing; discovery saw the import, its weights and the read', () => {
    const app = importApp('us-east-1');
    const facts = discovered(app);
    expect(facts.work).toHaveLength(1);
    expect(facts.work[0]).toMatchObject({
      action: 'CreateModelImportJob',
      origin: 'step-functions-sdk',
      place: { region: 'us-east-1' },
    });
    // The name given to the imported model is a new name, not a base model to look up.
    expect(facts.work[0].baseModel).toBeUndefined();
    expect(facts.work[0].data).toMatchObject([
      { role: 'model-data', place: { region: 'us-east-1' } },
    ]);
    const reads = facts.flows.filter((f) => f.source.kind === 'model-import-job');
    expect(reads.map((f) => [f.access, f.target.what, f.target.place.region])).toEqual([
      ['read', 'bucket Import/Weights', 'us-east-1'],
    ]);
    expect(lint(app).findings).toEqual([]);
  });

  test("weights in another region are a priced CrossRegionDataAccess warning (read at the bucket region's rate), not a CustomizationDataRegion error", () => {
    const report = lint(importApp('us-east-1', 'us-west-2'));
    expect(ids(report)).toEqual(['CrossRegionDataAccess']);
    const [finding] = report.findings;
    expect(finding.severity).toBe('warning');
    expect(finding.awsError).toBeNull();
    expect(finding.message).toContain(
      'model import job state "ImportWeights" runs in us-east-1 but its model weights',
    );
    expect(finding.message).toContain('is in us-west-2');
    expect(finding.estimate!.lineItems.map((i) => i.description.split(' (')[0])).toEqual([
      "inter-region transfer, reads us-west-2 -> us-east-1 at us-west-2's rate",
    ]);
  });

  test('an import in a region without Custom Model Import is a CustomizationModelRegion error naming the regions that have it', () => {
    const app = importApp('eu-west-1');
    expect(discovered(app).work[0].place.region).toBe('eu-west-1');
    const report = lint(app);
    expect(ids(report)).toEqual(['CustomizationModelRegion']);
    expect(report.findings[0].message).toBe(
      'state "ImportWeights": Custom Model Import is not available in eu-west-1; it is available in eu-central-1, us-east-1, us-east-2 and us-west-2.',
    );
  });

  test('an AwsCustomResource import in another region than its weights is the same priced flow', () => {
    const app = newApp();
    const stack = new Stack(app, 'Models', { env: env('us-east-1') });
    new s3.Bucket(stack, 'Weights', { bucketName: 'models-hf-weights' });
    sdkCall(stack, 'ImportJob', {
      service: 'Bedrock',
      action: 'CreateModelImportJob',
      region: 'us-west-2',
      parameters: {
        jobName: 'import',
        importedModelName: 'mistral-ft',
        roleArn: ROLE,
        modelDataSource: { s3DataSource: { s3Uri: 's3://models-hf-weights/mistral/' } },
      },
    });
    expect(discovered(app).work[0]).toMatchObject({
      action: 'CreateModelImportJob',
      place: { region: 'us-west-2' },
      data: [{ role: 'model-data', place: { region: 'us-east-1' } }],
    });
    const report = lint(app);
    expect(ids(report)).toEqual(['CrossRegionDataAccess']);
    expect(report.findings[0].message).toContain(
      'model import job Models/ImportJob runs in us-west-2 but its model weights s3://models-hf-weights/mistral/ is in us-east-1',
    );
  });
});
