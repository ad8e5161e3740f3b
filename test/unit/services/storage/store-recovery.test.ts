import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStaleTempFileOf } from '../../../../src/main/services/storage/store-recovery';
import { createTestLab, useTempDirs, VC1 } from '../lab-fixture';

describe('saved-connections store recovery', () => {
  const dir = useTempDirs();

  it('a file that is not JSON is moved aside with a timestamp, the user is told, and a fresh store works', async () => {
    const d = dir();
    writeFileSync(join(d, 'connections.json'), '{"version":1,"connections":[{"id":"a",');
    const t = createTestLab({ dir: d });
    const notices = await t.call('connections.notices', {});
    expect(notices).toHaveLength(1);
    expect(notices[0].level).toBe('warning');
    expect(notices[0].message).toMatch(
      /not valid JSON.*moved aside to ".*connections\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z\.json"/,
    );
    const aside = readdirSync(d).find((f) => f.startsWith('connections.corrupt-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(d, aside!), 'utf8')).toBe('{"version":1,"connections":[{"id":"a",'); // nothing lost
    expect(await t.call('connections.list', {})).toEqual([]);
    await t.call('connections.save', { address: VC1.address, user: VC1.user });
    expect(await createTestLab({ dir: d }).call('connections.list', {})).toHaveLength(1);

    await t.call('connections.dismissNotice', { id: notices[0].id });
    expect(await t.call('connections.notices', {})).toEqual([]);
  });

  it('a hand-edited file that breaks the schema is moved aside too, naming the bad field', async () => {
    const d = dir();
    writeFileSync(
      join(d, 'connections.json'),
      JSON.stringify({
        version: 1,
        connections: [
          {
            id: 'x',
            label: 'East',
            address: 'a',
            user: 'u',
            secret: null,
            lastUsed: 'yesterday',
            createdAt: '2026-01-01T00:00:00Z',
          },
        ],
        knownHosts: {},
        settings: { persistWithoutKeyring: false },
      }),
    );
    const t = createTestLab({ dir: d });
    const [n] = await t.call('connections.notices', {});
    expect(n.message).toContain('connections[0].lastUsed');
    expect(readdirSync(d).some((f) => f.startsWith('connections.corrupt-'))).toBe(true);
    expect(await t.call('connections.list', {})).toEqual([]);
  });

  it('an empty (zero-byte) file from an interrupted write is recovered the same way', async () => {
    const d = dir();
    writeFileSync(join(d, 'connections.json'), '');
    const t = createTestLab({ dir: d });
    expect(await t.call('connections.notices', {})).toHaveLength(1);
    await t.call('connections.save', { address: VC1.address, user: VC1.user });
  });

  it('stale temp files of an interrupted write are removed; other files are left alone', async () => {
    const d = dir();
    const stale = 'connections.json.tmp-1742345678abc123';
    writeFileSync(join(d, stale), '{"half":');
    writeFileSync(join(d, 'connections.json.tmp-notours'), 'x');
    writeFileSync(join(d, 'other.json.tmp-1742345678abc123'), 'x');
    const t = createTestLab({ dir: d });
    expect(existsSync(join(d, stale))).toBe(false);
    expect(existsSync(join(d, 'connections.json.tmp-notours'))).toBe(true);
    expect(existsSync(join(d, 'other.json.tmp-1742345678abc123'))).toBe(true);
    expect(await t.call('connections.notices', {})).toEqual([]);
    expect(isStaleTempFileOf('connections.json.tmp-17423456789abcdef', 'connections.json')).toBe(false);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'an unusable store directory keeps the app working for the session and says so',
    async () => {
      const d = join(dir(), 'locked');
      mkdirSync(d);
      chmodSync(d, 0o500);
      try {
        const t = createTestLab({ dir: d });
        const [n] = await t.call('connections.notices', {});
        expect(n.level).toBe('error');
        expect(n.message).toContain('kept for this session only');
        await t.call('connections.save', { address: VC1.address, user: VC1.user });
        expect(await t.call('connections.list', {})).toHaveLength(1);
      } finally {
        chmodSync(d, 0o700);
      }
    },
  );
});
