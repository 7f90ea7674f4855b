#!/usr/bin/env node
/**
 * cdk-bedrock-lint CLI. The commands live in lib/cli/: linting an assembly (the default command)
 * in lint.ts, the subcommands registered in commands.ts. Exit 0: nothing at or above the fail
 * level; 1: findings at or above it; 2: bad arguments or unreadable input (one line on stderr).
 */
import { run, runAsync } from '../lib/cli';
import { colorEnabled } from '../lib/report/text';

export { run, runAsync };

if (require.main === module) {
  const color = colorEnabled(process.stdout, process.env);
  void runAsync(process.argv.slice(2), process.cwd(), color).then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.code;
  });
}
