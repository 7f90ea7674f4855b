/**
 * Every test run gets one temporary folder (TMPDIR for the workers, so `os.tmpdir()` and CDK's
 * default outdirs land there), removed when the run ends: synthesized apps do not pile up in /tmp.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-jest-'));
  process.env.CBL_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};

module.exports.teardown = async function teardown() {
  const dir = process.env.CBL_JEST_TMPDIR;
  if (dir && path.basename(dir).startsWith('cbl-jest-'))
    fs.rmSync(dir, { recursive: true, force: true });
};
