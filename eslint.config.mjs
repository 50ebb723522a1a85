// ESLint: type-aware rules for the TypeScript sources, and import walls between layers
// (the engine and rules know nothing about LSP, the CLI or VS Code; the server never imports vscode).
import tseslint from 'typescript-eslint';

const layerWalls = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '**/fixtures/**', 'test/corpus/**/files/**', 'examples/**', 'walkthroughs/**', '.vscode-test/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  // One block per group of files: a later block naming the same rule for the same files would replace it.
  {
    files: ['server/src/engine/**', 'server/src/rules/**', 'server/src/parsing/**', 'server/src/code/**', 'server/src/workspace/**'],
    rules: layerWalls([
      { group: ['vscode', 'vscode-languageserver*', 'vscode-languageclient*'], message: 'the engine is editor-agnostic' },
      { group: ['**/lsp/**', '**/lsp', '**/cli/**', '**/cli'], message: 'the engine must not depend on its front ends' },
    ]),
  },
  {
    files: ['server/src/lsp/**', 'server/src/cli/**', 'server/src/server.ts'],
    rules: layerWalls([{ group: ['vscode', 'vscode-languageclient*'], message: 'the server runs outside VS Code' }]),
  },
  {
    files: ['client/src/**'],
    rules: layerWalls([
      {
        group: [
          '**/server/src/engine/**',
          '**/server/src/rules/**',
          '**/server/src/parsing/**',
          '**/server/src/code/**',
          '**/server/src/cli/**',
          '**/server/src/lsp/*',
          '!**/server/src/lsp/protocol',
        ],
        message: 'the client talks to the server only over LSP and lsp/protocol.ts',
      },
    ]),
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
