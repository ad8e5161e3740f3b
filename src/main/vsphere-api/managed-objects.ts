/**
 * Every managed object an endpoint answers for, found by moref: the inventory's entities, the
 * service singletons (ServiceInstance, SessionManager, TaskManager, EventManager, …), the lab's
 * tasks, and the caller's session-scoped objects (views, collectors, filters, event collectors).
 * Each comes with its property table (one lazy getter per top-level property).
 */
import type { LabService } from '../services/lab-service';
import type { ApiSession, ApiSessions } from './api-sessions';
import { entityProperties, type PropertyTable } from './entity-properties';
import { isA, vimType, type Inventory } from './inventory';
import { arrayOf, mo, type DataObject, type MoRef, type Value } from './soap';
import {
  eventInfo,
  eventUnder,
  taskInfo,
  taskMethodInfo,
  taskRef,
  vimEvent,
  vimEventType,
} from './tasks-events';
import { child, childrenNamed, morefChild, textOf, type XNode } from './xml-decode';

/** What a method or the property collector needs to know about the endpoint and the caller. */
export interface EndpointContext {
  lab: LabService;
  inv: Inventory;
  sessions: ApiSessions;
  session: ApiSession | null;
  serviceContent(): DataObject;
  /** Tasks that exist only on the API (CheckRelocate_Task's result), by moref value. */
  apiTasks: Map<string, DataObject>;
}

export interface ManagedObject {
  ref: MoRef;
  type: string;
  props: PropertyTable;
}

/** The singletons of ServiceContent, by moref value → type. */
export const SINGLETONS: Record<string, string> = {
  ServiceInstance: 'ServiceInstance',
  SessionManager: 'SessionManager',
  propertyCollector: 'PropertyCollector',
  ViewManager: 'ViewManager',
  SearchIndex: 'SearchIndex',
  TaskManager: 'TaskManager',
  EventManager: 'EventManager',
  ProvChecker: 'VirtualMachineProvisioningChecker',
  CompatChecker: 'VirtualMachineCompatibilityChecker',
};

/** How many tasks TaskManager.recentTask holds (vCenter keeps the recent ones, not the history). */
const RECENT_TASKS = 50;
const DEFAULT_PAGE = 10;

export function userSession(s: ApiSession): DataObject {
  return {
    _type: 'UserSession',
    key: s.key,
    userName: s.userName,
    fullName: s.userName,
    loginTime: s.loginTime,
    lastActiveTime: s.lastActiveTime,
    locale: s.locale,
    messageLocale: s.locale,
    extensionSession: false,
    ipAddress: '127.0.0.1',
    userAgent: s.userAgent,
    callCount: s.callCount,
  };
}

/** The lab tasks of this vCenter as Task morefs, newest first. */
export function recentTasks(ctx: EndpointContext): MoRef[] {
  return ctx.lab.engine.tasks.list(ctx.inv.vcenterId, RECENT_TASKS).map((t) => taskRef(ctx.inv, t));
}

/** Events an EventFilterSpec selects, newest first. */
export function filteredEvents(ctx: EndpointContext, filter: XNode | undefined, limit: number): DataObject[] {
  const { inv, lab } = ctx;
  const entityNode = child(filter, 'entity');
  const entityRef = morefChild(entityNode, 'entity');
  const entity = entityRef ? inv.resolve(entityRef) : null;
  const recursion = textOf(entityNode, 'recursion') ?? 'self';
  const types = new Set(childrenNamed(filter, 'eventTypeId').map((n) => n.text.trim()));
  const userNames = childrenNamed(child(filter, 'userName'), 'userList').map((n) =>
    n.text.trim().toLowerCase(),
  );
  const out: DataObject[] = [];
  for (const e of lab.engine.events.list(inv.vcenterId, { limit: 100_000 })) {
    if (out.length >= limit) break;
    if (types.size && !types.has(vimEventType(e)) && !types.has(e.type)) continue;
    if (entity && !eventUnder(inv, e, entity, recursion)) continue;
    if (userNames.length && !userNames.includes((e.user ?? '').toLowerCase())) continue;
    out.push(vimEvent(lab, inv, e));
  }
  return out;
}

function sessionObject(ctx: EndpointContext, ref: MoRef): ManagedObject | null {
  const obj = ctx.session?.objects.get(ref.value);
  if (!obj) return null;
  const refs = (list: MoRef[]): Value => arrayOf('ManagedObjectReference', list);
  switch (obj.kind) {
    case 'containerView':
      return {
        ref: mo('ContainerView', ref.value),
        type: 'ContainerView',
        props: {
          view: () =>
            refs(
              [...ctx.inv.descendants(obj.container, obj.recursive)]
                .filter((e) => obj.types.length === 0 || obj.types.some((t) => isA(vimType(e), t)))
                .map((e) => ctx.inv.ref(e)),
            ),
          container: () => ctx.inv.ref(obj.container),
          type: () => arrayOf('string', obj.types),
          recursive: () => obj.recursive,
        },
      };
    case 'listView':
      return { ref: mo('ListView', ref.value), type: 'ListView', props: { view: () => refs(obj.refs) } };
    case 'collector':
      return {
        ref: mo('PropertyCollector', ref.value),
        type: 'PropertyCollector',
        props: { filter: () => refs([...obj.filters].map((f) => mo('PropertyFilter', f))) },
      };
    case 'filter':
      return {
        ref: mo('PropertyFilter', ref.value),
        type: 'PropertyFilter',
        props: { partialUpdates: () => obj.partialUpdates },
      };
    case 'eventCollector':
      return {
        ref: mo('EventHistoryCollector', ref.value),
        type: 'EventHistoryCollector',
        props: {
          latestPage: () => arrayOf('Event', filteredEvents(ctx, obj.filter, obj.pageSize)),
        },
      };
    default:
      return null;
  }
}

function singleton(ctx: EndpointContext, value: string): ManagedObject | null {
  const type = SINGLETONS[value];
  if (!type) return null;
  const ref = mo(type, value);
  const props: PropertyTable = {};
  switch (type) {
    case 'ServiceInstance':
      props.content = () => ctx.serviceContent();
      props.serverClock = () => new Date();
      props.capability = () => ({
        _type: 'Capability',
        provisioningSupported: false,
        multiHostSupported: true,
        userShellAccessSupported: false,
      });
      break;
    case 'SessionManager':
      props.currentSession = () => (ctx.session ? userSession(ctx.session) : undefined);
      props.sessionList = () => arrayOf('UserSession', ctx.sessions.all().map(userSession));
      props.defaultLocale = () => 'en';
      props.supportedLocaleList = () => arrayOf('string', ['en']);
      break;
    case 'TaskManager':
      props.recentTask = () => arrayOf('ManagedObjectReference', recentTasks(ctx));
      props.description = () => ({
        _type: 'TaskDescription',
        methodInfo: arrayOf('ElementDescription', taskMethodInfo()),
        state: arrayOf('ElementDescription', []),
        reason: arrayOf('TypeDescription', []),
      });
      props.maxCollector = () => 32;
      break;
    case 'EventManager':
      props.description = () => ({
        _type: 'EventDescription',
        category: arrayOf('ElementDescription', []),
        eventInfo: arrayOf('EventDescriptionEventDetail', eventInfo()),
      });
      props.latestEvent = () => filteredEvents(ctx, undefined, 1)[0];
      props.maxCollector = () => 32;
      break;
  }
  return { ref, type, props };
}

/** The managed object a moref names on this endpoint, or null. */
export function lookupObject(
  ctx: EndpointContext,
  ref: { type: string; value: string },
): ManagedObject | null {
  if (ref.value in SINGLETONS) return singleton(ctx, ref.value);
  if (ref.value.startsWith('session[')) return sessionObject(ctx, { _mo: true, ...ref });
  if (ref.type === 'Task') {
    const apiTask = ctx.apiTasks.get(ref.value);
    if (apiTask) return { ref: mo('Task', ref.value), type: 'Task', props: { info: () => apiTask } };
    const t = ctx.lab.engine.tasks.get(`${ctx.inv.vc.key}:${ref.value}`);
    if (!t || t.vcenterId !== ctx.inv.vcenterId) return null;
    return {
      ref: taskRef(ctx.inv, t),
      type: 'Task',
      props: { info: () => taskInfo(ctx.lab, ctx.inv, ctx.lab.engine.tasks.get(t.id) ?? t) },
    };
  }
  const entity = ctx.inv.resolve(ref);
  if (!entity) return null;
  return { ref: ctx.inv.ref(entity), type: vimType(entity), props: entityProperties(ctx.inv, entity) };
}

/** Default page size of an event collector (SetCollectorPageSize changes it). */
export { DEFAULT_PAGE };
