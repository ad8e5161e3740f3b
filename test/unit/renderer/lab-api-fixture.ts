import { createPinia, setActivePinia } from 'pinia';
import type { CallName, LabApi } from '../../../src/shared/contract';
import { provideLabApi } from '../../../src/renderer/src/api/lab-api';
import { acceptCertificate, createTestLab, VC1, VC2, type TestLab } from '../services/lab-fixture';

/**
 * The renderer's stores over a real lab service on the default lab, in plain Node: the LabApi they
 * get is the service's own dispatch (as browser mode carries it, minus the WebSocket), so a store
 * test sees the answers and push events the app sees. Signs in to both 7.0 vCenters.
 */
export async function storesOverTestLab(): Promise<TestLab> {
  const t = createTestLab();
  const handlers = new Set<(name: string, payload: unknown) => void>();
  t.lab.subscribe((name, payload) => handlers.forEach((h) => h(name, payload)));
  const api = new Proxy({} as Record<string, unknown>, {
    get: (_, name: string) =>
      name === 'on'
        ? (event: string, handler: (payload: unknown) => void) => {
            const h = (n: string, p: unknown): void => (n === event ? handler(p) : undefined);
            handlers.add(h);
            return () => handlers.delete(h);
          }
        : (args: unknown) => t.lab.call(name as CallName, args ?? {}, { clientId: 'ui' }),
  }) as unknown as LabApi;
  provideLabApi(api);
  setActivePinia(createPinia());
  for (const vc of [VC1, VC2]) {
    await acceptCertificate(t, vc.address);
    await t.call('session.login', { address: vc.address, user: vc.user, password: vc.password }, 'ui');
  }
  return t;
}
