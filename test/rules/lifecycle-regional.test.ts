/**
 * Lifecycle rows name the Regions their EOL date covers, and "a model can remain Active in other
 * Regions" (model-lifecycle-legacy.md@25c01ef): a use outside the row is not end-of-life.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { fn } from '../flow-helpers';
import { discovered, env, ids, lint, newApp } from '../helpers';

/** The day lifecycle is judged on, fixed so the tests do not rot as models age. */
const NOW = new Date('2026-12-01T12:00:00Z');
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';

/** A Lambda calling Claude 3 Haiku on demand in its own region, as the SDK does. */
function haikuCaller(region: string) {
  const app = newApp();
  const stack = new Stack(app, 'Chat', { env: env(region) });
  const f = fn(stack, 'Answer', { MODEL_ID: HAIKU_3 });
  f.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:InvokeModel'],
      resources: [`arn:aws:bedrock:${region}::foundation-model/${HAIKU_3}`],
    }),
  );
  return app;
}

function seen(region: string): string[] {
  return discovered(haikuCaller(region)).modelUses.map(
    (u) => `${u.purpose} ${u.model.modelId}@${u.place.region}`,
  );
}

describe('Claude 3 Haiku: end-of-life only in the Regions its lifecycle row names', () => {
  test('in ca-central-1 (offered in-Region, outside the EOL row) nothing is reported', () => {
    expect(lint(haikuCaller('ca-central-1'), {}, NOW).findings).toEqual([]);
    expect(seen('ca-central-1')).toContain(`invoke ${HAIKU_3}@ca-central-1`);
  });

  test('in eu-west-2 (in the EOL row) the call is an end-of-life error', () => {
    const report = lint(haikuCaller('eu-west-2'), {}, NOW);
    expect(ids(report)).toEqual(['ModelAvailability']);
    expect(report.findings[0].severity).toBe('error');
    expect(report.findings[0].message).toMatch(
      /uses end-of-life models in eu-west-2: anthropic\.claude-3-haiku-20240307-v1:0 .*end-of-life since 2026-09-10/,
    );
  });
});
