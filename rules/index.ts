import { CrossRegionDataAccess } from './cross-region-data-access';
import { CrossRegionModelAccess } from './cross-region-model-access';
import { CustomModelRegion } from './custom-model-region';
import { CustomizationCost } from './customization-cost';
import { CustomizationDataRegion } from './customization-data-region';
import { CustomizationModelRegion } from './customization-model-region';
import { KnowledgeBaseDataRegion } from './knowledge-base-data-region';
import { KnowledgeBaseStoreRegion } from './knowledge-base-store-region';
import { ModelAvailability } from './model-availability';
import { ModelLifecycle } from './model-lifecycle';
import { DataResidency } from './data-residency';
import { ExternalModelProvider } from './external-model-provider';
import { NatGatewayCost } from './nat-gateway-cost';
import { NatGatewayDataPath } from './nat-gateway-data-path';
import { NoNetworkPath } from './no-network-path';
import { Rule } from './rule';
import { UnknownModel } from './unknown-model';
import { UnresolvedRegion } from './unresolved-region';

/** Every rule, in the order reports list them. */
export const RULES: readonly Rule[] = [
  CustomizationModelRegion,
  CustomizationDataRegion,
  KnowledgeBaseDataRegion,
  KnowledgeBaseStoreRegion,
  CrossRegionModelAccess,
  CrossRegionDataAccess,
  CustomModelRegion,
  NatGatewayDataPath,
  NoNetworkPath,
  DataResidency,
  UnresolvedRegion,
  UnknownModel,
  ExternalModelProvider,
  CustomizationCost,
  NatGatewayCost,
  ModelAvailability,
  ModelLifecycle,
];

export * from './rule';
