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

export default tseslint.config(
  { ignores: ['node_modules/**', '.loa/**', 'db/migrations/**', 'test-artifacts/**'] },
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
  { files: ['lib/config.ts', 'test/**', 'scripts/bench/**', 'scripts/*.mjs', '**/*.test.ts', 'vitest.config.ts'], rules: { 'no-restricted-properties': 'off' } },
  ...directionRules,
);
