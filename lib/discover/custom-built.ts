import { StackModel } from '../assembly/types';
import { parseEmbeddedJson } from '../resolve/embedded-json';
import { Locator, Place } from '../resolve/locate';
import { MAX_DEPTH, Resolver } from '../resolve/resolver';
import { asExpr, asText, Expr, get, isValueObject, newValueObject, Value } from '../resolve/value';
import { displayName } from './compute';
import { callPlace } from './custom-resources';
import {
  BucketFact,
  ComputeFact,
  DataSourceFact,
  IngestionCallFact,
  KnowledgeBaseFact,
  Setting,
  Subject,
} from './facts';
import { dataSourceFromProps, knowledgeBaseFromProps } from './knowledge-bases';
import { ingestionTarget } from './ingestion-calls';

/** Bedrock resources that custom resources create instead of CloudFormation. */
export interface CustomBuilt {
  readonly knowledgeBases: KnowledgeBaseFact[];
  readonly dataSources: (DataSourceFact & { kb?: { stackId: string; logicalId: string } })[];
  readonly vectorStores: BucketFact[];
  readonly agents: ComputeFact[];
  /** `AwsCustomResource` calls to Bedrock runtime: compute in the stack's region. */
  readonly calls: ComputeFact[];
  /** Buckets created by `AwsCustomResource` calls to S3 `createBucket`, in the call's region. */
  readonly buckets: BucketFact[];
  /** `bedrock-agent` `startIngestionJob` calls, in the call's region. */
  readonly ingestions: IngestionCallFact[];
}

type Found = CustomBuilt;

const GENERIC = 'AWS::CloudFormation::CustomResource';

/**
 * Two shapes: `AwsCustomResource` calls (`Create`/`Update` JSON naming service, action, region and
 * API parameters) to `bedrock-agent` and `s3vectors`; and provider-backed custom resources whose
 * properties describe a knowledge base or data source the way the API does (camelCase keys).
 */
export function discoverCustomBuilt(
  stack: StackModel,
  resolver: Resolver,
  locator: Locator,
): CustomBuilt {
  const found: Found = {
    knowledgeBases: [],
    dataSources: [],
    vectorStores: [],
    agents: [],
    calls: [],
    buckets: [],
    ingestions: [],
  };
  for (const [type, resources] of stack.byType) {
    if (
      type !== GENERIC &&
      (!type.startsWith('Custom::') || type.startsWith('Custom::CrossRegion'))
    )
      continue;
    for (const resource of resources) {
      const props = resolver.properties(stack, resource.logicalId);
      const subject: Subject = { stackId: stack.id, logicalId: resource.logicalId, type };
      const call =
        parseEmbeddedJson(get(props, 'Create')) ?? parseEmbeddedJson(get(props, 'Update'));
      const stackPlace = locator.resourcePlace(stack.id, resource.logicalId);
      if (isValueObject(call)) {
        const place = callPlace(stack, resource.logicalId, get(call, 'region'), locator);
        const name = displayName(resource).replace(/\/Resource$/, '');
        // The call's function runs in the stack's region, whatever region it calls.
        const runsIn: Place = { ...locator.stackPlace(stack), resource: stackPlace.resource };
        fromSdkCall(call, { subject, place, name }, runsIn, locator, found);
      } else fromProperties(pascalKeys(props), { subject, place: stackPlace }, locator, found);
    }
  }
  return found;
}

interface Origin {
  readonly subject: Subject;
  readonly place: Place;
}

function fromSdkCall(
  call: Value,
  origin: Origin & { name: string },
  runsIn: Place,
  locator: Locator,
  found: Found,
): void {
  const service = (asText(get(call, 'service')) ?? '')
    .toLowerCase()
    .replace(/^@aws-sdk\/client-/, '')
    .replace(/-/g, '');
  const action = (asText(get(call, 'action')) ?? '').replace(/Command$/, '').toLowerCase();
  const params = pascalKeys(get(call, 'parameters') ?? null);
  if (service === 'bedrockagent' && action === 'createknowledgebase')
    found.knowledgeBases.push(
      knowledgeBaseFromProps(params, origin.subject, origin.place, 'custom-resource', locator),
    );
  else if (service === 'bedrockagent' && action === 'createdatasource')
    found.dataSources.push(dataSourceFromProps(params, origin.subject, locator));
  else if (service === 'bedrockagent' && action === 'startingestionjob') {
    const kb = get(params, 'KnowledgeBaseId');
    if (kb !== undefined)
      found.ingestions.push({
        subject: origin.subject,
        origin: 'custom-resource',
        place: origin.place,
        ...ingestionTarget(kb, get(params, 'DataSourceId'), locator),
        evidence: 'call parameter knowledgeBaseId',
      });
  } else if (service === 'bedrockagent' && action === 'createagent')
    found.agents.push(agentCompute(params, origin));
  else if (service === 's3vectors' && (action === 'createvectorbucket' || action === 'createindex'))
    found.vectorStores.push({ subject: origin.subject, place: origin.place });
  else if (service === 's3' && action === 'createbucket')
    found.buckets.push({
      subject: origin.subject,
      place: origin.place,
      name: asText(get(params, 'Bucket')),
    });
  else if (service === 'bedrockruntime')
    found.calls.push(sdkCallCompute(call, params, origin, runsIn));
}

/**
 * A call to Bedrock runtime made by the custom resource's function in the stack's region: compute
 * whose settings are the model it names and the region it calls.
 */
function sdkCallCompute(
  call: Value,
  params: Value,
  origin: Origin & { name: string },
  runsIn: Place,
): ComputeFact {
  const settings: Setting[] = [];
  const add = (label: string, name: string, value: Value | undefined) => {
    if (value !== undefined) settings.push({ label, name, value });
  };
  add('call parameter modelId', 'MODEL_ID', get(params, 'ModelId'));
  // Named like a model-region variable, so flows place the model in the called region.
  add('the call\'s "region"', 'BEDROCK_REGION', get(call, 'region'));
  return {
    subject: origin.subject,
    kind: 'sdk-call',
    name: origin.name,
    place: runsIn,
    settings,
    placement: { kind: 'aws-managed' },
  };
}

function fromProperties(props: Value, origin: Origin, locator: Locator, found: Found): void {
  const region = asText(get(props, 'Region'));
  const place: Place = region
    ? { region, source: 'the custom resource\'s "region"', resource: origin.place.resource }
    : origin.place;
  const config = get(props, 'KnowledgeBaseConfiguration');
  const embedding =
    get(props, 'EmbeddingModelArn') ??
    get(config, 'EmbeddingModelArn') ??
    get(config, 'VectorKnowledgeBaseConfiguration', 'EmbeddingModelArn');
  if (embedding !== undefined)
    found.knowledgeBases.push(
      knowledgeBaseFromProps(props, origin.subject, place, 'custom-resource', locator),
    );
  else if (
    get(props, 'DataSourceConfiguration') !== undefined &&
    get(props, 'KnowledgeBaseId') !== undefined
  )
    found.dataSources.push(dataSourceFromProps(props, origin.subject, locator));
}

/** An agent created by `createAgent`: compute in the call's region that invokes its model. */
function agentCompute(params: Value, origin: Origin & { name: string }): ComputeFact {
  const model = get(params, 'FoundationModel');
  const role = asExpr(get(params, 'AgentResourceRoleArn'))?.refs()[0];
  return {
    subject: origin.subject,
    kind: 'bedrock-agent',
    name: origin.name,
    place: origin.place,
    roleKey: role ? `${role.stackId}/${role.logicalId}` : undefined,
    settings:
      model === undefined
        ? []
        : [{ label: 'call parameter foundationModel', name: 'FoundationModel', value: model }],
    placement: { kind: 'aws-managed' },
  };
}

/**
 * API parameters whose value is a free-form document: CloudFormation keeps its keys as the API
 * writes them (`ConnectorParameters: { type, connectionConfiguration: { bucketName } }`).
 */
const DOCUMENT_KEYS = new Set(['connectorParameters']);

/** API parameters (`embeddingModelArn`) in CloudFormation's property shape (`EmbeddingModelArn`). */
export function pascalKeys(value: Value, depth = 0): Value {
  // Embedded JSON can nest deeper than the call stack; nothing read from a call is that deep.
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => pascalKeys(item, depth + 1));
  if (!isValueObject(value) || value instanceof Expr) return value;
  const out = newValueObject();
  for (const key of Object.keys(value))
    out[key.charAt(0).toUpperCase() + key.slice(1)] = DOCUMENT_KEYS.has(key)
      ? value[key]
      : pascalKeys(value[key], depth + 1);
  return out;
}
