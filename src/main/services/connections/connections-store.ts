import { randomUUID } from 'node:crypto';
import type { ConnectionNotice, PushName, PushPayload } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import type { ConnectionStorage } from '../storage/secret-protector';
import { parseConnectionsDocument, type ConnectionsDocument } from './connections-document';
import { normaliseAddress } from './vcenter-address';

export type Emit = <K extends PushName>(name: K, payload: PushPayload<K>, clientId?: string) => void;

/**
 * The saved-connections document (connections, accepted certificates, password policy) and the
 * notices about storing it. It is the single source of truth on disk: every change is applied to a
 * copy, written, and only then adopted, so a failed write changes nothing.
 */
export class ConnectionsStore {
  private current: ConnectionsDocument;
  private readonly notes: ConnectionNotice[];

  constructor(
    readonly storage: ConnectionStorage,
    private readonly emit: Emit,
    /** Wall clock for notices. */
    readonly now: () => Date,
  ) {
    this.notes = [...storage.notices];
    // openRecoveringStore already validated the content; a store that changed since is re-checked.
    try {
      this.current = parseConnectionsDocument(storage.store.read());
    } catch (e) {
      this.current = parseConnectionsDocument({});
      this.notice(
        'error',
        `The saved connections could not be read (${(e as Error).message}). Starting empty.`,
      );
    }
  }

  /** The document as last written; change it only through mutate(). */
  get doc(): ConnectionsDocument {
    return this.current;
  }

  /**
   * Applies a change to a copy of the document, writes it, and adopts it only if the write worked, so
   * a full disk or a read-only file leaves both memory and disk as they were. `undo` puts back what
   * the caller changed outside the document; `ids` are the connections clients should reload.
   */
  mutate(change: (doc: ConnectionsDocument) => void, ids: string[], undo?: () => void): void {
    const next = structuredClone(this.current);
    change(next);
    try {
      this.storage.store.write(next as unknown as Record<string, unknown>);
    } catch (e) {
      undo?.();
      const message = `The saved connections could not be written (${(e as Error).message}). The change was not saved.`;
      this.notice('error', message);
      throw new LabFault('storage', message);
    }
    this.current = next;
    this.emit('connections.changed', { ids });
  }

  /** Ids of the saved connections to an address. */
  idsAt(address: string): string[] {
    const a = normaliseAddress(address);
    return this.current.connections.filter((c) => c.address === a).map((c) => c.id);
  }

  notices(): ConnectionNotice[] {
    return [...this.notes];
  }

  dismissNotice(id: string): boolean {
    const i = this.notes.findIndex((n) => n.id === id);
    if (i < 0) return false;
    this.notes.splice(i, 1);
    return true;
  }

  private notice(level: ConnectionNotice['level'], message: string): void {
    const n: ConnectionNotice = { id: randomUUID(), level, message, at: this.now().toISOString() };
    this.notes.push(n);
    this.emit('connections.notice', n);
  }
}
