/**
 * Apps that split their resources into NestedStacks (as aiops-modules and bedrock-chat do): the
 * nested templates are read in the parent's region, with parameters passed from the parent.
 */
import { NestedStack, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { fn } from '../flow-helpers';
import { discovered, env, ids, lint, LLAMA, newApp, NOVA_MICRO, only, tuningJob } from '../helpers';

class TuningStack extends NestedStack {
  constructor(scope: Construct, id: string, model: string, data: s3.IBucket) {
    super(scope, id);
    tuningJob(this, 'Tuning', model, data);
  }
}

class StorageStack extends NestedStack {
  readonly bucket: s3.Bucket;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Documents');
  }
}

function platform(model: string) {
  const app = newApp();
  const stack = new Stack(app, 'Platform', { env: env('us-west-2') });
  const data = new s3.Bucket(stack, 'Data');
  new TuningStack(stack, 'Jobs', model, data);
  return app;
}

describe('NestedStack templates', () => {
  test('a Nova tuning job in a nested stack of a us-west-2 stack is an error naming the nested stack', () => {
    const app = platform(NOVA_MICRO);
    const [work] = discovered(app).work;
    expect(work.subject.stackId).toBe('Platform/Jobs');
    expect(work.place).toMatchObject({ region: 'us-west-2' });
    const [finding] = only(lint(app), 'CustomizationModelRegion');
    expect(finding).toMatchObject({
      severity: 'error',
      stack: 'Platform/Jobs',
      constructPath: 'Platform/Jobs/Tuning/Resource',
      location: { file: 'test/helpers.ts' },
    });
  });

  test('a Llama job there reads the bucket the parent passes as a parameter, and reports nothing', () => {
    const app = platform(LLAMA);
    const [work] = discovered(app).work;
    // The parameter resolves to the parent's bucket: its region is known, not "set at deploy time".
    expect(work.data.map((d) => [d.role, d.place.region, d.place.resource?.stackId])).toEqual([
      ['training', 'us-west-2', 'Platform'],
      ['output', 'us-west-2', 'Platform'],
    ]);
    expect(ids(lint(app))).toEqual([]);
  });

  test("a parent's Lambda reading a nested stack's bucket through its output finds the bucket", () => {
    const app = newApp();
    const stack = new Stack(app, 'Chat', { env: env('us-east-1') });
    const storage = new StorageStack(stack, 'Storage');
    storage.bucket.grantRead(
      fn(stack, 'Retriever', { DOCUMENTS_BUCKET: storage.bucket.bucketName }),
    );
    const flows = discovered(app).flows;
    expect(flows.map((f) => [f.target.what, f.target.place.region])).toEqual([
      ['bucket Chat/Storage/Documents', 'us-east-1'],
    ]);
    expect(ids(lint(app))).toEqual([]);
  });
});
