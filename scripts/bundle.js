#!/usr/bin/env node
/**
 * Bundles the package's entry points with esbuild, so a run loads one file instead of about a
 * hundred modules: dist/lib/index.js (the package entry: plugin and library), dist/bin/cli.js (the
 * CLI) and dist/bin/gen-rules-doc.js (the README generator). `npm run build` runs it after tsc,
 * which only type-checks and writes the declarations (dist/lib/**\/*.d.ts).
 * - Only this repository's code is bundled (the build fails if a package would be): peers
 *   (aws-cdk-lib, constructs, cdk-nag) and the dependencies (the AWS SDK, yaml, ajv's runtime,
 *   picomatch, commander) stay external and resolve from node_modules as before, with one copy of
 *   aws-cdk-lib (the app's) and each package's own licence beside it.
 * - The JSON data (catalog, prices, price overlay, usage schema) stays in files beside the bundles,
 *   at the paths tsc gave them (dist/data, dist/schema), and is required from there at run time;
 *   product code that builds paths from __dirname fails the build (the bundles differ in depth).
 * - A lazy `require()` stays lazy: esbuild wraps the modules it reaches in functions run on first
 *   require. Identifiers are not minified (stack traces keep their names); no source maps.
 */
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const ENTRIES = [
  { source: 'lib/index.ts', out: 'lib/index.js', product: true },
  { source: 'bin/cli.ts', out: 'bin/cli.js', executable: true, product: true },
  // A dev tool: finds README.md from its own __dirname.
  { source: 'bin/gen-rules-doc.ts', out: 'bin/gen-rules-doc.js' },
  ...fs
    .readdirSync(path.join(ROOT, 'lib', 'generated'))
    .filter((f) => f.endsWith('-validator.ts'))
    // Generated code is one line of Ajv output: laid out by esbuild it would double in size.
    .map((f) => ({
      source: `lib/generated/${f}`,
      out: `lib/generated/${f.replace(/ts$/, 'js')}`,
      compact: true,
    })),
];
const EXTERNAL = [
  'aws-cdk-lib',
  'aws-cdk-lib/*',
  'constructs',
  'cdk-nag',
  'cdk-nag/*',
  '@aws-sdk/*',
  'yaml',
  'ajv',
  'ajv/*',
  'picomatch',
  'commander',
];

/**
 * Files a bundle requires at run time instead of carrying them: JSON files of this repository
 * (copied to dist as tsc placed them) and the generated validators (large, loaded lazily and shared
 * by both bundles: each is bundled once to dist/lib/generated). Each is required by its path
 * relative to the bundle.
 */
function besideBundle(outDir, copies) {
  const relativeTo = (target) => {
    const relative = path.relative(outDir, target).split(path.sep).join('/');
    return relative.startsWith('.') ? relative : `./${relative}`;
  };
  return {
    name: 'beside-bundle',
    setup(build) {
      build.onResolve({ filter: /\.json$/ }, (args) => {
        if (args.kind === 'entry-point' || !args.path.startsWith('.')) return undefined;
        const file = path.resolve(args.resolveDir, args.path);
        const inRepo = path.relative(ROOT, file);
        if (inRepo.startsWith('..') || inRepo.startsWith('node_modules')) return undefined;
        const target = path.join(DIST, inRepo);
        copies.set(file, target);
        return { path: relativeTo(target), external: true };
      });
      build.onResolve({ filter: /\/generated\/[a-z-]+-validator$/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const name = path.basename(args.path);
        return {
          path: relativeTo(path.join(DIST, 'lib', 'generated', `${name}.js`)),
          external: true,
        };
      });
    },
  };
}

async function bundle({ source, out, executable, compact, product }, copies) {
  const outfile = path.join(DIST, out);
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [source],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // `await import()` of the AWS SDK becomes a require, as tsc compiled it (the CommonJS build).
    supported: { 'dynamic-import': false },
    external: EXTERNAL,
    plugins: [besideBundle(path.dirname(outfile), copies)],
    minifyWhitespace: compact === true,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  const thirdParty = Object.keys(result.metafile.inputs).filter((f) => f.includes('node_modules'));
  if (thirdParty.length > 0)
    throw new Error(`${source} would bundle ${thirdParty[0]}: add its package to EXTERNAL`);
  // The bundles sit at different depths (dist/lib, dist/bin): a path built from __dirname would
  // name a different file in each. Files the product reads are imported (the JSON above) instead.
  if (product && /\b(__dirname|__filename)\b/.test(fs.readFileSync(outfile, 'utf-8')))
    throw new Error(`${source} uses __dirname or __filename: import the file instead`);
  if (executable) fs.chmodSync(outfile, 0o755);
  return Object.keys(result.metafile.outputs);
}

/** JavaScript under dist that no bundle wrote (an earlier tsc emit): removed so nothing loads it. */
function removeStale(dir, keep) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) removeStale(file, keep);
    else if (file.endsWith('.js') && !keep.has(file)) fs.rmSync(file);
  }
}

async function main() {
  const copies = new Map();
  const written = new Set();
  for (const entry of ENTRIES)
    for (const out of await bundle(entry, copies)) written.add(path.join(ROOT, out));
  for (const [from, to] of copies) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
  removeStale(DIST, written);
}

main().catch((e) => {
  process.stderr.write(`bundle: ${e.message}\n`);
  process.exit(1);
});
