import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layers (docs/architecture.md): the domain and the jobs speak through the ports of src/domain/ports.ts;
// src/zoom and src/slack implement them and are wired in src/core.ts. Only src/db touches Prisma's generated client.
const adapters = {
  group: ['**/slack/**', '**/zoom/**', '@slack/*'],
  message:
    'The domain and the jobs use the ports in src/domain/ports.ts; Slack and Zoom code lives in the adapters (wired in src/core.ts).',
};
const generatedClient = {
  group: ['**/generated/prisma/**'],
  message: "Import Prisma's generated client through src/db/records.ts.",
};

export default tseslint.config(
  { ignores: ['node_modules/', 'src/generated/', 'data/', 'coverage/', '.tmp/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/domain/**', 'src/jobs/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [adapters, generatedClient] }] },
  },
  {
    files: ['src/**'],
    ignores: ['src/db/**', 'src/domain/**', 'src/jobs/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [generatedClient] }] },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
