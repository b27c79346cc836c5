import { ALONE_E2E, SERIAL_E2E, unrunnableE2E } from './test/support/test-tiers.mjs';

/** Jest runs in ES-module mode because the NestJS 12 packages are ES-module-only (see README). */
const esm = {
  testEnvironment: 'node',
  rootDir: '.',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.spec.json' }] },
};

/** A PostgreSQL for the run (embedded unless DATABASE_URL is set), and a migrated database of its own per worker. */
const withDatabase = {
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  setupFilesAfterEnv: ['<rootDir>/test/support/worker-database.ts'],
};

const escape = (path) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const unrunnable = unrunnableE2E();

export default {
  testTimeout: 60_000, // a whole-run option: Jest ignores it inside a project
  // Also a whole-run option: a bundled run starts its heaviest bundles first.
  ...(process.env.TEST_BUNDLES ? { testSequencer: '<rootDir>/test/support/bundle-sequencer.mjs' } : {}),
  projects: [
    { ...esm, displayName: 'unit', roots: ['<rootDir>/src', '<rootDir>/dashboard/src'], testMatch: ['**/*.spec.ts'] },
    { ...esm, ...withDatabase, displayName: 'int', roots: ['<rootDir>/test'], testMatch: ['**/*.int-spec.ts'] },
    {
      ...esm,
      ...withDatabase,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...[...SERIAL_E2E, ...ALONE_E2E, ...unrunnable].map((path) => `${escape(path)}$`)],
    },
    {
      ...esm,
      ...withDatabase,
      displayName: 'e2e-serial',
      roots: ['<rootDir>/test'],
      testMatch: SERIAL_E2E.filter((path) => !unrunnable.includes(path)).map((path) => `<rootDir>/${path}`),
    },
    { ...esm, ...withDatabase, displayName: 'e2e-alone', roots: ['<rootDir>/test'], testMatch: ALONE_E2E.map((path) => `<rootDir>/${path}`) },
    // The bundles scripts/run-test-tiers.mjs wrote for one of its Jest runs (test/support/test-bundles.mjs).
    ...(process.env.TEST_BUNDLES
      ? [
          {
            ...esm,
            ...withDatabase,
            displayName: 'bundled',
            roots: ['<rootDir>/test'],
            testMatch: [`<rootDir>/${process.env.TEST_BUNDLES}*.bundle.ts`],
          },
        ]
      : []),
  ],
};
