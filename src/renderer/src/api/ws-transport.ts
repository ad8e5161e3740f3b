import { callNames, isPushName, type LabApi, type PushName } from '../../../shared/contract';
import { fail, type Result } from '../../../shared/result';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/**
 * Browser mode's side of the contract: the same LabApi shape as the Electron preload, carried over
 * the local WebSocket. The per-launch token comes from the page URL (and is kept for reloads in
 * sessionStorage, never in localStorage).
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

  const connect = (): void => {
    onState('connecting');
    socket = new WebSocket(url);
    socket.onopen = () => {
      onState('open');
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
      onState('closed');
      for (const resolve of pending.values())
        resolve(fail('unreachable', 'The connection to the lab service was lost.'));
      pending.clear();
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
          resolve(fail('unreachable', 'Not connected to the lab service. Reload the page to reconnect.'));
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
