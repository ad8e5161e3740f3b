import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { tempPathFor, writeFileAtomic } from '../../../../src/main/services/persistence/atomic-file';
import { LabStore } from '../../../../src/main/services/persistence/lab-store';
import { readBoundedText } from '../../../../src/main/services/persistence/bounded-read';
import { StateSaver } from '../../../../src/main/services/persistence/state-saver';
import { tempDir } from '../lab-fixture';

let cleanup = (): void => undefined;
afterEach(() => cleanup());

function labsDir(): string {
  const t = tempDir();
  cleanup = t.cleanup;
  return join(t.dir, 'labs');
}

describe('atomic writes', () => {
  test('a large text written in parts and read back a megabyte at a time is the same text, characters split between chunks included', async () => {
    const root = labsDir();
    mkdirSync(root, { recursive: true });
    const file = join(root, 'state.json');
    // 3-byte and 4-byte characters land on every megabyte boundary somewhere in 3 MB.
    const parts = Array.from({ length: 300 }, (_, i) => `${i}:` + 'aé€😀'.repeat(1000));
    await writeFileAtomic(file, parts);
    const text = parts.join('');
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(await readBoundedText(file, 64 * 1024 * 1024)).toBe(text);
  });

  test('replaces the whole file and leaves no temp file', async () => {
    const root = labsDir();
    mkdirSync(root, { recursive: true });
    const file = join(root, 'state.json');
    await writeFileAtomic(file, '{"v":1}');
    await writeFileAtomic(file, '{"v":2}');
    expect(readFileSync(file, 'utf8')).toBe('{"v":2}');
    expect(readdirSync(root)).toEqual(['state.json']);
  });

  test('a kill between write and rename leaves the old file intact; the next start removes the temp file', async () => {
    const root = labsDir();
    const store = new LabStore(root);
    await store.init();
    await store.create('default', '{}', 'built-in: default', new Date());
    const file = store.stateFile('default');
    await writeFileAtomic(file, '{"good":true}');
    // What a SIGKILL after the write and before the rename leaves: a complete or partial temp file.
    writeFileSync(tempPathFor(file), '{"good":false,"half');
    writeFileSync(tempPathFor(file), '{"good":false}');
    // …and a lab folder whose creation was interrupted.
    mkdirSync(join(root, '.creating-0badf00d'));
    const removed = await new LabStore(root).init();
    expect(removed).toHaveLength(3);
    expect(readdirSync(store.dir('default')).sort()).toEqual(['lab.json', 'scenario.json', 'state.json']);
    expect(readdirSync(root).sort()).toEqual(['default']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ good: true });
  });
});

describe('state saver', () => {
  test('coalesces a burst of changes into few saves and always writes the latest state', async () => {
    const root = labsDir();
    mkdirSync(root, { recursive: true });
    const file = join(root, 'state.json');
    let version = 0;
    const saver = new StateSaver({ file, serialize: () => JSON.stringify({ version }), minDelayMs: 20 });
    for (let i = 0; i < 100; i++) {
      version++;
      saver.markDirty();
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(saver.saves).toBe(1);
    version++;
    saver.markDirty();
    await saver.dispose();
    expect(saver.saves).toBe(2);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 101 });
  });
});
