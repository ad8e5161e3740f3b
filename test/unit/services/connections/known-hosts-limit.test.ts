/** The saved-connections file's known-hosts list is bounded like its connections list. */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_KNOWN_HOSTS } from '../../../../src/main/services/connections/connections-document';
import { createTestLab, useTempDirs, VC1 } from '../lab-fixture';

const file = (hosts: number): string =>
  JSON.stringify({
    version: 1,
    connections: [],
    knownHosts: Object.fromEntries(
      Array.from({ length: hosts }, (_, i) => [`host-${i}.example`, 'AA:BB:CC:DD']),
    ),
    settings: { persistWithoutKeyring: false },
  });

describe('known-hosts limit', () => {
  const dir = useTempDirs();

  it('a file trusting more than the limit is moved aside, naming the limit', async () => {
    const d = dir();
    writeFileSync(join(d, 'connections.json'), file(MAX_KNOWN_HOSTS + 1));
    const t = createTestLab({ dir: d });
    const [notice] = await t.call('connections.notices', {});
    expect(notice.message).toContain(`more than ${MAX_KNOWN_HOSTS} accepted certificates (the limit)`);
    expect(readdirSync(d).some((f) => f.startsWith('connections.corrupt-'))).toBe(true);
  });

  it('at the limit, accepting one more certificate is refused with a clear error and nothing changes', async () => {
    const d = dir();
    writeFileSync(join(d, 'connections.json'), file(MAX_KNOWN_HOSTS));
    const t = createTestLab({ dir: d });
    expect(await t.call('connections.notices', {})).toEqual([]);
    const check = await t.call('cert.get', { address: VC1.address });
    const refused = await t.fail('cert.trust', {
      address: VC1.address,
      thumbprint: check.certificate.thumbprint,
    });
    expect(refused).toMatchObject({ code: 'conflict', field: 'address' });
    expect(refused.message).toContain(`${MAX_KNOWN_HOSTS} certificates, the limit`);
    expect((await t.call('cert.get', { address: VC1.address })).trust).toBe('untrusted');
  });
});
