/** Kept equal to package.json's version by test/version.test.ts (a JSON import would differ between src and dist). */
export const TOOL_VERSION = '0.1.0';
