/**
 * Model ids kept in Parameter Store, in the style of public chat and analysis backends: an
 * `ssm.StringParameter` holds the Bedrock model id ("change the model without a deploy"), a Lambda
 * function gets the parameter's name in `MODEL_ID_PARAMETER` and may read it and invoke any model,
 * and a Fargate task gets the id as a container secret (`ecs.Secret.fromSsmParameter`).
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { fn } from '../flow-helpers';
import { discovered, env, ids, lint, newApp, only } from '../helpers';

/** End-of-life since 2026-09-10 in every region in the bundled catalog (model-lifecycle pages). */
const EOL_HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const NOVA_LITE = 'amazon.nova-lite-v1:0';
const EU_NOVA_LITE = `eu.${NOVA_LITE}`;

const invokeAny = new iam.PolicyStatement({
  actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
  resources: ['*'],
});

function chatApp(modelId: string) {
  const app = newApp();
  const stack = new Stack(app, 'AiStack', { env: env('us-east-1') });
  const model = new ssm.StringParameter(stack, 'BedrockModelId', {
    parameterName: '/chat/dev/bedrock/model-id',
    stringValue: modelId,
  });
  const chat = fn(stack, 'BedrockChatFunction', { MODEL_ID_PARAMETER: model.parameterName });
  model.grantRead(chat);
  chat.addToRolePolicy(invokeAny);
  return app;
}

function analysisTaskApp(modelId: string) {
  const app = newApp();
  const stack = new Stack(app, 'Analysis', { env: env('us-east-1') });
  const model = new ssm.StringParameter(stack, 'ModelParam', {
    parameterName: '/analysis/model-id',
    stringValue: modelId,
  });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  vpc.addInterfaceEndpoint('BedrockRuntime', {
    service: ec2.InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME,
  });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.taskRole.addToPrincipalPolicy(invokeAny);
  task.addContainer('Analyst', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/python:3.12'),
    secrets: { BEDROCK_MODEL_ID: ecs.Secret.fromSsmParameter(model) },
  });
  new ecs.FargateService(stack, 'Service', {
    cluster: new ecs.Cluster(stack, 'Cluster', { vpc }),
    taskDefinition: task,
  });
  return app;
}

describe('a Bedrock model id kept in an SSM parameter of the app', () => {
  test('a Lambda reading an end-of-life model id from its parameter: the model is called', () => {
    const app = chatApp(EOL_HAIKU);
    const facts = discovered(app);
    const chat = facts.compute.find((c) => c.kind === 'lambda')!;
    const models = facts.flows.filter((f) => f.source === chat && f.target.kind === 'model');
    expect(models.map((f) => [f.target.model?.modelId, f.evidence])).toEqual([
      [
        EOL_HAIKU,
        ['environment variable MODEL_ID_PARAMETER (parameter /chat/dev/bedrock/model-id)'],
      ],
    ]);
    const report = lint(app);
    expect(ids(report)).toEqual(['ModelAvailability']);
    expect(report.findings[0].message).toContain(
      `${EOL_HAIKU} (invokes; environment variable MODEL_ID_PARAMETER (parameter /chat/dev/bedrock/model-id)) is end-of-life since 2026-09-10`,
    );
  });

  test('the same Lambda on Nova Lite, offered in us-east-1: compliant, and the model was seen', () => {
    const app = chatApp(NOVA_LITE);
    const facts = discovered(app);
    expect(facts.modelUses.map((u) => [u.model.modelId, u.place.region])).toEqual([
      [NOVA_LITE, 'us-east-1'],
    ]);
    expect(lint(app).findings).toEqual([]);
  });

  test('a container secret from the parameter naming the EU profile: wrong geography for us-east-1', () => {
    const app = analysisTaskApp(EU_NOVA_LITE);
    const task = discovered(app).compute.find((c) => c.kind === 'ecs-task')!;
    expect(task.settings.map((s) => [s.label, s.stored])).toEqual([
      ['secret BEDROCK_MODEL_ID', true],
    ]);
    const report = lint(app);
    expect(ids(report)).toEqual(['ModelAvailability']);
    const [finding] = only(report, 'ModelAvailability');
    expect(finding.message).toContain(
      `${EU_NOVA_LITE} (invokes; secret BEDROCK_MODEL_ID (parameter /analysis/model-id))`,
    );
    expect(finding.message).toContain('cannot be called from us-east-1');
  });
});
