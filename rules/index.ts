import { CustomizationDataRegion } from './customization-data-region';
import { CustomizationModelRegion } from './customization-model-region';
import { KnowledgeBaseDataRegion } from './knowledge-base-data-region';
import { KnowledgeBaseStoreRegion } from './knowledge-base-store-region';
import { Rule } from './rule';
import { UnknownModel } from './unknown-model';
import { UnresolvedRegion } from './unresolved-region';

/** Every rule, in the order reports list them. */
export const RULES: readonly Rule[] = [
  CustomizationModelRegion,
  CustomizationDataRegion,
  KnowledgeBaseDataRegion,
  KnowledgeBaseStoreRegion,
  UnresolvedRegion,
  UnknownModel,
];

export * from './rule';
