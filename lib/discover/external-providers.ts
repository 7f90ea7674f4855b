import { StackModel } from '../assembly/types';
import { memoized, remembered } from '../collections';
import { Locator } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { asExpr, asText, Expr, get, RefPart } from '../resolve/value';
import { ComputeFact, ExternalProviderFact } from './facts';
import { IamIndex, Statement } from './iam';

/** AI services outside AWS: how their credentials and endpoints are usually named. */
const PROVIDERS: readonly { name: string; key: RegExp; host: RegExp }[] = [
  { name: 'OpenAI', key: /OPENAI|OPEN_AI/i, host: /api\.openai\.com|openai\.azure\.com/i },
  { name: 'Anthropic API', key: /ANTHROPIC|CLAUDE_API/i, host: /api\.anthropic\.com/i },
  { name: 'Together AI', key: /TOGETHER/i, host: /api\.together\.(xyz|ai)/i },
  { name: 'Fireworks AI', key: /FIREWORKS/i, host: /api\.fireworks\.ai/i },
  { name: 'Replicate', key: /REPLICATE/i, host: /api\.replicate\.com/i },
  { name: 'Modal', key: /MODAL_TOKEN|MODAL_API/i, host: /\.modal\.run|api\.modal\.com/i },
  { name: 'OpenRouter', key: /OPENROUTER/i, host: /openrouter\.ai/i },
  {
    name: 'Google Vertex AI / Gemini',
    key: /GEMINI|VERTEX|GOOGLE_(API_KEY|APPLICATION_CREDENTIALS|GENAI)/i,
    host: /generativelanguage\.googleapis\.com|aiplatform\.googleapis\.com/i,
  },
  { name: 'Cohere platform', key: /COHERE|^CO_API_KEY$/i, host: /api\.cohere\.(ai|com)/i },
  // Qwen is also on Bedrock (`qwen.` ids): only DashScope's own key and hosts name the outside service.
  {
    name: 'Alibaba Cloud Model Studio (DashScope)',
    key: /DASHSCOPE/i,
    host: /dashscope(-intl)?\.aliyuncs\.com/i,
  },
];

const SECRET_TYPES = new Set(['AWS::SecretsManager::Secret', 'AWS::SSM::Parameter']);

/** A provider named by a variable, secret or parameter name. */
const providerOf = memoized(
  (name: string): string | undefined => PROVIDERS.find((p) => p.key.test(name))?.name,
);

/** A provider whose API host a value names (model ids like `anthropic.claude...` are Bedrock's). */
const providerHost = memoized(
  (value: string): string | undefined => PROVIDERS.find((p) => p.host.test(value))?.name,
);

/** The name of a secret or parameter a reference points at, when it is one. */
type SecretName = (ref: RefPart) => string | undefined;

/**
 * External AI providers, from compute settings (names, values, referenced secrets), secrets the
 * compute's role may read, and stored secrets or parameters no compute of the app is seen using.
 */
export function discoverExternalProviders(
  stacks: readonly StackModel[],
  compute: readonly ComputeFact[],
  resolver: Resolver,
  locator: Locator,
  iam: IamIndex,
): ExternalProviderFact[] {
  const secretName: SecretName = (ref) => {
    const stack = resolver.stack(ref.stackId);
    const resource = stack?.resources.get(ref.logicalId);
    if (!stack || !resource || !SECRET_TYPES.has(resource.type)) return undefined;
    return asText(get(resolver.properties(stack, ref.logicalId), 'Name')) ?? ref.logicalId;
  };
  const used = new Set<string>();
  // Roles share statements (see IamIndex): each one's secret reads are found once.
  const byStatement = new Map<Statement, readonly SecretRead[]>();
  const readsOf = (s: Statement) => remembered(byStatement, s, () => secretReads(s, secretName));
  const facts = compute.flatMap((c) => [
    ...fromSettings(c, secretName, used),
    ...fromPolicies(c, iam, readsOf, used),
  ]);
  for (const stack of stacks) {
    for (const type of SECRET_TYPES) {
      for (const resource of stack.byType.get(type) ?? []) {
        const ref: RefPart = {
          kind: 'ref',
          stackId: stack.id,
          logicalId: resource.logicalId,
          attribute: 'Ref',
        };
        const name = secretName(ref);
        const provider = name && providerOf(name);
        if (!provider || used.has(`${stack.id}/${resource.logicalId}`)) continue;
        facts.push({
          subject: { stackId: stack.id, logicalId: resource.logicalId, type },
          place: locator.resourcePlace(stack.id, resource.logicalId),
          provider,
          evidence: `${type === 'AWS::SSM::Parameter' ? 'parameter' : 'secret'} ${name}`,
        });
      }
    }
  }
  return facts;
}

function fact(c: ComputeFact, provider: string, evidence: string): ExternalProviderFact {
  return { subject: c.subject, place: c.place, provider, evidence, compute: c };
}

/** Variable names (`OPENAI_API_KEY`), endpoint values, and secrets the variables reference. */
function fromSettings(
  c: ComputeFact,
  secretName: SecretName,
  used: Set<string>,
): ExternalProviderFact[] {
  const found: ExternalProviderFact[] = [];
  for (const s of c.settings) {
    // Most values are plain text: read without building an expression of one part.
    const expr = s.value instanceof Expr ? s.value : undefined;
    const refs = expr ? expr.refs() : [];
    for (const r of refs) used.add(`${r.stackId}/${r.logicalId}`);
    const byName = providerOf(s.name);
    if (byName) {
      found.push(fact(c, byName, s.label));
      continue;
    }
    const byHost = providerHost(typeof s.value === 'string' ? s.value : (expr?.literal() ?? ''));
    if (byHost) {
      found.push(fact(c, byHost, `${s.label} value`));
      continue;
    }
    const secret = refs.map(secretName).find((n) => n && providerOf(n));
    if (secret) found.push(fact(c, providerOf(secret)!, `${s.label} names secret ${secret}`));
  }
  return found;
}

/** A secret or parameter with a provider's name that a statement allows reading. */
interface SecretRead {
  readonly ref: RefPart;
  readonly provider: string;
  readonly name: string;
}

function secretReads(statement: Statement, secretName: SecretName): SecretRead[] {
  if (!statement.actions.some((a) => /^(secretsmanager|ssm):(get|\*)/i.test(a) || a === '*'))
    return [];
  const reads: SecretRead[] = [];
  for (const resource of statement.resources) {
    const ref = asExpr(resource)?.refs()[0];
    const name = ref && secretName(ref);
    const provider = name && providerOf(name);
    if (ref && provider) reads.push({ ref, provider, name: name! });
  }
  return reads;
}

/** Secrets and parameters with a provider's name that the compute's role may read. */
function fromPolicies(
  c: ComputeFact,
  iam: IamIndex,
  readsOf: (statement: Statement) => readonly SecretRead[],
  used: Set<string>,
): ExternalProviderFact[] {
  const found: ExternalProviderFact[] = [];
  for (const statement of c.roleKey ? iam.statements(c.roleKey) : []) {
    for (const { ref, provider, name } of readsOf(statement)) {
      used.add(`${ref.stackId}/${ref.logicalId}`);
      found.push(fact(c, provider, `IAM read of secret ${name}`));
    }
  }
  return found;
}
