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
 * functions in both regions that read it (cross-region references for us-west-2), a third of them
 * in a VPC behind a NAT gateway. About `resources` CloudFormation resources in all.
 */
export function bigApp(resources: number, outdir?: string): App {
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
  // Each function is about 3 resources (function, role, policy); a stack holds at most 500.
  const perStack = 120;
  const stacks = Math.ceil(resources / 3 / perStack);
  for (let s = 0; s < stacks; s++) {
    const region = REGIONS[s % REGIONS.length];
    const stack = new Stack(app, `Workers${s}`, {
      env: { account: ACCOUNT, region },
      crossRegionReferences: region !== 'us-east-1',
    });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
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
