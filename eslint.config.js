// ESLint (flat config): the recommended rules of ESLint and typescript-eslint, plus import cycles
// (import-x/no-cycle, resolving the `.js` specifiers of our TypeScript files to the `.ts` sources).
// Formatting is Prettier's job (.prettierrc.json); no stylistic rules here.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'web/dist/', 'node_modules/', 'benchmarks/results/', 'test/fixtures/', '**/*.d.mts'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      // Off: the code base writes two-step bodies as comma sequences (`if (x) a.push(1), b.push(2);`), which
      // this rule always reports, and `ok && done()` statements.
      '@typescript-eslint/no-unused-expressions': 'off',
      // Off: it reports an initial value overwritten in a `try` and an assignment inside a call's arguments
      // (`map.set(k, (v = new V()))`, then `v` used) as useless; TypeScript's definite assignment covers the rest.
      'no-useless-assignment': 'off',
      // `_`-prefixed names are deliberately unused (destructuring a field away, a required parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  // ANSI escape handling matches ESC on purpose.
  { files: ['src/conversation/ansi*.ts'], rules: { 'no-control-regex': 'off' } },
  // Tests poke at untyped JSON and module internals.
  { files: ['**/*.test.ts', 'test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['web/src/**', 'web/public/**'], languageOptions: { globals: globals.browser } },
  {
    // The protocol module is imported by the web page: no Node built-ins, no server packages.
    files: ['src/protocol/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(node:|fastify|@fastify/)', message: 'src/protocol is browser-safe' }] },
      ],
    },
  },
);
