import { callNames, isPushName, type LabApi, type PushName } from '../../../shared/contract';
import { fail, type Result } from '../../../shared/result';

/**
 * `reconnecting`: the connection was lost and the transport is retrying by itself; `reconnected`:
 * it is back, but the service may have restarted meanwhile (its sessions and the page's copy of the
 * lab are stale), so the page offers a reload rather than pretending nothing happened.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'reconnected' | 'closed';

/**
 * Waits between reconnection attempts: quick at first (a restart takes a second or two), then
 * backing off so a lab left stopped is not hammered. The last one repeats.
 */
export const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000, 5000];

/**
 * Browser mode's side of the contract: the same LabApi shape as the Electron preload, carried over
 * the local WebSocket. The token comes from the page URL (and is kept for reloads in sessionStorage,
 * never in localStorage); the service keeps it across restarts on the same data folder, so a lost
 * connection is retried with backoff and a reload of the open tab works again.
 */
export function createWebSocketApi(onState: (state: ConnectionState) => void): LabApi {
  const params = new URLSearchParams(location.search);
  const token = params.get('token') ?? sessionStorage.getItem('vmlab-token') ?? '';
  if (params.get('token')) {
    sessionStorage.setItem('vmlab-token', token);
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', location.pathname);
  }
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  const outbox: string[] = [];
  let seq = 0;
  let socket: WebSocket;
  /** Failed attempts since the connection was last open (indexes RECONNECT_DELAYS_MS). */
  let attempts = 0;
  let lost = false;
  let leaving = false;
  addEventListener('pagehide', () => (leaving = true));

  const connect = (): void => {
    onState(lost ? 'reconnecting' : 'connecting');
    socket = new WebSocket(url);
    socket.onopen = () => {
      attempts = 0;
      onState(lost ? 'reconnected' : 'open');
      for (const m of outbox.splice(0)) socket.send(m);
    };
    socket.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as {
        id?: number;
        result?: Result<unknown>;
        push?: string;
        payload?: unknown;
      };
      if (msg.push !== undefined) {
        for (const h of handlers.get(msg.push) ?? []) h(msg.payload);
      } else if (typeof msg.id === 'number') {
        pending.get(msg.id)?.(msg.result ?? fail('internal', 'Empty answer from the lab service.'));
        pending.delete(msg.id);
      }
    };
    socket.onclose = () => {
      // A page being left (reload, navigation) closes its socket too; nothing to retry then.
      if (leaving) return onState('closed');
      lost = true;
      onState('reconnecting');
      for (const resolve of pending.values())
        resolve(fail('unreachable', 'The connection to the lab service was lost; reconnecting.'));
      pending.clear();
      // Calls queued while connecting were answered just above; they are not sent later.
      outbox.length = 0;
      const delay = RECONNECT_DELAYS_MS[Math.min(attempts++, RECONNECT_DELAYS_MS.length - 1)];
      setTimeout(connect, delay);
    };
  };
  connect();

  const api: Record<string, unknown> = {};
  for (const name of callNames) {
    api[name] = (args: unknown) =>
      new Promise<Result<unknown>>((resolve) => {
        const id = ++seq;
        pending.set(id, resolve);
        const text = JSON.stringify({ id, call: name, args: args ?? {} });
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
        else if (socket.readyState === WebSocket.CONNECTING) outbox.push(text);
        else {
          pending.delete(id);
          resolve(fail('unreachable', 'The lab service is not reachable; reconnecting.'));
        }
      });
  }
  api.on = (name: PushName, handler: (payload: unknown) => void) => {
    if (!isPushName(name)) throw new Error(`Unknown push event "${String(name)}"`);
    let set = handlers.get(name);
    if (!set) handlers.set(name, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  };
  return api as LabApi;
}
