#!/usr/bin/env node
/**
 * The demo app (PRODUCT.md section 8): a company whose S3 data lake lives in us-east-1 fine-tunes
 * Titan Multimodal Embeddings G1 and Nova Micro, and runs a RAG service in us-west-2 behind a NAT
 * gateway. Both base models accept new tuning jobs today per the catalog; every Llama model that
 * Bedrock fine-tunes is Legacy or end-of-life (data/overlay/models.yaml), so none is used here.
 * `npx cdk synth` fails on its placement mistakes; `npm run demo` prints the CLI report.
 */
import { App, Duration, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as oss from 'aws-cdk-lib/aws-opensearchserverless';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { BedrockRegionChecks } from '../lib';

const ACCOUNT = '123456789012';

class DataLakeStack extends Stack {
  readonly lake: s3.Bucket;
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.lake = new s3.Bucket(this, 'Lake', { removalPolicy: RemovalPolicy.RETAIN });
  }
}

interface TuningProps extends StackProps {
  readonly lake: s3.IBucket;
}

/** Fine-tuning pipelines in us-west-2: right for Titan, wrong for Nova, and both read the us-east-1 lake. */
class TuningStack extends Stack {
  constructor(scope: Construct, id: string, props: TuningProps) {
    super(scope, id, props);
    const artifacts = new s3.Bucket(this, 'Artifacts');
    this.tuningJob(
      'TitanTuning',
      bedrock.FoundationModelIdentifier.AMAZON_TITAN_EMBED_IMAGE_V1_0.modelId,
      props.lake,
      artifacts,
    );
    this.tuningJob(
      'NovaTuning',
      bedrock.FoundationModelIdentifier.AMAZON_NOVA_MICRO_V1_0_128_K.modelId,
      artifacts,
      artifacts,
    );
  }

  private tuningJob(id: string, modelId: string, training: s3.IBucket, output: s3.IBucket): void {
    const job = new tasks.BedrockCreateModelCustomizationJob(this, `${id}Job`, {
      baseModel: bedrock.FoundationModel.fromFoundationModelId(
        this,
        `${id}Base`,
        new bedrock.FoundationModelIdentifier(modelId),
      ),
      customModelName: `${id.toLowerCase()}-custom`,
      jobName: `${id.toLowerCase()}-job`,
      trainingData: { bucket: training, path: 'tuning/train.jsonl' },
      outputData: { bucket: output, path: `tuning/${id}/` },
      hyperParameters: { epochCount: '2', 'Evaluation percentage': '10' },
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
    });
    new sfn.StateMachine(this, id, {
      definitionBody: sfn.DefinitionBody.fromChainable(job),
      timeout: Duration.hours(24),
    });
  }
}

interface RagProps extends StackProps {
  readonly lake: s3.IBucket;
}

/** A knowledge base in us-west-2 over documents in the us-east-1 lake, and a retriever behind a NAT gateway. */
class RagStack extends Stack {
  constructor(scope: Construct, id: string, props: RagProps) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const collection = new oss.CfnCollection(this, 'Vectors', {
      name: 'rag-vectors',
      type: 'VECTORSEARCH',
    });
    const role = new iam.Role(this, 'KnowledgeBaseRole', {
      assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com'),
    });
    props.lake.grantRead(role);
    const embedding = bedrock.FoundationModel.fromFoundationModelId(
      this,
      'Embedding',
      bedrock.FoundationModelIdentifier.AMAZON_TITAN_EMBED_TEXT_V2_0,
    );
    const kb = new bedrock.CfnKnowledgeBase(this, 'KnowledgeBase', {
      name: 'docs',
      roleArn: role.roleArn,
      knowledgeBaseConfiguration: {
        type: 'VECTOR',
        vectorKnowledgeBaseConfiguration: { embeddingModelArn: embedding.modelArn },
      },
      storageConfiguration: {
        type: 'OPENSEARCH_SERVERLESS',
        opensearchServerlessConfiguration: {
          collectionArn: collection.attrArn,
          vectorIndexName: 'docs-index',
          fieldMapping: { vectorField: 'vector', textField: 'text', metadataField: 'metadata' },
        },
      },
    });
    new bedrock.CfnDataSource(this, 'Documents', {
      name: 'lake-documents',
      knowledgeBaseId: kb.attrKnowledgeBaseId,
      dataSourceConfiguration: {
        type: 'S3',
        s3Configuration: { bucketArn: props.lake.bucketArn, inclusionPrefixes: ['docs/'] },
      },
    });
    const retriever = new lambda.Function(this, 'Retriever', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      environment: {
        LAKE_BUCKET: props.lake.bucketName,
        KNOWLEDGE_BASE_ID: kb.attrKnowledgeBaseId,
      },
    });
    props.lake.grantRead(retriever);
    retriever.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:Retrieve'],
        resources: [kb.attrKnowledgeBaseArn],
      }),
    );
  }
}

const app = new App();
// Options come from the "cdk-bedrock-lint" key of cdk.json context, the same place the CLI reads them.
Validations.of(app).addPlugins(new BedrockRegionChecks(app));
const crossRegionReferences = true;
const dataLake = new DataLakeStack(app, 'DataLake', {
  env: { account: ACCOUNT, region: 'us-east-1' },
  crossRegionReferences,
});
new TuningStack(app, 'Tuning', {
  env: { account: ACCOUNT, region: 'us-west-2' },
  crossRegionReferences,
  lake: dataLake.lake,
});
new RagStack(app, 'Rag', {
  env: { account: ACCOUNT, region: 'us-west-2' },
  crossRegionReferences,
  lake: dataLake.lake,
});
app.synth();
