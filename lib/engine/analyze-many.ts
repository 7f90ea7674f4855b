import * as fs from 'fs';
import * as path from 'path';
import type picomatch from 'picomatch';
import { InputError } from '../assembly/types';
import { globMatcher } from '../glob';
import { combineReports } from '../report/multi';
import { Finding, Report } from '../report/types';
import { assemblyFingerprint } from './fingerprint';

/** How deep `**` may walk: a monorepo's assemblies sit a few levels down, never dozens. */
const MAX_GLOB_DEPTH = 12;

/** Directories a `**` walk never enters: dependencies and version control hold no app of the repo. */
const SKIPPED = new Set(['node_modules', '.git']);

/**
 * The assembly directories named by the arguments, in order, each once: a path as given, a glob
 * (`services/*\/cdk.out`) expanded here, sorted, so it works the same when the shell does not
 * expand it (quoted, or on Windows). A glob that matches nothing is an input error.
 */
export function assemblyDirectories(args: readonly string[], cwd: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const arg of args) {
    const literal = path.resolve(cwd, arg);
    const scan = globMatcher().scan(arg);
    const dirs = !scan.isGlob || fs.existsSync(literal) ? [literal] : expandGlob(arg, scan, cwd);
    for (const dir of dirs) {
      if (seen.has(dir)) continue;
      seen.add(dir);
      out.push(dir);
    }
  }
  return out;
}

function expandGlob(
  pattern: string,
  scan: ReturnType<typeof picomatch.scan>,
  cwd: string,
): string[] {
  const base = path.resolve(cwd, scan.base || '.');
  const isMatch = globMatcher()(scan.glob);
  const depth =
    scan.glob.includes('**') || scan.glob.includes('{')
      ? MAX_GLOB_DEPTH
      : scan.glob.split('/').length;
  const found: string[] = [];
  const walk = (dir: string, relative: string, level: number): void => {
    if (level > depth) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // an unreadable directory holds no match we could read either
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      // Symbolic links are not followed, so a link cycle cannot make the walk endless.
      if (!entry.isDirectory() || SKIPPED.has(entry.name)) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (isMatch(child)) found.push(path.join(dir, entry.name));
      else walk(path.join(dir, entry.name), child, level + 1);
    }
  };
  walk(base, '', 1);
  if (found.length === 0) throw new InputError(pattern, 'glob matches no directory');
  return found;
}

/** An assembly's directory as reports show it: relative to the working directory, `/`-separated. */
export function assemblyLabel(directory: string, cwd: string): string {
  return path.relative(cwd, directory).split(path.sep).join('/') || '.';
}

/**
 * Lints several assemblies into one report: each assembly is analysed on its own (its costs
 * counted once within it), its findings and stacks are tagged with its path, and fingerprints
 * include that path so two apps with the same stack names never share a baseline entry.
 */
export function analyzeMany(
  directories: readonly string[],
  analyzeOne: (directory: string) => Report,
  cwd: string,
): Report {
  const sections = directories.map((dir) => {
    const label = assemblyLabel(dir, cwd);
    return { path: label, report: scoped(analyzeOne(dir), label) };
  });
  return combineReports(sections);
}

/** The report with the assembly's path on every finding and stack, and in every fingerprint. */
function scoped(report: Report, label: string): Report {
  const fp = (value: string) => assemblyFingerprint(label, value);
  const findings = report.findings.map((f): Finding => ({
    assembly: label,
    ...f,
    fingerprint: fp(f.fingerprint),
    estimate: f.estimate && {
      ...f.estimate,
      lineItems: f.estimate.lineItems.map((i) => ({
        ...i,
        countedIn: i.countedIn && fp(i.countedIn),
      })),
    },
  }));
  return {
    ...report,
    stacks: report.stacks.map((s) => ({ assembly: label, ...s })),
    findings,
    inventory: report.inventory?.map((r) => ({ assembly: label, ...r })),
  };
}
