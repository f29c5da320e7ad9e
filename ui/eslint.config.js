// The UI linter: ESLint's and typescript-eslint's recommended rules plus Svelte's.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['dist/', 'node_modules/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Components call the backend through ui/src/lib/backend.ts only.
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@tauri-apps/api/core', message: 'Call the backend through src/lib/backend.ts.' }] },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    files: ['src/lib/backend.ts', 'src/lib/backend.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
