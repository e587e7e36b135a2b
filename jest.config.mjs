// Two projects: `unit` (pure logic and handlers with a mocked SDK) and `integration` (the built
// bundles against the local AWS endpoint started by tests/harness). ESM throughout, as in dist/.
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      testTimeout: 180_000,
      globalSetup: '<rootDir>/tests/harness/globalSetup.ts',
      globalTeardown: '<rootDir>/tests/harness/globalTeardown.ts',
    },
  ],
};
