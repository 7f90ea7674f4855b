import * as path from 'path';
import {
  CfnResource,
  IPolicyValidationContext,
  PolicyValidationPluginReport,
  PolicyViolation,
  Stage,
} from 'aws-cdk-lib';
// NagPack's own module, not cdk-nag's index: the index loads every rule pack and the aws-cdk-lib
// modules they check, a few hundred milliseconds of start-up this pack does not use.
import { NagPack, NagPackProps } from 'cdk-nag/lib/nag-pack';
import { IConstruct } from 'constructs';
import { fromValidationContext } from '../assembly/from-validation-context';
import { AppModel } from '../assembly/types';
import { PLUGIN_NAME } from '../engine/acknowledge';
import { analyzeApp } from '../engine/analyze';
import { CONTEXT_KEY, contextOptions, mergeOptions } from '../config';
import { fails, LintOptions } from '../options';
import { validateOptions } from '../options-schema';
import { dataOnly, forgetOptions, recordOptions } from '../recorded-options';
import { formatUsd } from '../report/money';
import { Finding, Report } from '../report/types';
import { TOOL_VERSION } from '../version';
import { RULE_PREFIX, RULES, ruleId } from '../../rules';

export type BedrockRegionChecksProps = LintOptions & NagPackProps;

/** The first stack CDK hands the plugin: where app-wide violations point, so CDK prints them. */
type StackTemplate = IPolicyValidationContext['stackTemplates'][number];

/**
 * The cdk-nag v3 pack. Unlike a per-resource pack it analyses the whole app once per synth,
 * because its findings are about pairs of resources in different stacks and regions.
 */
export class BedrockRegionChecks extends NagPack {
  readonly name = PLUGIN_NAME;
  readonly version = TOOL_VERSION;
  readonly ruleIds = RULES.map(ruleId);
  private readonly options: LintOptions = {};
  /** Bad options are reported by validate() like a finding: the constructor never stops the app. */
  private readonly optionsError?: string;
  /** Whether the options are recorded in the app's outdir already (known at construction). */
  private readonly recorded: boolean = false;

  constructor(scope?: IConstruct, props: BedrockRegionChecksProps = {}) {
    // `verbose` means one thing for both: longer messages. NagPack's applies to rules it runs
    // itself, which this pack has none of; ours puts each rule's explanation in synth messages.
    super(scope, {
      verbose: props.verbose,
      writeSuppressionsToCloudFormation: props.writeSuppressionsToCloudFormation,
    });
    this.packName = RULE_PREFIX.slice(0, -1);
    const { writeSuppressionsToCloudFormation: _w, ...given } = props;
    try {
      // Options given in code are the base; the "cdk-bedrock-lint" context key (cdk.json, or `-c`
      // as a JSON string) merges over them key by key. The CLI applies the same order (the record
      // of these options, then cdk.json context), so both give the same findings on one cdk.out.
      const source = `context "${CONTEXT_KEY}"`;
      const inCode = validateOptions(dataOnly(given), `${PLUGIN_NAME} options`);
      const fromContext = contextOptions(scope?.node.tryGetContext(CONTEXT_KEY), source);
      const layers = [
        { source: PLUGIN_NAME, options: inCode },
        ...(fromContext ? [{ source, options: fromContext }] : []),
      ];
      this.options = mergeOptions(layers).options;
    } catch (e) {
      this.optionsError = e instanceof Error ? e.message.split('\n')[0] : String(e);
    }
    // Recorded now, before synthesis: validate() then changes nothing in the assembly, which apps
    // that set `confirmValidationPluginsDoNotMutate` require of every plugin.
    const root = scope?.node.root;
    if (root && Stage.isStage(root)) {
      this.record(root.outdir);
      this.recorded = true;
    }
  }

  private record(assemblyDir: string): void {
    if (this.optionsError !== undefined) forgetOptions(assemblyDir);
    else recordOptions(assemblyDir, this.options);
  }

  /** Whole-app analysis happens in validate(); there is nothing to do per resource. */
  protected checkResource(_node: CfnResource): void {}

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const first = context.stackTemplates[0];
    if (!this.recorded) this.record(assemblyDirectory(context));
    if (this.optionsError !== undefined) {
      return { success: false, violations: [this.badOptions(this.optionsError, first)] };
    }
    let app: AppModel | undefined;
    try {
      app = fromValidationContext(context);
      const report = analyzeApp(app, this.options, { inventory: false });
      const violations = report.findings.map((f) => this.toViolation(f, app!, first));
      const failing = report.findings.some(
        (f) => !f.acknowledged && fails(f.severity, this.options.failOn),
      );
      const budget = report.summary.budget;
      if (budget?.exceeded)
        violations.push(this.budgetExceeded(report, budget.maxMonthlyUsd, app, first));
      return { success: !failing && !budget?.exceeded, violations };
    } catch (e) {
      // The linter's own failure must not crash the user's synth: report it instead, on the first
      // stack so CDK prints it (CDK prints nothing for a violation without a construct).
      return { success: !this.options.strict, violations: [this.internalError(e, first)] };
    }
  }

  private toViolation(f: Finding, app: AppModel, first?: StackTemplate): PolicyViolation {
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
      violatingResources:
        f.constructPath || f.logicalId
          ? [
              {
                resourceLogicalId: f.logicalId ?? undefined,
                constructPath: f.constructPath ?? undefined,
                templatePath: templatePath ?? '',
                locations: f.logicalId ? ['Properties'] : [],
              },
            ]
          : onStack(first),
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
  private budgetExceeded(
    report: Report,
    max: number,
    app: AppModel,
    first?: StackTemplate,
  ): PolicyViolation {
    const costliest = [...report.findings].sort(
      (a, b) => (b.estimate?.monthlyUsd ?? 0) - (a.estimate?.monthlyUsd ?? 0),
    )[0];
    return {
      ruleName: `${RULE_PREFIX}MonthlyBudget`,
      description: `The estimated monthly cost of the findings, ${formatUsd(report.summary.monthlyUsd)}, exceeds maxMonthlyUsd ${formatUsd(max)}. The largest is ${costliest.ruleId} at ${formatUsd(costliest.estimate?.monthlyUsd ?? 0)} a month.`,
      fix: 'Run `npx cdk-bedrock-lint cdk.out` for the cost table and the priced remediations, or raise maxMonthlyUsd.',
      severity: 'error',
      violatingResources: this.toViolation(costliest, app, first).violatingResources,
    };
  }

  private internalError(e: unknown, first?: StackTemplate): PolicyViolation {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return {
      ruleName: `${RULE_PREFIX}InternalError`,
      description: `cdk-bedrock-lint could not analyse this app: ${message}. No region checks ran; this is not a pass.`,
      fix: 'Run `npx cdk-bedrock-lint cdk.out` for details, and report the problem with the message above.',
      severity: this.options.strict ? 'error' : 'warning',
      violatingResources: onStack(first),
    };
  }

  /** Bad configuration never falls back to defaults: it fails the synth, naming the option. */
  private badOptions(message: string, first?: StackTemplate): PolicyViolation {
    return {
      ruleName: `${RULE_PREFIX}InvalidOptions`,
      description: `cdk-bedrock-lint options are not valid: ${message}. No region checks ran.`,
      fix: `Correct the option named above in the plugin's props or the "${CONTEXT_KEY}" context key; the options are listed in the README and schema/options.schema.json.`,
      // CDK never lets an acknowledgment suppress a fatal violation: bad options cannot be waved through.
      severity: 'fatal',
      violatingResources: onStack(first),
    };
  }
}

/** A violation about the app as a whole, attached to its first stack. */
function onStack(first: StackTemplate | undefined): PolicyViolation['violatingResources'] {
  return first
    ? [{ constructPath: first.stackConstructPath, templatePath: first.templatePath, locations: [] }]
    : [];
}

/**
 * The app's cloud assembly directory: the root Stage's outdir, or else the directory of the
 * top-most template (nested Stage assemblies sit in subdirectories of it).
 */
function assemblyDirectory(context: IPolicyValidationContext): string {
  const root = (context as { appConstruct?: IConstruct }).appConstruct;
  if (root && Stage.isStage(root)) return root.outdir;
  const dirs = context.stackTemplates.map((s) => path.dirname(s.templatePath));
  return dirs.sort((a, b) => a.length - b.length)[0];
}

function costText(f: Finding): string {
  if (f.failsAtDeploy) return ' It fails at deploy.';
  const e = f.estimate;
  if (!e) return '';
  const shared = e.lineItems.some((i) => i.countedIn !== null);
  return ` Estimated ${formatUsd(e.monthlyUsd)} a month${shared ? ' (costs it shares with another finding are counted there)' : ''}.`;
}
