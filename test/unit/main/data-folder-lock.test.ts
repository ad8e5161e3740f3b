/**
 * One lab process per data folder (the lock) and what browser mode keeps there across restarts (its
 * token and port), with real files and real processes standing in for the other instance.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataFolderLock, DataFolderInUseError, LOCK_FILE } from '../../../src/main/data-folder-lock';
import {
  BROWSER_IDENTITY_FILE,
  loadBrowserIdentity,
  saveBrowserIdentity,
} from '../../../src/main/browser/browser-identity';
import { useTempDirs } from '../services/lab-fixture';

/** A real other process (alive until killed). */
function otherProcess(): { pid: number; kill: () => Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return {
    pid: child.pid!,
    kill: () =>
      new Promise((r) => {
        child.once('exit', () => r());
        child.kill('SIGKILL');
      }),
  };
}

describe('data folder lock', () => {
  const tempDir = useTempDirs();

  it('refuses while another live process holds the folder, naming its URL', async () => {
    const dir = tempDir();
    const other = otherProcess();
    try {
      const url = 'http://127.0.0.1:41234/?token=abc';
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, url, startedAt: '' }));
      const refused = await acquireDataFolderLock(dir).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DataFolderInUseError);
      expect((refused as Error).message).toContain(url);
      expect((refused as Error).message).toContain(String(other.pid));
      // The running one's lock is left as it was.
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(other.pid);
    } finally {
      await other.kill();
    }
  });

  it('takes over the lock of a killed process', async () => {
    const dir = tempDir();
    const dead = otherProcess();
    await dead.kill();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: dead.pid, url: 'http://x', startedAt: '' }));
    const lock = await acquireDataFolderLock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await lock.setUrl('http://127.0.0.1:1/?token=t');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).url).toBe('http://127.0.0.1:1/?token=t');
    expect(statSync(join(dir, LOCK_FILE)).mode & 0o077).toBe(0);
    await lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('a second acquire in the same folder while the first is held by a live process fails, then works after release', async () => {
    const dir = tempDir();
    const first = await acquireDataFolderLock(dir);
    // Pretend the lock belongs to another live process (our own pid counts as a previous life).
    const other = otherProcess();
    try {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, url: null, startedAt: '' }));
      await expect(acquireDataFolderLock(dir)).rejects.toThrow('the desktop app');
    } finally {
      await other.kill();
    }
    await first.release(); // not ours any more: left alone
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const again = await acquireDataFolderLock(dir); // its holder died: taken over
    await again.release();
  });
});

describe('browser identity', () => {
  const tempDir = useTempDirs();

  it('keeps the token and port for the next run, readable by the owner only', async () => {
    const dir = tempDir();
    const first = await loadBrowserIdentity(dir);
    expect(first.port).toBeNull();
    await saveBrowserIdentity(dir, { token: first.token, port: 41234 });
    expect(statSync(join(dir, BROWSER_IDENTITY_FILE)).mode & 0o777).toBe(0o600);
    expect(await loadBrowserIdentity(dir)).toEqual({ token: first.token, port: 41234 });
    // --new-token: old URLs stop working.
    expect((await loadBrowserIdentity(dir, true)).token).not.toBe(first.token);
  });

  it('does not trust a token file other users could read, or a malformed one', async () => {
    const dir = tempDir();
    const file = join(dir, BROWSER_IDENTITY_FILE);
    const token = 'A'.repeat(32);
    writeFileSync(file, JSON.stringify({ token, port: 41234 }), { mode: 0o600 });
    expect((await loadBrowserIdentity(dir)).token).toBe(token);
    chmodSync(file, 0o644);
    expect((await loadBrowserIdentity(dir)).token).not.toBe(token);
    writeFileSync(file, JSON.stringify({ token: 'short', port: 41234 }), { mode: 0o600 });
    chmodSync(file, 0o600);
    expect((await loadBrowserIdentity(dir)).token).not.toBe('short');
  });
});
