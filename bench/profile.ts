/**
 * What remains of the CLI's time: the samples of one run under `node --cpu-prof`, their self time
 * summed by pipeline stage. A sample in the bundle belongs to the module whose `// lib/x/y.ts`
 * marker (esbuild's, one per module) is the last above its line; a native frame (a read, a parse)
 * to the nearest caller that has a source.
 */
import * as fs from 'fs';
import * as path from 'path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Stages of the pipeline by the folder of their source, in pipeline order. */
const STAGES: readonly (readonly [RegExp, string])[] = [
  [/^lib\/assembly\//, 'read the assembly (lib/assembly)'],
  [/^lib\/resolve\//, 'resolve values (lib/resolve)'],
  [/^lib\/discover\//, 'discover resources and flows (lib/discover)'],
  [/^lib\/catalog\//, 'catalog (lib/catalog)'],
  [/^rules\//, 'run rules (rules)'],
  [/^lib\/pricing\//, 'price findings (lib/pricing)'],
  [/^lib\/engine\//, 'engine: acknowledgments, fingerprints, inventory (lib/engine)'],
  [/^lib\/report\//, 'format reports (lib/report)'],
  [/^(lib\/cli\/|bin\/)/, 'CLI: arguments, inputs, output (lib/cli)'],
  [/^lib\//, 'shared helpers (lib/*.ts)'],
];

/** Frames under no frame of the bundle: Node starting, loading and compiling modules. */
const NODE = 'Node start-up and module loading';

/** Start line (0-based) and module of each module in an esbuild bundle, in line order. */
function bundleModules(bundleFile: string): { line: number; module: string }[] {
  const modules: { line: number; module: string }[] = [];
  fs.readFileSync(bundleFile, 'utf-8')
    .split('\n')
    .forEach((text, line) => {
      const marker = /^\/\/ ((?:lib|rules|bin)\/[\w/.-]+\.ts)$/.exec(text);
      if (marker) modules.push({ line, module: marker[1] });
    });
  return modules;
}

function moduleAt(modules: readonly { line: number; module: string }[], line: number): string {
  let low = 0;
  let high = modules.length - 1;
  let found = '';
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (modules[mid].line <= line) {
      found = modules[mid].module;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/**
 * The stage of a frame, or undefined for a frame that counts as its caller's: Node's own functions
 * and natives (a read, a parse) called from the bundle are the cost of the stage that called them.
 */
function stageOfFrame(
  frame: CallFrame,
  bundleUrl: string,
  modules: readonly { line: number; module: string }[],
): string | undefined {
  if (frame.url === bundleUrl) {
    const module = moduleAt(modules, frame.lineNumber);
    return STAGES.find(([folder]) => folder.test(module))?.[1] ?? 'bundle start-up';
  }
  if (frame.functionName === '(garbage collector)') return 'garbage collection';
  if (frame.url === '' && /^\((program|idle)\)$/.test(frame.functionName))
    return 'V8 (program, idle)';
  if (frame.url.includes('/node_modules/')) return 'packages (commander, picomatch, ...)';
  return undefined;
}

export interface StageTime {
  readonly stage: string;
  readonly ms: number;
}

/** Self time by stage of a profile of `bundleFile`, largest first, with the profile's total. */
export function stageTimes(
  profileFile: string,
  bundleFile: string,
): { total: number; stages: StageTime[]; functions: StageTime[] } {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf-8')) as CpuProfile;
  const bundleUrl = `file://${path.resolve(bundleFile)}`;
  const modules = bundleModules(bundleFile);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const stageOfNode = new Map<number, string>();
  const stageOf = (id: number): string => {
    const known = stageOfNode.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const stage =
      stageOfFrame(node.callFrame, bundleUrl, modules) ?? (up === undefined ? NODE : stageOf(up));
    stageOfNode.set(id, stage);
    return stage;
  };
  const stages = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    stages.set(stageOf(id), (stages.get(stageOf(id)) ?? 0) + ms);
    const { callFrame } = byId.get(id)!;
    if (callFrame.url === bundleUrl) {
      const name = `${callFrame.functionName || '(anonymous)'} (${moduleAt(modules, callFrame.lineNumber)})`;
      functions.set(name, (functions.get(name) ?? 0) + ms);
    }
  });
  const sorted = (m: Map<string, number>) =>
    [...m].map(([stage, ms]) => ({ stage, ms })).sort((a, b) => b.ms - a.ms);
  return { total, stages: sorted(stages), functions: sorted(functions) };
}
