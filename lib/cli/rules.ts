import { Command, Option } from 'commander';
import { RULES, ruleId } from '../../rules';
import { CommandModule } from './io';

/** `cdk-bedrock-lint rules`: every rule with its default severity and summary. */
export const rulesCommand: CommandModule = (program: Command, io) => {
  program
    .command('rules')
    .description('list every rule: id, default severity, summary')
    .addOption(
      new Option('--format <format>', 'output format (default: text)').choices(['text', 'json']),
    )
    .action((flags: { format?: 'text' | 'json' }) => {
      io.result.stdout += flags.format === 'json' ? rulesJson() : rulesTable();
    });
};

function rulesJson(): string {
  const rules = RULES.map((r) => ({
    id: ruleId(r),
    name: r.name,
    defaultSeverity: r.defaultSeverity,
    summary: r.summary,
  }));
  return `${JSON.stringify(rules, null, 2)}\n`;
}

function rulesTable(): string {
  const rows = [
    ['RULE', 'SEVERITY', 'SUMMARY'],
    ...RULES.map((r) => [ruleId(r), r.defaultSeverity, r.summary]),
  ];
  const widths = [0, 1].map((i) => Math.max(...rows.map((row) => row[i].length)));
  const lines = rows.map(([id, severity, summary]) =>
    `${id.padEnd(widths[0])}  ${severity.padEnd(widths[1])}  ${summary}`.trimEnd(),
  );
  return `${lines.join('\n')}\n\nDetails: cdk-bedrock-lint explain RULE. Levels per rule: the "rules" option.\n`;
}
