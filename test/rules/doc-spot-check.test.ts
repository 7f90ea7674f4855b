/**
 * Facts the 2026-12-01 spot check corrected from AWS pages, seen through the rules they change:
 * lifecycle rows name only the Regions their EOL date covers (model-lifecycle-legacy.md@25c01ef),
 * the Sonnet 4.5 card's eu. and global routes (model-card-anthropic-claude-sonnet-4-5.md@0cf8728),
 * the reranking Regions (rerank-supported.md@9a3d9b4) and Cohere Embed English's Regions (its card).
 */
import { Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import { fn, rerankingSearchNode } from '../flow-helpers';
import { ACCOUNT, discovered, env, ids, lint, newApp, ossKnowledgeBase } from '../helpers';

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

  test('in eu-north-1 (not offered) the regions to move to leave out those where it is end-of-life', () => {
    const report = lint(haikuCaller('eu-north-1'), {}, NOW);
    expect(seen('eu-north-1')).toContain(`invoke ${HAIKU_3}@eu-north-1`);
    expect(ids(report)).toEqual(['ModelAvailability']);
    const { message } = report.findings[0];
    expect(message).toContain('is not offered in eu-north-1; Bedrock serves it on demand in');
    expect(message).toContain('ca-central-1');
    // us-east-1 and eu-west-2 are in its EOL row: no place to move to.
    expect(message).not.toMatch(/on demand in [^;.]*\b(us-east-1|eu-west-2)\b/);
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

const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

/** A Lambda whose model id is a Sonnet 4.5 system profile, called from the stack's region. */
function sonnetCaller(region: string, profileId: string) {
  const app = newApp();
  fn(new Stack(app, 'Chat', { env: env(region) }), 'Answer', { MODEL_ID: profileId });
  return app;
}

describe('Sonnet 4.5 profile routes from its model card', () => {
  test('eu. from eu-west-2 may route to the EU Regions outside an allowed London and Ireland', () => {
    const report = lint(sonnetCaller('eu-west-2', `eu.${SONNET_45}`), {
      allowedRegions: ['eu-west-1', 'eu-west-2'],
    });
    expect(ids(report)).toEqual(['DataResidency']);
    expect(report.findings[0].message).toMatch(
      /profile eu\.anthropic\.claude-sonnet-4-5-20250929-v1:0 called from eu-west-2 may route requests to eu-central-1, eu-north-1, eu-south-1, eu-south-2 and eu-west-3, outside the allowed regions/,
    );
  });

  test('global. from ap-southeast-6 (New Zealand, a source the card adds) may route to any commercial region', () => {
    const report = lint(sonnetCaller('ap-southeast-6', `global.${SONNET_45}`), {
      allowedRegions: ['ap-southeast-6'],
    });
    expect(ids(report)).toEqual(['DataResidency']);
    expect(report.findings[0].message).toMatch(
      /called from ap-southeast-6 may route requests to any commercial region/,
    );
  });
});

/** A flow whose knowledge-base node reranks with `rerankModel` in the stack's region. */
function rerankFlow(region: string, rerankModel: string) {
  const app = newApp();
  new bedrock.CfnFlow(new Stack(app, 'Rag', { env: env(region) }), 'Flow', {
    name: 'flow',
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/flow`,
    definition: {
      nodes: [rerankingSearchNode(`arn:aws:bedrock:${region}::foundation-model/${rerankModel}`)],
    },
  });
  return app;
}

describe('reranking Regions from rerank-supported.md', () => {
  test('Amazon Rerank 1.0 in us-east-1, where only Cohere Rerank 3.5 is offered', () => {
    const report = lint(rerankFlow('us-east-1', 'amazon.rerank-v1:0'), {}, NOW);
    expect(ids(report)).toEqual(['ModelAvailability']);
    expect(report.findings[0].severity).toBe('error');
    expect(report.findings[0].message).toMatch(
      /amazon\.rerank-v1:0 \(reranks with; node "Search" reranking ModelArn\) is not offered in us-east-1; Bedrock serves it on demand in ap-northeast-1, ca-central-1, eu-central-1 and us-west-2\. Source: .*rerank-supported\.md@9a3d9b4/,
    );
  });

  test('Cohere Rerank 3.5 in us-east-1 is compliant', () => {
    const app = rerankFlow('us-east-1', 'cohere.rerank-v3-5:0');
    expect(lint(app, {}, NOW).findings).toEqual([]);
    expect(
      discovered(app).modelUses.map((u) => `${u.purpose} ${u.model.modelId}@${u.place.region}`),
    ).toContain('rerank cohere.rerank-v3-5:0@us-east-1');
  });
});

describe('Cohere Embed English Regions from its model card (model-card-cohere-embed-english.md@0cf8728)', () => {
  const EMBED = 'cohere.embed-english-v3';
  function kbApp(region: string) {
    const app = newApp();
    const stack = new Stack(app, 'Rag', { env: env(region) });
    ossKnowledgeBase(stack, `arn:aws:bedrock:${region}::foundation-model/${EMBED}`);
    return app;
  }

  test('a knowledge base in eu-north-1 embedding with it: not offered there', () => {
    const report = lint(kbApp('eu-north-1'), {}, NOW);
    expect(ids(report)).toEqual(['ModelAvailability']);
    expect(report.findings[0].message).toMatch(
      /cohere\.embed-english-v3 .*is not offered in eu-north-1; Bedrock serves it on demand in ap-northeast-1, ap-south-1, .*sa-east-1, us-east-1 and us-west-2/,
    );
  });

  test('the same knowledge base in eu-west-3 is compliant', () => {
    const app = kbApp('eu-west-3');
    expect(lint(app, {}, NOW).findings).toEqual([]);
    expect(
      discovered(app).modelUses.map((u) => `${u.purpose} ${u.model.modelId}@${u.place.region}`),
    ).toContain(`embedding ${EMBED}@eu-west-3`);
  });
});
