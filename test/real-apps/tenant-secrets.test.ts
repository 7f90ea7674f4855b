/**
 * Multi-tenant RAG in the style of public tenant-per-stack demos: a shared stack (a VPC with one
 * NAT gateway, an Aurora PostgreSQL cluster with the Data API), one stack per tenant (a documents
 * bucket, a knowledge base on the shared cluster, an agent, and a runtime secret whose JSON keys
 * hold the tenant's bucket name and resource ids), and one Fargate UI service per tenant whose
 * container reads those keys as ECS secrets (`ecs.Secret.fromSecretsManager(secret, 'docsBucketName')`).
 * A container secret's ValueFrom names the secret that holds the value, never the value itself.
 */
import { SecretValue, Stack } from 'aws-cdk-lib';
import * as cdkBedrock from 'aws-cdk-lib/aws-bedrock';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import { discovered, env, ids, lint, newApp, only } from '../helpers';

const TITAN_V2 = 'amazon.titan-embed-text-v2:0';
const NOVA_LITE = 'amazon.nova-lite-v1:0';

function sharedStack(stack: Stack) {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new rds.DatabaseCluster(stack, 'Database', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({
      version: rds.AuroraPostgresEngineVersion.VER_16_4,
    }),
    writer: rds.ClusterInstance.serverlessV2('Writer'),
    enableDataApi: true,
    vpc,
  });
  return { vpc, cluster };
}

function tenantStack(stack: Stack, cluster: rds.DatabaseCluster) {
  const docs = new s3.Bucket(stack, 'Docs');
  const kbRole = new iam.Role(stack, 'KbRole', {
    assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com'),
  });
  docs.grantRead(kbRole);
  cluster.grantDataApiAccess(kbRole);
  const kb = new cdkBedrock.CfnKnowledgeBase(stack, 'KnowledgeBase', {
    name: 'tenant-kb',
    roleArn: kbRole.roleArn,
    knowledgeBaseConfiguration: {
      type: 'VECTOR',
      vectorKnowledgeBaseConfiguration: {
        embeddingModelArn: `arn:aws:bedrock:${stack.region}::foundation-model/${TITAN_V2}`,
      },
    },
    storageConfiguration: {
      type: 'RDS',
      rdsConfiguration: {
        resourceArn: cluster.clusterArn,
        credentialsSecretArn: cluster.secret!.secretArn,
        databaseName: 'rag',
        tableName: 'vectors_tenant.bedrock_kb',
        fieldMapping: {
          primaryKeyField: 'id',
          vectorField: 'embedding',
          textField: 'chunks',
          metadataField: 'metadata',
        },
      },
    },
  });
  new cdkBedrock.CfnDataSource(stack, 'DataSource', {
    knowledgeBaseId: kb.attrKnowledgeBaseId,
    name: 'docs',
    dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: docs.bucketArn } },
  });
  const runtime = new secrets.Secret(stack, 'RuntimeSecret', {
    secretObjectValue: {
      docsBucketName: SecretValue.unsafePlainText(docs.bucketName),
      knowledgeBaseId: SecretValue.unsafePlainText(kb.attrKnowledgeBaseId),
    },
  });
  return { docs, runtime };
}

function uiStack(stack: Stack, vpc: ec2.IVpc, runtime: secrets.ISecret) {
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'TaskDefinition');
  runtime.grantRead(task.taskRole);
  task.taskRole.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:InvokeModel'],
      resources: [`arn:aws:bedrock:${stack.region}::foundation-model/${NOVA_LITE}`],
    }),
  );
  task.addContainer('Web', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
    environment: { CHAT_MODEL_ID: NOVA_LITE },
    secrets: {
      DOCS_BUCKET_NAME: ecs.Secret.fromSecretsManager(runtime, 'docsBucketName'),
      BEDROCK_KNOWLEDGE_BASE_ID: ecs.Secret.fromSecretsManager(runtime, 'knowledgeBaseId'),
    },
  });
  new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task });
}

function tenantApp() {
  const app = newApp();
  const shared = new Stack(app, 'SharedStack', { env: env('us-east-1') });
  const { vpc, cluster } = sharedStack(shared);
  const tenant = new Stack(app, 'TenantStack', { env: env('us-east-1') });
  const { runtime } = tenantStack(tenant, cluster);
  uiStack(new Stack(app, 'UIStack', { env: env('us-east-1') }), vpc, runtime);
  return app;
}

describe('a Fargate UI reading its tenant bucket name from a Secrets Manager secret', () => {
  test('the secret is not a bucket: the task reaches only its model, and no S3 flow crosses the NAT', () => {
    const app = tenantApp();
    const facts = discovered(app);
    const task = facts.compute.find((c) => c.kind === 'ecs-task')!;
    expect(task.settings.map((s) => s.label).sort()).toEqual([
      'environment variable CHAT_MODEL_ID',
      'secret BEDROCK_KNOWLEDGE_BASE_ID',
      'secret DOCS_BUCKET_NAME',
    ]);
    expect(task.placement.kind).toBe('vpc');
    const fromTask = facts.flows.filter((f) => f.source === task);
    // The role's grant and the variable both name the model; nothing names a bucket.
    expect(fromTask.map((f) => f.target.kind)).toEqual(['model', 'model']);
    expect(fromTask.map((f) => f.target.model?.modelId)).toEqual([NOVA_LITE, NOVA_LITE]);
    expect(facts.buckets.map((b) => [b.subject.stackId, b.subject.logicalId])).toEqual([
      ['TenantStack', expect.stringMatching(/^Docs/)],
    ]);
    expect(facts.knowledgeBases[0].store).toMatchObject({
      kind: 'RDS',
      place: { region: 'us-east-1' },
    });

    const report = lint(app);
    expect(report.findings.filter((f) => /RuntimeSecret/.test(f.message))).toEqual([]);
    // Only the model call crosses the NAT gateway (no bedrock-runtime interface endpoint).
    expect(ids(report)).toEqual(['NatGatewayDataPath']);
    expect(only(report, 'NatGatewayDataPath')[0].message).toMatch(
      /^ECS task UIStack\/TaskDefinition in us-east-1 reaches bedrock-runtime through NAT gateway \S+: foundation-model amazon\.nova-lite-v1:0 in us-east-1/,
    );
  });
});
