/**
 * Amazon Bedrock AgentCore as the AgentCore samples deploy it with CDK: a container runtime
 * (`CfnRuntime`) whose execution role may invoke a model, in PUBLIC network mode or in the
 * app's subnets, a memory whose custom strategy names its own extraction model, and a harness
 * (a managed agent loop) on a Bedrock model or on OpenAI.
 */
import { Stack } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import { natVpc } from '../flow-helpers';
import { ACCOUNT, discovered, env, ids, LakeStack, lint, newApp, only } from '../helpers';

/** On demand in both us-east-1 and us-west-2 in the bundled catalog. */
const QWEN = 'qwen.qwen3-32b-v1:0';

function runtimeRole(stack: Stack): iam.Role {
  return new iam.Role(stack, 'RuntimeRole', {
    assumedBy: new iam.ServicePrincipal('bedrock-agentcore.amazonaws.com'),
  });
}

function runtime(
  stack: Stack,
  role: iam.Role,
  network: agentcore.CfnRuntime.NetworkConfigurationProperty,
  environmentVariables: Record<string, string> = {},
): agentcore.CfnRuntime {
  return new agentcore.CfnRuntime(stack, 'SupportAgent', {
    agentRuntimeName: 'support_agent',
    agentRuntimeArtifact: {
      containerConfiguration: {
        containerUri: `${ACCOUNT}.dkr.ecr.${stack.region}.amazonaws.com/support-agent:latest`,
      },
    },
    roleArn: role.roleArn,
    networkConfiguration: network,
    environmentVariables,
  });
}

/**
 * A runtime built with the aws-cdk-lib L2 (`agentcore.Runtime`, PUBLIC network by default) in
 * us-west-2 whose execution role may invoke a foundation model of `modelRegion`.
 */
function modelApp(modelRegion: string) {
  const app = newApp();
  const stack = new Stack(app, 'Agents', { env: env('us-west-2') });
  const agent = new agentcore.Runtime(stack, 'SupportAgent', {
    runtimeName: 'support_agent',
    agentRuntimeArtifact: agentcore.AgentRuntimeArtifact.fromImageUri(
      `${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/support-agent:latest`,
    ),
    environmentVariables: { LOG_LEVEL: 'info' },
  });
  agent.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
      resources: [`arn:aws:bedrock:${modelRegion}::foundation-model/${QWEN}`],
    }),
  );
  return app;
}

/** A VPC-mode runtime in the given subnets whose role reads a bucket. */
function vpcApp(subnets: (stack: Stack) => { vpc: ec2.IVpc; subnetIds: string[] }) {
  const app = newApp();
  const stack = new Stack(app, 'Agents', { env: env('us-east-1') });
  const { vpc, subnetIds } = subnets(stack);
  const role = runtimeRole(stack);
  const documents = new s3.Bucket(stack, 'Documents');
  documents.grantRead(role);
  const group = new ec2.SecurityGroup(stack, 'RuntimeSg', { vpc });
  runtime(
    stack,
    role,
    {
      networkMode: 'VPC',
      networkModeConfig: { subnets: subnetIds, securityGroups: [group.securityGroupId] },
    },
    { DOCUMENTS_BUCKET: documents.bucketName },
  );
  return app;
}

describe('AgentCore runtimes are compute', () => {
  test('a us-west-2 runtime whose role invokes a us-east-1 model: CrossRegionModelAccess, priced', () => {
    const app = modelApp('us-east-1');
    const [found] = discovered(app).compute.filter((c) => c.kind === 'agentcore-runtime');
    expect(found).toMatchObject({
      name: 'Agents/SupportAgent',
      place: { region: 'us-west-2' },
      roleKey: expect.stringMatching(/^Agents\/SupportAgentExecutionRole/),
      placement: { kind: 'aws-managed' },
    });
    const report = lint(app);
    expect(ids(report)).toEqual(['CrossRegionModelAccess']);
    const [finding] = report.findings;
    expect(finding).toMatchObject({
      constructPath: 'Agents/SupportAgent/Resource',
      resourceType: 'AWS::BedrockAgentCore::Runtime',
      regions: { resource: 'us-west-2', peer: 'us-east-1' },
    });
    expect(finding.message).toContain(
      `AgentCore runtime Agents/SupportAgent in us-west-2 calls foundation-model ${QWEN} in us-east-1 (IAM bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream)`,
    );
    const transfer = finding.estimate!.lineItems.filter((i) => i.key.startsWith('transfer-'));
    // The starter profile's 1 GB a month, split by direction, each at its own region's rate.
    expect(transfer.map((i) => [i.quantity, i.unitPriceUsd])).toEqual([
      [0.8929, 0.02],
      [0.1071, 0.02],
    ]);
    expect(finding.estimate!.monthlyUsd).toBeCloseTo(0.02, 3);
  });

  test('the same runtime with the model of its own region reports nothing; the use is seen', () => {
    const app = modelApp('us-west-2');
    const facts = discovered(app);
    const uses = facts.modelUses.filter((u) => u.compute?.kind === 'agentcore-runtime');
    expect(uses.map((u) => [u.model.modelId, u.place.region, u.purpose])).toEqual([
      [QWEN, 'us-west-2', 'invoke'],
    ]);
    expect(uses[0].compute).toMatchObject({
      name: 'Agents/SupportAgent',
      roleKey: expect.stringMatching(/^Agents\/SupportAgentExecutionRole/),
    });
    expect(lint(app).findings).toEqual([]);
  });

  test('a VPC-mode runtime in isolated subnets without endpoints cannot reach its bucket', () => {
    const app = vpcApp((stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', {
        natGateways: 0,
        subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      });
      return { vpc, subnetIds: vpc.isolatedSubnets.map((s) => s.subnetId) };
    });
    const [found] = discovered(app).compute.filter((c) => c.kind === 'agentcore-runtime');
    expect(found.placement).toMatchObject({ kind: 'vpc' });
    const report = lint(app);
    expect(ids(report)).toEqual(['NoNetworkPath']);
    expect(report.findings[0].message).toBe(
      'AgentCore runtime Agents/SupportAgent in us-east-1 runs in subnets with no route to s3 (the subnets have no s3 gateway endpoint; the subnets have no route out), so it cannot reach bucket Agents/Documents.',
    );
  });

  test('a VPC-mode runtime in subnets imported by id: the network path is unresolved', () => {
    const app = vpcApp((stack) => {
      const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Shared', {
        vpcId: 'vpc-0a1b2c3d4e5f60718',
        availabilityZones: ['us-east-1a'],
        privateSubnetIds: ['subnet-0a1b2c3d4e5f60718'],
      });
      return { vpc, subnetIds: ['subnet-0a1b2c3d4e5f60718'] };
    });
    const report = lint(app);
    expect(ids(report)).toEqual(['UnresolvedRegion']);
    expect(report.findings[0].message).toContain('network path to s3');
    expect(report.findings[0].message).toContain('subnet subnet-0a1b2c3d4e5f60718 is not defined');
  });
});

test('an L1 runtime that states no network configuration: its path is unknown, never assumed public', () => {
  const app = newApp();
  const stack = new Stack(app, 'Agents', { env: env('us-east-1') });
  const role = runtimeRole(stack);
  new s3.Bucket(stack, 'Documents').grantRead(role);
  new agentcore.CfnRuntime(stack, 'Bare', {
    agentRuntimeName: 'bare',
    agentRuntimeArtifact: {
      containerConfiguration: {
        containerUri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/bare:latest`,
      },
    },
    roleArn: role.roleArn,
  });
  const [found] = discovered(app).compute.filter((c) => c.kind === 'agentcore-runtime');
  expect(found.placement).toEqual({
    kind: 'unknown',
    reason: 'the runtime states no network mode known at synth time',
  });
  const report = lint(app);
  expect(ids(report)).toEqual(['UnresolvedRegion']);
  expect(report.findings[0].message).toContain('network path to s3');
});

describe('an AgentCore runtime behind a NAT gateway reading a bucket of another region', () => {
  /** The L2 runtime in `usingVpc` mode: the private subnets of a VPC with one NAT gateway. */
  function natRuntimeApp(lakeRegion: string) {
    const app = newApp();
    const lake = new LakeStack(app, 'DataLake', {
      env: env(lakeRegion),
      crossRegionReferences: true,
    });
    const stack = new Stack(app, 'Agents', { env: env('us-west-2'), crossRegionReferences: true });
    const vpc = natVpc(stack);
    const agent = new agentcore.Runtime(stack, 'SupportAgent', {
      runtimeName: 'support_agent',
      agentRuntimeArtifact: agentcore.AgentRuntimeArtifact.fromImageUri(
        `${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/support-agent:latest`,
      ),
      networkConfiguration: agentcore.RuntimeNetworkConfiguration.usingVpc(stack, {
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      }),
      environmentVariables: { LAKE_BUCKET: lake.bucket.bucketName },
    });
    lake.bucket.grantRead(agent);
    return app;
  }

  test('CrossRegionDataAccess and NatGatewayDataPath name the runtime and the NAT gateway', () => {
    const app = natRuntimeApp('us-east-1');
    const flows = discovered(app).flows.filter((f) => f.source.kind === 'agentcore-runtime');
    expect(flows.map((f) => [f.target.what, f.target.place.region, f.route.via])).toEqual([
      ['bucket DataLake/Lake', 'us-east-1', 'nat'],
    ]);
    const report = lint(app);
    expect(ids(report)).toEqual(['CrossRegionDataAccess', 'NatGatewayDataPath']);
    const [cross] = only(report, 'CrossRegionDataAccess');
    expect(cross.message).toMatch(
      /^AgentCore runtime Agents\/SupportAgent in us-west-2 reads bucket DataLake\/Lake in us-east-1 \(IAM s3:GetObject\*.*; environment variable LAKE_BUCKET\)/,
    );
    expect(cross.message).toContain('The traffic passes NAT gateway');
    const [nat] = only(report, 'NatGatewayDataPath');
    expect(nat.constructPath).toBe('Agents/SupportAgent/Resource');
  });

  test('beside its bucket with an S3 gateway endpoint: no finding, and the route is the endpoint', () => {
    const app = newApp();
    const stack = new Stack(app, 'Agents', { env: env('us-west-2') });
    const vpc = natVpc(stack);
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const role = runtimeRole(stack);
    const documents = new s3.Bucket(stack, 'Documents');
    documents.grantRead(role);
    const group = new ec2.SecurityGroup(stack, 'RuntimeSg', { vpc });
    runtime(stack, role, {
      networkMode: 'VPC',
      networkModeConfig: {
        subnets: vpc.privateSubnets.map((s) => s.subnetId),
        securityGroups: [group.securityGroupId],
      },
    });
    const flows = discovered(app).flows.filter((f) => f.source.kind === 'agentcore-runtime');
    expect(flows.map((f) => [f.target.what, f.route.via])).toEqual([
      ['bucket Agents/Documents', 'gateway-endpoint'],
    ]);
    expect(lint(app).findings).toEqual([]);
  });
});

describe('AgentCore memory with a custom extraction model', () => {
  function memoryApp(modelId: string) {
    const app = newApp();
    const stack = new Stack(app, 'Agents', { env: env('us-west-2') });
    new agentcore.CfnMemory(stack, 'Memory', {
      name: 'support_memory',
      eventExpiryDuration: 30,
      memoryStrategies: [
        {
          customMemoryStrategy: {
            name: 'facts',
            configuration: {
              semanticOverride: {
                extraction: { appendToPrompt: 'Keep product names.', modelId },
                consolidation: { appendToPrompt: 'Merge duplicates.', modelId },
              },
            },
          },
        },
      ],
    });
    return app;
  }

  test('a model served on demand in the memory region: no finding, both steps are model uses', () => {
    const app = memoryApp(QWEN);
    const uses = discovered(app).modelUses.filter((u) => u.purpose === 'memory');
    expect(uses.map((u) => [u.model.modelId, u.place.region, u.evidence])).toEqual([
      [QWEN, 'us-west-2', ['strategy "facts" SemanticOverride.Extraction.ModelId']],
      [QWEN, 'us-west-2', ['strategy "facts" SemanticOverride.Consolidation.ModelId']],
    ]);
    expect(lint(app).findings).toEqual([]);
  });

  test('a bare id that us-west-2 serves only through an inference profile: ModelAvailability', () => {
    const report = lint(memoryApp('amazon.nova-micro-v1:0'));
    expect(ids(report)).toEqual(['ModelAvailability']);
    expect(report.findings[0].constructPath).toBe('Agents/Memory');
    expect(report.findings[0].message).toContain(
      'AgentCore memory Agents/Memory calls models on demand by their bare id in us-west-2, where Bedrock serves them only through an inference profile: amazon.nova-micro-v1:0 (builds memories with; strategy "facts" SemanticOverride.Extraction.ModelId; strategy "facts" SemanticOverride.Consolidation.ModelId) is served in us-west-2 only through us.amazon.nova-micro-v1:0',
    );
  });
});

describe('AgentCore harnesses run an agent loop on a model as their execution role', () => {
  /** A PUBLIC harness whose role reads a bucket; `model` may create what it needs (a key). */
  function harnessApp(
    model: (stack: Stack) => agentcore.CfnHarness.HarnessModelConfigurationProperty,
  ) {
    const app = newApp();
    const stack = new Stack(app, 'Agents', { env: env('us-west-2') });
    const role = runtimeRole(stack);
    const documents = new s3.Bucket(stack, 'Documents');
    documents.grantRead(role);
    new agentcore.CfnHarness(stack, 'Helpdesk', {
      harnessName: 'helpdesk',
      executionRoleArn: role.roleArn,
      model: model(stack),
      environment: {
        agentCoreRuntimeEnvironment: { networkConfiguration: { networkMode: 'PUBLIC' } },
      },
      environmentVariables: { DOCUMENTS_BUCKET: documents.bucketName },
    });
    return app;
  }

  test('on a Bedrock model of its region: no finding; the harness, its model and its bucket are seen', () => {
    const app = harnessApp(() => ({ bedrockModelConfig: { modelId: QWEN } }));
    const facts = discovered(app);
    const [harness] = facts.compute.filter((c) => c.kind === 'agentcore-harness');
    expect(harness).toMatchObject({
      name: 'Agents/Helpdesk',
      roleKey: expect.stringMatching(/^Agents\/RuntimeRole/),
      placement: { kind: 'aws-managed' },
    });
    const flows = facts.flows.filter((f) => f.source === harness);
    expect(flows.map((f) => [f.target.what, f.target.place.region]).sort()).toEqual([
      ['bucket Agents/Documents', 'us-west-2'],
      [`model ${QWEN}`, 'us-west-2'],
    ]);
    expect(
      facts.modelUses.filter((u) => u.compute === harness).map((u) => u.model.modelId),
    ).toEqual([QWEN]);
    expect(lint(app).findings).toEqual([]);
  });

  test('on OpenAI with its API key in Secrets Manager: ExternalModelProvider names the harness and what it reads', () => {
    const app = harnessApp((stack) => ({
      openAiModelConfig: {
        modelId: 'gpt-5',
        apiKeyArn: new secrets.Secret(stack, 'ProviderKey').secretArn,
      },
    }));
    const report = lint(app);
    expect(ids(report)).toEqual(['ExternalModelProvider']);
    expect(report.findings[0].message).toBe(
      'AgentCore harness Agents/Helpdesk holds credentials or the endpoint of OpenAI (property Model.OpenAiModelConfig.ApiKeyArn). It reads bucket Agents/Documents, which can leave AWS with its prompts.',
    );
  });
});
