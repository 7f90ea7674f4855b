/**
 * The API layer of the catalog: what `cdk-bedrock-lint catalog refresh` reads from Amazon Bedrock
 * (`ListFoundationModels`, `ListInferenceProfiles`) in each region, normalised but not interpreted.
 * The catalog build (`lib/catalog/build.ts`) merges it with the reviewed documentation overlay.
 * A region whose calls failed is kept with its error: unknown, never dropped.
 */

/** `modelLifecycle` of a `FoundationModelSummary`; times as ISO dates (`YYYY-MM-DD`). */
export interface ApiLifecycle {
  readonly status: string; // ACTIVE | LEGACY (strings: AWS adds values before the SDK enum does)
  readonly startOfLifeTime?: string;
  readonly legacyTime?: string;
  readonly publicExtendedAccessTime?: string;
  readonly endOfLifeTime?: string;
}

export interface ApiFoundationModel {
  readonly modelId: string;
  readonly modelArn: string;
  readonly modelName?: string;
  readonly providerName?: string;
  /** `ON_DEMAND`, `PROVISIONED`, `INFERENCE_PROFILE` (profile-only models). */
  readonly inferenceTypesSupported: readonly string[];
  /** `FINE_TUNING`, `CONTINUED_PRE_TRAINING`, `DISTILLATION`. */
  readonly customizationsSupported: readonly string[];
  readonly inputModalities?: readonly string[];
  readonly outputModalities?: readonly string[];
  readonly lifecycle?: ApiLifecycle;
}

/** A `SYSTEM_DEFINED` inference profile as `ListInferenceProfiles` returns it in one source region. */
export interface ApiInferenceProfile {
  readonly inferenceProfileId: string;
  readonly inferenceProfileArn: string;
  readonly status: string;
  readonly type: string;
  /** The foundation-model ARNs the profile routes to; their regions are the destinations. */
  readonly modelArns: readonly string[];
}

export type ApiRegion =
  | {
      readonly status: 'ok';
      readonly foundationModels: readonly ApiFoundationModel[];
      readonly inferenceProfiles: readonly ApiInferenceProfile[];
    }
  | {
      readonly status: 'error';
      /** `AccessDeniedException: ...`, `UnrecognizedClientException: ...` (one line). */
      readonly error: string;
    };

export interface ApiLayer {
  /** `YYYY-MM-DD` of the refresh. */
  readonly asOf: string;
  /** What was called, e.g. `@aws-sdk/client-bedrock 3.1164.0 ListFoundationModels, ListInferenceProfiles`. */
  readonly source: string;
  readonly regions: Readonly<Record<string, ApiRegion>>;
}
