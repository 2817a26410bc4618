// Nest 12 ships ESM only, so jest runs in native ESM mode (see package.json "test").
// One project per layer; `npm run test:<name>` runs one (`--selectProjects <name>`), `npm test` all.

/** What every project shares: the ESM transform and the decorators' metadata. */
const base = {
  testEnvironment: 'node',
  // Decorators read metadata at import time (class-transformer @Type, Nest DI).
  setupFiles: ['reflect-metadata'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
};

/** @param {string} name @param {string[]} testMatch */
const project = (name, testMatch) => ({ ...base, displayName: name, testMatch });

/** @type {import('jest').Config} */
export default {
  // A global option: jest reads it from here, not from the projects.
  testTimeout: 30000,
  projects: [
    project('unit', ['<rootDir>/src/**/*.spec.ts']),
    project('contracts', ['<rootDir>/test/stores/**/*.spec.ts']),
    project('e2e', ['<rootDir>/test/e2e/**/*.spec.ts']),
    project('security', ['<rootDir>/test/security/**/*.spec.ts']),
    project('cluster', ['<rootDir>/test/cluster/**/*.spec.ts']),
    project('browser', ['<rootDir>/test/browser/**/*.spec.ts']),
    project('bench', ['<rootDir>/test/bench/**/*.spec.ts']),
  ],
};
