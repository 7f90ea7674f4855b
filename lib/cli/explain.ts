import { Command } from 'commander';
import { Rule, RULE_PREFIX, RULES, ruleId } from '../../rules';
import { InputError } from '../assembly/types';
import { CommandModule } from './io';
import { nearest } from './suggest';

/** The README's rules reference, at the repository that package.json names. */
const RULES_REFERENCE = 'https://github.com/cdk-bedrock-lint/cdk-bedrock-lint#';

/** `cdk-bedrock-lint explain RULE`: what a rule checks, why, the fix and the AWS error it prevents. */
export const explainCommand: CommandModule = (program: Command, io) => {
  program
    .command('explain')
    .description('explain a rule: why it matters, the fix, the AWS error it prevents, docs')
    .argument('<rule>', 'rule id, with or without the BedrockRegions- prefix')
    .action((name: string) => {
      io.result.stdout += explanation(findRule(name));
    });
};

/** `BedrockRegions-X` or `X`, any case; an unknown name is an error naming the closest rule. */
export function findRule(name: string): Rule {
  const bare = name.replace(new RegExp(`^${RULE_PREFIX}`, 'i'), '').toLowerCase();
  const rule = RULES.find((r) => r.name.toLowerCase() === bare);
  if (rule) return rule;
  const closest = nearest(
    bare,
    RULES.map((r) => r.name),
    false,
  );
  throw new InputError(
    'explain',
    `unknown rule "${name}"${closest ? ` (did you mean ${RULE_PREFIX}${closest}?)` : ''}; \`cdk-bedrock-lint rules\` lists them`,
  );
}

function explanation(rule: Rule): string {
  const id = ruleId(rule);
  const docs = [
    `${RULES_REFERENCE}${id.toLowerCase().replace(/[^a-z0-9-]/g, '')}`,
    ...(rule.docs ?? []),
  ];
  return [
    `${id} (default severity: ${rule.defaultSeverity})`,
    '',
    rule.summary,
    '',
    `Why: ${rule.explanation}`,
    '',
    `Fix: ${rule.fix}`,
    '',
    `AWS error it prevents: ${rule.awsError ? `"${rule.awsError}"` : 'no AWS error text is recorded for this rule'}`,
    '',
    'Docs:',
    ...docs.map((d) => `  ${d}`),
    '',
  ].join('\n');
}
