/**
 * The three-store knowledge-base app shape (generative-ai-cdk-constructs samples): an Aurora
 * PostgreSQL cluster with the Data API in a default `ec2.Vpc` (a NAT gateway per availability
 * zone, no S3 gateway endpoint), used as the RDS store of a knowledge base, and no Lambda at all.
 */
import { Stack } from 'aws-cdk-lib';
import * as cdkBedrock from 'aws-cdk-lib/aws-bedrock';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as rds from 'aws-cdk-lib/aws-rds';
import { discovered, env, ids, lint, newApp, only } from '../helpers';

/** A knowledge base on Titan Text Embeddings V2 of its own region over the given store. */
function knowledgeBase(
  stack: Stack,
  storageConfiguration: cdkBedrock.CfnKnowledgeBase.StorageConfigurationProperty,
): cdkBedrock.CfnKnowledgeBase {
  return new cdkBedrock.CfnKnowledgeBase(stack, 'Kb', {
    name: 'kb',
    roleArn: 'arn:aws:iam::123456789012:role/kb',
    knowledgeBaseConfiguration: {
      type: 'VECTOR',
      vectorKnowledgeBaseConfiguration: {
        embeddingModelArn: `arn:aws:bedrock:${stack.region}::foundation-model/amazon.titan-embed-text-v2:0`,
      },
    },
    storageConfiguration,
  });
}

function auroraKbApp(vpcProps: ec2.VpcProps, subnetType: ec2.SubnetType) {
  const app = newApp();
  const stack = new Stack(app, 'KbStores', { env: env('us-east-1') });
  const vpc = new ec2.Vpc(stack, 'Vpc', vpcProps);
  const cluster = new rds.DatabaseCluster(stack, 'Aurora', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({
      version: rds.AuroraPostgresEngineVersion.VER_16_4,
    }),
    writer: rds.ClusterInstance.serverlessV2('Writer'),
    serverlessV2MinCapacity: 0.5,
    serverlessV2MaxCapacity: 4,
    enableDataApi: true,
    vpc,
    vpcSubnets: { subnetType },
  });
  knowledgeBase(stack, {
    type: 'RDS',
    rdsConfiguration: {
      resourceArn: cluster.clusterArn,
      credentialsSecretArn: cluster.secret!.secretArn,
      databaseName: 'postgres',
      tableName: 'bedrock_integration.bedrock_kb',
      fieldMapping: {
        primaryKeyField: 'id',
        vectorField: 'embedding',
        textField: 'chunks',
        metadataField: 'metadata',
      },
    },
  });
  return app;
}

const INFO = { rules: { NatGatewayCost: 'info' as const } };

describe('NAT gateways in front of an Aurora knowledge-base store with no compute', () => {
  test('three NAT gateways, no S3 gateway endpoint: one info finding pricing their 3 x 730 hours', () => {
    const app = auroraKbApp({ maxAzs: 3 }, ec2.SubnetType.PRIVATE_WITH_EGRESS);
    const facts = discovered(app);
    expect(facts.compute).toEqual([]);
    const [kb] = facts.knowledgeBases;
    expect(kb.store).toMatchObject({
      kind: 'RDS',
      place: { region: 'us-east-1' },
      resource: { stackId: 'KbStores', logicalId: expect.stringMatching(/^Aurora/) },
      placement: { kind: 'vpc' },
    });
    const subnets = kb.store!.placement!.kind === 'vpc' ? kb.store!.placement!.subnets : [];
    expect(subnets.map((s) => [s.defaultRoute, s.natGateways.length])).toEqual([
      ['nat', 1],
      ['nat', 1],
      ['nat', 1],
    ]);
    const report = lint(app, INFO);
    expect(ids(report)).toEqual(['NatGatewayCost']);
    const [finding] = only(report, 'NatGatewayCost');
    expect(finding.severity).toBe('info');
    expect(finding.message).toBe(
      '3 NAT gateways (KbStores/Vpc/PublicSubnet1/NATGateway, KbStores/Vpc/PublicSubnet2/NATGateway and KbStores/Vpc/PublicSubnet3/NATGateway) in us-east-1 serve the subnets of the RDS vector store KbStores/Aurora of knowledge base KbStores/Kb; their hourly charge is due whether or not traffic crosses them. The subnets have no S3 gateway endpoint, so any S3 traffic from them crosses the gateways too.',
    );
    // The fixed cost only: 730 hours x $0.045 in us-east-1 for each gateway, no GB item.
    expect(finding.estimate!.lineItems.map((i) => [i.quantity, i.unit, i.unitPriceUsd])).toEqual([
      [730, 'hour', 0.045],
      [730, 'hour', 0.045],
      [730, 'hour', 0.045],
    ]);
    expect(finding.estimate!.monthlyUsd).toBeCloseTo(3 * 730 * 0.045, 2);
  });

  test('the same app in isolated subnets (natGateways: 0): no NatGatewayCost, the store is placed', () => {
    const app = auroraKbApp(
      {
        maxAzs: 3,
        natGateways: 0,
        subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      },
      ec2.SubnetType.PRIVATE_ISOLATED,
    );
    const [kb] = discovered(app).knowledgeBases;
    const placement = kb.store?.placement;
    expect(placement?.kind).toBe('vpc');
    expect(placement?.kind === 'vpc' && placement.subnets.map((s) => s.defaultRoute)).toEqual([
      'none',
      'none',
      'none',
    ]);
    expect(lint(app, INFO).findings).toEqual([]);
  });
});

test('an OpenSearch managed domain in private subnets behind one NAT gateway is evidence too', () => {
  const app = newApp();
  const stack = new Stack(app, 'Search', { env: env('eu-west-1') });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  const domain = new opensearch.Domain(stack, 'Vectors', {
    version: opensearch.EngineVersion.OPENSEARCH_2_17,
    vpc,
    vpcSubnets: [{ subnets: [vpc.privateSubnets[0]] }],
    capacity: {
      dataNodes: 1,
      dataNodeInstanceType: 'r7g.large.search',
      multiAzWithStandbyEnabled: false,
    },
  });
  knowledgeBase(stack, {
    type: 'OPENSEARCH_MANAGED_CLUSTER',
    opensearchManagedClusterConfiguration: {
      domainArn: domain.domainArn,
      domainEndpoint: `https://${domain.domainEndpoint}`,
      vectorIndexName: 'kb-index',
      fieldMapping: { vectorField: 'v', textField: 't', metadataField: 'm' },
    },
  });
  const [kb] = discovered(app).knowledgeBases;
  expect(kb.store).toMatchObject({
    kind: 'OPENSEARCH_MANAGED_CLUSTER',
    place: { region: 'eu-west-1' },
    placement: { kind: 'vpc' },
  });
  const [finding] = only(lint(app, INFO), 'NatGatewayCost');
  // An S3 gateway endpoint is on the subnets: no note about it.
  expect(finding.message).toBe(
    '1 NAT gateway (Search/Vpc/PublicSubnet1/NATGateway) in eu-west-1 serves the subnets of the OPENSEARCH_MANAGED_CLUSTER vector store Search/Vectors of knowledge base Search/Kb; their hourly charge is due whether or not traffic crosses them.',
  );
  expect(finding.estimate!.lineItems).toHaveLength(1);
});
