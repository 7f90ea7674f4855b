/**
 * Constructs written here in the style of construct libraries that create Bedrock resources
 * through custom resources before CloudFormation supports them (cdk-s3-vectors and similar): a
 * vector bucket and an index through `AwsCustomResource` calls to S3 Vectors with a `region`, and
 * a knowledge base through a provider-backed `CustomResource` with the API's camelCase keys.
 */
import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export class VectorBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  constructor(scope: Construct, id: string, props: { bucketName: string; region?: string }) {
    super(scope, id);
    const region = props.region ?? Stack.of(this).region;
    const call = new cr.AwsCustomResource(this, 'VectorBucketResource', {
      onCreate: {
        service: 'S3Vectors',
        action: 'createVectorBucket',
        parameters: { vectorBucketName: props.bucketName },
        physicalResourceId: cr.PhysicalResourceId.of(props.bucketName),
        region,
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
        resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE,
      }),
      installLatestAwsSdk: false,
    });
    this.bucketName = props.bucketName;
    this.bucketArn = call.getResponseField('VectorBucketArn');
  }
}

export class VectorIndex extends Construct {
  readonly indexArn: string;
  constructor(
    scope: Construct,
    id: string,
    props: { bucket: VectorBucket; indexName: string; dimension: number; region?: string },
  ) {
    super(scope, id);
    const call = new cr.AwsCustomResource(this, 'VectorIndexResource', {
      onCreate: {
        service: 'S3Vectors',
        action: 'createIndex',
        parameters: {
          vectorBucketName: props.bucket.bucketName,
          indexName: props.indexName,
          dataType: 'float32',
          dimension: props.dimension,
          distanceMetric: 'cosine',
        },
        physicalResourceId: cr.PhysicalResourceId.of(props.indexName),
        region: props.region ?? Stack.of(this).region,
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
        resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE,
      }),
      installLatestAwsSdk: false,
    });
    this.indexArn = call.getResponseField('IndexArn');
  }
}

export class VectorKnowledgeBase extends Construct {
  readonly knowledgeBaseId: string;
  constructor(
    scope: Construct,
    id: string,
    props: {
      name: string;
      embeddingModelArn: string;
      bucket: VectorBucket;
      index: VectorIndex;
      /** Use the generic type (`AWS::CloudFormation::CustomResource`) or `Custom::<name>`. */
      resourceType?: string;
    },
  ) {
    super(scope, id);
    const role = new iam.Role(this, 'KnowledgeBaseRole', {
      assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com'),
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:InvokeModel'],
        resources: [props.embeddingModelArn],
      }),
    );
    const handler = new lambda.Function(this, 'CreateKnowledgeBase', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      timeout: Duration.minutes(5),
    });
    handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:CreateKnowledgeBase', 'iam:PassRole'],
        resources: ['*'],
      }),
    );
    const provider = new cr.Provider(this, 'Provider', { onEventHandler: handler });
    const resource = new CustomResource(this, 'KnowledgeBase', {
      serviceToken: provider.serviceToken,
      resourceType: props.resourceType,
      properties: {
        knowledgeBaseName: props.name,
        roleArn: role.roleArn,
        indexArn: props.index.indexArn,
        vectorBucketArn: props.bucket.bucketArn,
        knowledgeBaseConfiguration: {
          embeddingModelArn: props.embeddingModelArn,
          embeddingDataType: 'FLOAT32',
          dimensions: '1024',
        },
      },
    });
    this.knowledgeBaseId = resource.getAttString('KnowledgeBaseId');
  }
}
