/**
 * A minimal browser-mode client for the crash harness: one WebSocket to a lab service, calls answered
 * by id, the same Origin and token checks a browser passes.
 */
import WebSocket from 'ws';
import type { Result } from '../../src/shared/result';

export class LabSocket {
  private seq = 0;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: Result<unknown> };
      if (typeof msg.id === 'number' && msg.result) {
        this.pending.get(msg.id)?.(msg.result);
        this.pending.delete(msg.id);
      }
    });
    ws.on('close', () => {
      for (const done of this.pending.values())
        done({ ok: false, error: { code: 'unreachable', message: 'connection closed' } });
      this.pending.clear();
    });
  }

  /** Connects to the URL the host prints ("http://127.0.0.1:PORT/?token=…"). */
  static connect(url: string): Promise<LabSocket> {
    const u = new URL(url);
    const ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`, { origin: u.origin });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new LabSocket(ws)));
      ws.once('error', reject);
    });
  }

  /** A call; never throws (a dead service answers "unreachable"). */
  call(name: string, args: unknown = {}): Promise<Result<unknown>> {
    if (this.ws.readyState !== WebSocket.OPEN)
      return Promise.resolve({ ok: false, error: { code: 'unreachable', message: 'not connected' } });
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ id, call: name, args }));
    });
  }

  /** A call that must succeed. */
  async must<T>(name: string, args: unknown = {}): Promise<T> {
    const r = await this.call(name, args);
    if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
    return r.value as T;
  }

  close(): void {
    this.ws.terminate();
  }
}
