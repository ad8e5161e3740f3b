import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { attachVsphereApi } from '../../../src/main/vsphere-api/attach';
import type { VsphereApi } from '../../../src/main/vsphere-api/index';
import { MAX_BODY_BYTES } from '../../../src/main/vsphere-api/endpoint';
import { createTestLab, VC1, type TestLab } from '../services/lab-fixture';

/** One raw HTTPS exchange with an endpoint, as a hostile or broken client would make it. */
function post(
  port: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
  path = '/sdk',
  method = 'POST',
): Promise<{ status: number; text: string; cookie: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        rejectUnauthorized: false,
        headers: { 'Content-Type': 'text/xml', ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text, cookie: res.headers['set-cookie']?.[0] }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const envelope = (op: string): string =>
  `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ` +
  `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${op}</soapenv:Body></soapenv:Envelope>`;
const login = (password: string): string =>
  envelope(
    `<Login xmlns="urn:vim25"><_this type="SessionManager">SessionManager</_this>` +
      `<userName>${VC1.user}</userName><password>${password}</password></Login>`,
  );
const relocate = (vm: string): string =>
  envelope(
    `<RelocateVM_Task xmlns="urn:vim25"><_this type="VirtualMachine">${vm}</_this>` +
      `<spec><host type="HostSystem">host-2</host></spec></RelocateVM_Task>`,
  );

describe('vSphere API endpoint under hostile and broken requests', () => {
  let t: TestLab;
  let api: VsphereApi;
  let port: number;
  const logged: string[] = [];

  beforeAll(async () => {
    for (const level of ['log', 'error', 'warn', 'info'] as const) {
      vi.spyOn(console, level).mockImplementation(
        (...a: unknown[]) => void logged.push(a.map(String).join(' ')),
      );
    }
    t = createTestLab();
    api = await attachVsphereApi(t.lab, { dataDir: null, port: 0, start: true, log: (l) => logged.push(l) });
    port = api.list().find((e) => e.vcenterName === VC1.address)!.port;
  });
  afterAll(async () => {
    await api.stop();
    vi.restoreAllMocks();
  });

  const unchanged = async (action: () => Promise<unknown>): Promise<void> => {
    const revision = t.lab.world.revision;
    const tasks = t.lab.engine.tasks.list(VC1.id).length;
    await action();
    expect(t.lab.world.revision).toBe(revision);
    expect(t.lab.engine.tasks.list(VC1.id)).toHaveLength(tasks);
  };

  it('refuses a DOCTYPE with entities before parsing: nothing is expanded', async () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>' +
      envelope(
        '<RetrieveServiceContent xmlns="urn:vim25"><_this type="ServiceInstance">&lol2;</_this></RetrieveServiceContent>',
      ).replace('<?xml version="1.0"?>', '');
    await unchanged(async () => {
      const r = await post(port, bomb);
      expect(r.status).toBe(400);
      expect(r.text).toContain('InvalidRequest');
      expect(r.text).not.toContain('lollol');
    });
  });

  it('answers malformed XML and a missing _this with a client fault', async () => {
    expect((await post(port, '<soapenv:Envelope><Body><Login')).status).toBe(400);
    expect((await post(port, 'not xml at all')).status).toBe(400);
    const noThis = await post(port, envelope('<RetrieveServiceContent xmlns="urn:vim25"/>'));
    expect(noThis.status).toBe(400);
    expect(noThis.text).toContain('_this');
  });

  it(`refuses bodies over ${MAX_BODY_BYTES} bytes with 413`, async () => {
    const r = await post(port, Buffer.alloc(MAX_BODY_BYTES + 1024, 'a'));
    expect(r.status).toBe(413);
  });

  it('unknown methods are MethodNotFound faults', async () => {
    const r = await post(
      port,
      envelope(
        '<FormatHardDisk xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></FormatHardDisk>',
      ),
    );
    expect(r.status).toBe(500);
    expect(r.text).toContain('xsi:type="MethodNotFound"');
  });

  it('a world-changing call without a session is NotAuthenticated and changes nothing', async () => {
    await unchanged(async () => {
      const r = await post(port, relocate('vm-1'));
      expect(r.status).toBe(500);
      expect(r.text).toContain('xsi:type="NotAuthenticated"');
    });
  });

  it('a wrong password is InvalidLogin and never reaches a log; unknown morefs are ManagedObjectNotFound', async () => {
    const bad = await post(port, login('Guess-Me-123'));
    expect(bad.status).toBe(500);
    expect(bad.text).toContain('xsi:type="InvalidLogin"');
    const good = await post(port, login(VC1.password));
    expect(good.status).toBe(200);
    const cookie = good.cookie!.split(';')[0];
    // pyvmomi echoes the whole Set-Cookie value back; attributes are ignored.
    await unchanged(async () => {
      const r = await post(port, relocate('vm-99999'), { Cookie: good.cookie! });
      expect(r.status).toBe(500);
      expect(r.text).toContain('xsi:type="ManagedObjectNotFound"');
      const odd = await post(port, relocate('vm-1').replace('VirtualMachine', 'HostSystem'), {
        Cookie: cookie,
      });
      expect(odd.status).toBe(500);
    });
    expect(logged.join('\n')).not.toContain('Guess-Me-123');
    expect(logged.join('\n')).not.toContain(VC1.password);
  });

  it('resolves xsi:type by namespace, as govc writes it (XMLSchema-instance:type)', async () => {
    const good = await post(port, login(VC1.password));
    const r = await post(
      port,
      envelope(
        `<RetrieveProperties xmlns="urn:vim25"><_this type="PropertyCollector">propertyCollector</_this><specSet>` +
          `<propSet><type>Datacenter</type><pathSet>name</pathSet></propSet>` +
          `<objectSet><obj type="Folder">group-d1</obj><skip>true</skip>` +
          `<selectSet xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" XMLSchema-instance:type="TraversalSpec">` +
          `<type>Folder</type><path>childEntity</path></selectSet></objectSet></specSet></RetrieveProperties>`,
      ),
      { Cookie: good.cookie! },
    );
    expect(r.status).toBe(200);
    expect(r.text).toContain('Datacenter-East');
  });

  it('announces versions by release: a 6.7 vCenter never lists 7.0; every one lists an id pyvmomi 6.7 knows', async () => {
    for (const e of api.list()) {
      const r = await post(e.port, '', {}, '/sdk/vimServiceVersions.xml', 'GET');
      expect(r.status).toBe(200);
      expect(r.text).toContain('<namespaces version="1.0">');
      expect(r.text).toMatch(/<version>(6\.7\.1|6\.7|6\.5)<\/version>/);
      if (e.vcenterName === 'vcsa-67.legacy.local') expect(r.text).not.toMatch(/<version>7\./);
    }
  });

  it('is still serving after all of the above', async () => {
    const r = await post(
      port,
      envelope(
        '<RetrieveServiceContent xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></RetrieveServiceContent>',
      ),
    );
    expect(r.status).toBe(200);
    expect(r.text).toContain('<apiType>VirtualCenter</apiType>');
  });
});
