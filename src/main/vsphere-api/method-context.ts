/**
 * What a SOAP method handler gets: the endpoint (lab, inventory, sessions), the caller's session,
 * the `_this` moref, and the ways it may act: a contract call under the caller's lab login (the
 * same gate the UI passes), a wait for the lab to change, and the cross-vCenter directory.
 */
import type { CallName } from '../../shared/contract';
import type { ApiSession } from './api-sessions';
import { faultOf, notAuthenticated } from './faults';
import type { EndpointContext } from './managed-objects';
import type { PeerDirectory } from './relocate';
import type { Value } from './soap';
import type { Moref, XNode } from './xml-decode';

export interface MethodContext extends EndpointContext {
  thisRef: Moref;
  peers: PeerDirectory;
  userAgent: string;
  /** Adopts (Login) or drops (Logout) the session the response's cookie names. */
  setSession(session: ApiSession | null): void;
  /** Resolves when the lab changed (tasks, events, inventory) or after `ms`, or when the request ends. */
  waitForChange(ms: number): Promise<void>;
  /** True once the client went away (a long WaitForUpdates stops). */
  closed(): boolean;
}

export type MethodHandler = (m: MethodContext, op: XNode) => Value | Promise<Value>;

export interface MethodRow {
  /** False for the few methods a client calls before logging in. */
  session: boolean;
  run: MethodHandler;
}

/** The caller's session, or NotAuthenticated. */
export function requireSession(m: MethodContext): ApiSession {
  if (!m.session) throw notAuthenticated();
  return m.session;
}

/** A contract call under the caller's lab login; a failed call becomes the matching vim fault. */
export async function contractCall<T>(m: MethodContext, name: CallName, args: unknown): Promise<T> {
  const session = requireSession(m);
  const result = await m.lab.call(name, args, session.ctx);
  if (!result.ok) throw faultOf(result.error);
  return result.value as T;
}
