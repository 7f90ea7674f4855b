#!/usr/bin/env node
/**
 * cdk-bedrock-lint CLI. The commands live in lib/cli/: linting an assembly (the default command)
 * in lint.ts, the subcommands registered in commands.ts. Exit 0: nothing at or above the fail
 * level; 1: findings at or above it; 2: bad arguments or unreadable input (one line on stderr).
 */
import { setFlagsFromString } from 'v8';
import { run, runAsync } from '../lib/cli';
import { colorEnabled } from '../lib/report/text';

export { run, runAsync };

if (require.main === module) {
  // A lint run is one short batch whose long-lived data (templates, facts) is read in at the
  // start: a young generation that grows to 16 MiB only holds more garbage. Kept at its first
  // size, peak memory is a fifth lower and the run no slower (npm run bench; Node 20, 22, 24).
  // Only the CLI's own process: the library and the plugin never touch the host's settings.
  setFlagsFromString('--semi-space-growth-factor=1');
  const color = colorEnabled(process.stdout, process.env);
  void runAsync(process.argv.slice(2), process.cwd(), color).then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.code;
  });
}
