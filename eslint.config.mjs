import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'net',
  'stream',
  'url',
  'util',
  'events',
  'worker_threads',
];

/** Import boundaries that keep the architecture honest; see DESIGN.md §3. */
const electronOnly = { name: 'electron', message: 'Only src/main/electron/ and src/preload/ may import electron.' };

/** The renderer's boundaries, plus any a folder adds (a later config block replaces the whole rule). */
const rendererImports = (...extra) => [
  'error',
  {
    paths: [electronOnly],
    patterns: [
      { group: ['**/main/**', '**/preload/index'], message: 'The renderer reaches main only through lib/api.ts.' },
      { group: nodeBuiltins, message: 'The renderer runs in a sandboxed page: no Node modules.' },
      ...extra,
    ],
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'resources/**', 'src/main/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', { paths: [electronOnly] }],
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/main/electron/**/*.ts', 'src/preload/**/*.ts', 'test/e2e/electron*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            { group: nodeBuiltins, message: 'src/shared is pure: no Node imports.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'src/shared imports nothing from the processes.',
            },
            { group: ['react', 'react-dom', 'zustand'], message: 'src/shared is free of DOM and UI code.' },
          ],
        },
      ],
    },
  },
  {
    // The workflow scheduler is pure too: executors, the journal and the clock are handed to it.
    files: ['src/main/workflow/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            { group: nodeBuiltins, message: 'src/main/workflow/core is pure: no Node imports.' },
            {
              group: ['better-sqlite3', 'drizzle-orm*', 'simple-git', '**/db/**', '**/terminal/**', '**/models/**'],
              message: 'Executors and the journal, not the scheduler, reach processes, models and the database.',
            },
          ],
        },
      ],
    },
  },
  {
    // The model layer's core (parsing, policy, pricing) is pure, so it is unit-tested without I/O.
    files: ['src/main/models/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            { group: nodeBuiltins, message: 'src/main/models/core is pure: no Node imports.' },
            {
              group: ['@anthropic-ai/*', 'openai', 'better-sqlite3', 'drizzle-orm*'],
              message: 'Adapters, not the core, use SDKs and the database.',
            },
          ],
        },
      ],
    },
  },
  {
    // MCP naming, config import, backoff and diff rules are pure, so they are unit-tested without I/O.
    files: ['src/main/mcp/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            { group: nodeBuiltins, message: 'src/main/mcp/core is pure: no Node imports.' },
            { group: ['@modelcontextprotocol/*'], message: 'The MCP SDK belongs to the adapters, not the core.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: { 'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', '__dirname'] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The app does not run the React Compiler, so libraries it cannot memoize (TanStack Virtual) are fine.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': rendererImports(),
    },
  },
  {
    // Cross-cutting state only: a feature's state lives in features/<f>/state and registers what it brings.
    files: ['src/renderer/src/stores/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': rendererImports({
        group: ['**/features', '**/features/**'],
        message: 'stores/ never imports a feature; feature state lives in features/<feature>/state.',
      }),
    },
  },
  // A feature reaches another only through its index.ts, so its insides can move freely. The depth of
  // the importing file decides how many `../` lead back to features/.
  ...[1, 2, 3].map((depth) => ({
    files: [`src/renderer/src/features/*/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': rendererImports({
        regex: `^${'\\.\\./'.repeat(depth)}[^./][^/]*/`,
        message: 'A feature imports another only through its index.ts: import from ../<feature>, not a file inside it.',
      }),
    },
  })),
);
