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

const electronInNodeSide =
  'Services, the browser host and the vSphere API adapter run without Electron in browser mode: no electron.';

/** Modules services, the browser host and the vSphere API adapter must never import. */
const forbiddenInNodeSide = [
  { name: 'electron', message: electronInNodeSide },
  {
    name: 'electron-store',
    message: 'Only src/main/index.ts opens electron-store; services get a ConnectionStorage.',
  },
];

/** The renderer reaches the lab only through the contract: no electron, nothing under src/main. */
const rendererImports = (extraPatterns) => ({
  paths: [{ name: 'electron', message: 'The renderer reaches the lab only through the contract API.' }],
  patterns: [
    {
      regex: '(^|/)main(/|$)',
      message: 'The renderer never imports src/main: use the contract (src/shared) and the API.',
    },
    ...extraPatterns,
  ],
});

/** A component importing src/renderer/src/api (relative, from any folder depth). */
const apiFromComponent = {
  regex: '^(\\.{1,2}/)+(src/)?api(/|$)',
  message: 'Components never import the API module: a Pinia store calls it and the component uses the store.',
};

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
    // Services, the browser host and the vSphere API adapter also run in browser mode (plain Node):
    // Electron's APIs reach them only through interfaces src/main/index.ts fills in.
    files: [
      'src/main/services/**/*.ts',
      'src/main/browser/**/*.ts',
      'src/main/browser-host.ts',
      'src/main/vsphere-api/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenInNodeSide,
          patterns: [{ group: ['electron/*', '@electron/*'], message: electronInNodeSide }],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', rendererImports([])] },
  },
  {
    // Components read state from Pinia stores; only stores call the API module.
    files: ['src/renderer/**/*.vue'],
    rules: { 'no-restricted-imports': ['error', rendererImports([apiFromComponent])] },
  },
  {
    // Tests poke at untyped JSON (scenario files, wire messages); Playwright fixtures declare
    // "no dependencies" with an empty pattern by convention.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-empty-pattern': 'off' },
  },
  prettier,
);
