import { StackModel } from '../assembly/types';
import { Locator, Place, S3Location } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { asExpr, asText, get, Value } from '../resolve/value';
import { DataSourceFact, ExternalStore, KnowledgeBaseFact, Subject, VectorStoreRef } from './facts';
import { parseModelRef } from './model-ref';
import { lookupTable } from '../collections';

/** Where each storage type keeps the ARN (or endpoint) of its store, under StorageConfiguration. */
const STORE_LOCATORS = lookupTable<{ config: string; fields: string[]; provider?: string }>({
  OPENSEARCH_SERVERLESS: { config: 'OpensearchServerlessConfiguration', fields: ['CollectionArn'] },
  OPENSEARCH_MANAGED_CLUSTER: {
    config: 'OpensearchManagedClusterConfiguration',
    fields: ['DomainArn'],
  },
  RDS: { config: 'RdsConfiguration', fields: ['ResourceArn'] },
  NEPTUNE_ANALYTICS: { config: 'NeptuneAnalyticsConfiguration', fields: ['GraphArn'] },
  S3_VECTORS: { config: 'S3VectorsConfiguration', fields: ['IndexArn', 'VectorBucketArn'] },
  PINECONE: { config: 'PineconeConfiguration', fields: ['ConnectionString'], provider: 'Pinecone' },
  MONGO_DB_ATLAS: {
    config: 'MongoDbAtlasConfiguration',
    fields: ['Endpoint'],
    provider: 'MongoDB Atlas',
  },
  // CloudFormation does not support this type (aws-cdk-lib 2.276.0 docs): custom resources create it.
  REDIS_ENTERPRISE_CLOUD: {
    config: 'RedisEnterpriseCloudConfiguration',
    fields: ['Endpoint'],
    provider: 'Redis Enterprise Cloud',
  },
});

/** Knowledge bases of one stack; data sources are attached later, across stacks. */
export function discoverKnowledgeBases(
  stack: StackModel,
  resolver: Resolver,
  locator: Locator,
): KnowledgeBaseFact[] {
  return (stack.byType.get('AWS::Bedrock::KnowledgeBase') ?? []).map((kb) =>
    knowledgeBaseFromProps(
      resolver.properties(stack, kb.logicalId),
      { stackId: stack.id, logicalId: kb.logicalId, type: kb.type },
      locator.resourcePlace(stack.id, kb.logicalId),
      'cloudformation',
      locator,
    ),
  );
}

/**
 * A knowledge base from properties in CloudFormation's shape (`KnowledgeBaseConfiguration`,
 * `StorageConfiguration`); custom resources' properties are brought to that shape first.
 */
export function knowledgeBaseFromProps(
  props: Value,
  subject: Subject,
  place: Place,
  origin: KnowledgeBaseFact['origin'],
  locator: Locator,
): KnowledgeBaseFact {
  const config = get(props, 'KnowledgeBaseConfiguration');
  const embedding =
    get(config, 'VectorKnowledgeBaseConfiguration', 'EmbeddingModelArn') ??
    get(config, 'ManagedKnowledgeBaseConfiguration', 'EmbeddingModelArn') ??
    get(config, 'EmbeddingModelArn') ??
    get(props, 'EmbeddingModelArn');
  return {
    subject,
    place,
    origin,
    embeddingModel: parseModelRef(embedding, locator, 'embedding model ARN'),
    store: storeOf(props, locator),
    dataSources: [],
  };
}

function storeOf(props: Value, locator: Locator): VectorStoreRef | undefined {
  const kendra = get(
    props,
    'KnowledgeBaseConfiguration',
    'KendraKnowledgeBaseConfiguration',
    'KendraIndexArn',
  );
  if (kendra !== undefined)
    return {
      kind: 'KENDRA',
      locator: locator.describe(kendra),
      place: locator.arnPlace(kendra, 'Kendra index'),
    };
  const storage = get(props, 'StorageConfiguration');
  const kind = asText(get(storage, 'Type'));
  if (!kind) return flatStore(props, locator);
  const spec = STORE_LOCATORS[kind];
  const value = spec?.fields.map((f) => get(storage, spec.config, f)).find((v) => v !== undefined);
  const text = locator.describe(value);
  if (!spec) return { kind, locator: text, place: null };
  if (spec.provider) {
    const service = asText(get(storage, spec.config, 'EndpointServiceName'));
    const external: ExternalStore = {
      provider: spec.provider,
      host: hostOf(asText(value)),
      ...(service ? { endpointService: service } : {}),
    };
    return { kind, locator: text, place: null, external };
  }
  const ref = asExpr(value)?.refs()[0];
  return {
    kind,
    locator: text,
    place: locator.arnPlace(value, `${kind} vector store`),
    ...(ref ? { resource: { stackId: ref.stackId, logicalId: ref.logicalId } } : {}),
  };
}

/**
 * The host of a connection string or endpoint (`https://idx.svc.example.pinecone.io`,
 * `mongodb+srv://cluster0.abc.mongodb.net`, `redis-1.example.com:12000`); null when it is not
 * a literal or names no host.
 */
function hostOf(text: string | undefined): string | null {
  if (!text) return null;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    return url.hostname.includes('.') ? url.hostname : null;
  } catch {
    return null;
  }
}

/** Flat custom-resource properties (`indexArn`, `vectorBucketArn`, `collectionArn`), as construct libraries pass them. */
function flatStore(props: Value, locator: Locator): VectorStoreRef | undefined {
  for (const [field, kind] of FLAT_STORES) {
    const value = get(props, field);
    if (value === undefined) continue;
    return {
      kind,
      locator: locator.describe(value),
      place: locator.arnPlace(value, `${kind} vector store`),
    };
  }
  return undefined;
}

const FLAT_STORES: readonly [string, string][] = [
  ['IndexArn', 'S3_VECTORS'],
  ['VectorBucketArn', 'S3_VECTORS'],
  ['CollectionArn', 'OPENSEARCH_SERVERLESS'],
];

/** Data sources with the knowledge base they feed (which may be in another stack). */
export function discoverDataSources(
  stack: StackModel,
  resolver: Resolver,
  locator: Locator,
): (DataSourceFact & { kb?: { stackId: string; logicalId: string } })[] {
  return (stack.byType.get('AWS::Bedrock::DataSource') ?? []).map((ds) =>
    dataSourceFromProps(
      resolver.properties(stack, ds.logicalId),
      { stackId: stack.id, logicalId: ds.logicalId, type: ds.type },
      locator,
    ),
  );
}

/** A data source from properties in CloudFormation's shape. */
export function dataSourceFromProps(
  props: Value,
  subject: Subject,
  locator: Locator,
): DataSourceFact & { kb?: { stackId: string; logicalId: string } } {
  const config = get(props, 'DataSourceConfiguration');
  const ingestion = get(props, 'VectorIngestionConfiguration');
  const parsing = get(
    ingestion,
    'ParsingConfiguration',
    'BedrockFoundationModelConfiguration',
    'ModelArn',
  );
  const enrichment = get(
    ingestion,
    'ContextEnrichmentConfiguration',
    'BedrockFoundationModelConfiguration',
    'ModelArn',
  );
  const kbRef = asExpr(get(props, 'KnowledgeBaseId'))?.refs()[0];
  return {
    subject,
    type: asText(get(config, 'Type')) ?? 'S3',
    bucket: sourceBucket(config, locator),
    parsingModel: parseModelRef(parsing, locator, 'parsing model ARN'),
    enrichmentModel: parseModelRef(enrichment, locator, 'context enrichment model ARN'),
    kb: kbRef ? { stackId: kbRef.stackId, logicalId: kbRef.logicalId } : undefined,
  };
}

/**
 * The bucket a data source reads: `S3Configuration.BucketArn`, or, for a managed knowledge base,
 * the S3 connector's bucket name. `ConnectorParameters` is an open JSON document written with the
 * API's camelCase keys (`{ type: 'S3', version: '1', connectionConfiguration: { bucketName } }`),
 * in the template and in custom-resource calls alike (pascalKeys leaves documents as written).
 */
function sourceBucket(config: Value | undefined, locator: Locator): S3Location | undefined {
  const bucketArn = get(config, 'S3Configuration', 'BucketArn');
  if (bucketArn !== undefined) {
    const text = locator.describe(bucketArn);
    return { uri: text, bucket: text, place: locator.arnPlace(bucketArn, 'data source bucket') };
  }
  const connector = get(
    config,
    'ManagedKnowledgeBaseConnectorConfiguration',
    'ConnectorParameters',
  );
  if (asText(get(connector, 'type')) !== 'S3') return undefined;
  const name = get(connector, 'connectionConfiguration', 'bucketName');
  if (name === undefined) return undefined;
  const text = locator.describe(name);
  return {
    uri: `s3://${text}`,
    bucket: text,
    place: locator.bucketPlace(name, 'data source bucket'),
  };
}
