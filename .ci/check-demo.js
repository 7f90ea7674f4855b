// Checks the CLI's reports on the demo app (written by .ci/run): findings, the priced NAT path,
// SARIF locations at bin/ source lines, and a Markdown comment GitHub accepts.
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const read = (name) => fs.readFileSync(path.join(dir, name), 'utf-8');
const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
};

const report = JSON.parse(read('demo.json'));
const { error, warning, info } = report.summary;
check(
  error === 3 && warning === 3 && info === 3,
  `3 errors, 3 warnings, 3 info (two CustomizationCost, one NatGatewayCost); got ${error}/${warning}/${info}`,
);
const cross = report.findings.find(
  (f) =>
    f.ruleId === 'BedrockRegions-CrossRegionDataAccess' &&
    f.constructPath === 'Rag/Retriever/Resource',
);
const amounts = cross ? cross.estimate.lineItems.map((i) => i.monthlyUsd) : [];
check(
  JSON.stringify(amounts) === JSON.stringify([20, 45, 32.85]),
  `retriever line items $20.00, $45.00, $32.85; got ${JSON.stringify(amounts)}`,
);

const sarif = JSON.parse(read('demo.sarif'));
const results = sarif.runs[0].results;
check(results.length === report.findings.length, 'one SARIF result per finding');
for (const r of results) {
  const physical = r.locations && r.locations[0] && r.locations[0].physicalLocation;
  if (!physical) continue;
  check(
    /^bin\/[\w-]+\.ts$/.test(physical.artifactLocation.uri),
    `SARIF location in bin/: ${physical.artifactLocation.uri}`,
  );
  check(physical.region.startLine > 0, 'SARIF start line');
}
check(
  results.some((r) => r.locations && r.locations[0].physicalLocation),
  'some SARIF result has a source line',
);

const markdown = read('demo.md');
check(markdown.startsWith('<!-- cdk-bedrock-lint -->'), 'Markdown starts with the comment marker');
check(markdown.length < 65536, `Markdown under 65,536 characters (${markdown.length})`);
check(markdown.includes('$97.85'), 'Markdown shows the retriever cost');

const text = read('demo.txt');
check(text.includes('1,000 GB x $0.045 = $45.00'), 'text shows NAT processing');

if (failures.length > 0) {
  console.error(`demo reports: ${failures.length} check(s) failed\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log(
  `demo reports: ${report.findings.length} findings, $${report.summary.monthlyUsd} a month, all checks passed`,
);
