/**
 * Knowledge-base sync in the style of bedrock-chat's per-bot knowledge-base stack: the stack
 * creates the knowledge base and its S3 data source, then starts ingestion with an
 * `AwsCustomResource` call to `bedrock-agent` (or a Lambda granted `bedrock:StartIngestionJob`).
 */
import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { fn } from '../flow-helpers';
import { discovered, env, ids, lint, newApp, only, ossKnowledgeBase, sdkCall } from '../helpers';

const TITAN_V2 = 'amazon.titan-embed-text-v2:0';

function knowledgeBase(stack: Stack): bedrock.CfnKnowledgeBase {
  const embedding = `arn:aws:bedrock:${stack.region}::foundation-model/${TITAN_V2}`;
  return ossKnowledgeBase(stack, embedding, 'BotKb');
}

function startIngestion(
  scope: Construct,
  ids: { knowledgeBaseId: string; dataSourceId: string },
  region?: string,
) {
  return sdkCall(scope, 'StartIngestion', {
    service: 'bedrock-agent',
    action: 'startIngestionJob',
    ...(region ? { region } : {}),
    parameters: ids,
    physicalResourceId: cr.PhysicalResourceId.fromResponse('ingestionJob.ingestionJobId'),
  });
}

/** The per-bot stack in us-east-1: knowledge base, S3 data source, and the sync call. */
function botApp(
  callRegion?: string | ((stack: Stack) => string),
  stackRegion: string | null = 'us-east-1',
) {
  const app = newApp();
  const stack = new Stack(app, 'BotKb', { env: stackRegion ? env(stackRegion) : undefined });
  const kb = knowledgeBase(stack);
  const docs = new s3.Bucket(stack, 'Documents');
  const ds = new bedrock.CfnDataSource(stack, 'Docs', {
    name: 'docs',
    knowledgeBaseId: kb.attrKnowledgeBaseId,
    dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: docs.bucketArn } },
  });
  const region = typeof callRegion === 'function' ? callRegion(stack) : callRegion;
  startIngestion(
    stack,
    { knowledgeBaseId: kb.attrKnowledgeBaseId, dataSourceId: ds.attrDataSourceId },
    region,
  );
  return app;
}

describe('StartIngestionJob calls', () => {
  test('a sync call in the knowledge base region reports nothing; discovery saw the call, its knowledge base and data source', () => {
    const app = botApp();
    const facts = discovered(app);
    expect(facts.ingestionCalls).toHaveLength(1);
    expect(facts.ingestionCalls[0]).toMatchObject({
      origin: 'custom-resource',
      place: { region: 'us-east-1' },
      knowledgeBaseRef: { stackId: 'BotKb', logicalId: 'BotKb' },
      dataSourceRef: { stackId: 'BotKb', logicalId: 'Docs' },
      knowledgeBase: { subject: { logicalId: 'BotKb' }, place: { region: 'us-east-1' } },
      evidence: 'call parameter knowledgeBaseId',
    });
    const report = lint(app);
    expect(report.findings).toEqual([]);
    expect(
      report.inventory?.find((r) => r.constructPath?.startsWith('BotKb/StartIngestion')),
    ).toMatchObject({
      kind: 'compute',
      region: 'us-east-1',
    });
  });

  test('a sync call sent to another region is a KnowledgeBaseDataRegion error: the knowledge base is not found there', () => {
    const report = lint(botApp('us-west-2'));
    expect(ids(report)).toEqual(['KnowledgeBaseDataRegion']);
    const [finding] = report.findings;
    expect(finding.severity).toBe('error');
    expect(finding.regions).toEqual({ resource: 'us-west-2', peer: 'us-east-1' });
    expect(finding.constructPath).toBe('BotKb/StartIngestion/Resource/Default');
    expect(finding.message).toBe(
      'Custom resource BotKb/StartIngestion/Resource starts ingestion in us-west-2 (the call\'s "region") for knowledge base BotKb/BotKb in us-east-1 (call parameter knowledgeBaseId). Knowledge bases are regional, so the call does not find it and fails (ResourceNotFoundException: The specified resource Amazon Resource Name (ARN) was not found.).',
    );
  });

  test('a call region that is not known at synth time is UnresolvedRegion', () => {
    const app = botApp((stack) => new CfnParameter(stack, 'SyncRegion').valueAsString);
    expect(discovered(app).ingestionCalls[0].place.region).toBeNull();
    const [gap] = only(lint(app), 'UnresolvedRegion');
    expect(gap.message).toContain(
      'whether the ingestion call and its knowledge base share a region',
    );
  });

  test('in an environment-agnostic stack a call to its own knowledge base is no gap: they share the region', () => {
    const app = botApp(undefined, null);
    const [call] = discovered(app).ingestionCalls;
    expect(call.place.region).toBeNull();
    expect(call.knowledgeBase?.place.region).toBeNull();
    const gaps = only(lint(app), 'UnresolvedRegion').map((f) => f.message);
    // The embedding model's availability is still unknown there; the sync call is not.
    expect(gaps.join(' ')).not.toContain('StartIngestionJob');
    expect(gaps.join(' ')).not.toContain('ingestion call');
  });

  test('a Lambda granted bedrock:StartIngestionJob in another region than the knowledge base its environment names is an error; one granted only bedrock:* is a reader, not a sync', () => {
    const app = newApp();
    const kbStack = new Stack(app, 'Kb', { env: env('us-east-1'), crossRegionReferences: true });
    const kb = knowledgeBase(kbStack);
    const ops = new Stack(app, 'Ops', { env: env('us-west-2'), crossRegionReferences: true });
    const sync = fn(ops, 'Sync', { KNOWLEDGE_BASE_ID: kb.attrKnowledgeBaseId });
    sync.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:StartIngestionJob'],
        resources: [kb.attrKnowledgeBaseArn],
      }),
    );
    const reader = fn(ops, 'Reader', { KB_ID: kb.attrKnowledgeBaseId });
    reader.addToRolePolicy(new iam.PolicyStatement({ actions: ['bedrock:*'], resources: ['*'] }));
    const facts = discovered(app);
    expect(
      facts.ingestionCalls.map((c) => [
        c.origin,
        c.subject.logicalId,
        c.place.region,
        c.knowledgeBase?.subject.logicalId,
      ]),
    ).toEqual([['lambda', expect.stringMatching(/^Sync/), 'us-west-2', 'BotKb']]);
    const [finding] = only(lint(app), 'KnowledgeBaseDataRegion');
    expect(finding.message).toContain(
      'Lambda function Ops/Sync starts ingestion in us-west-2 (stack Ops) for knowledge base Kb/BotKb in us-east-1 (environment variable KNOWLEDGE_BASE_ID)',
    );
  });

  test('a Lambda whose StartIngestionJob grant names the knowledge base (no environment) is the same sync call', () => {
    const app = newApp();
    const kbStack = new Stack(app, 'Kb', { env: env('us-east-1'), crossRegionReferences: true });
    const kb = knowledgeBase(kbStack);
    const ops = new Stack(app, 'Ops', { env: env('us-west-2'), crossRegionReferences: true });
    fn(ops, 'Sync').addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:StartIngestionJob', 'bedrock:GetIngestionJob'],
        resources: [kb.attrKnowledgeBaseArn],
      }),
    );
    expect(discovered(app).ingestionCalls).toMatchObject([
      {
        origin: 'lambda',
        place: { region: 'us-west-2' },
        knowledgeBase: { subject: { logicalId: 'BotKb' } },
        evidence: 'IAM bedrock:StartIngestionJob',
      },
    ]);
    const report = lint(app);
    expect(ids(report)).toEqual(['KnowledgeBaseDataRegion']);
    expect(report.findings[0].message).toContain(
      'Lambda function Ops/Sync starts ingestion in us-west-2 (stack Ops) for knowledge base Kb/BotKb in us-east-1 (IAM bedrock:StartIngestionJob)',
    );
  });

  test('a state machine syncing through the bedrockagent SDK task in another region than the knowledge base is an error, and no model call', () => {
    const app = newApp();
    const kbStack = new Stack(app, 'Kb', { env: env('us-east-1'), crossRegionReferences: true });
    const kb = knowledgeBase(kbStack);
    const ds = new bedrock.CfnDataSource(kbStack, 'Docs', {
      name: 'docs',
      knowledgeBaseId: kb.attrKnowledgeBaseId,
      dataSourceConfiguration: {
        type: 'S3',
        s3Configuration: { bucketArn: new s3.Bucket(kbStack, 'Documents').bucketArn },
      },
    });
    const pipeline = new Stack(app, 'Embedding', {
      env: env('eu-west-1'),
      crossRegionReferences: true,
    });
    const sync = new tasks.CallAwsService(pipeline, 'StartSync', {
      service: 'bedrockagent',
      action: 'startIngestionJob',
      iamResources: [kb.attrKnowledgeBaseArn],
      parameters: { KnowledgeBaseId: kb.attrKnowledgeBaseId, DataSourceId: ds.attrDataSourceId },
    });
    new sfn.StateMachine(pipeline, 'Sync', {
      definitionBody: sfn.DefinitionBody.fromChainable(sync),
    });
    const facts = discovered(app);
    expect(facts.ingestionCalls).toMatchObject([
      {
        origin: 'step-functions-sdk',
        place: { region: 'eu-west-1' },
        knowledgeBase: { subject: { logicalId: 'BotKb' }, place: { region: 'us-east-1' } },
        evidence: 'state "StartSync" KnowledgeBaseId',
      },
    ]);
    const report = lint(app);
    // The sync is not a retrieval: no CrossRegionModelAccess on the knowledge base as well.
    expect(ids(report)).toEqual(['KnowledgeBaseDataRegion']);
    expect(report.findings[0].message).toContain(
      'State machine Embedding/Sync starts ingestion in eu-west-1 (stack Embedding) for knowledge base Kb/BotKb in us-east-1',
    );
  });

  test('ingestion links a custom-resource data source to its knowledge base when its own link is not readable', () => {
    const app = newApp();
    const docsStack = new Stack(app, 'Docs', {
      env: env('eu-west-1'),
      crossRegionReferences: true,
    });
    const docs = new s3.Bucket(docsStack, 'Documents');
    const stack = new Stack(app, 'BotKb', { env: env('us-east-1'), crossRegionReferences: true });
    const kb = knowledgeBase(stack);
    // The bot stack reads the knowledge base id from SSM: no reference links the data source to it.
    const kbId = ssm.StringParameter.valueForStringParameter(stack, '/bot/kb-id');
    const createDs = sdkCall(stack, 'CreateDataSource', {
      service: 'bedrock-agent',
      action: 'createDataSource',
      parameters: {
        knowledgeBaseId: kbId,
        name: 'docs',
        dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: docs.bucketArn } },
      },
      physicalResourceId: cr.PhysicalResourceId.fromResponse('dataSource.dataSourceId'),
    });
    startIngestion(stack, {
      knowledgeBaseId: kb.attrKnowledgeBaseId,
      dataSourceId: createDs.getResponseField('dataSource.dataSourceId'),
    });
    const facts = discovered(app);
    expect(facts.knowledgeBases[0].dataSources.map((ds) => ds.subject.logicalId)).toEqual([
      expect.stringMatching(/^CreateDataSource/),
    ]);
    const [finding] = only(lint(app), 'KnowledgeBaseDataRegion');
    expect(finding.regions).toEqual({ resource: 'us-east-1', peer: 'eu-west-1' });
    expect(finding.message).toContain('of knowledge base BotKb (us-east-1) reads bucket');
  });
});
