import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';

const ACCOUNT = '123456789012';
const REGIONS = ['us-east-1', 'us-west-2'];

/**
 * A large app shaped like the ones the linter is for: a us-east-1 data lake and stacks of Lambda
 * functions that read it, a third of them in a VPC behind a NAT gateway. About `resources`
 * CloudFormation resources in all. With `mistakes`, half the stacks are in us-west-2 (cross-region
 * references) and no VPC has an S3 endpoint: thousands of findings. Without, everything is in
 * us-east-1 behind S3 and Bedrock endpoints, as in a well-placed app: no finding.
 */
export function bigApp(resources: number, outdir?: string, mistakes = true): App {
  const app = new App({
    outdir: outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-bench-')),
    context: Object.fromEntries(
      REGIONS.map((r) => [
        `availability-zones:account=${ACCOUNT}:region=${r}`,
        [`${r}a`, `${r}b`, `${r}c`],
      ]),
    ),
  });
  const lake = new Stack(app, 'Lake', {
    env: { account: ACCOUNT, region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const bucket = new s3.Bucket(lake, 'Lake');
  // A stack of about 400 (at most 500): a VPC of about 25 resources and functions of about 3.3
  // each (function, role, policy; a security group for a third of them).
  const stacks = Math.max(1, Math.round(resources / 400));
  const perStack = Math.max(1, Math.floor((resources / stacks - 25) / 3.3));
  for (let s = 0; s < stacks; s++) {
    const region = mistakes ? REGIONS[s % REGIONS.length] : 'us-east-1';
    const stack = new Stack(app, `Workers${s}`, {
      env: { account: ACCOUNT, region },
      crossRegionReferences: region !== 'us-east-1',
    });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    if (!mistakes) {
      vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
      vpc.addInterfaceEndpoint('Bedrock', {
        service: ec2.InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME,
      });
    }
    for (let f = 0; f < perStack; f++) {
      const fn = new lambda.Function(stack, `Fn${f}`, {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => ({});'),
        environment: { LAKE_BUCKET: bucket.bucketName, MODEL_ID: 'amazon.nova-micro-v1:0' },
        ...(f % 3 === 0
          ? { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }
          : {}),
      });
      bucket.grantRead(fn);
    }
  }
  return app;
}
