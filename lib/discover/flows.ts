import { groupBy, memoized, remembered } from '../collections';
import { Place, REGION_CODE } from '../resolve/locate';
import { asText, Expr } from '../resolve/value';
import { dataKind } from './customization-call';
import { Access, ComputeFact, CustomizationWork, FlowFact, FlowTarget, Setting } from './facts';
import { IamIndex, Statement } from './iam';
import { NetworkIndex } from './network';
import { ACCOUNT_ID, isS3Uri, namesBucket } from './shapes';
import { TargetReader } from './targets';

interface Evidence {
  readonly target: FlowTarget;
  readonly access: Access;
  readonly evidence: string;
  /** The IAM actions that allow it, when the evidence is a policy statement. */
  readonly iamActions?: readonly string[];
}

const MODEL_KINDS = new Set(['model', 'bedrock']);
/**
 * Knowledge base and agent ids are handed to management functions too (ingestion, data source
 * updates): from a setting they are a call only for compute allowed to retrieve or invoke.
 */
const RUNTIME_KINDS = new Set(['knowledge-base', 'agent']);
/** Bedrock actions that use a model, knowledge base or agent at run time. */
const BEDROCK_USE =
  /^bedrock:(\*|invoke|converse|retrieve|applyguardrail|startasyncinvoke|createmodelinvocationjob|renderprompt)/i;
const READ =
  /:(\*|get|list|head|select|query|scan|batchget|describe|search|apiaccessall|eshttp(get|head|post))/i;
const WRITE =
  /:(\*|put|delete|abort|create|update|batchwrite|restore|replicate|eshttp(put|delete|patch))/i;
/** A bare model id: `provider.model...`, maybe with a geography prefix; not `index.handler`. */
const MODEL_ID =
  /^((us|eu|apac|global|us-gov|ca|jp|au)\.)?(amazon|anthropic|meta|mistral|cohere|ai21|deepseek|qwen|openai|writer|twelvelabs|stability|luma|google|minimax|moonshot|nvidia)\.[a-z0-9][a-z0-9.:-]*$/;
/** Variables naming the region the code calls Bedrock in. */
const MODEL_REGION = /(BEDROCK|MODEL|LLM|INFERENCE|GENAI|AI|KB|KNOWLEDGE|AGENT)[_-]?REGION$/i;

/** Flows from compute to data, models, knowledge bases and agents, with the network path of each. */
export function discoverFlows(
  compute: readonly ComputeFact[],
  work: readonly CustomizationWork[],
  jobs: readonly { readonly work: CustomizationWork; readonly compute: ComputeFact }[],
  iam: IamIndex,
  targets: TargetReader,
  network: NetworkIndex,
): FlowFact[] {
  const flows: FlowFact[] = [];
  // A Lambda that starts customization jobs names its base model and job region in its
  // environment: that is the job (CustomizationWork), not a model it invokes.
  // Its bucket variables are the job's data, read by Bedrock: a flow of the job, not of the Lambda.
  const starters = new Map<string, Set<string>>();
  for (const w of work.filter((w) => w.origin === 'lambda')) {
    const key = `${w.subject.stackId}/${w.subject.logicalId}`;
    const data = starters.get(key) ?? new Set<string>();
    if (w.action === 'CreateModelInvocationJob')
      for (const d of w.data) data.add(targets.bucketTarget(d.bucket, d.place).key);
    starters.set(key, data);
  }
  // Roles share statements (see IamIndex): each one's evidence is read once.
  const byStatement = new Map<Statement, Evidence[]>();
  const evidenceOf = (s: Statement) => remembered(byStatement, s, () => fromStatement(s, targets));
  const bedrockUse = new Map<Statement, boolean>(); // shared statements again: asked once each
  for (const source of compute) {
    const jobData =
      starters.size > 0
        ? starters.get(`${source.subject.stackId}/${source.subject.logicalId}`)
        : undefined;
    // A model list or a region in the environment is a call only for compute allowed to call
    // Bedrock: shared model lists and deploy regions ride along on compute that never uses them.
    const callsBedrock = mayCallBedrock(source, iam, bedrockUse);
    const found: Evidence[] = [];
    if (source.roleKey)
      for (const statement of iam.statements(source.roleKey))
        for (const e of evidenceOf(statement)) found.push(e);
    for (const e of fromSettings(source, targets, callsBedrock))
      if (
        (jobData === undefined || !MODEL_KINDS.has(e.target.kind)) &&
        !jobData?.has(e.target.key) &&
        (callsBedrock || !RUNTIME_KINDS.has(e.target.kind))
      )
        found.push(e);
    if (found.length > 0) flows.push(...merge(source, withoutProfileRouting(found), network));
  }
  for (const job of jobs) {
    const found = job.work.data.map((d): Evidence => ({
      // Bedrock reads the job's data itself: never a browser download, whatever the bucket's CORS.
      target: { ...targets.bucketTarget(d.bucket, d.place), browserDownloads: undefined },
      access: d.role === 'output' ? 'write' : 'read',
      evidence: `${dataKind(d.role)} ${d.uri}`,
    }));
    flows.push(...merge(job.compute, found, network));
  }
  return flows;
}

/** Bedrock-typed settings (agent and task properties), or a role allowed to call Bedrock at run time. */
function mayCallBedrock(
  source: ComputeFact,
  iam: IamIndex,
  bedrockUse: Map<Statement, boolean>,
): boolean {
  if (source.kind === 'bedrock-agent' || source.kind === 'state-machine') return true;
  const role = source.roleKey;
  if (!role || !iam.knows(role)) return true; // permissions unknown: the settings are the evidence
  if (iam.managedPolicies(role).some(namesBedrock)) return true;
  return iam
    .statements(role)
    .some((s) =>
      remembered(
        bedrockUse,
        s,
        () => s.effect === 'Allow' && s.actions.some((a) => a === '*' || BEDROCK_USE.test(a)),
      ),
    );
}

/** A managed policy for Bedrock (`AmazonBedrockFullAccess`), by its ARN. */
const namesBedrock = memoized((arn: string) => /Bedrock/i.test(arn));

/**
 * A geography profile needs IAM on the foundation model in every destination region, so a role
 * granted `us.X` (or naming it, or an application profile copying it) is also granted
 * `foundation-model/X` in each of them. Those grants are the profile's routing, not calls the
 * compute makes to those regions.
 */
function withoutProfileRouting(found: readonly Evidence[]): readonly Evidence[] {
  if (!found.some(({ target: t }) => t.model?.geography || t.copySource?.geography)) return found;
  const profiled = new Set(
    found.flatMap(({ target }) =>
      [target.model, target.copySource].flatMap((m) =>
        m?.geography && m.modelId ? [m.modelId.slice(m.geography.length + 1)] : [],
      ),
    ),
  );
  return found.filter(
    (e) =>
      !(
        e.iamActions &&
        e.target.model?.kind === 'foundation-model' &&
        profiled.has(e.target.model.modelId ?? '')
      ),
  );
}

/** Whether an evidence label is a policy statement's (`IAM s3:GetObject`) rather than a setting's. */
export function isIamEvidence(label: string): boolean {
  return label.startsWith('IAM ');
}

function fromStatement(statement: Statement, targets: TargetReader): Evidence[] {
  if (statement.effect !== 'Allow') return [];
  const found: Evidence[] = [];
  for (const resource of statement.resources) {
    const target = targets.fromArn(resource);
    if (!target) continue;
    const actions = statement.actions.filter((a) =>
      target.service.startsWith('bedrock')
        ? BEDROCK_USE.test(a) || a === '*'
        : a === '*' ||
          a.toLowerCase().startsWith(`${target.service}:`) ||
          (target.service === 's3vectors' && a.startsWith('s3vectors:')),
    );
    if (actions.length === 0) continue;
    found.push({
      target,
      access: accessOf(actions, target),
      evidence: `IAM ${actions.join(', ')}`,
      iamActions: actions,
    });
  }
  return found;
}

function accessOf(actions: readonly string[], target: FlowTarget): Access {
  if (target.service.startsWith('bedrock')) return 'invoke';
  const read = actions.some((a) => READ.test(a) || a === '*');
  const write = actions.some((a) => WRITE.test(a) || a === '*');
  return read && write ? 'read-write' : write ? 'write' : 'read';
}

/** Environment variables and properties: buckets, ARNs, model ids, model lists and regions. */
function fromSettings(
  source: ComputeFact,
  targets: TargetReader,
  callsBedrock: boolean,
): Evidence[] {
  const regionSetting = source.settings.find(
    (s) => MODEL_REGION.test(s.name) && REGION_CODE.test(asText(s.value) ?? ''),
  );
  const callPlace: Place = regionSetting
    ? { region: asText(regionSetting.value)!, source: regionSetting.label }
    : source.place;
  const found: Evidence[] = [];
  for (const named of source.settings) {
    const setting = parameterValue(named, targets);
    for (const target of settingTargets(setting, targets, callPlace, callsBedrock)) {
      found.push({
        target,
        access: target.service.startsWith('bedrock') ? 'invoke' : 'read',
        evidence: setting.label,
      });
    }
  }
  const namesModel = found.some((f) => f.target.kind === 'model' && f.target.place === callPlace);
  // A region variable alone is a call only with Bedrock permissions (a deployer's region is not).
  if (regionSetting && !namesModel && callsBedrock) {
    found.push({
      target: {
        kind: 'bedrock',
        service: 'bedrock-runtime',
        what: 'Amazon Bedrock',
        place: callPlace,
        key: `bedrock:${callPlace.region}`,
      },
      access: 'invoke',
      evidence: regionSetting.label,
    });
  }
  return found;
}

/**
 * A setting naming an SSM parameter of the app (by name or ARN), read as the value the parameter
 * holds in the template: model ids are often kept there so that changing one needs no deploy.
 */
function parameterValue(setting: Setting, targets: TargetReader): Setting {
  const ref = setting.value instanceof Expr ? setting.value.refs()[0] : undefined;
  const parameter = ref && targets.parameter(ref);
  if (!parameter) return setting;
  const label = `${setting.label} (parameter ${parameter.name})`;
  // The parameter's value is what the resource gets: no longer a stored secret's location.
  return { ...setting, label, value: parameter.value, stored: undefined };
}

function settingTargets(
  setting: Setting,
  targets: TargetReader,
  callPlace: Place,
  callsBedrock: boolean,
): FlowTarget[] {
  // A secret's ARN or parameter name says where the value is kept, not what it names.
  if (setting.stored) return [];
  // Most settings are plain text: read as text, without building an expression of one part.
  const text = asText(setting.value);
  if (text === undefined) {
    const expr = setting.value instanceof Expr ? setting.value : undefined;
    if (!expr) return [];
    const ref = expr.refs()[0];
    const first = expr.parts[0];
    const arn = first.kind === 'text' && first.text.startsWith('arn:');
    if (
      !arn &&
      (/BUCKET/i.test(setting.name) || (first.kind === 'text' && first.text.startsWith('s3://')))
    )
      return optional(targets.bucket(expr));
    return optional(targets.fromArn(expr) ?? (ref ? targets.fromRef(ref, expr) : undefined));
  }
  if (text.startsWith('arn:')) return optional(targets.fromArn(text));
  if (text.startsWith('s3://')) return isS3Uri(text) ? optional(targets.bucket(text)) : [];
  if (/BUCKET/i.test(setting.name)) return namesBucket(text) ? optional(targets.bucket(text)) : [];
  if (ACCOUNT_ID.test(text)) return [];
  if (MODEL_ID.test(text) || (/MODEL/i.test(setting.name) && /^[a-z0-9-]+\.[a-z0-9]/.test(text)))
    return [modelTarget(text, callPlace, targets)];
  if (/^\s*[[{]/.test(text)) return callsBedrock ? modelList(text, callPlace, targets) : [];
  return [];
}

function modelTarget(id: string, callPlace: Place, targets: TargetReader): FlowTarget {
  const arnTarget = id.startsWith('arn:') ? targets.fromArn(id) : undefined;
  if (arnTarget) return arnTarget;
  const model = targets.modelRef(id)!;
  return {
    kind: 'model',
    service: 'bedrock-runtime',
    what: `model ${model.text}`,
    place: callPlace,
    model,
    key: `${model.text}@${callPlace.region ?? '?'}`,
  };
}

/** A JSON list (or map) of models with regions, as multi-region routers configure them. */
function modelList(text: string, callPlace: Place, targets: TargetReader): FlowTarget[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const entries = Array.isArray(parsed)
    ? parsed
    : typeof parsed === 'object' && parsed
      ? Object.values(parsed)
      : [];
  return entries.flatMap((entry): FlowTarget[] => {
    if (typeof entry === 'string')
      return MODEL_ID.test(entry) ? [modelTarget(entry, callPlace, targets)] : [];
    if (typeof entry !== 'object' || entry === null) return [];
    const e = entry as Record<string, unknown>;
    const id = [e.modelId, e.model_id, e.model, e.modelArn, e.id].find(
      (v) => typeof v === 'string',
    ) as string | undefined;
    if (!id || !(MODEL_ID.test(id) || id.startsWith('arn:'))) return [];
    const region = [e.region, e.regionName, e.region_name].find(
      (v) => typeof v === 'string' && REGION_CODE.test(v),
    ) as string | undefined;
    return [
      modelTarget(id, region ? { region, source: `model list entry ${id}` } : callPlace, targets),
    ];
  });
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

/** One flow per target: evidence from IAM and settings merges; the route is computed once. */
function merge(source: ComputeFact, found: readonly Evidence[], network: NetworkIndex): FlowFact[] {
  const flows: FlowFact[] = [];
  for (const group of groupBy(found, (f) => f.target.key).values()) {
    const { target } = group[0];
    flows.push({
      source,
      target,
      access: combine(group),
      evidence: distinct(group.map((e) => e.evidence)),
      iamActions: distinct(group.flatMap((e) => e.iamActions ?? [])),
      route: network.route(source.placement, target.service, target.place, source.place),
    });
  }
  return flows;
}

/** Each text once, in first-seen order. */
function distinct(texts: string[]): string[] {
  return texts.length < 2 ? texts : [...new Set(texts)];
}

function combine(group: readonly Evidence[]): Access {
  if (group.length === 1) return group[0].access;
  const access = new Set(group.map((e) => e.access));
  if (access.has('invoke')) return 'invoke';
  if (access.has('read-write') || (access.has('read') && access.has('write'))) return 'read-write';
  return access.has('write') ? 'write' : 'read';
}
