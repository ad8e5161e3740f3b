import { randomInt, randomUUID } from 'node:crypto';
import type {
  CertificateCheck,
  CertificateInfo,
  ConnectionNotice,
  ConnectionTestResult,
  ParsedArgs,
  PasswordKeeping,
  PasswordStorageInfo,
  PushName,
  PushPayload,
  SaveConnectionResult,
  SavedConnection,
  SessionInfo,
} from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import { buildLabel } from '../../../shared/versions';
import { deriveThumbprint } from '../../engine/world/load-scenario';
import type { World } from '../../engine/world/world';
import type { CallContext } from '../dispatch';
import { MemoryKeyValueStore } from '../storage/key-value-store';
import type { ConnectionStorage, SecretProtector } from '../storage/secret-protector';
import {
  checkCertificate,
  requireTrusted,
  retrustCertificate,
  trustCertificate,
  type KnownHosts,
} from './certificate-trust';
import {
  parseConnectionsDocument,
  type ConnectionsDocument,
  type SavedConnectionRecord,
  type SealedSecret,
} from './connections-document';
import type { SessionManager } from './sessions';
import { normaliseAddress, resolveVCenter } from './vcenter-address';

type Emit = <K extends PushName>(name: K, payload: PushPayload<K>, clientId?: string) => void;

export interface ConnectionServiceOptions {
  world: () => World;
  sessions: SessionManager;
  storage: ConnectionStorage;
  emit: Emit;
  /** Wall clock for lastUsed and notices; injected in tests. */
  now?: () => Date;
}

/** A password held in memory only, and whether the user asked for it to be saved. */
interface SessionPassword {
  password: string;
  /** True: the user ticked "save password" but there was no keyring (and no opt-in) to save it with. */
  wantsSave: boolean;
}

/** Told to the user before opting in to keeping passwords on disk without a keyring. */
export const WEAK_STORAGE_WARNING =
  'This computer offers no OS keyring (keychain) to protect saved passwords. If you continue, passwords ' +
  'are encrypted with a key stored in a file next to them, readable by any program running as you and by ' +
  'anyone who gets a copy of your configuration folder (backups, synced folders). Without this, passwords ' +
  'are kept only until the lab is closed and you type them again next time.';

/** Storage for tests and for a LabService built without any: nothing persists, no keyring. */
export function memoryConnectionStorage(): ConnectionStorage {
  return {
    store: new MemoryKeyValueStore(),
    notices: [],
    keyring: null,
    noKeyringReason: 'no storage was configured',
    fallback: null,
  };
}

/**
 * Saved connections, certificate trust and login, behind the contract's connections.*, cert.* and
 * session.* calls. The store document is the single source of truth on disk; every change is applied
 * to a copy, written, and only then adopted, so a failed write changes nothing. Passwords leave this
 * class only towards a simulated vCenter's login check, never in a result or a push event.
 */
export class ConnectionService {
  private doc: ConnectionsDocument;
  private readonly notes: ConnectionNotice[];
  private readonly sessionPasswords = new Map<string, SessionPassword>();
  private readonly now: () => Date;

  constructor(private readonly options: ConnectionServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.notes = [...options.storage.notices];
    // openRecoveringStore already validated the content; a store that changed since is re-checked.
    try {
      this.doc = parseConnectionsDocument(options.storage.store.read());
    } catch (e) {
      this.doc = parseConnectionsDocument({});
      this.notice(
        'error',
        `The saved connections could not be read (${(e as Error).message}). Starting empty.`,
      );
    }
  }

  private get storage(): ConnectionStorage {
    return this.options.storage;
  }

  // -------------------------------------------------------------------------------------------------
  // Saved connections
  // -------------------------------------------------------------------------------------------------

  list(): SavedConnection[] {
    return this.doc.connections.map((c) => this.view(c));
  }

  /** `ctx`: a connection saved right after logging in with it counts as used now. */
  async save(args: ParsedArgs<'connections.save'>, ctx?: CallContext): Promise<SaveConnectionResult> {
    const address = this.checkedAddress(args.address);
    const inUse =
      ctx !== undefined &&
      this.options.sessions
        .list(ctx)
        .some(
          (s) => s.vcenterName.toLowerCase() === address && s.user.toLowerCase() === args.user.toLowerCase(),
        );
    const label = args.label ?? address;
    this.checkLabelFree(label, null);
    const id = randomUUID();
    const kept = await this.keepPassword(id, args.password, args.savePassword);
    const rec: SavedConnectionRecord = {
      id,
      label,
      address,
      user: args.user,
      secret: kept.secret,
      lastUsed: inUse ? this.now().toISOString() : null,
      createdAt: this.now().toISOString(),
    };
    this.mutate(
      (doc) => void doc.connections.push(rec),
      [id],
      () => this.sessionPasswords.delete(id),
    );
    return { connection: this.view(rec), passwordKeeping: kept.keeping };
  }

  async update(args: ParsedArgs<'connections.update'>): Promise<SaveConnectionResult> {
    const current = this.find(args.id);
    const address = args.address === undefined ? current.address : this.checkedAddress(args.address);
    const user = args.user ?? current.user;
    const label = args.label ?? current.label;
    if (args.label !== undefined) this.checkLabelFree(label, current.id);
    const movedAccount = address !== current.address || user.toLowerCase() !== current.user.toLowerCase();

    let secret: SealedSecret | null = current.secret;
    let keeping: PasswordKeeping = this.keepingOf(current);
    const previousSession = this.sessionPasswords.get(current.id);
    if (typeof args.password === 'string') {
      const kept = await this.keepPassword(current.id, args.password, args.savePassword ?? true);
      secret = kept.secret;
      keeping = kept.keeping;
    } else if (args.password === null || args.savePassword === false || movedAccount) {
      // A password is never carried over to another server or account: it would be sent there.
      secret = null;
      keeping = 'none';
      this.sessionPasswords.delete(current.id);
    }
    const next: SavedConnectionRecord = { ...current, label, address, user, secret };
    this.mutate(
      (doc) => {
        doc.connections = doc.connections.map((c) => (c.id === current.id ? next : c));
      },
      [current.id],
      () => {
        if (previousSession) this.sessionPasswords.set(current.id, previousSession);
        else this.sessionPasswords.delete(current.id);
      },
    );
    return { connection: this.view(next), passwordKeeping: keeping };
  }

  delete(id: string): boolean {
    if (!this.doc.connections.some((c) => c.id === id)) return false;
    this.mutate(
      (doc) => {
        doc.connections = doc.connections.filter((c) => c.id !== id);
      },
      [id],
    );
    this.sessionPasswords.delete(id);
    return true;
  }

  /** Address, certificate and credentials, checked in that order; no session is opened. */
  async test(args: ParsedArgs<'connections.test'>): Promise<ConnectionTestResult> {
    let rec: SavedConnectionRecord | null = null;
    let address: string;
    let user: string;
    if (args.id !== undefined) {
      if (args.address !== undefined || args.user !== undefined) {
        throw new LabFault(
          'invalid-argument',
          'Test either a saved connection or an address and user, not both.',
          {
            field: 'id',
          },
        );
      }
      rec = this.find(args.id);
      address = rec.address;
      user = rec.user;
    } else {
      const missing = (['address', 'user', 'password'] as const).find((k) => args[k] === undefined);
      if (missing) {
        throw new LabFault(
          'invalid-argument',
          `Enter the ${missing} to test, or choose a saved connection.`,
          {
            field: missing,
          },
        );
      }
      address = args.address as string;
      user = args.user as string;
    }
    const vc = resolveVCenter(this.world(), address);
    requireTrusted(this.knownHosts(this.doc), address, vc);
    const password = args.password ?? (await this.requirePassword(rec as SavedConnectionRecord));
    const account = this.options.sessions.authenticate(vc, user, password);
    return {
      vcenterId: vc.id,
      vcenterName: vc.name,
      version: vc.version,
      buildLabel: buildLabel(vc.build),
      user: account,
    };
  }

  /** Signs in with a saved connection; a typed password is kept for the session if none was saved. */
  async connect(ctx: CallContext, args: ParsedArgs<'connections.connect'>): Promise<SessionInfo> {
    const rec = this.find(args.id);
    const vc = resolveVCenter(this.world(), rec.address);
    // The certificate is checked before the password is even decrypted, let alone compared.
    requireTrusted(this.knownHosts(this.doc), rec.address, vc);
    const password = args.password ?? (await this.requirePassword(rec));
    const session = this.options.sessions.login(ctx, vc, rec.user, password);
    if (args.password !== undefined && rec.secret === null) {
      this.sessionPasswords.set(rec.id, { password: args.password, wantsSave: false });
    }
    this.markUsed((c) => c.id === rec.id);
    return session;
  }

  // -------------------------------------------------------------------------------------------------
  // Sessions by address
  // -------------------------------------------------------------------------------------------------

  login(ctx: CallContext, args: ParsedArgs<'session.login'>): SessionInfo {
    const vc = resolveVCenter(this.world(), args.address);
    requireTrusted(this.knownHosts(this.doc), args.address, vc);
    const session = this.options.sessions.login(ctx, vc, args.user, args.password);
    const address = normaliseAddress(args.address);
    this.markUsed((c) => c.address === address && c.user.toLowerCase() === session.user.toLowerCase());
    return session;
  }

  // -------------------------------------------------------------------------------------------------
  // Certificates
  // -------------------------------------------------------------------------------------------------

  certificate(address: string): CertificateCheck {
    return checkCertificate(this.knownHosts(this.doc), address, resolveVCenter(this.world(), address));
  }

  trust(address: string, thumbprint: string): CertificateCheck {
    const vc = resolveVCenter(this.world(), address);
    let check!: CertificateCheck;
    this.mutate((doc) => {
      check = trustCertificate(this.knownHosts(doc), address, vc, thumbprint);
    }, this.idsAt(address));
    return check;
  }

  retrust(address: string, previousThumbprint: string, thumbprint: string): CertificateCheck {
    const vc = resolveVCenter(this.world(), address);
    let check!: CertificateCheck;
    this.mutate((doc) => {
      check = retrustCertificate(this.knownHosts(doc), address, vc, previousThumbprint, thumbprint);
    }, this.idsAt(address));
    return check;
  }

  /**
   * Lab control: the vCenter gets a new certificate, as after replacing the machine SSL certificate.
   * Its services restart on the real thing, so every session on it ends and the next connection meets
   * the changed-certificate warning.
   */
  changeCertificate(vcenterId: string, serial?: number, issued?: CertificateInfo): CertificateInfo {
    const vc = this.world().vcenters.get(vcenterId);
    if (!vc)
      throw new LabFault('not-found', `There is no vCenter "${vcenterId}" in this lab.`, {
        field: 'vcenterId',
      });
    const thumbprint = issued?.thumbprint ?? deriveThumbprint(vc.name, serial ?? randomInt(2, 2 ** 31 - 1));
    if (thumbprint === vc.certificate.thumbprint) {
      throw new LabFault(
        'conflict',
        `Serial ${serial} gives ${vc.name} the certificate it already has; choose another.`,
        {
          field: 'serial',
        },
      );
    }
    const from = this.now();
    const to = new Date(from);
    to.setUTCFullYear(to.getUTCFullYear() + 2);
    vc.certificate = issued
      ? { ...issued }
      : {
          ...vc.certificate,
          thumbprint,
          validFrom: from.toISOString().slice(0, 10),
          validTo: to.toISOString().slice(0, 10),
        };
    this.world().touch();
    this.options.sessions.endVCenter(vc.id, 'certificate-changed');
    return { ...vc.certificate };
  }

  // -------------------------------------------------------------------------------------------------
  // Notices and password storage policy
  // -------------------------------------------------------------------------------------------------

  notices(): ConnectionNotice[] {
    return [...this.notes];
  }

  dismissNotice(id: string): boolean {
    const i = this.notes.findIndex((n) => n.id === id);
    if (i < 0) return false;
    this.notes.splice(i, 1);
    return true;
  }

  passwordStorage(): PasswordStorageInfo {
    const { keyring, fallback } = this.storage;
    const mode = this.mode();
    return {
      mode,
      description: keyring
        ? keyring.description
        : mode === 'key-file' && fallback
          ? fallback.description
          : this.storage.noKeyringReason,
      weakStorageAvailable: !keyring && fallback !== null,
      weakStorageWarning: WEAK_STORAGE_WARNING,
    };
  }

  /**
   * Opting in seals, with the key file, the passwords the user asked to save during this session;
   * opting out takes every key-file password off the disk (they stay usable until the lab closes).
   */
  async allowWeakStorage(allow: boolean, acknowledged: boolean): Promise<PasswordStorageInfo> {
    const { keyring, fallback } = this.storage;
    if (allow && !acknowledged) {
      throw new LabFault(
        'invalid-argument',
        'Read and confirm the warning before storing passwords without a keyring.',
        {
          field: 'acknowledged',
        },
      );
    }
    if (allow && !keyring && !fallback) {
      throw new LabFault(
        'not-allowed',
        'Passwords cannot be stored on disk here; they are kept for this session only.',
      );
    }
    const sealed = new Map<string, SealedSecret | null>();
    const restore = new Map(this.sessionPasswords);
    if (allow && !keyring && fallback) {
      for (const [id, sp] of this.sessionPasswords) {
        if (sp.wantsSave) sealed.set(id, { scheme: fallback.scheme, data: await fallback.seal(sp.password) });
      }
    }
    if (!allow && fallback) {
      for (const c of this.doc.connections) {
        if (c.secret?.scheme !== 'key-file') continue;
        try {
          const { plain } = await fallback.open(c.secret.data);
          this.sessionPasswords.set(c.id, { password: plain, wantsSave: true });
        } catch {
          // Unreadable anyway: dropping it from disk loses nothing the user could still use.
        }
        sealed.set(c.id, null);
      }
    }
    this.mutate(
      (doc) => {
        doc.settings.persistWithoutKeyring = allow;
        for (const c of doc.connections) if (sealed.has(c.id)) c.secret = sealed.get(c.id) ?? null;
      },
      [...sealed.keys()],
      () => {
        this.sessionPasswords.clear();
        for (const [k, v] of restore) this.sessionPasswords.set(k, v);
      },
    );
    for (const [id, secret] of sealed) if (secret) this.sessionPasswords.delete(id);
    return this.passwordStorage();
  }

  // -------------------------------------------------------------------------------------------------
  // Internals
  // -------------------------------------------------------------------------------------------------

  private world(): World {
    return this.options.world();
  }

  private mode(): PasswordStorageInfo['mode'] {
    if (this.storage.keyring) return 'keyring';
    if (this.storage.fallback && this.doc.settings.persistWithoutKeyring) return 'key-file';
    return 'session-only';
  }

  /** The list shape: exactly these fields, so no password or secret can slip into a result. */
  private view(c: SavedConnectionRecord): SavedConnection {
    return {
      id: c.id,
      label: c.label,
      address: c.address,
      user: c.user,
      hasPassword: c.secret !== null || this.sessionPasswords.has(c.id),
      thumbprint: this.doc.knownHosts[c.address] ?? null,
      lastUsed: c.lastUsed,
    };
  }

  private keepingOf(c: SavedConnectionRecord): PasswordKeeping {
    if (c.secret) return c.secret.scheme === 'safe-storage' ? 'keyring' : 'key-file';
    return this.sessionPasswords.get(c.id)?.wantsSave ? 'session-only' : 'none';
  }

  private find(id: string): SavedConnectionRecord {
    const rec = this.doc.connections.find((c) => c.id === id);
    if (!rec) throw new LabFault('not-found', 'That saved connection no longer exists.', { field: 'id' });
    return rec;
  }

  private checkedAddress(input: string): string {
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

  private checkLabelFree(label: string, exceptId: string | null): void {
    const taken = this.doc.connections.find(
      (c) => c.id !== exceptId && c.label.toLowerCase() === label.toLowerCase(),
    );
    if (taken)
      throw new LabFault('conflict', `A saved connection is already named "${label}".`, { field: 'label' });
  }

  private idsAt(address: string): string[] {
    const a = normaliseAddress(address);
    return this.doc.connections.filter((c) => c.address === a).map((c) => c.id);
  }

  private knownHosts(doc: ConnectionsDocument): KnownHosts {
    return {
      get: (address) => doc.knownHosts[address],
      set: (address, thumbprint) => {
        doc.knownHosts[address] = thumbprint;
      },
    };
  }

  /** Seals a password with whatever the policy allows; otherwise keeps it in memory for the session. */
  private async keepPassword(
    id: string,
    password: string | undefined,
    savePassword: boolean,
  ): Promise<{ secret: SealedSecret | null; keeping: PasswordKeeping }> {
    if (password === undefined || !savePassword) {
      this.sessionPasswords.delete(id);
      return { secret: null, keeping: 'none' };
    }
    const protector: SecretProtector | null =
      this.storage.keyring ?? (this.mode() === 'key-file' ? this.storage.fallback : null);
    if (!protector) {
      this.sessionPasswords.set(id, { password, wantsSave: true });
      return { secret: null, keeping: 'session-only' };
    }
    let data: string;
    try {
      data = await protector.seal(password);
    } catch (e) {
      throw new LabFault(
        'storage',
        `The password could not be encrypted (${(e as Error).message}). Nothing was saved.`,
        {
          field: 'password',
        },
      );
    }
    this.sessionPasswords.delete(id);
    return {
      secret: { scheme: protector.scheme, data },
      keeping: protector.scheme === 'safe-storage' ? 'keyring' : 'key-file',
    };
  }

  /** The kept password of a connection, or a fault that tells the UI to ask for it. */
  private async requirePassword(rec: SavedConnectionRecord): Promise<string> {
    const inMemory = this.sessionPasswords.get(rec.id);
    if (inMemory) return inMemory.password;
    if (!rec.secret) {
      throw new LabFault('invalid-argument', `No password is kept for "${rec.label}". Enter the password.`, {
        field: 'password',
      });
    }
    const protector = rec.secret.scheme === 'safe-storage' ? this.storage.keyring : this.storage.fallback;
    if (!protector) {
      throw new LabFault(
        'storage',
        `The saved password for "${rec.label}" was encrypted with ${
          rec.secret.scheme === 'safe-storage' ? 'the OS keyring' : 'a key file'
        }, which is not available now. Enter the password.`,
        { field: 'password' },
      );
    }
    try {
      const { plain, reseal } = await protector.open(rec.secret.data);
      if (reseal) await this.reseal(rec.id, protector, plain);
      return plain;
    } catch (e) {
      if (e instanceof LabFault) throw e;
      throw new LabFault(
        'storage',
        `The saved password for "${rec.label}" could not be decrypted (${(e as Error).message}). Enter the password; ` +
          `saving it again replaces the unreadable one.`,
        { field: 'password' },
      );
    }
  }

  private async reseal(id: string, protector: SecretProtector, plain: string): Promise<void> {
    try {
      const data = await protector.seal(plain);
      this.mutate((doc) => {
        const c = doc.connections.find((x) => x.id === id);
        if (c) c.secret = { scheme: protector.scheme, data };
      }, []);
    } catch {
      // The old sealed copy still opens; re-sealing is an improvement, not a requirement.
    }
  }

  private markUsed(match: (c: SavedConnectionRecord) => boolean): void {
    const ids = this.doc.connections.filter(match).map((c) => c.id);
    if (ids.length === 0) return;
    const at = this.now().toISOString();
    try {
      this.mutate((doc) => {
        for (const c of doc.connections) if (ids.includes(c.id)) c.lastUsed = at;
      }, ids);
    } catch {
      // The login itself succeeded; failing to record the time must not undo it (a notice was added).
    }
  }

  /**
   * Applies a change to a copy of the document, writes it, and adopts it only if the write worked, so
   * a full disk or a read-only file leaves both memory and disk as they were.
   */
  private mutate(change: (doc: ConnectionsDocument) => void, ids: string[], undo?: () => void): void {
    const next = structuredClone(this.doc);
    change(next);
    try {
      this.storage.store.write(next as unknown as Record<string, unknown>);
    } catch (e) {
      undo?.();
      const message = `The saved connections could not be written (${(e as Error).message}). The change was not saved.`;
      this.notice('error', message);
      throw new LabFault('storage', message);
    }
    this.doc = next;
    this.options.emit('connections.changed', { ids });
  }

  private notice(level: ConnectionNotice['level'], message: string): void {
    const n: ConnectionNotice = { id: randomUUID(), level, message, at: this.now().toISOString() };
    this.notes.push(n);
    this.options.emit('connections.notice', n);
  }
}
