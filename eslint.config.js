import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// The layers of src/ (../shared/DESIGN.md, docs/architecture.md): an import only points down.
// common/ is below everything; the core knows no feature; a feature knows no other feature; the
// composition (main, app.module, demo, predictions, protocol) joins them.
const CORE = ['config', 'redis', 'auth', 'realtime', 'limits', 'events', 'ops', 'web'];
const FEATURES = ['polls', 'qa', 'crash', 'stage', 'quiz'];
const COMPOSITION = ['predictions', 'protocol', 'demo'];
/** The composition's own files, at the top of src/. */
const TOP_FILES = ['app\\.module', 'app\\.factory', 'main'];
const importing = (folders, message) => ({
  regex: `^\\.{1,2}/(\\.\\./)*((${folders.join('|')})/|(${TOP_FILES.join('|')})\\.js$)`,
  message,
});
const layer = (files, forbidden, message) => ({
  files,
  ignores: ['**/*.spec.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns: [importing(forbidden, message)] }] },
});
const layering = [
  layer(
    ['src/common/**'],
    [...CORE, ...FEATURES, ...COMPOSITION],
    'common/ is below everything: it imports no other folder of src/.',
  ),
  layer(
    CORE.map((f) => `src/${f}/**`),
    [...FEATURES, ...COMPOSITION],
    'The core knows no feature: let the feature register what the core needs (snapshot part, counters, metrics, commands).',
  ),
  ...FEATURES.map((f) =>
    layer(
      [`src/${f}/**`],
      [...FEATURES.filter((other) => other !== f), ...COMPOSITION],
      'Features never import each other: join them from a module above both (see src/predictions/), through AppEvents or their public services.',
    ),
  ),
];

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'node_modules/', 'coverage/', 'web/dist/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      // Nest decorators and DTO classes are checked by tsc; these two misfire on them.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['web/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  ...layering,
  prettier,
);
