import { REGION_CODE } from '../assembly/build-stack';
import { ResourceModel, StackModel } from '../assembly/types';
import { parseEmbeddedJson } from './embedded-json';
import { constructName, type Resolver } from './resolver';
import { asExpr, asText, Expr, get, joinExpr, RefPart, soleRef, splitExpr, Value } from './value';

/** Where something lives, with how we know; `region: null` always carries `unresolved`. */
export interface Place {
  readonly region: string | null;
  /** How the region was determined: `stack DataLake`, `ARN`, `externalResources`, ... */
  readonly source: string;
  /** Why the region cannot be determined (only when region is null). */
  readonly unresolved?: string;
  /** The resource of the app that holds the thing, when there is one. */
  readonly resource?: { readonly stackId: string; readonly logicalId: string };
  /**
   * When the region is unknown but is certainly that of a stack (an environment-agnostic stack,
   * or `AWS::Region` in its template): two places with the same stack share a region.
   */
  readonly regionOfStack?: string;
  /**
   * Any region at all (an IAM grant on `arn:aws:bedrock:*::...`): the code picks it at run time,
   * so only facts true in every region can be checked, and the unknown region is no gap to report.
   */
  readonly anyRegion?: true;
}

/** True or false when it can be known at synth time whether two places share a region; null otherwise. */
export function sameRegion(a: Place, b: Place): boolean | null {
  if (a.region !== null && b.region !== null) return a.region === b.region;
  if (
    a.region === null &&
    b.region === null &&
    a.regionOfStack &&
    a.regionOfStack === b.regionOfStack
  )
    return true;
  return null;
}

export interface S3Location {
  readonly uri: string;
  readonly bucket: string;
  readonly place: Place;
}

export { REGION_CODE };

const BUCKET_TYPES = new Set(['AWS::S3::Bucket', 'AWS::S3Express::DirectoryBucket']);

/** Answers "which region is this in?" for stacks, resources, ARNs, bucket names and S3 URIs. */
export class Locator {
  private bucketsByName?: Map<string, { stackId: string; logicalId: string }>;
  /** Each resource's place, computed once: every flow, job and finding asks for its ends' places. */
  private readonly placeOfResource = new Map<ResourceModel, Place>();

  constructor(
    private readonly resolver: Resolver,
    private readonly external: Readonly<Record<string, string>> = {},
  ) {}

  /** Readable form of a value for messages. */
  describe(value: Value | undefined): string {
    const expr = asExpr(value);
    return expr ? this.resolver.describe(expr) : '';
  }

  stackPlace(stack: StackModel): Place {
    if (stack.region) return { region: stack.region, source: `stack ${stack.id}` };
    return {
      region: null,
      source: `stack ${stack.id}`,
      unresolved: `stack ${stack.id} is environment-agnostic (no region)`,
      regionOfStack: stack.id,
    };
  }

  resourcePlace(stackId: string, logicalId: string): Place {
    const stack = this.resolver.stack(stackId);
    if (!stack)
      return {
        region: null,
        source: stackId,
        unresolved: `stack ${stackId} is not in the assembly`,
      };
    const resource = stack.resources.get(logicalId);
    let place = resource && this.placeOfResource.get(resource);
    if (!place) {
      place = this.sdkCallPlace(stack, logicalId) ?? {
        ...this.stackPlace(stack),
        resource: { stackId, logicalId },
      };
      if (resource) this.placeOfResource.set(resource, place);
    }
    return place;
  }

  /** What an `AwsCustomResource` creates lives in its call's `region` when it names one. */
  private sdkCallPlace(stack: StackModel, logicalId: string): Place | undefined {
    const type = stack.resources.get(logicalId)?.type ?? '';
    if (!type.startsWith('Custom::') || type.startsWith('Custom::CrossRegion')) return undefined;
    const props = this.resolver.properties(stack, logicalId);
    const call = parseEmbeddedJson(get(props, 'Create')) ?? parseEmbeddedJson(get(props, 'Update'));
    const region = asText(get(call, 'region'));
    if (!region || !REGION_CODE.test(region)) return undefined;
    return { region, source: 'the call\'s "region"', resource: { stackId: stack.id, logicalId } };
  }

  refPlace(ref: RefPart): Place {
    return this.resourcePlace(ref.stackId, ref.logicalId);
  }

  /** Region of an ARN; for S3 ARNs (no region field) the region of the named bucket. */
  arnPlace(value: Value | undefined, what = 'ARN'): Place {
    const expr = asExpr(value);
    if (!expr) return unresolved(what, `${what} is missing`);
    const single = soleRef(expr);
    if (single) return this.valuePlace(single, what, expr);
    const fields = splitExpr(expr, ':');
    if (fields.length < 6 || fields[0].literal() !== 'arn') {
      const ref = expr.refs()[0];
      return ref
        ? this.valuePlace(ref, what, expr)
        : this.externalOr(expr.toString(), what, `${what} ${this.describe(expr)} is not an ARN`);
    }
    const external = this.externalPlace(expr.toString());
    if (external) return external;
    const service = fields[2].literal();
    const region = fields[3];
    if (service === 's3' && region.literal() === '') {
      return this.bucketPlace(joinExpr(fields.slice(5), ':'), 'bucket');
    }
    const literal = region.literal();
    if (literal && REGION_CODE.test(literal)) return { region: literal, source: what };
    if (literal)
      return unresolved(what, `${what} ${this.describe(expr)} names "${literal}", not a region`);
    if (literal === '') return unresolved(what, `${what} ${this.describe(expr)} has no region`);
    return this.fromParts(region, what, expr);
  }

  /** Region of a bucket given its name (or a reference to it). */
  bucketPlace(value: Value | undefined, what = 'bucket'): Place {
    const expr = asExpr(value);
    if (!expr) return unresolved(what, `${what} name is missing`);
    const single = soleRef(expr);
    if (single) {
      const target = this.resolver.stack(single.stackId)?.resources.get(single.logicalId);
      if (target && BUCKET_TYPES.has(target.type)) return this.refPlace(single);
    }
    const name = expr.literal();
    if (name !== undefined) {
      const inApp = this.bucketIndex().get(name);
      if (inApp) return this.resourcePlace(inApp.stackId, inApp.logicalId);
      return this.externalOr(
        `s3://${name}`,
        what,
        `bucket ${name} is not defined in this app; declare its region in externalResources`,
      );
    }
    const bucketRef = expr
      .refs()
      .find((r) =>
        BUCKET_TYPES.has(this.resolver.stack(r.stackId)?.resources.get(r.logicalId)?.type ?? ''),
      );
    if (bucketRef) return this.refPlace(bucketRef);
    return this.fromParts(expr, what, expr);
  }

  /**
   * An S3 URI given to a job: `s3UriPlace`, or, when the URI is not known at synth time (a
   * parameter, the state input, a custom resource's response), a location whose region is unresolved.
   */
  dataUriPlace(value: Value | undefined, what: string): S3Location | undefined {
    const location = this.s3UriPlace(value, what);
    const expr = asExpr(value);
    if (location || !expr || expr.parts[0]?.kind === 'text') return location;
    const uri = this.resolver.describe(expr);
    return { uri, bucket: uri, place: this.fromParts(expr, what, expr) };
  }

  /** Parses `s3://bucket/key` and locates the bucket. */
  s3UriPlace(value: Value | undefined, what = 'S3 location'): S3Location | undefined {
    const expr = asExpr(value);
    const first = expr?.parts[0];
    if (!expr || first?.kind !== 'text' || !first.text.startsWith('s3://')) return undefined;
    const rest = new Expr([{ kind: 'text', text: first.text.slice(5) }, ...expr.parts.slice(1)]);
    const [bucket] = splitExpr(rest, '/');
    return {
      uri: this.resolver.describe(expr),
      bucket: this.resolver.describe(bucket),
      place: this.bucketPlace(bucket, what),
    };
  }

  private fromParts(region: Expr, what: string, whole: Expr): Place {
    const ref = region.refs()[0];
    if (ref) return this.valuePlace(ref, what, whole);
    const sole = region.parts.length === 1 ? region.parts[0] : undefined;
    if (sole?.kind === 'unknown' && sole.regionOf) {
      return { ...unresolved(what, sole.reason), regionOfStack: sole.regionOf };
    }
    const reason =
      region.unknowns()[0]?.reason ??
      `region of ${this.describe(whole)} is not known at synth time`;
    return unresolved(what, `${what} ${this.describe(whole)}: ${reason}`);
  }

  /**
   * The place a value built from a reference points at: the referenced resource's, unless the
   * value is a custom resource's response, which can name anything anywhere.
   */
  private valuePlace(ref: RefPart, what: string, whole: Expr): Place {
    const stack = this.resolver.stack(ref.stackId);
    const target = stack?.resources.get(ref.logicalId);
    const place = this.refPlace(ref);
    // What the custom resource itself is placed by (the region its call names) still holds.
    if (!stack || !target || !isCustomResource(target.type)) return place;
    if (place.source !== this.stackPlace(stack).source) return place;
    return unresolved(
      what,
      `${what} ${this.describe(whole)}: the response of custom resource ${constructName(target)} (${target.type}) is known only at deploy time`,
    );
  }

  private externalPlace(key: string): Place | undefined {
    const region = this.external[key] ?? this.external[key.replace(/\/$/, '')];
    return region ? { region, source: `externalResources["${key}"]` } : undefined;
  }

  private externalOr(key: string, what: string, reason: string): Place {
    return this.externalPlace(key) ?? unresolved(what, reason);
  }

  private bucketIndex(): Map<string, { stackId: string; logicalId: string }> {
    if (this.bucketsByName) return this.bucketsByName;
    this.bucketsByName = new Map();
    for (const stack of this.resolver.app.stacks) {
      for (const type of BUCKET_TYPES) {
        for (const bucket of stack.byType.get(type) ?? []) {
          const name = asText(get(this.resolver.properties(stack, bucket.logicalId), 'BucketName'));
          if (name)
            this.bucketsByName.set(name, { stackId: stack.id, logicalId: bucket.logicalId });
        }
      }
      // Buckets an `AwsCustomResource` creates (`createBucket`): placed by the call's region.
      for (const [type, resources] of stack.byType) {
        if (!type.startsWith('Custom::')) continue;
        for (const r of resources) {
          const call = parseEmbeddedJson(
            get(this.resolver.properties(stack, r.logicalId), 'Create'),
          );
          if (!/^(s3|@aws-sdk\/client-s3)$/i.test(asText(get(call, 'service')) ?? '')) continue;
          if (!/^createBucket(Command)?$/i.test(asText(get(call, 'action')) ?? '')) continue;
          const name = asText(get(call, 'parameters', 'Bucket'));
          if (name) this.bucketsByName.set(name, { stackId: stack.id, logicalId: r.logicalId });
        }
      }
    }
    return this.bucketsByName;
  }
}

function isCustomResource(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

function unresolved(source: string, reason: string): Place {
  return { region: null, source, unresolved: reason };
}
