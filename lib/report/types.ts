import { Severity } from '../options';

/** The JSON report, `schemaVersion` 1 (PRODUCT.md section 7; schema/report.schema.json). */
export interface Report {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'cdk-bedrock-lint'; readonly version: string };
  readonly catalog: { readonly asOf: string };
  readonly pricing: {
    readonly asOf: string | null;
    readonly currency: 'USD';
    readonly usage: string;
  };
  readonly stacks: readonly ReportStack[];
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  /** Problems with the input that do not stop the run: a usage key that matches no construct. */
  readonly warnings: readonly string[];
  /** Runs over several cloud assemblies: a section per assembly, in argument order (multi.ts). */
  readonly assemblies?: readonly AssemblySection[];
  /** The AI and data resources discovery found, clean or not (lib/engine/inventory.ts): what the diagram draws. */
  readonly inventory?: readonly InventoryResource[];
}

export type InventoryKind =
  | 'customization-job'
  | 'batch-inference-job'
  | 'knowledge-base'
  | 'vector-store'
  | 'bucket'
  | 'compute'
  | 'agent'
  /** A Bedrock resource that names a model: an application inference profile, prompt, flow, guardrail. */
  | 'model-resource'
  | 'nat-gateway';

/** A resource of the app on an AI or data path, where it is, and what it is. */
export interface InventoryResource {
  /** The cloud assembly of the resource, in runs over several. */
  readonly assembly?: string;
  readonly stack: string;
  readonly logicalId: string;
  readonly constructPath: string | null;
  readonly type: string;
  readonly kind: InventoryKind;
  /** Null when the region cannot be determined (never assumed). */
  readonly region: string | null;
}

/** One cloud assembly of a run over several: its path (relative, `/`-separated) and its totals. */
export interface AssemblySection {
  readonly path: string;
  readonly stacks: readonly string[];
  readonly summary: Summary;
  readonly warnings: readonly string[];
}

export interface ReportStack {
  /** The cloud assembly of the stack, in runs over several. */
  readonly assembly?: string;
  readonly name: string;
  readonly stackName: string;
  readonly region: string | null;
  readonly account: string | null;
}

export interface RelatedResource {
  readonly description: string;
  readonly stack: string | null;
  readonly logicalId: string | null;
  readonly constructPath: string | null;
  readonly region: string | null;
}

/** One priced quantity: `quantity x unitPriceUsd = monthlyUsd` (or `oneTimeUsd`), each part sourced. */
export interface LineItem {
  readonly description: string;
  /** Null when no usage file or profile gives the volume: the unit price is still stated. */
  readonly quantity: number | null;
  readonly unit: string;
  /** Null when the price table has no price for it (unknown, never guessed). */
  readonly unitPriceUsd: number | null;
  readonly monthlyUsd: number | null;
  readonly oneTimeUsd: number | null;
  /** Where the quantity came from: usage file, construct hint, or the named default profile. */
  readonly source: string;
  /** The price table entry and its confidence. */
  readonly priceSource: string | null;
  /** Identity of the cost: one NAT gateway's hours, one flow's transfer. */
  readonly key: string;
  /** Fingerprint of the finding that already counts this cost (a NAT gateway shared by findings). */
  readonly countedIn: string | null;
}

/** A priced way out: the monthly cost after the change, and the difference to today. */
export interface Remediation {
  readonly action: string;
  readonly monthlyUsd: number | null;
  readonly oneTimeUsd: number | null;
  /** Negative when it saves money. */
  readonly differenceUsd: number | null;
  readonly lineItems: readonly LineItem[];
  readonly notes: readonly string[];
}

export interface Estimate {
  /** Sum of the known line items this finding counts (not those counted in another finding). */
  readonly monthlyUsd: number;
  readonly oneTimeUsd: number;
  /** False when a quantity or a price is unknown: the totals then leave that item out. */
  readonly complete: boolean;
  readonly lineItems: readonly LineItem[];
  readonly remediations: readonly Remediation[];
  /** Assumptions and conclusions behind the numbers, shown as footnotes. */
  readonly notes: readonly string[];
}

export interface Acknowledged {
  readonly id: string;
  readonly reason: string;
  readonly constructPath: string;
}

export interface Finding {
  /** The cloud assembly of the finding, in runs over several; its fingerprint includes it. */
  readonly assembly?: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stack: string | null;
  readonly logicalId: string | null;
  readonly constructPath: string | null;
  readonly resourceType: string | null;
  readonly message: string;
  readonly explanation: string;
  readonly fix: string;
  /** AWS error text this mistake produces, when documented. */
  readonly awsError: string | null;
  /** AWS fails the deployment, job or sync on this mistake: reports show that instead of a monthly cost. */
  readonly failsAtDeploy: boolean;
  readonly regions: { readonly resource: string | null; readonly peer: string | null };
  readonly related: readonly RelatedResource[];
  readonly estimate: Estimate | null;
  readonly location: {
    readonly file: string;
    readonly line: number;
    readonly column: number;
  } | null;
  readonly acknowledged: Acknowledged | null;
  readonly new: boolean;
  /** Stable identity: rule, stack, construct path (or logical id) and key; survives line moves. */
  readonly fingerprint: string;
}

export interface Summary {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  readonly acknowledged: number;
  /** Each cost counted once (a NAT gateway's hours once per gateway), acknowledged findings included. */
  readonly monthlyUsd: number;
  readonly oneTimeUsd: number;
  /** Set when `maxMonthlyUsd` is given. */
  readonly budget: { readonly maxMonthlyUsd: number; readonly exceeded: boolean } | null;
  /** With `--baseline`: findings new since the baseline, and the monthly cost difference. */
  readonly baseline: {
    readonly file: string;
    readonly new: number;
    readonly existing: number;
    readonly fixed: number;
    readonly monthlyUsdDelta: number;
    /** The baseline's findings that are gone, named so the reviewer sees what was fixed. */
    readonly fixedFindings?: readonly FixedFinding[];
  } | null;
}

/** A finding of the baseline that the run no longer reports. */
export interface FixedFinding {
  readonly ruleId: string;
  readonly stack: string | null;
  readonly constructPath: string | null;
  readonly assembly?: string;
}
