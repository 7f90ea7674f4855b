import * as fs from 'fs';
import * as path from 'path';
import { readCloudAssembly } from '../assembly/read-cloud-assembly';
import { compareText } from '../collections';
import { AppModel, SourceLocation, StackModel } from '../assembly/types';
import { loadCatalog } from '../catalog/catalog';
import { discover } from '../discover';
import { displayName } from '../discover/compute';
import { Subject } from '../discover/facts';
import { LintOptions, Severity } from '../options';
import { validateOptions } from '../options-schema';
import { Locator } from '../resolve/locate';
import { Resolver } from '../resolve/resolver';
import { Finding, Report } from '../report/types';
import { FindingDraft, Rule, ruleId, RULES } from '../../rules';
import { acknowledgmentFor } from './acknowledge';
import { fingerprint } from './fingerprint';
import { inventoryOf } from './inventory';
import { TOOL_VERSION } from '../version';
import { PricingContext } from '../pricing/context';
import { price, settle } from '../pricing/estimate';
import { usd } from '../pricing/line-item';
import { loadPrices } from '../pricing/prices';
import { defaultUsage, parseUsage, Usage } from '../pricing/usage';

export interface RunEnvironment {
  /** The day of the run (lifecycle dates, catalog age); defaults to today. */
  readonly now?: Date;
  /** Directory source paths are made relative to (the CDK app's root); defaults to the working directory. */
  readonly root?: string;
  /** Tried when a source file is not under `root`: the CDK app's directory (the assembly's parent). */
  readonly appDirectory?: string;
  /** Usage from `--usage FILE`; replaces the `usage` option. */
  readonly usage?: Usage;
  /** `false`: the report leaves out the inventory (the plugin's violations do not show it). */
  readonly inventory?: boolean;
}

/** The library entry point: lint a `cdk.out` directory. */
export function analyzeAssembly(
  directory: string,
  options: LintOptions = {},
  env: RunEnvironment = {},
): Report {
  const checked = validateOptions(options, 'options');
  const appDirectory = appDirectoryOf(directory);
  return analyzeApp(readCloudAssembly(directory), checked, { appDirectory, ...env });
}

/**
 * The CDK app that wrote an assembly: the nearest folder above it holding `cdk.json` (through
 * nested `assembly-*` folders). An assembly elsewhere (a temp directory) has no app directory, so
 * source files are never made relative to whatever folder happens to hold it.
 */
function appDirectoryOf(directory: string): string | undefined {
  let dir = path.dirname(path.resolve(directory));
  for (let level = 0; level < 4; level++) {
    if (fs.existsSync(path.join(dir, 'cdk.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** The pipeline: resolve, discover, run rules, build the report. */
export function analyzeApp(
  app: AppModel,
  options: LintOptions = {},
  env: RunEnvironment = {},
): Report {
  const catalog = loadCatalog(options.catalogFile);
  const resolver = new Resolver(app);
  const locator = new Locator(resolver, options.externalResources);
  const facts = discover(app, resolver, locator);
  const today = (env.now ?? new Date()).toISOString().slice(0, 10);
  const stacks = new Map(app.stacks.map((s) => [s.id, s]));
  const nameOf = (subject: Subject) => {
    const resource = stacks.get(subject.stackId)?.resources.get(subject.logicalId);
    return resource ? displayName(resource) : subject.logicalId;
  };
  const context = { facts, catalog, options, today, nameOf };
  const drafted: { finding: Finding; draft: FindingDraft }[] = [];
  const roots = [env.root ?? process.cwd(), ...(env.appDirectory ? [env.appDirectory] : [])];
  const locate = sourceLocator(roots);
  for (const rule of RULES) {
    const severity = severityOf(rule, options);
    if (!severity) continue;
    for (const draft of rule.check(context)) {
      const finding = toFinding(rule, severity, draft, stacks, app, locate);
      drafted.push({ finding, draft });
    }
  }
  drafted.sort((a, b) => compareFindings(a.finding, b.finding));
  const usage =
    env.usage ??
    (options.usage ? parseUsage(options.usage, 'options.usage', 'options') : defaultUsage());
  const pricing: PricingContext = {
    prices: loadPrices(options.pricesFile),
    usage,
    catalog,
    pathOf: (r) => stacks.get(r.stackId)?.resources.get(r.logicalId)?.constructPath ?? null,
  };
  const findings = priceFindings(drafted, pricing);
  return {
    schemaVersion: 1,
    tool: { name: 'cdk-bedrock-lint', version: TOOL_VERSION },
    catalog: { asOf: catalog.asOf },
    pricing: { asOf: pricing.prices.asOf, currency: 'USD', usage: usageLabel(usage) },
    stacks: app.stacks.map((s) => ({
      name: s.id,
      stackName: s.stackName,
      region: s.region,
      account: s.account,
    })),
    findings,
    summary: summarize(findings, options),
    warnings: usage
      .unmatched(constructPaths(app))
      .map((key) => `${usage.origin}: key "${key}" matches no construct of the app`),
    ...(env.inventory === false ? {} : { inventory: inventoryOf(facts, app) }),
  };
}

/** Estimates in report order, so a cost shared by findings (a NAT gateway) is counted by the first. */
function priceFindings(
  drafted: readonly { finding: Finding; draft: FindingDraft }[],
  ctx: PricingContext,
): Finding[] {
  const counted = new Map<string, string>();
  return drafted.map(({ finding, draft }) =>
    draft.cost
      ? { ...finding, estimate: settle(price(draft.cost, ctx), counted, finding.fingerprint) }
      : finding,
  );
}

/** Lazily: without usage keys to match, nothing walks the resources. */
function* constructPaths(app: AppModel): Iterable<string> {
  for (const stack of app.stacks)
    for (const resource of stack.resources.values())
      if (resource.constructPath) yield resource.constructPath;
}

function usageLabel(usage: Usage): string {
  return `${usage.origin}; defaults: ${usage.profile ? `profile "${usage.profile.name}"` : 'none'}`;
}

export function severityOf(rule: Rule, options: LintOptions): Severity | undefined {
  const level = options.rules?.[ruleId(rule)] ?? options.rules?.[rule.name];
  if (level === 'off') return undefined;
  if (level) return level;
  if (rule.name === 'UnresolvedRegion' && options.strict) return 'error';
  return rule.defaultSeverity;
}

function toFinding(
  rule: Rule,
  severity: Severity,
  draft: FindingDraft,
  stacks: Map<string, StackModel>,
  app: AppModel,
  locate: (loc: SourceLocation | undefined) => Finding['location'],
): Finding {
  const stack = draft.subject ? stacks.get(draft.subject.stackId) : undefined;
  const resource = draft.subject ? stack?.resources.get(draft.subject.logicalId) : undefined;
  const id = ruleId(rule);
  const constructPath = resource?.constructPath ?? null;
  const loc = resource?.location;
  return {
    ruleId: id,
    severity,
    stack: draft.subject?.stackId ?? null,
    logicalId: draft.subject?.logicalId ?? null,
    constructPath,
    resourceType: draft.subject?.type ?? null,
    message: draft.message,
    explanation: rule.explanation,
    fix: rule.fix,
    awsError: draft.awsError !== undefined ? draft.awsError : (rule.awsError ?? null),
    failsAtDeploy: rule.failsAtDeploy === true,
    regions: { resource: draft.regions.resource, peer: draft.regions.peer ?? null },
    related: (draft.related ?? []).map((r) => {
      const res = r.place.resource;
      const relatedStack = res ? stacks.get(res.stackId) : undefined;
      return {
        description: r.what,
        stack: res?.stackId ?? null,
        logicalId: res?.logicalId ?? null,
        constructPath: res
          ? (relatedStack?.resources.get(res.logicalId)?.constructPath ?? null)
          : null,
        region: r.place.region,
      };
    }),
    estimate: null,
    location: locate(loc),
    acknowledged: constructPath
      ? acknowledgmentFor(id, draft.key, constructPath, app.acknowledgments)
      : null,
    new: true,
    fingerprint: fingerprint(
      id,
      draft.subject?.stackId,
      constructPath ?? draft.subject?.logicalId,
      draft.key,
    ),
  };
}

/**
 * The source line relative to the first root that holds it (the working directory, then the app's
 * directory); a file under neither is left out: reports never carry absolute paths of the machine.
 * Each file is placed once: thousands of findings share a few source files.
 */
function sourceLocator(
  roots: readonly string[],
): (loc: SourceLocation | undefined) => Finding['location'] {
  const fileOf = new Map<string, string | null>();
  const place = (file: string): string | null => {
    if (!path.isAbsolute(file)) return file.split(path.sep).join('/');
    const inside = roots
      .map((root) => path.relative(root, file))
      .find((r) => r !== '' && !r.startsWith('..') && !path.isAbsolute(r));
    return inside ? inside.split(path.sep).join('/') : null;
  };
  return (loc) => {
    if (!loc) return null;
    let file = fileOf.get(loc.file);
    if (file === undefined) fileOf.set(loc.file, (file = place(loc.file)));
    return file === null ? null : { file, line: loc.line, column: loc.column };
  };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.stack ?? '', b.stack ?? '') ||
    RANK[a.severity] - RANK[b.severity] ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.constructPath ?? '', b.constructPath ?? '') ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

function summarize(findings: readonly Finding[], options: LintOptions): Report['summary'] {
  const open = findings.filter((f) => !f.acknowledged);
  const count = (s: Severity) => open.filter((f) => f.severity === s).length;
  const monthlyUsd = usd(findings.reduce((acc, f) => acc + (f.estimate?.monthlyUsd ?? 0), 0));
  return {
    error: count('error'),
    warning: count('warning'),
    info: count('info'),
    acknowledged: findings.length - open.length,
    monthlyUsd,
    oneTimeUsd: usd(findings.reduce((acc, f) => acc + (f.estimate?.oneTimeUsd ?? 0), 0)),
    budget:
      options.maxMonthlyUsd === undefined
        ? null
        : { maxMonthlyUsd: options.maxMonthlyUsd, exceeded: monthlyUsd > options.maxMonthlyUsd },
    baseline: null,
  };
}
