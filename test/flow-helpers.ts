import { Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { env, LakeStack, newApp } from './helpers';

/** A Lambda function as application teams write one; `vpc` puts it in private subnets. */
export function fn(
  scope: Construct,
  id: string,
  environment: Record<string, string> = {},
  vpc?: ec2.IVpc,
): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    environment,
    vpc,
    vpcSubnets: vpc ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : undefined,
  });
}

/** The default VPC shape that bills NAT: one NAT gateway, private subnets, no endpoints. */
export function natVpc(stack: Stack, id = 'Vpc'): ec2.Vpc {
  return new ec2.Vpc(stack, id, { maxAzs: 2, natGateways: 1 });
}

/** A us-east-1 lake read by a us-west-2 Lambda in private subnets behind one NAT gateway. */
export function natApp(region = 'us-west-2', lakeRegion = 'us-east-1') {
  const app = newApp();
  const lake = new LakeStack(app, 'DataLake', {
    env: env(lakeRegion),
    crossRegionReferences: true,
  });
  const stack = new Stack(app, 'Rag', { env: env(region), crossRegionReferences: true });
  const reader = fn(stack, 'Retriever', { LAKE_BUCKET: lake.bucket.bucketName }, natVpc(stack));
  lake.bucket.grantRead(reader);
  return { app, stack, lake };
}

/** A flow node "Search" that retrieves from a knowledge base and reranks with the model at `rerankModelArn`. */
export function rerankingSearchNode(rerankModelArn: string): bedrock.CfnFlow.FlowNodeProperty {
  return {
    name: 'Search',
    type: 'KnowledgeBase',
    configuration: {
      knowledgeBase: {
        knowledgeBaseId: 'KB12345678',
        modelId: 'amazon.nova-pro-v1:0',
        rerankingConfiguration: {
          type: 'BEDROCK_RERANKING_MODEL',
          bedrockRerankingConfiguration: { modelConfiguration: { modelArn: rerankModelArn } },
        },
      },
    },
  };
}
