/**
 * A large serverless generative-AI app in the style of aws-samples generative-ai-use-cases: one
 * stack of many Lambda functions sharing one environment (the model region, a JSON list of model
 * ids, the account that owns the video bucket), only the predict functions allowed to call Bedrock,
 * and a CodeBuild project that deploys the app with `cdk deploy` into the model region.
 */
import { Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { loadPrices } from '../../lib/pricing/prices';
import { ACCOUNT, discovered, env, lint, newApp, only } from '../helpers';

// Models in use today (2026-12-01): an end-of-life id in the list would rightly be a ModelAvailability error.
const MODEL_IDS = [
  'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
  'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  'amazon.nova-pro-v1:0',
];
const PREDICT = ['Predict', 'PredictStream', 'PredictTitle', 'GenerateImage'];
const OTHERS = [
  'CreateChat',
  'ListChats',
  'FindChat',
  'DeleteChat',
  'CreateMessages',
  'ListMessages',
  'UpdateTitle',
  'CreateShare',
  'GetShare',
  'DeleteShare',
  'GetFileUploadUrl',
  'DeleteFile',
  'UpdateFeedback',
  'GetWebText',
  'ListSystemContexts',
  'CreateSystemContext',
];

function genAiApp(stackRegion: string, modelRegion: string) {
  const app = newApp();
  const stack = new Stack(app, 'GenerativeAiUseCases', { env: env(stackRegion) });
  const table = new dynamodb.Table(stack, 'Table', {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
  });
  const files = new s3.Bucket(stack, 'FileBucket');
  const environment = {
    MODEL_REGION: modelRegion,
    MODEL_IDS: JSON.stringify(MODEL_IDS),
    IMAGE_GENERATION_MODEL_IDS: JSON.stringify(['stability.sd3-5-large-v1:0']),
    TABLE_NAME: table.tableName,
    BUCKET_NAME: files.bucketName,
    VIDEO_BUCKET_OWNER: ACCOUNT,
    VIDEO_BUCKET_REGION: modelRegion,
  };
  const fn = (id: string) =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      environment,
    });
  for (const id of PREDICT) {
    fn(id).addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: ['*'],
      }),
    );
  }
  for (const id of OTHERS) {
    const f = fn(id);
    table.grantReadWriteData(f);
    if (id.includes('File')) files.grantReadWrite(f);
  }
  const deployer = new codebuild.Project(stack, 'DeployProject', {
    environment: {
      buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
      environmentVariables: {
        CDK_DEPLOY_REGION: { value: modelRegion },
        MODEL_REGION: { value: modelRegion },
      },
    },
    buildSpec: codebuild.BuildSpec.fromObject({
      version: '0.2',
      phases: { build: { commands: ['npx cdk deploy --all --require-approval never'] } },
    }),
  });
  deployer.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      resources: [`arn:aws:iam::${ACCOUNT}:role/cdk-*`],
    }),
  );
  return app;
}

describe('a generative-ai-use-cases style app with 20 Lambda functions', () => {
  test('in one region it reports nothing, and discovery saw the calls, the table and the bucket', () => {
    const app = genAiApp('us-east-1', 'us-east-1');
    const facts = discovered(app);
    expect(facts.compute.filter((c) => c.kind === 'lambda')).toHaveLength(20);
    expect(facts.compute.filter((c) => c.kind === 'codebuild')).toHaveLength(1);
    const byKind = (kind: string) => facts.flows.filter((f) => f.target.kind === kind);
    // Only the four predict functions call models: 4 functions x 3 listed models (+ the image model).
    expect(new Set(byKind('model').map((f) => f.source.name))).toEqual(
      new Set(PREDICT.map((id) => `GenerativeAiUseCases/${id}`)),
    );
    expect(byKind('model').every((f) => f.target.place.region === 'us-east-1')).toBe(true);
    // Every function names the table in its environment.
    expect(byKind('table')).toHaveLength(20);
    expect(new Set(byKind('bucket').map((f) => f.target.what))).toEqual(
      new Set(['bucket GenerativeAiUseCases/FileBucket']),
    );
    expect(byKind('bucket')).toHaveLength(20);
    // The account id is no bucket, and the deployer's region no model call.
    expect(facts.flows.some((f) => f.target.what.includes(ACCOUNT))).toBe(false);
    expect(facts.flows.some((f) => f.source.kind === 'codebuild')).toBe(false);
    expect(lint(app).findings).toEqual([]);
  });

  test('with the models in another region: one finding per calling function and region, priced by direction', () => {
    const report = lint(genAiApp('ap-northeast-1', 'us-east-1'));
    const findings = only(report, 'CrossRegionModelAccess');
    expect(report.findings.map((f) => f.ruleId)).toEqual(
      findings.map(() => 'BedrockRegions-CrossRegionModelAccess'),
    );
    expect(findings.map((f) => f.constructPath).sort()).toEqual(
      PREDICT.map((id) => `GenerativeAiUseCases/${id}/Resource`).sort(),
    );
    const predict = findings.find(
      (f) => f.constructPath === 'GenerativeAiUseCases/Predict/Resource',
    )!;
    expect(predict.message).toContain(
      'Lambda function GenerativeAiUseCases/Predict in ap-northeast-1 calls 4 models in us-east-1',
    );
    expect(predict.message).toContain('us.anthropic.claude-3-7-sonnet-20250219-v1:0');
    // Requests leave ap-northeast-1 at its own rate; responses leave us-east-1 at its rate.
    const transfer = predict.estimate!.lineItems.filter((i) => i.key.startsWith('transfer-'));
    expect(transfer.map((i) => [i.description, i.unitPriceUsd])).toEqual([
      [
        "inter-region transfer, requests ap-northeast-1 -> us-east-1 at ap-northeast-1's rate (calls to models in us-east-1)",
        0.09,
      ],
      [
        "inter-region transfer, responses us-east-1 -> ap-northeast-1 at us-east-1's rate (calls to models in us-east-1)",
        0.02,
      ],
    ]);
    // The call volume of one function is counted once, not once per model id: 1 GB split by
    // request and response sizes (2,500 of 2,800 tokens a call are sent).
    expect(transfer.map((i) => i.quantity)).toEqual([0.8929, 0.1071]);
    expect(predict.estimate!.monthlyUsd).toBeCloseTo(0.8929 * 0.09 + 0.1071 * 0.02, 3);
  });
});

describe('downloads by presigned URL from a bucket of the model region', () => {
  function filesApp(cors: boolean, publicRead = false) {
    const app = newApp();
    const files = new Stack(app, 'Files', { env: env('us-east-1'), crossRegionReferences: true });
    const bucket = new s3.Bucket(files, 'Videos', {
      cors: cors
        ? [{ allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT], allowedOrigins: ['*'] }]
        : undefined,
      ...(publicRead
        ? { publicReadAccess: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY }
        : {}),
    });
    const api = new Stack(app, 'Api', { env: env('ap-northeast-1'), crossRegionReferences: true });
    const signer = new lambda.Function(api, 'GetFileDownloadSignedUrl', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      environment: { BUCKET_NAME: bucket.bucketName },
    });
    bucket.grantRead(signer);
    return app;
  }

  const prices = loadPrices();

  test('a bucket whose CORS rules allow GET is priced as internet egress from its region', () => {
    const app = filesApp(true);
    expect(discovered(app).flows[0].target.browserDownloads).toContain('CORS rules allow GET');
    const [finding] = only(lint(app), 'CrossRegionDataAccess');
    const [item] = finding.estimate!.lineItems;
    expect(item.description).toBe(
      'internet egress, downloads from us-east-1 (its CORS rules allow GET: presigned-URL downloads) (bucket Files/Videos)',
    );
    expect(item.unitPriceUsd).toBe(prices.internetEgressRate('us-east-1')!.usd);
  });

  test('a public-read bucket is priced as internet egress from its region too', () => {
    const [finding] = only(lint(filesApp(false, true)), 'CrossRegionDataAccess');
    expect(finding.estimate!.lineItems[0].description).toBe(
      'internet egress, downloads from us-east-1 (its bucket policy lets anyone read it: public downloads) (bucket Files/Videos)',
    );
  });

  test('without CORS the reads are inter-region transfer sent by the bucket region', () => {
    const [finding] = only(lint(filesApp(false)), 'CrossRegionDataAccess');
    const [item] = finding.estimate!.lineItems;
    expect(item.description).toMatch(/^inter-region transfer, reads us-east-1 -> ap-northeast-1/);
    expect(item.unitPriceUsd).toBe(prices.interRegion('us-east-1', 'ap-northeast-1')!.usd);
  });
});
