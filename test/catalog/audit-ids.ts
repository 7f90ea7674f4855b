/** What the audit tests share: the bundled catalog, the audit day, and the row subjects' ids. */
import { loadCatalog } from '../../lib/catalog/catalog';
import { CustomizationType } from '../../lib/catalog/types';

export const catalog = loadCatalog();
export const TODAY = '2026-12-01';
export const E1 = 'us-east-1';
export const W2 = 'us-west-2';

export const tunable = (id: string, type: CustomizationType, region: string) =>
  catalog.customizability(id, type, region, TODAY);

export const NOVA2 = 'amazon.nova-2-lite-v1:0:256k';
export const CANVAS = 'amazon.nova-canvas-v1:0';
export const LITE = 'amazon.nova-lite-v1:0:300k';
export const MICRO = 'amazon.nova-micro-v1:0:128k';
export const PRO = 'amazon.nova-pro-v1:0:300k';
export const PREMIER = 'amazon.nova-premier-v1:0';
export const TIG2 = 'amazon.titan-image-generator-v2:0';
export const MMEMB = 'amazon.titan-embed-image-v1:0';
export const HAIKU3 = 'anthropic.claude-3-haiku-20240307-v1:0:200k';
export const L31_8 = 'meta.llama3-1-8b-instruct-v1:0:128k';
export const L31_70 = 'meta.llama3-1-70b-instruct-v1:0:128k';
export const L31_405 = 'meta.llama3-1-405b-instruct-v1:0';
export const L32 = ['1b', '3b', '11b', '90b'].map((s) => `meta.llama3-2-${s}-instruct-v1:0:128k`);
export const L33 = 'meta.llama3-3-70b-instruct-v1:0:128k';
