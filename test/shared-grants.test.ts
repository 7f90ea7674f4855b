import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import { fn } from './flow-helpers';
import { discovered, env, newApp } from './helpers';

/**
 * Discovery derives what a grant or setting says once and shares it between the functions that
 * carry the same one: the same text in another stack, or naming another bucket, is another grant.
 */
describe('grants and settings shared by many functions', () => {
  const app = newApp();
  const east = new Stack(app, 'East', { env: env('us-east-1') });
  const west = new Stack(app, 'West', { env: env('us-west-2') });
  for (const stack of [east, west]) {
    // The same logical ids in both stacks: identical template text, different resources.
    const data = new s3.Bucket(stack, 'Data');
    const other = new s3.Bucket(stack, 'Other');
    const key = new secrets.Secret(stack, 'OpenAiKey', { secretName: `${stack.stackName}/openai` });
    for (const id of ['A', 'B']) {
      const f = fn(stack, id, { DATA_BUCKET: data.bucketName, MODEL_ID: 'amazon.nova-micro-v1:0' });
      data.grantRead(f);
      key.grantRead(f);
    }
    other.grantRead(fn(stack, 'C', { DATA_BUCKET: other.bucketName }));
  }
  const facts = discovered(app);

  test('each function reaches the bucket of its own stack, once, with all its evidence', () => {
    const buckets = facts.flows
      .filter((f) => f.target.kind === 'bucket')
      .map((f) => [f.source.name, f.target.what, f.target.place.region, f.evidence.length]);
    expect(buckets).toEqual([
      ['East/A', 'bucket East/Data', 'us-east-1', 2],
      ['East/B', 'bucket East/Data', 'us-east-1', 2],
      ['East/C', 'bucket East/Other', 'us-east-1', 2],
      ['West/A', 'bucket West/Data', 'us-west-2', 2],
      ['West/B', 'bucket West/Data', 'us-west-2', 2],
      ['West/C', 'bucket West/Other', 'us-west-2', 2],
    ]);
    const models = facts.flows.filter((f) => f.target.kind === 'model');
    expect(models.map((f) => [f.source.name, f.target.place.region])).toEqual([
      ['East/A', 'us-east-1'],
      ['East/B', 'us-east-1'],
      ['West/A', 'us-west-2'],
      ['West/B', 'us-west-2'],
    ]);
  });

  test('a secret read shared by two roles is found for each, named by its own stack', () => {
    expect(
      facts.externalProviders.map((p) => [p.subject.logicalId.slice(0, 1), p.evidence]),
    ).toEqual([
      ['A', 'IAM read of secret East/openai'],
      ['B', 'IAM read of secret East/openai'],
      ['A', 'IAM read of secret West/openai'],
      ['B', 'IAM read of secret West/openai'],
    ]);
  });
});
