#!/usr/bin/env node
// `npm run demo` (after `npm run build`): synthesizes the demo app into a fresh cdk.out and prints
// the CLI report on it. Synth that fails only because of the plugin's findings still writes the
// assembly, so the report prints; an app that does not synthesize (a compile error, a crash) leaves
// no manifest, and the demo fails with synth's own output and exit code rather than reporting on a
// stale cdk.out. A dev script: the product itself starts no child processes.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.join(__dirname, '..');
const out = path.join(root, 'cdk.out');
fs.rmSync(out, { recursive: true, force: true });

const cdk = require.resolve('aws-cdk/bin/cdk', { paths: [root] });
const synth = spawnSync(process.execPath, [cdk, 'synth', '--quiet', '--no-notices'], {
  cwd: root,
  encoding: 'utf-8',
  env: { CDK_DISABLE_CLI_TELEMETRY: 'true', ...process.env },
});
if (synth.error) throw synth.error;
if (!fs.existsSync(path.join(out, 'manifest.json'))) {
  process.stderr.write(synth.stdout + synth.stderr);
  process.stderr.write(
    `demo: cdk synth failed (exit ${synth.status}) and wrote no cloud assembly\n`,
  );
  process.exit(synth.status || 1);
}

const { run } = require(path.join(root, 'dist', 'bin', 'cli.js'));
const result = run(['cdk.out', '--fail-on', 'never', ...process.argv.slice(2)], root);
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
