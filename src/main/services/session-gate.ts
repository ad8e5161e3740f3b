import type { CallContext } from './dispatch';

/** The signed-in user of one client on one vCenter. */
export interface SessionUser {
  /** user@domain, as tasks and events record the initiator. */
  user: string;
  vcenterId: string;
}

/**
 * Every call that acts on a vCenter asks the gate for the caller's session on that vCenter. The
 * connections service implements it (login, expiry, logout); a call without a valid session gets a
 * typed "not-authenticated" error from `require`.
 */
export interface SessionGate {
  require(ctx: CallContext, vcenterId: string): SessionUser;
  /** Forget every session of a client that went away. */
  dropClient(clientId: string): void;
}
