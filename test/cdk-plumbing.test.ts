import fc from 'fast-check';
import { isCdkPlumbing } from '../lib/discover/compute';

/** The rule segment by segment, as first written: the one-regex form must agree with it. */
function bySegments(path: string): boolean {
  return path
    .split('/')
    .some(
      (s) =>
        s.startsWith('Custom::') ||
        /[0-9a-fA-F]{32}$/.test(s) ||
        /^(framework-on(Event|Timeout)|framework-isComplete|waiter-state-machine)$/.test(s),
    );
}

const segment = fc.oneof(
  fc.constantFrom(
    'Custom::S3AutoDeleteObjects',
    'Custom::',
    'xCustom::A',
    'framework-onEvent',
    'framework-onTimeout',
    'framework-isComplete',
    'waiter-state-machine',
    'framework-onEventX',
    'Xwaiter-state-machine',
    'AWS679f53fac002430cb0da5b7982bd2287',
    'aws679f53fac002430cb0da5b7982bd228',
    'Resource',
    'Default',
    '',
  ),
  fc.string({ unit: fc.constantFrom('a', 'F', '0', '9', 'g', ':', '-', 'C') }),
  fc.stringMatching(/^[0-9a-fA-F]{30,34}[a-z]?$/),
);

test('CDK plumbing is recognised by its path segments', () => {
  fc.assert(
    fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
      const path = segments.join('/');
      const resource = { logicalId: 'X', type: 'AWS::Lambda::Function', constructPath: path };
      expect(isCdkPlumbing(resource as never)).toBe(bySegments(path));
    }),
    { seed: 1201, numRuns: 2000 },
  );
  expect(isCdkPlumbing({ logicalId: 'X', constructPath: 'App/Fn/Resource' } as never)).toBe(false);
  expect(
    isCdkPlumbing({ logicalId: 'X', constructPath: 'App/Custom::CDKBucketDeployment/R' } as never),
  ).toBe(true);
});
