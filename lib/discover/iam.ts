import { StackModel } from '../assembly/types';
import { remembered } from '../collections';
import { Resolver } from '../resolve/resolver';
import { asArray, asExpr, asText, get, Value } from '../resolve/value';
import { valueKey } from './value-key';

export interface Statement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly Value[];
}

/**
 * IAM statements by role (`stackId/logicalId`), from inline policies, policies and managed
 * policies. Built once. Statements that say the same thing are one object, whichever roles hold
 * them: what discovery derives from a statement it can keep by statement.
 */
export class IamIndex {
  private readonly byRole = new Map<string, Statement[]>();
  private readonly managedByRole = new Map<string, string[]>();
  private readonly byContent = new Map<string, Statement>();
  /** Per statement and action, whether it allows the action, and whether it names it. */
  private readonly allowing = new Map<Statement, Map<string, boolean>>();
  private readonly naming = new Map<Statement, Map<string, boolean>>();

  constructor(stacks: readonly StackModel[], resolver: Resolver) {
    for (const stack of stacks) {
      for (const role of stack.byType.get('AWS::IAM::Role') ?? []) {
        const props = resolver.properties(stack, role.logicalId);
        for (const policy of asArray(get(props, 'Policies'))) {
          this.add(`${stack.id}/${role.logicalId}`, get(policy, 'PolicyDocument'));
        }
        const managed = asArray(get(props, 'ManagedPolicyArns')).map(
          (arn) => asText(arn) ?? asExpr(arn)?.toString() ?? '',
        );
        this.managedByRole.set(`${stack.id}/${role.logicalId}`, managed);
      }
      for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
        for (const policy of stack.byType.get(type) ?? []) {
          const props = resolver.properties(stack, policy.logicalId);
          for (const role of asArray(get(props, 'Roles'))) {
            const ref = asExpr(role)?.refs()[0];
            if (ref) this.add(`${ref.stackId}/${ref.logicalId}`, get(props, 'PolicyDocument'));
          }
        }
      }
    }
  }

  private add(roleKey: string, document: Value | undefined): void {
    const list = this.byRole.get(roleKey) ?? [];
    for (const s of asArray(get(document, 'Statement'))) {
      list.push(
        this.shared({
          effect: asText(get(s, 'Effect')) ?? 'Allow',
          actions: asArray(get(s, 'Action')).map((a) => asText(a) ?? ''),
          resources: asArray(get(s, 'Resource')),
        }),
      );
    }
    this.byRole.set(roleKey, list);
  }

  /** The statement already seen with the same effect, actions and resources, else this one. */
  private shared(statement: Statement): Statement {
    let key = JSON.stringify([statement.effect, statement.actions]);
    for (const r of statement.resources) {
      const k = valueKey(r);
      if (k === undefined) return statement;
      key += `\u0000${k}`;
    }
    const known = this.byContent.get(key);
    if (known) return known;
    this.byContent.set(key, statement);
    return statement;
  }

  /** Whether the role is a role of the app, so its permissions are known. */
  knows(roleKey: string): boolean {
    return this.managedByRole.has(roleKey);
  }

  /** ARNs of the managed policies attached to the role (AWS managed ones by name). */
  managedPolicies(roleKey: string): readonly string[] {
    return this.managedByRole.get(roleKey) ?? [];
  }

  statements(roleKey: string): readonly Statement[] {
    return this.byRole.get(roleKey) ?? [];
  }

  /** Whether the role is allowed an action; IAM actions are case-insensitive and may use wildcards. */
  allows(roleKey: string, action: string): boolean {
    return this.statements(roleKey).some((s) => answer(this.allowing, s, action, actionMatches));
  }

  /** The role's statements that allow the action by a pattern naming it (see `namesAction`). */
  grantsNaming(roleKey: string, action: string): readonly Statement[] {
    return this.statements(roleKey).filter((s) => answer(this.naming, s, action, namesAction));
  }
}

/** Whether an allow statement matches the action, asked once per statement and action. */
function answer(
  answers: Map<Statement, Map<string, boolean>>,
  s: Statement,
  action: string,
  matches: (pattern: string, action: string) => boolean,
): boolean {
  const byAction = remembered(answers, s, () => new Map<string, boolean>());
  return remembered(
    byAction,
    action,
    () => s.effect === 'Allow' && s.actions.some((a) => matches(a, action)),
  );
}

/**
 * Compiled action patterns with their answers: an app repeats the same few patterns thousands of
 * times and discovery asks about a handful of actions, so each pattern is compiled once and each
 * pair matched once.
 */
const ACTION_PATTERNS = new Map<
  string,
  { regex: RegExp; allowsEverything: boolean; answers: Map<string, boolean> }
>();

function compiledPattern(pattern: string) {
  let compiled = ACTION_PATTERNS.get(pattern);
  if (!compiled) {
    const escaped = pattern
      .toLowerCase()
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    compiled = {
      regex: new RegExp(`^${escaped}$`),
      allowsEverything: /^(\*|[a-z0-9-]+:\*)$/i.test(pattern),
      answers: new Map(),
    };
    ACTION_PATTERNS.set(pattern, compiled);
  }
  return compiled;
}

/**
 * Whether a pattern allows the action by naming it (`bedrock:CreateModelInvocationJob`,
 * `bedrock:CreateModel*`), not by allowing everything (`*`, `bedrock:*`): evidence that the code
 * makes that call, where a wildcard is only permission.
 */
export function namesAction(pattern: string, action: string): boolean {
  return !compiledPattern(pattern).allowsEverything && actionMatches(pattern, action);
}

export function actionMatches(pattern: string, action: string): boolean {
  const compiled = compiledPattern(pattern);
  let matches = compiled.answers.get(action);
  if (matches === undefined)
    compiled.answers.set(action, (matches = compiled.regex.test(action.toLowerCase())));
  return matches;
}
