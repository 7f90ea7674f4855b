import { ResourceModel } from '../assembly/types';
import { Locator, Place } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import {
  asArray,
  asExpr,
  asText,
  Expr,
  get,
  joinExpr,
  RefPart,
  soleRef,
  splitExpr,
  Value,
} from '../resolve/value';
import { displayName } from './compute';
import { FlowTarget, TargetKind } from './facts';
import { ModelRef, parseModelRef } from './model-ref';
import { valueKey } from './value-key';
import { lookupTable, remembered } from '../collections';

/** Bedrock ARN resource types that are called at run time, and the endpoint that serves them. */
const BEDROCK_RESOURCES = lookupTable<{ kind: TargetKind; service: string }>({
  'foundation-model': { kind: 'model', service: 'bedrock-runtime' },
  'inference-profile': { kind: 'model', service: 'bedrock-runtime' },
  'application-inference-profile': { kind: 'model', service: 'bedrock-runtime' },
  'custom-model': { kind: 'model', service: 'bedrock-runtime' },
  'custom-model-deployment': { kind: 'model', service: 'bedrock-runtime' },
  'provisioned-model': { kind: 'model', service: 'bedrock-runtime' },
  'imported-model': { kind: 'model', service: 'bedrock-runtime' },
  'prompt-router': { kind: 'model', service: 'bedrock-runtime' },
  'default-prompt-router': { kind: 'model', service: 'bedrock-runtime' },
  'knowledge-base': { kind: 'knowledge-base', service: 'bedrock-agent-runtime' },
  agent: { kind: 'agent', service: 'bedrock-agent-runtime' },
  'agent-alias': { kind: 'agent', service: 'bedrock-agent-runtime' },
});

/** ARN services that hold data, with the kind of store. */
const DATA_SERVICES = lookupTable<TargetKind>({
  s3: 'bucket',
  s3express: 'bucket',
  s3tables: 'bucket',
  dynamodb: 'table',
  aoss: 'vector-store',
  es: 'vector-store',
  s3vectors: 'vector-store',
});

/** Resource types of the app, when an ARN or name is a reference to one. */
const TYPES = lookupTable<{ kind: TargetKind; service: string }>({
  'AWS::S3::Bucket': { kind: 'bucket', service: 's3' },
  'AWS::S3Express::DirectoryBucket': { kind: 'bucket', service: 's3express' },
  'AWS::DynamoDB::Table': { kind: 'table', service: 'dynamodb' },
  'AWS::DynamoDB::GlobalTable': { kind: 'table', service: 'dynamodb' },
  'AWS::OpenSearchServerless::Collection': { kind: 'vector-store', service: 'aoss' },
  'AWS::OpenSearchService::Domain': { kind: 'vector-store', service: 'es' },
  'AWS::S3Vectors::VectorBucket': { kind: 'vector-store', service: 's3vectors' },
  'AWS::S3Vectors::Index': { kind: 'vector-store', service: 's3vectors' },
  'AWS::Bedrock::KnowledgeBase': { kind: 'knowledge-base', service: 'bedrock-agent-runtime' },
  'AWS::Bedrock::Agent': { kind: 'agent', service: 'bedrock-agent-runtime' },
  'AWS::Bedrock::AgentAlias': { kind: 'agent', service: 'bedrock-agent-runtime' },
  'AWS::Bedrock::ApplicationInferenceProfile': { kind: 'model', service: 'bedrock-runtime' },
});

/** CDK bootstrap buckets (`cdk-<qualifier>-assets-...`) hold assets, not application data. */
const BOOTSTRAP_BUCKET = /^cdk-[a-z0-9]+-assets-/;

/** Turns ARNs, bucket names and references found in policies and settings into flow targets. */
export class TargetReader {
  /**
   * Targets of references to resources, by resource: thousands of statements and settings name
   * the same few buckets and tables. Models are not kept: their target depends on the whole value.
   */
  private readonly byResource = new Map<ResourceModel, FlowTarget>();
  /** Buckets by what names them (see `valueKey`): many functions name the same bucket alike. */
  private readonly bucketByValue = new Map<string, FlowTarget | undefined>();
  private readonly modelById = new Map<string, ModelRef | undefined>();
  /** Model targets are not kept (each names its own attribute); what a profile copies is. */
  private readonly copySourceOf = new Map<string, ModelRef | undefined>();

  constructor(
    private readonly resolver: Resolver,
    readonly locator: Locator,
  ) {}

  /** A model named by a literal id or ARN in a setting, parsed once per text. */
  modelRef(id: string): ModelRef | undefined {
    return remembered(this.modelById, id, () => parseModelRef(id, this.locator, 'model'));
  }

  /** The type of the app resource a reference points at. */
  typeOf(ref: RefPart): string | undefined {
    return this.resolver.stack(ref.stackId)?.resources.get(ref.logicalId)?.type;
  }

  /** The name and value of the app's SSM parameter a reference points at (`Ref` gives its name). */
  parameter(ref: RefPart): { name: string; value: Value } | undefined {
    const stack = this.resolver.stack(ref.stackId);
    if (stack?.resources.get(ref.logicalId)?.type !== 'AWS::SSM::Parameter') return undefined;
    const props = this.resolver.properties(stack, ref.logicalId);
    const value = get(props, 'Value');
    if (value === undefined) return undefined;
    return { name: asText(get(props, 'Name')) ?? ref.logicalId, value };
  }

  /** A target from an ARN (IAM `Resource`, an environment value) or a reference to a resource. */
  fromArn(value: Value | undefined): FlowTarget | undefined {
    const expr = asExpr(value);
    if (!expr) return undefined;
    const fields = splitExpr(expr, ':');
    if (fields.length >= 6 && fields[0].literal() === 'arn')
      return this.fromArnFields(expr, fields);
    const ref = expr.refs()[0];
    return ref && expr.parts[0] === ref ? this.fromRef(ref, expr) : undefined;
  }

  /** A target from a reference to a resource of the app (any attribute: name, ARN, id). */
  fromRef(ref: RefPart, whole: Expr = new Expr([ref])): FlowTarget | undefined {
    const resource = this.resolver.stack(ref.stackId)?.resources.get(ref.logicalId);
    const known = resource ? TYPES[resource.type] : undefined;
    if (!known) return undefined;
    if (known.kind === 'model') return this.refTarget(ref, known, whole);
    return remembered(this.byResource, resource!, () => this.refTarget(ref, known, whole));
  }

  private refTarget(
    ref: RefPart,
    known: { kind: TargetKind; service: string },
    whole: Expr,
  ): FlowTarget {
    const place = this.locator.refPlace(ref);
    const downloads = known.kind === 'bucket' ? this.browserDownloads(ref) : undefined;
    return {
      ...known,
      what: `${known.kind.replace('-', ' ')} ${this.constructName(ref)}`,
      place,
      model: known.kind === 'model' ? parseModelRef(whole, this.locator, 'model') : undefined,
      ...(known.kind === 'model' ? this.copySource(ref) : {}),
      key: `${ref.stackId}/${ref.logicalId}`,
      ...(downloads ? { browserDownloads: downloads } : {}),
    };
  }

  /** What an application inference profile of the app copies (`ModelSource.CopyFrom`). */
  private copySource(ref: RefPart): { copySource?: ModelRef } {
    const copySource = remembered(this.copySourceOf, `${ref.stackId}/${ref.logicalId}`, () => {
      const stack = this.resolver.stack(ref.stackId);
      if (!stack) return undefined;
      const props = this.resolver.properties(stack, ref.logicalId);
      return parseModelRef(get(props, 'ModelSource', 'CopyFrom'), this.locator, 'copy source');
    });
    return copySource ? { copySource } : {};
  }

  /** A bucket named by a value (a literal name, a reference, `s3://` URI). */
  bucket(value: Value | undefined, what = 'bucket'): FlowTarget | undefined {
    const key = valueKey(value);
    if (key === undefined) return this.readBucket(value, what);
    const byValue = `${what}\u0000${key}`;
    return remembered(this.bucketByValue, byValue, () => this.readBucket(value, what));
  }

  private readBucket(value: Value | undefined, what: string): FlowTarget | undefined {
    const expr = asExpr(value);
    if (!expr) return undefined;
    const uri = this.locator.s3UriPlace(expr, what);
    const name = uri ? uri.bucket : this.locator.describe(expr);
    if (!name || BOOTSTRAP_BUCKET.test(name)) return undefined;
    const place = uri?.place ?? this.locator.bucketPlace(expr, what);
    return this.bucketTarget(name, place);
  }

  private fromArnFields(expr: Expr, fields: Expr[]): FlowTarget | undefined {
    const service = fields[2].literal() ?? '';
    if (fields[3].literal()?.includes('*')) return undefined; // any region: no one place
    const resource = joinExpr(fields.slice(5), ':');
    const text = this.locator.describe(expr);
    if (service === 'bedrock') {
      // `arn:aws:bedrock:::foundation-model/...`: the regionless form IAM policies use for global
      // inference profiles' destinations. It names no region to call, so no one place.
      if (fields[3].literal() === '') return undefined;
      const resourceType = (resource.literal() ?? this.locator.describe(resource)).split('/')[0];
      const known = BEDROCK_RESOURCES[resourceType];
      if (!known) return undefined;
      const model = known.kind === 'model' ? parseModelRef(expr, this.locator, 'model') : undefined;
      return {
        ...known,
        what: `${resourceType} ${model?.modelId ?? text}`,
        place: this.locator.arnPlace(expr, `${resourceType} ARN`),
        model,
        key: text,
      };
    }
    const kind = DATA_SERVICES[service];
    if (!kind) return undefined;
    if (kind === 'bucket' && fields[3].literal() === '') {
      const [bucket] = splitExpr(resource, '/');
      const name = this.locator.describe(bucket);
      if (!name || name === '*' || BOOTSTRAP_BUCKET.test(name)) return undefined;
      return this.bucketTarget(name, this.locator.bucketPlace(bucket));
    }
    const place = this.locator.arnPlace(expr, `${service} ARN`);
    const ref = place.resource;
    return {
      kind,
      service,
      what: `${kind.replace('-', ' ')} ${text}`,
      place,
      key: ref ? `${ref.stackId}/${ref.logicalId}` : text.replace(/\/\*$/, ''),
    };
  }

  bucketTarget(name: string, place: Place): FlowTarget {
    const ref = place.resource;
    const downloads = ref ? this.browserDownloads(ref) : undefined;
    return {
      kind: 'bucket',
      service: 's3',
      what: `bucket ${ref ? this.constructName(ref) : name}`,
      place,
      key: ref ? `${ref.stackId}/${ref.logicalId}` : `s3://${name}`,
      ...(downloads ? { browserDownloads: downloads } : {}),
    };
  }

  /** Evidence that browsers fetch the bucket's objects themselves: CORS GET or public read. */
  private browserDownloads(ref: { stackId: string; logicalId: string }): string | undefined {
    const stack = this.resolver.stack(ref.stackId);
    if (stack?.resources.get(ref.logicalId)?.type !== 'AWS::S3::Bucket') return undefined;
    const props = this.resolver.properties(stack, ref.logicalId);
    const cors = asArray(get(props, 'CorsConfiguration', 'CorsRules')).some((rule) =>
      asArray(get(rule, 'AllowedMethods')).some((m) => asText(m) === 'GET'),
    );
    if (cors) return 'its CORS rules allow GET: presigned-URL downloads';
    const publicRead = (stack.byType.get('AWS::S3::BucketPolicy') ?? []).some((policy) => {
      const p = this.resolver.properties(stack, policy.logicalId);
      if (soleRef(get(p, 'Bucket'))?.logicalId !== ref.logicalId) return false;
      return asArray(get(p, 'PolicyDocument', 'Statement')).some(
        (st) =>
          asText(get(st, 'Effect')) === 'Allow' &&
          get(st, 'Condition') === undefined &&
          (asText(get(st, 'Principal')) === '*' || asText(get(st, 'Principal', 'AWS')) === '*') &&
          asArray(get(st, 'Action')).some((a) => /^s3:(GetObject|\*)$/.test(asText(a) ?? '')),
      );
    });
    return publicRead ? 'its bucket policy lets anyone read it: public downloads' : undefined;
  }

  /** `DataLake/Lake` rather than a logical id: what users recognise. */
  private constructName(ref: { stackId: string; logicalId: string }): string {
    const resource = this.resolver.stack(ref.stackId)?.resources.get(ref.logicalId);
    return resource ? displayName(resource) : `${ref.stackId}/${ref.logicalId}`;
  }
}
