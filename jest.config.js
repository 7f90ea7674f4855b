/** Tests synthesize real CDK apps; each file gets its own worker on the 2-core CI machines. */
module.exports = {
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/setup/temp-dir.js',
  globalTeardown: '<rootDir>/test/setup/temp-dir-teardown.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The packed-tarball install test is slow (two npm installs): `npm run test:package` runs it.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/package/'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 120000,
  maxWorkers: 2,
};
