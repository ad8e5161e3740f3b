import type { PasswordKeeping, PasswordStorageInfo } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import type { SecretProtector } from '../storage/secret-protector';
import type { SavedConnectionRecord, SealedSecret } from './connections-document';
import type { ConnectionsStore } from './connections-store';

/** A password held in memory only, and whether the user asked for it to be saved. */
export interface SessionPassword {
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

/**
 * The passwords of saved connections: sealed on disk with the OS keyring (or, after the user opted
 * in, a key file), otherwise kept in memory until the lab closes. Passwords leave the vault only
 * towards a simulated vCenter's login check, never in a result or a push event.
 */
export class PasswordVault {
  private readonly sessionPasswords = new Map<string, SessionPassword>();

  constructor(private readonly store: ConnectionsStore) {}

  /** A password is kept for the connection, on disk or for this session. */
  has(rec: SavedConnectionRecord): boolean {
    return rec.secret !== null || this.sessionPasswords.has(rec.id);
  }

  keepingOf(c: SavedConnectionRecord): PasswordKeeping {
    if (c.secret) return c.secret.scheme === 'safe-storage' ? 'keyring' : 'key-file';
    return this.sessionPasswords.get(c.id)?.wantsSave ? 'session-only' : 'none';
  }

  /** The in-memory password of a connection, to put back if a change fails to save. */
  inMemory(id: string): SessionPassword | undefined {
    return this.sessionPasswords.get(id);
  }

  /** Puts back (or forgets, with undefined) a connection's in-memory password. */
  setInMemory(id: string, kept: SessionPassword | undefined): void {
    if (kept) this.sessionPasswords.set(id, kept);
    else this.sessionPasswords.delete(id);
  }

  forget(id: string): void {
    this.sessionPasswords.delete(id);
  }

  /** Seals a password with whatever the policy allows; otherwise keeps it in memory for the session. */
  async keep(
    id: string,
    password: string | undefined,
    savePassword: boolean,
  ): Promise<{ secret: SealedSecret | null; keeping: PasswordKeeping }> {
    if (password === undefined || !savePassword) {
      this.sessionPasswords.delete(id);
      return { secret: null, keeping: 'none' };
    }
    const { storage } = this.store;
    const protector: SecretProtector | null =
      storage.keyring ?? (this.mode() === 'key-file' ? storage.fallback : null);
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
  async require(rec: SavedConnectionRecord): Promise<string> {
    const inMemory = this.sessionPasswords.get(rec.id);
    if (inMemory) return inMemory.password;
    if (!rec.secret) {
      throw new LabFault('invalid-argument', `No password is kept for "${rec.label}". Enter the password.`, {
        field: 'password',
      });
    }
    const { storage } = this.store;
    const protector = rec.secret.scheme === 'safe-storage' ? storage.keyring : storage.fallback;
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

  passwordStorage(): PasswordStorageInfo {
    const { keyring, fallback, noKeyringReason } = this.store.storage;
    const mode = this.mode();
    return {
      mode,
      description: keyring
        ? keyring.description
        : mode === 'key-file' && fallback
          ? fallback.description
          : noKeyringReason,
      weakStorageAvailable: !keyring && fallback !== null,
      weakStorageWarning: WEAK_STORAGE_WARNING,
    };
  }

  /**
   * Opting in seals, with the key file, the passwords the user asked to save during this session;
   * opting out takes every key-file password off the disk (they stay usable until the lab closes).
   */
  async allowWeakStorage(allow: boolean, acknowledged: boolean): Promise<PasswordStorageInfo> {
    const { keyring, fallback } = this.store.storage;
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
      for (const c of this.store.doc.connections) {
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
    this.store.mutate(
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

  private mode(): PasswordStorageInfo['mode'] {
    const { keyring, fallback } = this.store.storage;
    if (keyring) return 'keyring';
    if (fallback && this.store.doc.settings.persistWithoutKeyring) return 'key-file';
    return 'session-only';
  }

  private async reseal(id: string, protector: SecretProtector, plain: string): Promise<void> {
    try {
      const data = await protector.seal(plain);
      this.store.mutate((doc) => {
        const c = doc.connections.find((x) => x.id === id);
        if (c) c.secret = { scheme: protector.scheme, data };
      }, []);
    } catch {
      // The old sealed copy still opens; re-sealing is an improvement, not a requirement.
    }
  }
}
