import type {
  BedrockClientConfig,
  FoundationModelSummary,
  InferenceProfileSummary,
} from '@aws-sdk/client-bedrock';
import {
  ApiFoundationModel,
  ApiInferenceProfile,
  ApiLayer,
  ApiLifecycle,
  ApiRegion,
} from '../catalog/api-layer';
import { errorLine } from './errors';
import { mapLimited, Progress, ProgressStream } from './progress';
import { isoDate, SDK_RETRY, sdkVersion } from './sdk';

export interface CatalogRefreshOptions {
  readonly regions: readonly string[];
  readonly now?: Date;
  readonly stderr?: ProgressStream;
  /** Merged into every client's configuration (tests give a request handler and credentials). */
  readonly clientConfig?: Partial<BedrockClientConfig>;
}

type BedrockSdk = typeof import('@aws-sdk/client-bedrock');

/**
 * Reads `ListFoundationModels` and the system-defined `ListInferenceProfiles` in every region, a few
 * regions at a time, with the default credential chain and the SDK's adaptive retries. A region
 * whose calls fail is kept with its error.
 */
export async function readCatalogApi(options: CatalogRefreshOptions): Promise<ApiLayer> {
  // The SDK loads here, inside the refresh command only: linting never pays for it.
  const sdk = await import('@aws-sdk/client-bedrock');
  const progress = new Progress('catalog refresh', options.regions.length, options.stderr);
  const results = await mapLimited(options.regions, 6, async (region) => {
    const result = await readRegion(sdk, region, options.clientConfig);
    progress.step(
      region,
      result.status === 'ok'
        ? `ok (${result.foundationModels.length} models, ${result.inferenceProfiles.length} profiles)`
        : `unknown (${result.error})`,
    );
    return [region, result] as const;
  });
  return {
    asOf: isoDate(options.now ?? new Date()),
    source: `@aws-sdk/client-bedrock ${sdkVersion('@aws-sdk/client-bedrock')} ListFoundationModels, ListInferenceProfiles (SYSTEM_DEFINED)`,
    regions: Object.fromEntries(results),
  };
}

async function readRegion(
  sdk: BedrockSdk,
  region: string,
  config: Partial<BedrockClientConfig> | undefined,
): Promise<ApiRegion> {
  const client = new sdk.BedrockClient({ region, ...SDK_RETRY, ...config });
  try {
    const models = await client.send(new sdk.ListFoundationModelsCommand({}));
    const profiles: ApiInferenceProfile[] = [];
    for await (const page of sdk.paginateListInferenceProfiles(
      { client },
      { typeEquals: 'SYSTEM_DEFINED' },
    ))
      profiles.push(...(page.inferenceProfileSummaries ?? []).map(profile));
    return {
      status: 'ok',
      foundationModels: (models.modelSummaries ?? []).map(foundationModel),
      inferenceProfiles: profiles,
    };
  } catch (e) {
    return { status: 'error', error: errorLine(e) };
  } finally {
    client.destroy();
  }
}

function foundationModel(m: FoundationModelSummary): ApiFoundationModel {
  return {
    modelId: m.modelId ?? '',
    modelArn: m.modelArn ?? '',
    ...(m.modelName ? { modelName: m.modelName } : {}),
    ...(m.providerName ? { providerName: m.providerName } : {}),
    inferenceTypesSupported: m.inferenceTypesSupported ?? [],
    customizationsSupported: m.customizationsSupported ?? [],
    ...(m.inputModalities ? { inputModalities: m.inputModalities } : {}),
    ...(m.outputModalities ? { outputModalities: m.outputModalities } : {}),
    ...(m.modelLifecycle ? { lifecycle: lifecycle(m.modelLifecycle) } : {}),
  };
}

function lifecycle(l: NonNullable<FoundationModelSummary['modelLifecycle']>): ApiLifecycle {
  const dates = {
    startOfLifeTime: l.startOfLifeTime,
    legacyTime: l.legacyTime,
    publicExtendedAccessTime: l.publicExtendedAccessTime,
    endOfLifeTime: l.endOfLifeTime,
  };
  const known = Object.entries(dates).filter(([, d]) => d instanceof Date);
  return {
    status: l.status ?? 'UNKNOWN',
    ...Object.fromEntries(known.map(([k, d]) => [k, isoDate(d as Date)])),
  };
}

function profile(p: InferenceProfileSummary): ApiInferenceProfile {
  return {
    inferenceProfileId: p.inferenceProfileId ?? '',
    inferenceProfileArn: p.inferenceProfileArn ?? '',
    status: p.status ?? 'UNKNOWN',
    type: p.type ?? 'SYSTEM_DEFINED',
    modelArns: (p.models ?? []).map((m) => m.modelArn ?? '').filter(Boolean),
  };
}
