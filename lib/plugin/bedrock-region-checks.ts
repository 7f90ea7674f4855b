import {
  CfnResource,
  IPolicyValidationContext,
  PolicyValidationPluginReport,
  PolicyViolation,
} from 'aws-cdk-lib';
import { NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { fromValidationContext } from '../assembly/from-validation-context';
import { AppModel } from '../assembly/types';
import { PLUGIN_NAME } from '../engine/acknowledge';
import { analyzeApp } from '../engine/analyze';
import { CONTEXT_KEY } from '../config';
import { fails, LintOptions } from '../options';
import { validateOptions } from '../options-schema';
import { formatUsd } from '../report/money';
import { Finding, Report } from '../report/types';
import { TOOL_VERSION } from '../version';
import { RULE_PREFIX, RULES, ruleId } from '../../rules';

export type BedrockRegionChecksProps = LintOptions & NagPackProps;

/**
 * The cdk-nag v3 pack. Unlike a per-resource pack it analyses the whole app once per synth,
 * because its findings are about pairs of resources in different stacks and regions.
 */
export class BedrockRegionChecks extends NagPack {
  readonly name = PLUGIN_NAME;
  readonly version = TOOL_VERSION;
  readonly ruleIds = RULES.map(ruleId);
  private readonly options: LintOptions;

  constructor(scope?: IConstruct, props: BedrockRegionChecksProps = {}) {
    super(scope, {
      verbose: props.verbose,
      writeSuppressionsToCloudFormation: props.writeSuppressionsToCloudFormation,
    });
    this.packName = RULE_PREFIX.slice(0, -1);
    // `verbose` is cdk-nag's and ours alike: synth messages include each rule's explanation.
    const { writeSuppressionsToCloudFormation: _w, ...options } = props;
    // The "cdk-bedrock-lint" context key (cdk.json) is the shared configuration; props override it.
    const fromContext = scope?.node.tryGetContext(CONTEXT_KEY) as LintOptions | undefined;
    this.options = validateOptions({ ...fromContext, ...options }, `${PLUGIN_NAME} options`);
  }

  /** Whole-app analysis happens in validate(); there is nothing to do per resource. */
  protected checkResource(_node: CfnResource): void {}

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    let app: AppModel | undefined;
    try {
      app = fromValidationContext(context);
      const report = analyzeApp(app, this.options);
      const violations = report.findings.map((f) => this.toViolation(f, app!));
      const failing = report.findings.some(
        (f) => !f.acknowledged && fails(f.severity, this.options.failOn),
      );
      const budget = report.summary.budget;
      if (budget?.exceeded) violations.push(this.budgetExceeded(report, budget.maxMonthlyUsd, app));
      return { success: !failing && !budget?.exceeded, violations };
    } catch (e) {
      // The linter's own failure must not crash the user's synth: report it instead.
      return { success: !this.options.strict, violations: [this.internalError(e)] };
    }
  }

  private toViolation(f: Finding, app: AppModel): PolicyViolation {
    const templatePath =
      app.stacks.find((s) => s.id === f.stack)?.templateFile ?? app.stacks[0]?.templateFile;
    // CDK matches acknowledgments by rule name; an acknowledged finding carries the id it was
    // acknowledged with, so CDK itself moves it to suppressedViolations with the reason.
    const ack = f.acknowledged?.id;
    const ruleName = ack
      ? ack.startsWith(`${PLUGIN_NAME}::`)
        ? ack.slice(PLUGIN_NAME.length + 2)
        : ack
      : f.ruleId;
    return {
      ruleName,
      description: this.describe(f),
      fix: f.fix,
      // The CDK report's severity is the gate's verdict, so `failOn` holds even after CDK re-checks suppressions.
      severity: fails(f.severity, this.options.failOn)
        ? 'error'
        : f.severity === 'info'
          ? 'info'
          : 'warning',
      violatingResources: [
        {
          resourceLogicalId: f.logicalId ?? undefined,
          constructPath: f.constructPath ?? undefined,
          templatePath: templatePath ?? '',
          locations: f.logicalId ? ['Properties'] : [],
        },
      ],
    };
  }

  /** The message and what it costs (or that it fails at deploy); the explanation only when verbose. */
  private describe(f: Finding): string {
    const prevents = f.awsError ? ` Prevents: "${f.awsError}".` : '';
    const explanation = this.options.verbose ? ` ${f.explanation}` : '';
    return `${f.ruleId}: ${f.message}${prevents}${costText(f)}${explanation}`;
  }

  /**
   * `maxMonthlyUsd` is a gate of its own. CDK prints only violations with a resource, so the
   * violation points at the finding that costs the most.
   */
  private budgetExceeded(report: Report, max: number, app: AppModel): PolicyViolation {
    const costliest = [...report.findings].sort(
      (a, b) => (b.estimate?.monthlyUsd ?? 0) - (a.estimate?.monthlyUsd ?? 0),
    )[0];
    return {
      ruleName: `${RULE_PREFIX}MonthlyBudget`,
      description: `The estimated monthly cost of the findings, ${formatUsd(report.summary.monthlyUsd)}, exceeds maxMonthlyUsd ${formatUsd(max)}. The largest is ${costliest.ruleId} at ${formatUsd(costliest.estimate?.monthlyUsd ?? 0)} a month.`,
      fix: 'Run `npx cdk-bedrock-lint cdk.out` for the cost table and the priced remediations, or raise maxMonthlyUsd.',
      severity: 'error',
      violatingResources: this.toViolation(costliest, app).violatingResources,
    };
  }

  private internalError(e: unknown): PolicyViolation {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return {
      ruleName: `${RULE_PREFIX}InternalError`,
      description: `cdk-bedrock-lint could not analyse this app: ${message}. No region checks ran; this is not a pass.`,
      fix: 'Run `npx cdk-bedrock-lint cdk.out` for details, and report the problem with the message above.',
      severity: this.options.strict ? 'error' : 'warning',
      violatingResources: [],
    };
  }
}

function costText(f: Finding): string {
  if (f.failsAtDeploy) return ' It fails at deploy.';
  const e = f.estimate;
  if (!e) return '';
  const shared = e.lineItems.some((i) => i.countedIn !== null);
  return ` Estimated ${formatUsd(e.monthlyUsd)} a month${shared ? ' (costs it shares with another finding are counted there)' : ''}.`;
}
