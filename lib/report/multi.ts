import { usd } from '../pricing/line-item';
import { AssemblySection, Finding, Report, Summary } from './types';

/**
 * One report over several assemblies: findings and stacks in argument order, a section per
 * assembly with its own totals, and overall totals. Each assembly's costs were counted once
 * within it; assemblies share no resources, so the overall total is their sum. A budget applies
 * to each app: the run exceeds it when some app does.
 */
export function combineReports(sections: readonly { path: string; report: Report }[]): Report {
  const first = sections[0].report;
  const assemblies: AssemblySection[] = sections.map(({ path, report }) => ({
    path,
    stacks: report.stacks.map((s) => s.name),
    summary: report.summary,
    warnings: report.warnings,
  }));
  return {
    ...first,
    stacks: sections.flatMap((s) => s.report.stacks),
    findings: sections.flatMap((s) => s.report.findings),
    summary: sumSummaries(assemblies.map((a) => a.summary)),
    warnings: combinedWarnings(sections),
    assemblies,
    inventory: sections.flatMap((s) => s.report.inventory ?? []),
  };
}

/** A warning every assembly gives (a usage key no app has) once; the others with their assembly. */
function combinedWarnings(sections: readonly { path: string; report: Report }[]): string[] {
  const everywhere = (w: string) => sections.every((s) => s.report.warnings.includes(w));
  const common = [...new Set(sections.flatMap((s) => s.report.warnings))].filter(everywhere);
  const own = sections.flatMap((s) =>
    s.report.warnings.filter((w) => !everywhere(w)).map((w) => `${s.path}: ${w}`),
  );
  return [...common, ...own];
}

function sumSummaries(summaries: readonly Summary[]): Summary {
  const sum = (pick: (s: Summary) => number) => summaries.reduce((acc, s) => acc + pick(s), 0);
  const budgets = summaries.flatMap((s) => (s.budget ? [s.budget] : []));
  return {
    error: sum((s) => s.error),
    warning: sum((s) => s.warning),
    info: sum((s) => s.info),
    acknowledged: sum((s) => s.acknowledged),
    monthlyUsd: usd(sum((s) => s.monthlyUsd)),
    oneTimeUsd: usd(sum((s) => s.oneTimeUsd)),
    budget:
      budgets.length === 0
        ? null
        : {
            maxMonthlyUsd: budgets[0].maxMonthlyUsd,
            exceeded: budgets.some((b) => b.exceeded),
          },
    baseline: null,
  };
}

/** The findings of each section, in report order: what the formatters group by. */
export function sectionsOf(
  report: Report,
): { section: AssemblySection | null; findings: Finding[] }[] {
  if (!report.assemblies) return [{ section: null, findings: [...report.findings] }];
  return report.assemblies.map((section) => ({
    section,
    findings: report.findings.filter((f) => f.assembly === section.path),
  }));
}

/** Per-section baseline counts, matched by fingerprint (which includes the assembly path). */
export function sectionBaselines(report: Report, baseline: Report, file: string): Report {
  if (!report.assemblies) return report;
  const assemblies = report.assemblies.map((section) => {
    const mine = report.findings.filter((f) => f.assembly === section.path);
    const now = new Set(mine.map((f) => f.fingerprint));
    const before = baseline.findings.filter((f) => f.assembly === section.path);
    const previous = baseline.assemblies?.find((a) => a.path === section.path);
    const fresh = mine.filter((f) => f.new).length;
    return {
      ...section,
      summary: {
        ...section.summary,
        baseline: {
          file,
          new: fresh,
          existing: mine.length - fresh,
          fixed: before.filter((f) => !now.has(f.fingerprint)).length,
          monthlyUsdDelta: usd(section.summary.monthlyUsd - (previous?.summary.monthlyUsd ?? 0)),
        },
      },
    };
  });
  return { ...report, assemblies };
}
