import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';

/** Modules the engine and the shared contract must never import (layering, see DESIGN.md). */
const forbiddenInCore = [
  {
    name: 'electron',
    message: 'The engine and shared code run in plain Node and in the renderer: no electron.',
  },
  { name: 'electron-store', message: 'Storage lives in src/main/services behind an interface.' },
  { name: 'vue', message: 'The engine and shared code know nothing of the UI.' },
  { name: 'pinia', message: 'The engine and shared code know nothing of the UI.' },
  { name: 'fs', message: 'File access belongs to src/main/services, not the engine or the contract.' },
  { name: 'node:fs', message: 'File access belongs to src/main/services, not the engine or the contract.' },
  { name: 'fs/promises', message: 'File access belongs to src/main/services.' },
  { name: 'node:fs/promises', message: 'File access belongs to src/main/services.' },
];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '**/*.tmp.*',
      'bench/.tmp-*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        history: 'readonly',
        localStorage: 'readonly',
        sessionStorage: 'readonly',
        requestAnimationFrame: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        WebSocket: 'readonly',
        Buffer: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // TypeScript checks names; ESLint's no-undef does not know DOM or Node types.
      'no-undef': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['src/main/engine/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenInCore,
          patterns: [
            { group: ['electron/*', '@electron/*'], message: 'No electron in the engine or shared code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer reaches the lab only through the contract API.' },
          ],
        },
      ],
    },
  },
  {
    // Tests poke at untyped JSON (scenario files, wire messages); Playwright fixtures declare
    // "no dependencies" with an empty pattern by convention.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-empty-pattern': 'off' },
  },
  prettier,
);
