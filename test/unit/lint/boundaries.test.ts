import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules in eslint.config.js, each shown catching a violation: a snippet linted as if it
 * lived in that layer must get the rule's error, and a clean snippet in the same place must not.
 */
const root = resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: resolve(root, 'eslint.config.js') });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  expect(result.messages.filter((m) => m.fatal)).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const ts = (from: string): string => `import { x } from '${from}';\nexport const y = x;\n`;
const vue = (from: string): string =>
  `<script setup lang="ts">\nimport { x } from '${from}';\nconst y = x;\n</script>\n<template><p>{{ y }}</p></template>\n`;

const cases: { layer: string; file: string; bad: string[]; clean: string[]; snippet?: typeof ts }[] = [
  {
    layer: 'engine',
    file: 'src/main/engine/boundary-probe.ts',
    bad: ['electron', 'electron-store', 'node:fs', 'fs', 'fs/promises', 'vue', 'pinia'],
    clean: ['../../shared/result', './world/world'],
  },
  {
    layer: 'shared',
    file: 'src/shared/boundary-probe.ts',
    bad: ['electron', 'node:fs', 'vue', 'pinia'],
    clean: ['./result'],
  },
  {
    layer: 'services',
    file: 'src/main/services/connections/boundary-probe.ts',
    bad: ['electron', 'electron-store', 'electron/main'],
    clean: ['node:fs/promises', '../../engine/engine'],
  },
  {
    layer: 'browser host',
    file: 'src/main/browser-host.ts',
    bad: ['electron', 'electron-store'],
    clean: ['node:http', './services/lab-service'],
  },
  {
    layer: 'browser server',
    file: 'src/main/browser/boundary-probe.ts',
    bad: ['electron'],
    clean: ['node:http'],
  },
  {
    layer: 'vSphere API adapter',
    file: 'src/main/vsphere-api/boundary-probe.ts',
    bad: ['electron', 'electron-store'],
    clean: ['node:http'],
  },
  {
    layer: 'renderer script',
    file: 'src/renderer/src/stores/boundary-probe.ts',
    bad: ['electron', '../../../main/services/lab-service', '../../../main/engine/engine'],
    clean: ['../../../shared/contract', '../api/lab-api'],
  },
  {
    layer: 'renderer component',
    file: 'src/renderer/src/inventory/BoundaryProbe.vue',
    bad: ['electron', '../../../main/engine/engine', '../api/lab-api', '../api'],
    clean: ['../stores/wizard-store', '../../../shared/contract'],
    snippet: vue,
  },
  {
    layer: 'top-level renderer component',
    file: 'src/renderer/src/BoundaryProbe.vue',
    bad: ['./api/lab-api'],
    clean: ['./stores/wizard-store'],
    snippet: vue,
  },
];

describe('lint boundaries between layers', () => {
  for (const c of cases) {
    const snippet = c.snippet ?? ts;
    for (const from of c.bad) {
      it(`${c.layer} may not import "${from}"`, async () => {
        expect(await restrictedImports(c.file, snippet(from))).toHaveLength(1);
      });
    }
    it(`${c.layer} may import ${c.clean.join(', ')}`, async () => {
      for (const from of c.clean) expect(await restrictedImports(c.file, snippet(from))).toEqual([]);
    });
  }
});
