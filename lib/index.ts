/** Public API: the CDK plugin, the library entry point and the report formatters. */
export { BedrockRegionChecks } from './plugin/bedrock-region-checks';
export type { BedrockRegionChecksProps } from './plugin/bedrock-region-checks';
export { analyzeAssembly, analyzeApp } from './engine/analyze';
export type { RunEnvironment } from './engine/analyze';
export { readCloudAssembly } from './assembly/read-cloud-assembly';
export { InputError } from './assembly/types';
export { formatJson } from './report/json';
export { formatText } from './report/text';
export { formatSarif } from './report/sarif';
export { formatMarkdown } from './report/markdown';
export { applyBaseline, loadBaseline } from './report/baseline';
export { loadPrices, PriceTable } from './pricing/prices';
export { parseUsage, Usage } from './pricing/usage';
export * from './report/types';
export * from './options';
export { validateOptions } from './options-schema';
export { RULES } from '../rules';
