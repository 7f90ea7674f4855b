import { groupBy, remembered } from '../collections';
import { Locator, Place } from '../resolve/locate';
import { asExpr, splitExpr } from '../resolve/value';
import { isIamEvidence } from './flows';
import { actionMatches, IamIndex, namesAction, Statement } from './iam';
import {
  ComputeFact,
  CustomizationWork,
  FlowFact,
  KnowledgeBaseFact,
  ModelPurpose,
  ModelUseFact,
} from './facts';
import { ModelRef, parseModelRef } from './model-ref';

/** Bedrock runtime actions that call a model by id: what `bedrock:InvokeModel*`/`Converse*` grant. */
const INVOKE_ACTIONS = [
  'bedrock:InvokeModel',
  'bedrock:InvokeModelWithResponseStream',
  'bedrock:Converse',
  'bedrock:ConverseStream',
];

/** A batch starter's grant names the models its jobs run (the job runs in the starter's call region). */
const BATCH_ACTION = 'bedrock:CreateModelInvocationJob';

/** Model kinds whose region and lifecycle are not those of a foundation model (custom models have their own rule). */
const NOT_FOUNDATION = new Set(['custom-model', 'provisioned-model', 'imported-model']);

/**
 * Every model reference the rules check against its calling region: compute invocations,
 * knowledge-base models, distillation teachers and the models Bedrock resources name.
 */
export function discoverModelUses(
  flows: readonly FlowFact[],
  knowledgeBases: readonly KnowledgeBaseFact[],
  work: readonly CustomizationWork[],
  resourceUses: readonly ModelUseFact[],
  iam: IamIndex,
): ModelUseFact[] {
  const uses: ModelUseFact[] = [...computeUses(flows, iam)];
  // Bedrock itself calls these models from the knowledge base's or the job's region; an ARN of
  // another region does not move the call (KnowledgeBaseStoreRegion reports such an ARN).
  const add = (use: Omit<ModelUseFact, 'model'>, model: ModelRef | undefined) => {
    if (model) uses.push({ ...use, model });
  };
  for (const kb of knowledgeBases) {
    add(
      {
        subject: kb.subject,
        purpose: 'embedding',
        place: kb.place,
        evidence: ['embedding model ARN'],
      },
      kb.embeddingModel,
    );
    for (const ds of kb.dataSources) {
      // A data source belongs to its knowledge base's region: parsing runs there.
      const base = { subject: ds.subject, place: kb.place };
      add({ ...base, purpose: 'parsing', evidence: ['parsing model ARN'] }, ds.parsingModel);
      add(
        { ...base, purpose: 'enrichment', evidence: ['context enrichment model ARN'] },
        ds.enrichmentModel,
      );
    }
  }
  for (const w of work) {
    add(
      {
        subject: w.subject,
        purpose: 'teacher',
        place: w.place,
        evidence: [`${w.detail ?? w.action} TeacherModelIdentifier`],
      },
      w.teacherModel,
    );
    // The catalog records no batch support per model: a batch job's model gets the checks of any
    // call from the job's region (offered there, on demand or through its profile, lifecycle).
    if (w.action === 'CreateModelInvocationJob')
      add(
        {
          subject: w.subject,
          purpose: 'batch-inference',
          place: w.place,
          evidence: [`${w.detail ?? w.action} ModelId`],
        },
        w.baseModel,
      );
  }
  uses.push(...resourceUses);
  return uses.filter((u) => !NOT_FOUNDATION.has(u.model.kind) && !u.model.modelId?.includes('*'));
}

/**
 * Model flows of compute that are calls. An IAM grant of an invoke action is one, and so is a
 * setting that certainly calls (an invoke task's ModelId, an agent's model); another setting
 * naming a model is one when the compute may invoke Bedrock at all or the value can only be
 * Bedrock's (an ARN, a geography profile id). (A profile's routing
 * grants on foundation models are no flows: see flows.ts.)
 */
function computeUses(flows: readonly FlowFact[], iam: IamIndex): ModelUseFact[] {
  const bySource = groupBy(
    flows.filter((f) => f.target.kind === 'model' && f.target.model),
    (f) => f.source,
  );
  const uses: ModelUseFact[] = [];
  for (const [source, modelFlows] of bySource) {
    const mayInvoke =
      source.roleKey !== undefined && INVOKE_ACTIONS.some((a) => iam.allows(source.roleKey!, a));
    const certain = new Set<string>();
    for (const s of source.settings) if (s.invokes) certain.add(s.label);
    for (const f of modelFlows) {
      const model = f.target.model!;
      const grant = grantedCall(f.iamActions);
      const named = f.evidence.some((e) => !isIamEvidence(e));
      const call =
        grant !== undefined ||
        f.evidence.some((e) => certain.has(e)) ||
        (named && (mayInvoke || model.kind !== 'model-id'));
      if (!call) continue;
      uses.push({
        subject: source.subject,
        purpose: usePurpose(source, grant?.purpose ?? 'invoke'),
        model,
        place: f.target.place,
        evidence: f.evidence,
        compute: source,
      });
    }
  }
  return uses;
}

/**
 * The call a grant's actions make on a model: an invoke action (a wildcard counts: it allows
 * invoking), else batch inference when the grant names `CreateModelInvocationJob`.
 */
function grantedCall(
  actions: readonly string[],
): { action: string; purpose: 'invoke' | 'batch-inference' } | undefined {
  const invoke = actions.find((a) => INVOKE_ACTIONS.some((i) => actionMatches(a, i)));
  if (invoke) return { action: invoke, purpose: 'invoke' };
  const batch = actions.find((a) => namesAction(a, BATCH_ACTION));
  return batch ? { action: batch, purpose: 'batch-inference' } : undefined;
}

/** An agent's model calls are the agent's; other compute's are what its grant says. */
function usePurpose(source: ComputeFact, purpose: 'invoke' | 'batch-inference'): ModelPurpose {
  return source.kind === 'bedrock-agent' ? 'agent' : purpose;
}

/** Where a grant on `arn:aws:bedrock:*::...` lets the code call: a region it picks at run time. */
const ANY_REGION: Place = {
  region: null,
  source: 'IAM resource ARN with region *',
  unresolved: 'the grant allows every region; the code picks one at run time',
  anyRegion: true,
};

/**
 * Grants of invoke or batch actions on model ARNs of any region (`arn:aws:bedrock:*::foundation-model/X`).
 * They are no flow (no one place), but the model is certainly called somewhere: facts true in every
 * region (end-of-life, Legacy) still apply to it.
 */
export function discoverAnyRegionUses(
  compute: readonly ComputeFact[],
  iam: IamIndex,
  locator: Locator,
): ModelUseFact[] {
  const uses: ModelUseFact[] = [];
  // Roles share statements (see IamIndex): each one's any-region grants are read once.
  const byStatement = new Map<Statement, readonly AnyRegionGrant[]>();
  for (const source of compute) {
    if (source.roleKey === undefined) continue;
    const seen = new Set<string>();
    for (const statement of iam.statements(source.roleKey)) {
      const grants = remembered(byStatement, statement, () => anyRegionGrants(statement, locator));
      for (const { grant, model } of grants) {
        if (seen.has(model.modelId!)) continue;
        seen.add(model.modelId!);
        uses.push({
          subject: source.subject,
          purpose: usePurpose(source, grant.purpose),
          model: { ...model, arnPlace: undefined },
          place: ANY_REGION,
          evidence: [`IAM ${grant.action} on ${model.kind} ARNs of any region`],
          compute: source,
        });
      }
    }
  }
  return uses;
}

interface AnyRegionGrant {
  readonly grant: NonNullable<ReturnType<typeof grantedCall>>;
  readonly model: ModelRef;
}

/** The models a statement lets its roles call in any region, each with the call it grants. */
function anyRegionGrants(statement: Statement, locator: Locator): AnyRegionGrant[] {
  if (statement.effect !== 'Allow') return [];
  const grant = grantedCall(statement.actions);
  if (!grant) return [];
  const grants: AnyRegionGrant[] = [];
  for (const resource of statement.resources) {
    const expr = asExpr(resource);
    const fields = expr ? splitExpr(expr, ':') : [];
    if (fields.length < 6 || fields[2].literal() !== 'bedrock' || fields[3].literal() !== '*')
      continue;
    const model = parseModelRef(resource, locator, 'model ARN');
    if (!model?.modelId || model.modelId.includes('*')) continue;
    grants.push({ grant, model });
  }
  return grants;
}
