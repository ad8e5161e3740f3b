import { randomUUID } from 'node:crypto';
import type {
  ParsedArgs,
  PasswordKeeping,
  SaveConnectionResult,
  SavedConnection,
} from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import type { CallContext } from '../dispatch';
import type { SavedConnectionRecord, SealedSecret } from './connections-document';
import type { ConnectionsStore } from './connections-store';
import type { PasswordVault } from './password-vault';
import type { SessionManager } from './sessions';
import { normaliseAddress } from './vcenter-address';

/**
 * The user's saved connections (label, address, user, and whether a password is kept), behind the
 * connections.list/save/update/delete calls. The passwords themselves are the vault's.
 */
export class SavedConnections {
  constructor(
    private readonly store: ConnectionsStore,
    private readonly vault: PasswordVault,
    private readonly sessions: SessionManager,
  ) {}

  list(): SavedConnection[] {
    return this.store.doc.connections.map((c) => this.view(c));
  }

  /** `ctx`: a connection saved right after logging in with it counts as used now. */
  async save(args: ParsedArgs<'connections.save'>, ctx?: CallContext): Promise<SaveConnectionResult> {
    const address = checkedAddress(args.address);
    const inUse =
      ctx !== undefined &&
      this.sessions
        .list(ctx)
        .some(
          (s) => s.vcenterName.toLowerCase() === address && s.user.toLowerCase() === args.user.toLowerCase(),
        );
    const label = args.label ?? address;
    this.checkLabelFree(label, null);
    const id = randomUUID();
    const kept = await this.vault.keep(id, args.password, args.savePassword);
    const rec: SavedConnectionRecord = {
      id,
      label,
      address,
      user: args.user,
      secret: kept.secret,
      lastUsed: inUse ? this.store.now().toISOString() : null,
      createdAt: this.store.now().toISOString(),
    };
    this.store.mutate(
      (doc) => void doc.connections.push(rec),
      [id],
      () => this.vault.forget(id),
    );
    return { connection: this.view(rec), passwordKeeping: kept.keeping };
  }

  async update(args: ParsedArgs<'connections.update'>): Promise<SaveConnectionResult> {
    const current = this.find(args.id);
    const address = args.address === undefined ? current.address : checkedAddress(args.address);
    const user = args.user ?? current.user;
    const label = args.label ?? current.label;
    if (args.label !== undefined) this.checkLabelFree(label, current.id);
    const movedAccount = address !== current.address || user.toLowerCase() !== current.user.toLowerCase();

    let secret: SealedSecret | null = current.secret;
    let keeping: PasswordKeeping = this.vault.keepingOf(current);
    const previousSession = this.vault.inMemory(current.id);
    if (typeof args.password === 'string') {
      const kept = await this.vault.keep(current.id, args.password, args.savePassword ?? true);
      secret = kept.secret;
      keeping = kept.keeping;
    } else if (args.password === null || args.savePassword === false || movedAccount) {
      // A password is never carried over to another server or account: it would be sent there.
      secret = null;
      keeping = 'none';
      this.vault.forget(current.id);
    }
    const next: SavedConnectionRecord = { ...current, label, address, user, secret };
    this.store.mutate(
      (doc) => {
        doc.connections = doc.connections.map((c) => (c.id === current.id ? next : c));
      },
      [current.id],
      () => this.vault.setInMemory(current.id, previousSession),
    );
    return { connection: this.view(next), passwordKeeping: keeping };
  }

  delete(id: string): boolean {
    if (!this.store.doc.connections.some((c) => c.id === id)) return false;
    this.store.mutate(
      (doc) => {
        doc.connections = doc.connections.filter((c) => c.id !== id);
      },
      [id],
    );
    this.vault.forget(id);
    return true;
  }

  find(id: string): SavedConnectionRecord {
    const rec = this.store.doc.connections.find((c) => c.id === id);
    if (!rec) throw new LabFault('not-found', 'That saved connection no longer exists.', { field: 'id' });
    return rec;
  }

  /** Records a login with the matching connections; a failed write does not undo the login. */
  markUsed(match: (c: SavedConnectionRecord) => boolean): void {
    const ids = this.store.doc.connections.filter(match).map((c) => c.id);
    if (ids.length === 0) return;
    const at = this.store.now().toISOString();
    try {
      this.store.mutate((doc) => {
        for (const c of doc.connections) if (ids.includes(c.id)) c.lastUsed = at;
      }, ids);
    } catch {
      // The login itself succeeded; failing to record the time must not undo it (a notice was added).
    }
  }

  /** The list shape: exactly these fields, so no password or secret can slip into a result. */
  private view(c: SavedConnectionRecord): SavedConnection {
    return {
      id: c.id,
      label: c.label,
      address: c.address,
      user: c.user,
      hasPassword: this.vault.has(c),
      thumbprint: this.store.doc.knownHosts[c.address] ?? null,
      lastUsed: c.lastUsed,
    };
  }

  private checkLabelFree(label: string, exceptId: string | null): void {
    const taken = this.store.doc.connections.find(
      (c) => c.id !== exceptId && c.label.toLowerCase() === label.toLowerCase(),
    );
    if (taken)
      throw new LabFault('conflict', `A saved connection is already named "${label}".`, { field: 'label' });
  }
}

/** A typed address, lower-cased and checked to be an FQDN or IP address. */
function checkedAddress(input: string): string {
  const address = normaliseAddress(input);
  if (
    !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^\[?[0-9a-f:.]+\]?$/.test(address)
  ) {
    throw new LabFault('invalid-argument', `"${input.trim()}" is not a valid FQDN or IP address.`, {
      field: 'address',
    });
  }
  return address;
}
