// Nest 12 ships ESM only, so jest runs in native ESM mode (see package.json "test").
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  // Decorators read metadata at import time (class-transformer @Type, Nest DI).
  setupFiles: ['reflect-metadata'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testTimeout: 30000,
};
