/**
 * SOAP sessions of one vCenter endpoint: the vmware_soap_session cookie, the lab login behind it,
 * and the session-scoped managed objects (views, property collectors and filters, event
 * collectors, paged retrieve results). Each SOAP session is its own lab client
 * ("vsphere-api:<vCenter key>:<session>"), so contract calls it makes carry its own login and its
 * user becomes the initiator of tasks and events, exactly like a vSphere Client session.
 */
import { randomUUID } from 'node:crypto';
import type { CallContext } from '../services/dispatch';
import type { Entity } from './inventory';
import type { XNode } from './xml-decode';
import type { DataObject, MoRef } from './soap';

/** A PropertyFilter: its spec and what was last reported through it (for WaitForUpdates diffs). */
export interface FilterState {
  kind: 'filter';
  collector: string;
  spec: XNode;
  partialUpdates: boolean;
  /** object key → property path → encoded value last reported. */
  reported: Map<string, Map<string, string>> | null;
}

export interface CollectorState {
  kind: 'collector';
  filters: Set<string>;
  version: number;
  /** Pending waits to wake when CancelWaitForUpdates is called. */
  cancel: Set<() => void>;
}

export type SessionObject =
  | { kind: 'containerView'; container: Entity; types: string[]; recursive: boolean }
  | { kind: 'listView'; refs: MoRef[] }
  | CollectorState
  | FilterState
  | { kind: 'eventCollector'; filter: XNode; pageSize: number }
  | { kind: 'retrieveToken'; rest: DataObject[]; size: number };

export interface ApiSession {
  key: string;
  userName: string;
  ctx: CallContext;
  loginTime: Date;
  lastActiveTime: Date;
  callCount: number;
  userAgent: string;
  locale: string;
  /** Session-scoped objects by moref value ("session[<key>]<uuid>"). */
  objects: Map<string, SessionObject>;
  /** The default PropertyCollector's state for this session (its filters are per session). */
  defaultCollector: CollectorState;
}

export function newCollector(): CollectorState {
  return { kind: 'collector', filters: new Set(), version: 0, cancel: new Set() };
}

/** The sessions of one endpoint, by cookie value. */
export class ApiSessions {
  private readonly byKey = new Map<string, ApiSession>();

  constructor(private readonly vcenterKey: string) {}

  create(userName: string, userAgent: string, locale: string): ApiSession {
    const key = randomUUID();
    const now = new Date();
    const session: ApiSession = {
      key,
      userName,
      ctx: { clientId: `vsphere-api:${this.vcenterKey}:${key}` },
      loginTime: now,
      lastActiveTime: now,
      callCount: 0,
      userAgent,
      locale,
      objects: new Map(),
      defaultCollector: newCollector(),
    };
    this.byKey.set(key, session);
    return session;
  }

  get(key: string | null): ApiSession | undefined {
    return key ? this.byKey.get(key) : undefined;
  }

  delete(key: string): void {
    this.byKey.delete(key);
  }

  all(): ApiSession[] {
    return [...this.byKey.values()];
  }

  clear(): void {
    this.byKey.clear();
  }
}

/** A new session-scoped moref value, in vCenter's form. */
export function sessionObjectId(session: ApiSession): string {
  return `session[${session.key}]${randomUUID()}`;
}

/** The first vmware_soap_session pair of a Cookie header; attributes pyvmomi echoes back are ignored. */
export function sessionCookie(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'vmware_soap_session') {
      const value = rest.join('=').trim().replace(/^"|"$/g, '');
      return value || null;
    }
  }
  return null;
}
