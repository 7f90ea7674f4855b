/** Public API: the CDK plugin, the library entry point and the report formatters. */
export { BedrockRegionChecks } from './plugin/bedrock-region-checks';
export type { BedrockRegionChecksProps } from './plugin/bedrock-region-checks';
export { analyzeAssembly, analyzeApp } from './engine/analyze';
export type { RunEnvironment } from './engine/analyze';
export { analyzeMany, assemblyDirectories } from './engine/analyze-many';
export { flowModel } from './report/flow-model';
export type { FlowModel, FlowNode, FlowEdge } from './report/flow-model';
export { mermaidFlowchart } from './report/mermaid';
export { readCloudAssembly } from './assembly/read-cloud-assembly';
// Types of what exported functions and classes return are exported by name: an app that emits
// declarations (a construct library) must be able to name them (TS2742 otherwise).
export type {
  AppModel,
  StackModel,
  ResourceModel,
  Acknowledgment,
  SourceLocation,
  Json,
  JsonObject,
} from './assembly/types';
export { InputError } from './assembly/types';
export { formatJson } from './report/json';
export { formatText } from './report/text';
export { formatSarif } from './report/sarif';
export { formatMarkdown } from './report/markdown';
export { applyBaseline, loadBaseline } from './report/baseline';
export { loadPrices, PriceTable } from './pricing/prices';
export type { Confidence, PriceData, UnitPrice } from './pricing/prices';
export { parseUsage, Usage } from './pricing/usage';
export type { Quantities, Quantity, SourcedQuantity } from './pricing/usage';
export type { UsageProfile } from './pricing/profiles';
export * from './report/types';
export * from './options';
export { validateOptions } from './options-schema';
export { RULES } from '../rules';
export type { Rule } from '../rules/rule';
