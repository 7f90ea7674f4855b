/** Kept equal to package.json's version by test/version.test.ts (a JSON import would differ between src and dist). */
export const TOOL_VERSION = '0.1.0';

/**
 * The project's home, as package.json's `homepage` gives it (kept equal by test/cli.test.ts):
 * SARIF rules link to their README section here.
 */
export const HOMEPAGE = 'https://github.com/cdk-bedrock-lint/cdk-bedrock-lint#readme';

/** The README section of a rule: GitHub's heading anchor (lower case, no punctuation but hyphens). */
export function ruleDocUrl(ruleId: string): string {
  return `${HOMEPAGE.replace(/#.*$/, '')}#${ruleAnchor(ruleId)}`;
}

export function ruleAnchor(ruleId: string): string {
  return ruleId.toLowerCase().replace(/[^a-z0-9-]/g, '');
}
