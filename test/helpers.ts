import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as oss from 'aws-cdk-lib/aws-opensearchserverless';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { readCloudAssembly } from '../lib/assembly/read-cloud-assembly';
import { discover } from '../lib/discover';
import { Facts } from '../lib/discover/facts';
import { analyzeAssembly } from '../lib/engine/analyze';
import { Locator } from '../lib/resolve/locate';
import { Resolver } from '../lib/resolve/resolver';
import { LintOptions } from '../lib/options';
import { Finding, Report } from '../lib/report/types';

// CDK's own CloudFormation Validate plugin costs seconds per synth and is not under test here.
process.env.CDK_VALIDATION = 'false';

export const ACCOUNT = '123456789012';
export const NOW = new Date('2026-11-21T12:00:00Z');

export function env(region: string): StackProps['env'] {
  return { account: ACCOUNT, region };
}

/** A fresh App writing to a temp dir, with AZ context so VPCs synthesize offline. */
export function newApp(): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-test-'));
  // No stack bundles assets: construct libraries that bundle with Docker synthesize offline too.
  const context: Record<string, unknown> = {
    '@aws-cdk/core:defaultCrossStackReferences': 'strong',
    'aws:cdk:bundling-stacks': [],
  };
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1']) {
    context[`availability-zones:account=${ACCOUNT}:region=${region}`] = [
      `${region}a`,
      `${region}b`,
      `${region}c`,
    ];
  }
  return new App({ outdir, context });
}

/**
 * Synthesizes the app for real and lints its cloud assembly. The informational CustomizationCost
 * and NatGatewayCost findings are off unless `options.rules` turns them on: placement tests assert
 * placement findings, and the cost rules have tests of their own.
 */
export function lint(app: App, options: LintOptions = {}, now = NOW): Report {
  const assembly = app.synth();
  const rules = {
    CustomizationCost: 'off' as const,
    NatGatewayCost: 'off' as const,
    ...options.rules,
  };
  return analyzeAssembly(
    assembly.directory,
    { ...options, rules },
    { now, root: path.join(__dirname, '..') },
  );
}

/**
 * What discovery found in the synthesized app, so a compliant case proves the resources were
 * seen and placed, not merely that nothing was reported.
 */
export function discovered(app: App, options: LintOptions = {}): Facts {
  const resolver = new Resolver(readCloudAssembly(app.synth().directory));
  return discover(resolver.app, resolver, new Locator(resolver, options.externalResources));
}

export function ids(report: Report): string[] {
  return report.findings.map((f) => f.ruleId.replace('BedrockRegions-', '')).sort();
}

export function only(report: Report, rule: string): Finding[] {
  return report.findings.filter((f) => f.ruleId === `BedrockRegions-${rule}`);
}

/** A Step Functions fine-tuning job, as application teams write it. */
export function tuningJob(
  scope: Construct,
  id: string,
  modelId: string,
  training: s3.IBucket,
  output: s3.IBucket = training,
): sfn.StateMachine {
  const job = new tasks.BedrockCreateModelCustomizationJob(scope, `${id}Task`, {
    baseModel: bedrock.FoundationModel.fromFoundationModelId(
      scope,
      `${id}Model`,
      new bedrock.FoundationModelIdentifier(modelId),
    ),
    customModelName: `${id}-model`,
    jobName: `${id}-job`,
    trainingData: { bucket: training, path: 'train.jsonl' },
    outputData: { bucket: output, path: 'out/' },
    hyperParameters: { 'Evaluation percentage': '10' },
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
  });
  return new sfn.StateMachine(scope, id, { definitionBody: sfn.DefinitionBody.fromChainable(job) });
}

export const LLAMA = 'meta.llama3-3-70b-instruct-v1:0:128k';
export const NOVA_MICRO = 'amazon.nova-micro-v1:0:128k';
/** Active and fine-tunable in us-west-2 on 2026-12-01 (the Llama 3.x models are Legacy). */
export const TITAN_MM_EMBEDDINGS = 'amazon.titan-embed-image-v1:0';

export class LakeStack extends Stack {
  readonly bucket: s3.Bucket;
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.bucket = new s3.Bucket(this, 'Lake');
  }
}

/** A customization job through a Step Functions SDK integration (`CallAwsService`). */
export function sdkTuningJob(
  scope: Construct,
  request: { base: string; training: Record<string, unknown>; output?: Record<string, unknown> },
): sfn.StateMachine {
  const call = new tasks.CallAwsService(scope, 'Tune', {
    service: 'bedrock',
    action: 'createModelCustomizationJob',
    iamResources: ['*'],
    parameters: {
      JobName: 'j',
      CustomModelName: 'm',
      RoleArn: 'arn:aws:iam::123456789012:role/r',
      BaseModelIdentifier: request.base,
      TrainingDataConfig: request.training,
      OutputDataConfig: request.output ?? {
        S3Uri: new s3.Bucket(scope, 'Out').s3UrlForObject('out/'),
      },
    },
  });
  return new sfn.StateMachine(scope, 'Sdk', {
    definitionBody: sfn.DefinitionBody.fromChainable(call),
  });
}

/** A customization job started by an `AwsCustomResource` call in another region (AWS-FACTS §2.4). */
export function customResourceTuningJob(
  scope: Construct,
  call: { region: string; baseModelArn: string; bucketName: string },
): AwsCustomResource {
  return new AwsCustomResource(scope, 'FTJob', {
    onCreate: {
      service: 'Bedrock',
      action: 'CreateModelCustomizationJob',
      region: call.region,
      parameters: {
        jobName: 'nova-ft',
        customModelName: 'nova-custom',
        roleArn: 'arn:aws:iam::123456789012:role/r',
        baseModelIdentifier: call.baseModelArn,
        trainingDataConfig: { s3Uri: `s3://${call.bucketName}/train.jsonl` },
        outputDataConfig: { s3Uri: `s3://${call.bucketName}/out/` },
      },
      physicalResourceId: PhysicalResourceId.fromResponse('jobArn'),
    },
    policy: AwsCustomResourcePolicy.fromSdkCalls({
      resources: AwsCustomResourcePolicy.ANY_RESOURCE,
    }),
  });
}

/** An `AwsCustomResource` making one SDK call on create, as stacks start Bedrock work themselves. */
export function sdkCall(
  scope: Construct,
  id: string,
  call: {
    service: string;
    action: string;
    region?: string;
    parameters: Record<string, unknown>;
    physicalResourceId?: PhysicalResourceId;
  },
): AwsCustomResource {
  const { physicalResourceId = PhysicalResourceId.of(id), ...rest } = call;
  return new AwsCustomResource(scope, id, {
    onCreate: { ...rest, physicalResourceId },
    policy: AwsCustomResourcePolicy.fromSdkCalls({
      resources: AwsCustomResourcePolicy.ANY_RESOURCE,
    }),
  });
}

/** A vector knowledge base on an OpenSearch Serverless collection (`Vectors`) of its scope. */
export function ossKnowledgeBase(
  scope: Construct,
  embeddingModelArn: string,
  id = 'Kb',
): bedrock.CfnKnowledgeBase {
  const collection = new oss.CfnCollection(scope, 'Vectors', {
    name: 'vectors',
    type: 'VECTORSEARCH',
  });
  return new bedrock.CfnKnowledgeBase(scope, id, {
    name: 'kb',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/kb`,
    knowledgeBaseConfiguration: {
      type: 'VECTOR',
      vectorKnowledgeBaseConfiguration: { embeddingModelArn },
    },
    storageConfiguration: {
      type: 'OPENSEARCH_SERVERLESS',
      opensearchServerlessConfiguration: {
        collectionArn: collection.attrArn,
        vectorIndexName: 'idx',
        fieldMapping: { vectorField: 'v', textField: 't', metadataField: 'm' },
      },
    },
  });
}

/** A text prompt of Prompt management: one variant, "v1", on the model. */
export function textPrompt(stack: Stack, id: string, modelId: string): bedrock.CfnPrompt {
  return new bedrock.CfnPrompt(stack, id, {
    name: id.toLowerCase(),
    variants: [
      {
        name: 'v1',
        templateType: 'TEXT',
        modelId,
        templateConfiguration: { text: { text: 'Hello {{name}}' } },
      },
    ],
  });
}
