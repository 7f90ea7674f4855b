/**
 * Representative apps, synthesized once per process: the assemblies the fuzzer mutates. Each is
 * a real `cdk.out` written by aws-cdk-lib, so mutations start from what users actually lint.
 */
import { CfnCondition, CfnMapping, CfnOutput, CfnParameter, Fn, Stack, Stage } from 'aws-cdk-lib';
import * as cdkBedrock from 'aws-cdk-lib/aws-bedrock';
import * as oss from 'aws-cdk-lib/aws-opensearchserverless';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { natApp } from '../flow-helpers';
import {
  customResourceTuningJob,
  env,
  LakeStack,
  LLAMA,
  newApp,
  NOVA_MICRO,
  sdkTuningJob,
  tuningJob,
} from '../helpers';

export interface FuzzApp {
  readonly name: string;
  /** The synthesized cloud assembly directory; never modified (cases mutate copies). */
  readonly directory: string;
}

/** Demo-like: a us-east-1 lake, tuning jobs in us-west-2 (one wrong), cross-region references. */
function tuningApp(): string {
  const app = newApp();
  const lake = new LakeStack(app, 'DataLake', {
    env: env('us-east-1'),
    crossRegionReferences: true,
  });
  const stack = new Stack(app, 'Tuning', { env: env('us-west-2'), crossRegionReferences: true });
  const artifacts = new s3.Bucket(stack, 'Artifacts');
  tuningJob(stack, 'Llama', LLAMA, lake.bucket, artifacts);
  tuningJob(stack, 'Nova', NOVA_MICRO, lake.bucket, artifacts);
  customResourceTuningJob(stack, {
    region: 'us-east-1',
    baseModelArn: `arn:aws:bedrock:us-east-1::foundation-model/${NOVA_MICRO}`,
    bucketName: artifacts.bucketName,
  });
  return app.synth().directory;
}

/** A knowledge base with an OpenSearch Serverless store and an S3 data source, with parameters, conditions and mappings. */
function knowledgeBaseApp(): string {
  const app = newApp();
  const stack = new Stack(app, 'Rag', { env: env('us-east-1') });
  const stage = new CfnParameter(stack, 'Stage', { type: 'String', default: 'prod' });
  const isProd = new CfnCondition(stack, 'IsProd', {
    expression: Fn.conditionEquals(stage.valueAsString, 'prod'),
  });
  const regions = new CfnMapping(stack, 'Regions', {
    mapping: { prod: { model: 'us-east-1' }, test: { model: 'us-west-2' } },
  });
  const docs = new s3.Bucket(stack, 'Docs');
  const collection = new oss.CfnCollection(stack, 'Vectors', { name: 'v', type: 'VECTORSEARCH' });
  const kb = new cdkBedrock.CfnKnowledgeBase(stack, 'Kb', {
    name: 'kb',
    roleArn: 'arn:aws:iam::123456789012:role/kb',
    knowledgeBaseConfiguration: {
      type: 'VECTOR',
      vectorKnowledgeBaseConfiguration: {
        embeddingModelArn: `arn:aws:bedrock:${regions.findInMap('prod', 'model')}::foundation-model/amazon.titan-embed-text-v2:0`,
      },
    },
    storageConfiguration: {
      type: 'OPENSEARCH_SERVERLESS',
      opensearchServerlessConfiguration: {
        collectionArn: collection.attrArn,
        vectorIndexName: Fn.conditionIf(isProd.logicalId, 'prod-idx', 'test-idx').toString(),
        fieldMapping: { vectorField: 'v', textField: 't', metadataField: 'm' },
      },
    },
  });
  new cdkBedrock.CfnDataSource(stack, 'Source', {
    name: 'docs',
    knowledgeBaseId: kb.attrKnowledgeBaseId,
    dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: docs.bucketArn } },
  });
  return app.synth().directory;
}

/** Environment-agnostic stacks in a Stage (a nested assembly): imports, an SDK-integration job. */
function stageApp(): string {
  const app = newApp();
  const stage = new Stage(app, 'Prod');
  const lake = new Stack(stage, 'Lake');
  const bucket = new s3.Bucket(lake, 'Lake');
  new CfnOutput(lake, 'LakeName', { value: bucket.bucketName, exportName: 'lake-name' });
  const stack = new Stack(stage, 'Jobs');
  sdkTuningJob(stack, {
    base: LLAMA,
    training: { S3Uri: Fn.join('', ['s3://', Fn.importValue('lake-name'), '/t']) },
    output: { 'S3Uri.$': '$.outputUri' },
  });
  return app.synth().directory;
}

let cached: FuzzApp[] | undefined;

/** The apps, synthesized on first use. */
export function fuzzApps(): FuzzApp[] {
  cached ??= [
    { name: 'tuning', directory: tuningApp() },
    { name: 'knowledge-base', directory: knowledgeBaseApp() },
    { name: 'vpc-nat', directory: natApp().app.synth().directory },
    { name: 'stage', directory: stageApp() },
  ];
  return cached;
}
