import { Severity } from '../options';

/** The JSON report, `schemaVersion` 1 (PRODUCT.md section 7; schema/report.schema.json). */
export interface Report {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'cdk-bedrock-lint'; readonly version: string };
  readonly catalog: { readonly asOf: string };
  readonly pricing: { readonly asOf: string | null; readonly currency: 'USD' };
  readonly stacks: readonly ReportStack[];
  readonly findings: readonly Finding[];
  readonly summary: Summary;
}

export interface ReportStack {
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

export interface LineItem {
  readonly description: string;
  readonly quantity: number | null;
  readonly unit: string;
  readonly unitPriceUsd: number | null;
  readonly monthlyUsd: number | null;
  readonly source: string;
}

export interface Estimate {
  readonly monthlyUsd: number | null;
  readonly oneTimeUsd: number | null;
  readonly lineItems: readonly LineItem[];
}

export interface Acknowledged {
  readonly id: string;
  readonly reason: string;
  readonly constructPath: string;
}

export interface Finding {
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
  readonly monthlyUsd: number;
}
