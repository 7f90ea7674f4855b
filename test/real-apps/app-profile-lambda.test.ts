/**
 * A Lambda function granted an application inference profile of its own, in the style of the
 * aws-solutions-constructs `aws-lambda-bedrockinferenceprofile` pattern: the profile copies the
 * system cross-Region profile of the stack's geography, whose prefix a template mapping finds from
 * the first part of the region (`us`, `eu`, `ap` -> `apac`); the function may invoke the profile
 * and the foundation model in each region that geography routes to (a comma-joined mapping value
 * split into the policy's resources); optionally the function runs in isolated subnets with
 * `bedrock` and `bedrock-runtime` interface endpoints.
 */
import { Aws, CfnMapping, Fn, Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { discovered, env, ids, lint, newApp } from '../helpers';

const NOVA_LITE = 'amazon.nova-lite-v1:0';
const fm = (region: string) => `arn:aws:bedrock:${region}::foundation-model/${NOVA_LITE}`;

/** The regions each geography's profile routes to, as the pattern lists them in its mapping. */
const AREA_REGIONS: Record<string, string[]> = {
  us: ['us-east-1', 'us-east-2', 'us-west-2'],
  eu: ['eu-north-1', 'eu-central-1', 'eu-west-1', 'eu-west-3'],
};

/**
 * `copy: 'geography'` copies the system profile of the stack's geography (the pattern's default);
 * `'foundation-model'` copies the model of the stack's own region (a single-region profile).
 */
function profileLambdaApp(
  region: string,
  opts: { vpc?: boolean; copy?: 'geography' | 'foundation-model' } = {},
) {
  const app = newApp();
  const stack = new Stack(app, 'ProfileLambda', { env: env(region) });
  const area = Fn.select(0, Fn.split('-', Aws.REGION));
  const prefixes = new CfnMapping(stack, 'AreaPrefix', {
    mapping: { us: { prefix: 'us' }, eu: { prefix: 'eu' }, ap: { prefix: 'apac' } },
  });
  const regional = new CfnMapping(stack, 'AreaModels', {
    mapping: Object.fromEntries(
      Object.entries(AREA_REGIONS).map(([a, rs]) => [a, { models: rs.map(fm).join(',') }]),
    ),
  });
  const profile = new bedrock.CfnApplicationInferenceProfile(stack, 'Profile', {
    inferenceProfileName: 'chat-profile',
    modelSource: {
      copyFrom:
        opts.copy === 'foundation-model'
          ? `arn:${Aws.PARTITION}:bedrock:${Aws.REGION}::foundation-model/${NOVA_LITE}`
          : `arn:${Aws.PARTITION}:bedrock:${Aws.REGION}:${Aws.ACCOUNT_ID}:inference-profile/${prefixes.findInMap(area, 'prefix')}.${NOVA_LITE}`,
    },
  });
  const vpc = opts.vpc
    ? new ec2.Vpc(stack, 'Vpc', {
        natGateways: 0,
        subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      })
    : undefined;
  vpc?.addInterfaceEndpoint('Bedrock', { service: ec2.InterfaceVpcEndpointAwsService.BEDROCK });
  vpc?.addInterfaceEndpoint('BedrockRuntime', {
    service: ec2.InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME,
  });
  const fn = new lambda.Function(stack, 'Chat', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    environment: { BEDROCK_MODEL: NOVA_LITE, BEDROCK_PROFILE: profile.attrInferenceProfileArn },
    vpc,
  });
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:Invoke*'],
      resources: [profile.attrInferenceProfileArn],
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:Invoke*'],
      resources: Fn.split(',', regional.findInMap(area, 'models')),
    }),
  );
  return app;
}

const usesOf = (app: ReturnType<typeof newApp>) =>
  discovered(app).modelUses.map((u) => [
    u.purpose,
    u.model.modelId ?? u.model.kind,
    u.place.region,
  ]);

describe('a Lambda function on an application inference profile of its geography', () => {
  test('in us-east-1: the foundation-model grants in the us. destinations are the copied profile routing', () => {
    const app = profileLambdaApp('us-east-1');
    // The application profile, the model its environment names (called through the profile), and
    // what the profile copies; the grants on foundation-model ARNs in each destination are routing.
    expect(usesOf(app)).toEqual([
      ['invoke', 'unknown', 'us-east-1'],
      ['invoke', NOVA_LITE, 'us-east-1'],
      ['copy-source', `us.${NOVA_LITE}`, 'us-east-1'],
    ]);
    const flows = discovered(app).flows.filter((f) => f.target.kind === 'model');
    expect(flows.map((f) => f.target.copySource?.modelId).filter(Boolean)).toEqual([
      `us.${NOVA_LITE}`,
    ]);
    expect(lint(app).findings).toEqual([]);
  });

  test('in eu-central-1 with isolated subnets and Bedrock endpoints: the eu. profile, no finding', () => {
    const app = profileLambdaApp('eu-central-1', { vpc: true });
    expect(usesOf(app)).toContainEqual(['copy-source', `eu.${NOVA_LITE}`, 'eu-central-1']);
    expect(usesOf(app).filter(([, , region]) => region !== 'eu-central-1')).toEqual([]);
    const [chat] = discovered(app).compute.filter(
      (c) => c.kind === 'lambda' && c.name === 'ProfileLambda/Chat',
    );
    expect(chat.placement).toMatchObject({ kind: 'vpc' });
    expect(lint(app).findings).toEqual([]);
  });

  test('a profile that copies one foundation model routes nowhere: grants in other regions stay cross-region calls', () => {
    const report = lint(profileLambdaApp('us-east-1', { copy: 'foundation-model' }));
    expect(ids(report)).toEqual(['CrossRegionModelAccess', 'CrossRegionModelAccess']);
    expect(report.findings.map((f) => f.message).sort()).toEqual([
      `Lambda function ProfileLambda/Chat in us-east-1 calls foundation-model ${NOVA_LITE} in us-east-2 (IAM bedrock:Invoke*). Each request and response crosses regions.`,
      `Lambda function ProfileLambda/Chat in us-east-1 calls foundation-model ${NOVA_LITE} in us-west-2 (IAM bedrock:Invoke*). Each request and response crosses regions.`,
    ]);
  });
});
