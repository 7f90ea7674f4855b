import { createHash } from 'crypto';

const expected = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

describe('fingerprint', () => {
  test('is the first 32 hex digits of SHA-256 over its parts joined by NUL', () => {
    const { fingerprint, assemblyFingerprint } = jest.requireActual<
      typeof import('../lib/engine/fingerprint')
    >('../lib/engine/fingerprint');
    expect(fingerprint('BedrockRegions-X', 'Stack', 'Stack/Fn', 'k')).toBe(
      expected('BedrockRegions-X\u0000Stack\u0000Stack/Fn\u0000k'),
    );
    expect(fingerprint('R', undefined, undefined, '')).toBe(expected('R\u0000\u0000\u0000'));
    expect(assemblyFingerprint('a/cdk.out', 'f')).toBe(expected('assembly\u0000a/cdk.out\u0000f'));
  });

  test('gives the same digest on Node releases without crypto.hash', () => {
    const actual = jest.requireActual<typeof import('crypto')>('crypto');
    const createHashSpy = jest.fn(actual.createHash);
    jest.isolateModules(() => {
      jest.doMock('crypto', () => {
        const { hash: _absent, ...rest } = actual;
        return { ...rest, createHash: createHashSpy };
      });
      const { fingerprint } = jest.requireActual<typeof import('../lib/engine/fingerprint')>(
        '../lib/engine/fingerprint',
      );
      expect(fingerprint('R', 'S', 'P', 'k')).toBe(expected('R\u0000S\u0000P\u0000k'));
    });
    expect(createHashSpy).toHaveBeenCalledWith('sha256');
  });
});
