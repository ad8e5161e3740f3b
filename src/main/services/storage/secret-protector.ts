import type { ConnectionNotice } from '../../../shared/contract';
import type { KeyValueStore } from './key-value-store';

/** Which protector sealed a stored secret; recorded next to it so a later run can open it. */
export type SecretScheme = 'safe-storage' | 'key-file';

/**
 * Turns a password into an opaque string fit to store on disk, and back. Implementations: Electron's
 * safeStorage backed by the OS keyring (src/main/electron-storage.ts), and an AES-256-GCM key file
 * (./key-file-protector.ts) used only after the user opted in because no keyring exists.
 */
export interface SecretProtector {
  readonly scheme: SecretScheme;
  /** What protects the secret, for the UI ("OS keyring (gnome_libsecret)", "key file …"). */
  readonly description: string;
  /** Returns base64 text that reveals nothing about `plain` without the protector's key. */
  seal(plain: string): Promise<string>;
  /**
   * Recovers the plain text; throws when the data was tampered with or the key is gone.
   * `reseal` asks the caller to seal it again (the keyring rotated its key).
   */
  open(sealed: string): Promise<{ plain: string; reseal: boolean }>;
}

/** Everything the connection service needs to persist saved connections, per entry point. */
export interface ConnectionStorage {
  /** The store file, already opened through openRecoveringStore. */
  store: KeyValueStore;
  /** Notices from opening the store (damaged file moved aside, …), shown to the user. */
  notices: ConnectionNotice[];
  /** The OS keyring, or null when there is none (Linux basic_text backend, browser mode). */
  keyring: SecretProtector | null;
  /** Why there is no keyring, shown to the user; ignored when `keyring` is set. */
  noKeyringReason: string;
  /** Weaker protection the user may opt in to when there is no keyring; null = session only. */
  fallback: SecretProtector | null;
}
