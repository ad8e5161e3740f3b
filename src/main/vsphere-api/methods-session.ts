/**
 * Methods of the session, the property collector, views and the search index: one row per method.
 * None of them changes the lab (Login/Logout only open and close a login session, as the vSphere
 * Client does).
 */
import { LabFault } from '../../shared/result';
import { newCollector, sessionObjectId, type CollectorState } from './api-sessions';
import { collectorUpdate, notAuthenticatedContent, retrieve } from './collector';
import { invalidArgument, notFound } from './faults';
import type { Entity } from './inventory';
import { userSession } from './managed-objects';
import { requireSession, type MethodContext, type MethodRow } from './method-context';
import { isMoRef, mo, SoapFault, type DataObject, type Value } from './soap';
import { boolOf, child, childrenNamed, intOf, morefChild, morefOf, textOf, type XNode } from './xml-decode';

/** Largest page RetrievePropertiesEx returns whatever maxObjects says (vCenter caps pages too). */
const MAX_PAGE = 1000;
/** The wait WaitForUpdatesEx without maxWaitSeconds blocks for before answering null anyway. */
const LONGEST_WAIT_MS = 10 * 60_000;

function collectorOf(m: MethodContext): CollectorState {
  const s = requireSession(m);
  if (m.thisRef.value === 'propertyCollector') return s.defaultCollector;
  const c = s.objects.get(m.thisRef.value);
  if (c?.kind !== 'collector') throw notFound(m.thisRef);
  return c;
}

function page(m: MethodContext, objects: DataObject[], max: number | undefined): Value {
  if (objects.length === 0) return null;
  const size = Math.min(max && max > 0 ? max : MAX_PAGE, MAX_PAGE);
  if (objects.length <= size) return { _type: 'RetrieveResult', objects };
  const s = requireSession(m);
  const token = sessionObjectId(s);
  s.objects.set(token, { kind: 'retrieveToken', rest: objects.slice(size), size });
  return { _type: 'RetrieveResult', token, objects: objects.slice(0, size) };
}

async function waitForUpdates(m: MethodContext, op: XNode, maxWaitMs: number | null): Promise<Value> {
  const c = collectorOf(m);
  const version = textOf(op, 'version') ?? '';
  const deadline = Date.now() + (maxWaitMs ?? LONGEST_WAIT_MS);
  let cancelled = false;
  const cancel = (): void => {
    cancelled = true;
  };
  c.cancel.add(cancel);
  try {
    let full = version === '';
    for (;;) {
      const update = collectorUpdate(m, c, full);
      full = false;
      if (update) return update;
      if (cancelled) throw new SoapFault('RequestCanceled', 'The request was canceled by the user.');
      const left = deadline - Date.now();
      if (left <= 0 || m.closed()) return null;
      await m.waitForChange(Math.min(left, 1000));
    }
  } finally {
    c.cancel.delete(cancel);
  }
}

function searchFindChild(m: MethodContext, op: XNode): Value {
  const ref = morefChild(op, 'entity');
  const e = ref ? m.inv.resolve(ref) : null;
  if (!e) throw invalidArgument('entity');
  const name = textOf(op, 'name') ?? '';
  const kids: Entity[] =
    e.kind === 'datacenter'
      ? (['vm', 'host', 'datastore', 'network'] as const).map((folder) => ({
          kind: 'dcFolder',
          folder,
          dc: e.rec,
        }))
      : e.kind === 'cluster' || e.kind === 'computeResource'
        ? m.inv.computeHosts(e).map((rec) => ({ kind: 'host', rec }))
        : m.inv.folderChildren(e);
  const found = kids.find((k) => m.inv.name(k) === name);
  return found ? m.inv.ref(found) : null;
}

function findByInventoryPath(m: MethodContext, op: XNode): Value {
  const path = (textOf(op, 'inventoryPath') ?? '').replace(/^\/+|\/+$/g, '');
  let e: Entity = { kind: 'rootFolder' };
  for (const part of path ? path.split('/') : []) {
    const ref = m.inv.ref(e);
    const next = searchFindChild(m, {
      name: 'FindChild',
      xsiType: null,
      typeAttr: null,
      text: '',
      children: [
        { name: 'entity', xsiType: null, typeAttr: ref.type, text: ref.value, children: [] },
        { name: 'name', xsiType: null, typeAttr: null, text: decodeURIComponent(part), children: [] },
      ],
    });
    if (!isMoRef(next)) return null;
    e = m.inv.resolve(next)!;
  }
  return m.inv.ref(e);
}

function findByUuid(m: MethodContext, op: XNode): Value {
  const uuid = (textOf(op, 'uuid') ?? '').toLowerCase();
  const vmSearch = boolOf(op, 'vmSearch') ?? false;
  const instance = boolOf(op, 'instanceUuid') ?? false;
  if (!vmSearch) {
    const h = [...m.inv.w.hosts.values()].find(
      (x) => x.vcenterId === m.inv.vcenterId && x.id.toLowerCase() === uuid,
    );
    return h ? m.inv.refOfId(h.id) : null;
  }
  for (const vm of m.inv.w.vms.values()) {
    if (vm.vcenterId !== m.inv.vcenterId) continue;
    if ((instance ? vm.instanceUuid : vm.uuid).toLowerCase() === uuid) return m.inv.refOfId(vm.id);
  }
  return null;
}

export const SESSION_METHODS: Record<string, MethodRow> = {
  RetrieveServiceContent: { session: false, run: (m) => m.serviceContent() },
  CurrentTime: { session: false, run: () => new Date() },
  Login: {
    session: false,
    run: (m, op) => {
      const user = textOf(op, 'userName') ?? '';
      const password = child(op, 'password')?.text ?? '';
      let account: string;
      try {
        account = m.lab.sessions.authenticate(m.inv.vc, user, password);
      } catch (e) {
        if (e instanceof LabFault)
          throw new SoapFault(
            'InvalidLogin',
            'Cannot complete login due to an incorrect user name or password.',
          );
        throw e;
      }
      const session = m.sessions.create(account, m.userAgent, textOf(op, 'locale') ?? 'en');
      // The lab login behind the session: tasks it starts name this user as their initiator.
      m.lab.sessions.login(session.ctx, m.inv.vc, account, password);
      m.setSession(session);
      return userSession(session);
    },
  },
  Logout: {
    session: false,
    run: (m) => {
      if (m.session) {
        m.lab.sessions.logout(m.session.ctx, m.inv.vcenterId);
        m.lab.disconnect(m.session.ctx.clientId);
        m.sessions.delete(m.session.key);
      }
      m.setSession(null);
      return null;
    },
  },
  SessionIsActive: {
    session: true,
    run: (m, op) =>
      m.sessions.get(textOf(op, 'sessionID') ?? '')?.userName.toLowerCase() ===
      (textOf(op, 'userName') ?? '').toLowerCase(),
  },
  RetrieveProperties: {
    session: false,
    run: (m, op) => {
      const specs = childrenNamed(op, 'specSet');
      return m.session ? retrieve(m, specs) : notAuthenticatedContent(m, specs);
    },
  },
  RetrievePropertiesEx: {
    session: false,
    run: (m, op) => {
      const specs = childrenNamed(op, 'specSet');
      if (!m.session) return { _type: 'RetrieveResult', objects: notAuthenticatedContent(m, specs) };
      return page(m, retrieve(m, specs), intOf(child(op, 'options'), 'maxObjects'));
    },
  },
  ContinueRetrievePropertiesEx: {
    session: true,
    run: (m, op) => {
      const s = requireSession(m);
      const token = textOf(op, 'token') ?? '';
      const held = s.objects.get(token);
      if (held?.kind !== 'retrieveToken') throw invalidArgument('token');
      s.objects.delete(token);
      return page(m, held.rest, held.size);
    },
  },
  CancelRetrievePropertiesEx: {
    session: true,
    run: (m, op) => {
      requireSession(m).objects.delete(textOf(op, 'token') ?? '');
      return null;
    },
  },
  CreatePropertyCollector: {
    session: true,
    run: (m) => {
      const s = requireSession(m);
      const id = sessionObjectId(s);
      s.objects.set(id, newCollector());
      return mo('PropertyCollector', id);
    },
  },
  DestroyPropertyCollector: {
    session: true,
    run: (m) => {
      const s = requireSession(m);
      const c = collectorOf(m);
      for (const f of c.filters) s.objects.delete(f);
      if (c !== s.defaultCollector) s.objects.delete(m.thisRef.value);
      return null;
    },
  },
  CreateFilter: {
    session: true,
    run: (m, op) => {
      const s = requireSession(m);
      const c = collectorOf(m);
      const spec = child(op, 'spec');
      if (!spec) throw invalidArgument('spec');
      retrieve(m, [spec]); // an unknown object is refused now, as vCenter does
      const id = sessionObjectId(s);
      s.objects.set(id, {
        kind: 'filter',
        collector: m.thisRef.value,
        spec,
        partialUpdates: boolOf(op, 'partialUpdates') ?? false,
        reported: null,
      });
      c.filters.add(id);
      return mo('PropertyFilter', id);
    },
  },
  DestroyPropertyFilter: {
    session: true,
    run: (m) => {
      const s = requireSession(m);
      const f = s.objects.get(m.thisRef.value);
      if (f?.kind !== 'filter') throw notFound(m.thisRef);
      const owner = f.collector === 'propertyCollector' ? s.defaultCollector : s.objects.get(f.collector);
      if (owner?.kind === 'collector') owner.filters.delete(m.thisRef.value);
      s.objects.delete(m.thisRef.value);
      return null;
    },
  },
  WaitForUpdatesEx: {
    session: true,
    run: (m, op) => {
      const secs = intOf(child(op, 'options'), 'maxWaitSeconds');
      return waitForUpdates(m, op, secs === undefined ? null : Math.max(0, secs) * 1000);
    },
  },
  WaitForUpdates: { session: true, run: (m, op) => waitForUpdates(m, op, null) },
  CheckForUpdates: { session: true, run: (m, op) => waitForUpdates(m, op, 0) },
  CancelWaitForUpdates: {
    session: true,
    run: (m) => {
      for (const cancel of collectorOf(m).cancel) cancel();
      return null;
    },
  },
  CreateContainerView: {
    session: true,
    run: (m, op) => {
      const s = requireSession(m);
      const ref = morefChild(op, 'container');
      const container = ref ? m.inv.resolve(ref) : null;
      if (!container) throw ref ? notFound(ref) : invalidArgument('container');
      const id = sessionObjectId(s);
      s.objects.set(id, {
        kind: 'containerView',
        container,
        types: childrenNamed(op, 'type').map((n) => n.text.trim()),
        recursive: boolOf(op, 'recursive') ?? false,
      });
      return mo('ContainerView', id);
    },
  },
  CreateListView: {
    session: true,
    run: (m, op) => {
      const s = requireSession(m);
      const id = sessionObjectId(s);
      const refs = childrenNamed(op, 'obj').flatMap((n) => {
        const r = morefOf(n);
        return r ? [mo(r.type, r.value)] : [];
      });
      s.objects.set(id, { kind: 'listView', refs });
      return mo('ListView', id);
    },
  },
  ResetListView: {
    session: true,
    run: (m, op) => {
      const view = requireSession(m).objects.get(m.thisRef.value);
      if (view?.kind !== 'listView') throw notFound(m.thisRef);
      view.refs = childrenNamed(op, 'obj').flatMap((n) => {
        const r = morefOf(n);
        return r ? [mo(r.type, r.value)] : [];
      });
      return [];
    },
  },
  DestroyView: {
    session: true,
    run: (m) => {
      requireSession(m).objects.delete(m.thisRef.value);
      return null;
    },
  },
  FindChild: { session: true, run: searchFindChild },
  FindByInventoryPath: { session: true, run: findByInventoryPath },
  FindByUuid: { session: true, run: findByUuid },
};

export type { DataObject };
