/** `npm run test:package`: pack the project and install the tarball into fresh CDK apps. */
module.exports = {
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/setup/temp-dir.js',
  globalTeardown: '<rootDir>/test/setup/temp-dir-teardown.js',
  roots: ['<rootDir>/test/package'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 600000,
  maxWorkers: 1,
};
