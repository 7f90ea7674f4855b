import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import { Rule, RULES, ruleId } from '../../rules';
import { formatUsd, lineItemText } from './money';
import { AssemblySection, Finding, Report } from './types';
import { ruleDocUrl } from '../version';

/** GitHub code scanning rejects runs with more results than this. */
const MAX_RESULTS = 25_000;

const LEVEL: Record<Finding['severity'], Result.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** Tags beyond `bedrock` and `region`, so code scanning can filter cost and compliance alerts. */
const EXTRA_TAGS: Readonly<Record<string, readonly string[]>> = {
  CrossRegionDataAccess: ['cost'],
  NatGatewayDataPath: ['network', 'cost'],
  CustomizationCost: ['cost'],
  DataResidency: ['compliance'],
  ExternalModelProvider: ['compliance'],
};

/**
 * SARIF 2.1.0 for GitHub code scanning (PRODUCT.md section 7): every rule with its help, one
 * result per finding at the CDK source line, acknowledged findings as suppressions.
 */
export function formatSarif(report: Report): string {
  const rules = RULES.map(toDescriptor);
  const indexOf = new Map(RULES.map((rule, index) => [ruleId(rule), index]));
  const kept = report.findings.slice(0, MAX_RESULTS);
  const truncated = report.findings.length - kept.length;
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, rules } },
        // V8 stack-trace columns count UTF-16 code units.
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true }],
        results: kept.map((finding) => toResult(finding, indexOf.get(finding.ruleId))),
        properties: {
          catalogAsOf: report.catalog.asOf,
          pricingAsOf: report.pricing.asOf,
          monthlyUsd: report.summary.monthlyUsd,
          ...(report.assemblies ? { assemblies: report.assemblies.map(sectionProperties) } : {}),
          ...(truncated > 0 ? { truncated } : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toDescriptor(rule: Rule): ReportingDescriptor {
  const awsError = rule.awsError ? `\n\nAWS error this prevents: "${rule.awsError}"` : '';
  const awsErrorMarkdown = rule.awsError
    ? `\n\n**AWS error this prevents:**\n\n> ${rule.awsError}`
    : '';
  return {
    id: ruleId(rule),
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.explanation },
    helpUri: ruleDocUrl(ruleId(rule)),
    help: {
      text: `${rule.explanation}\n\nFix: ${rule.fix}${awsError}`,
      markdown: `${rule.explanation}\n\n**Fix:** ${rule.fix}${awsErrorMarkdown}`,
    },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags: ['bedrock', 'region', ...(EXTRA_TAGS[rule.name] ?? [])] },
  };
}

function toResult(finding: Finding, ruleIndex: number | undefined): Result {
  const location = toLocation(finding);
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: LEVEL[finding.severity],
    message: { text: `${finding.message}${costSentence(finding)}` },
    ...(location ? { locations: [location] } : {}),
    partialFingerprints: { primaryLocationLineHash: finding.fingerprint },
    ...(finding.acknowledged
      ? // Acknowledged in the app's source with Validations.of(construct).acknowledge().
        { suppressions: [{ kind: 'inSource', justification: finding.acknowledged.reason }] }
      : {}),
    properties: {
      ...(finding.assembly !== undefined ? { assembly: finding.assembly } : {}),
      regions: finding.regions,
      stack: finding.stack,
      logicalId: finding.logicalId,
      constructPath: finding.constructPath,
      monthlyUsd: finding.estimate?.monthlyUsd ?? null,
      failsAtDeploy: finding.failsAtDeploy,
      new: finding.new,
    },
  };
}

/** The source line that created the construct, and its construct path; null for app-wide findings. */
function toLocation(finding: Finding): Location | null {
  const name =
    finding.constructPath ??
    ([finding.stack, finding.logicalId].filter((part) => part !== null).join('/') || null);
  const uri = finding.location ? sourceUri(finding.location.file) : null;
  if (!name && !uri) return null;
  const location: Location = {};
  if (finding.location && uri) {
    const { line, column } = finding.location;
    location.physicalLocation = {
      artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
      ...(line >= 1
        ? { region: { startLine: line, ...(column >= 1 ? { startColumn: column } : {}) } }
        : {}),
    };
  }
  if (name) location.logicalLocations = [{ fullyQualifiedName: name, kind: 'resource' }];
  // In runs over several apps, the assembly tells two apps' same-named stacks apart.
  if (name && finding.assembly !== undefined)
    location.logicalLocations!.push({ fullyQualifiedName: finding.assembly, kind: 'module' });
  return location;
}

/**
 * A repo-relative URI for a source file, or null when the file lies outside the repository or
 * in a cloud assembly (git-ignored, so code scanning could not show it).
 */
function sourceUri(file: string): string | null {
  const normalized = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (/^([a-z][a-z0-9+.-]*:|\/)/i.test(normalized)) return null;
  const segments = normalized.split('/');
  if (segments.some((s) => s === '..' || /^cdk\.out/.test(s))) return null;
  return segments.map(encodeURIComponent).join('/');
}

/** An assembly's totals, for code scanning consumers that read run properties. */
function sectionProperties(section: AssemblySection): Record<string, unknown> {
  const { error, warning, info, acknowledged, monthlyUsd } = section.summary;
  return { path: section.path, error, warning, info, acknowledged, monthlyUsd };
}

function costSentence(finding: Finding): string {
  if (finding.failsAtDeploy)
    return ' It fails at deploy: AWS rejects it, so it has no running cost to estimate.';
  const estimate = finding.estimate;
  if (!estimate) return '';
  const oneTime = estimate.oneTimeUsd > 0 ? ` and ${formatUsd(estimate.oneTimeUsd)} once` : '';
  const unknown = estimate.complete ? '' : ' (some costs unknown, left out)';
  const items = estimate.lineItems.map((i) => `\n- ${lineItemText(i)}`).join('');
  return ` Estimated ${formatUsd(estimate.monthlyUsd)} a month${oneTime}${unknown}.${items}`;
}
