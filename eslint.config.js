import tseslint from 'typescript-eslint';

/** Who may import whom (shared/design/ARCHITECTURE.md "Folders"): arrows point down only. */
const forbidden = {
  lib: ['db', 'core', 'connectors', 'templates', 'workers', 'server', 'scripts'],
  db: ['core', 'connectors', 'templates', 'workers', 'server', 'scripts'],
  templates: ['db', 'core', 'connectors', 'workers', 'server', 'scripts'],
  connectors: ['db', 'core', 'workers', 'server', 'scripts'],
  core: ['connectors', 'templates', 'workers', 'server', 'scripts'],
  workers: ['server', 'scripts'],
  server: ['workers', 'scripts'],
};

const directionRules = Object.entries(forbidden).map(([folder, banned]) => ({
  files: [`${folder}/**/*.ts`],
  ignores: [`${folder}/**/*.test.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ regex: `^(\\.\\./)+(${banned.join('|')})/`, message: `${folder}/ may not import these folders (ARCHITECTURE.md)` }] },
    ],
  },
}));

/**
 * web/ (the officer app) imports nothing from the server side: a relative import may not climb
 * out of web/ (depth-aware: a file N folders deep may use at most N `../`). That a feature
 * never imports another feature, and the exact resolution of both rules, is checked by
 * scripts/check-imports.mjs.
 */
const webRules = [1, 2, 3, 4, 5].map((depth) => ({
  files: [`web/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ regex: `^(\\.\\./){${depth},}`, message: 'web/ may not import server-side code (ARCHITECTURE.md, STYLE.md Part 3)' }] },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/**', '.loa/**', 'db/migrations/**', 'test-artifacts/**', 'web/dist/**', 'web/dist.*/**', 'web/api-types.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through lib/config.ts' },
      ],
    },
  },
  { files: ['lib/config.ts', 'test/**', 'scripts/bench/**', 'scripts/chaos/main.ts', 'scripts/*.mjs', '**/*.test.ts', 'vitest.config.ts', 'web/vite.config.ts'], rules: { 'no-restricted-properties': 'off' } },
  ...directionRules,
  ...webRules,
);
