/**
 * Saved-connection storage for the Electron app: electron-store for the file and safeStorage (the
 * OS keyring, async API) for passwords. Only src/main/index.ts imports this file, so browser mode and
 * the services never load electron.
 */
import { join } from 'node:path';
import { app, safeStorage } from 'electron';
import ElectronStore from 'electron-store';
import { validateConnectionsDocument } from './services/connections/connections-document';
import { CONNECTIONS_STORE_NAME } from './services/storage/browser-storage';
import { ConfKeyValueStore, storeFileMode, type ConfLike } from './services/storage/conf-store';
import { KeyFileProtector } from './services/storage/key-file-protector';
import type { ConnectionStorage, SecretProtector } from './services/storage/secret-protector';
import { openRecoveringStore } from './services/storage/store-recovery';

/** Linux backends that are not a real keyring: 'basic_text' uses a hard-coded key; 'unknown' = not ready. */
const NO_KEYRING_BACKENDS = new Set(['basic_text', 'unknown']);

/** Passwords sealed by Electron's safeStorage with the OS keyring (Keychain, DPAPI, libsecret, KWallet). */
class SafeStorageProtector implements SecretProtector {
  readonly scheme = 'safe-storage' as const;
  constructor(readonly description: string) {}

  async seal(plain: string): Promise<string> {
    return (await safeStorage.encryptStringAsync(plain)).toString('base64');
  }

  async open(sealed: string): Promise<{ plain: string; reseal: boolean }> {
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'));
    return { plain: result, reseal: shouldReEncrypt };
  }
}

/**
 * The OS keyring, or why there is none. On Linux without a secret service, safeStorage falls back to
 * 'basic_text' (a key compiled into Chromium): that is obfuscation, so it counts as no keyring and
 * passwords are not persisted unless the user opts in.
 */
async function detectKeyring(): Promise<{ keyring: SecretProtector | null; reason: string }> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    return { keyring: null, reason: 'the OS offers no keyring to Electron safeStorage' };
  }
  if (process.platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (NO_KEYRING_BACKENDS.has(backend)) {
      return { keyring: null, reason: `no keyring service was found (safeStorage backend "${backend}")` };
    }
    return { keyring: new SafeStorageProtector(`the OS keyring (${backend})`), reason: '' };
  }
  const name =
    process.platform === 'darwin'
      ? 'the macOS Keychain'
      : process.platform === 'win32'
        ? 'Windows DPAPI'
        : 'the OS keyring';
  return { keyring: new SafeStorageProtector(name), reason: '' };
}

/** Opens the connections store in userData. Call after app 'ready' (safeStorage needs it). */
export async function openElectronConnectionStorage(): Promise<ConnectionStorage> {
  const dir = app.getPath('userData');
  const { store, notices } = openRecoveringStore({
    filePath: join(dir, `${CONNECTIONS_STORE_NAME}.json`),
    open: () =>
      new ConfKeyValueStore(
        new ElectronStore<Record<string, unknown>>({
          cwd: dir,
          name: CONNECTIONS_STORE_NAME,
          configFileMode: storeFileMode,
          clearInvalidConfig: false,
        }) as unknown as ConfLike,
      ),
    validate: validateConnectionsDocument,
    what: 'saved connections',
  });
  const { keyring, reason } = await detectKeyring();
  return { store, notices, keyring, noKeyringReason: reason, fallback: new KeyFileProtector(dir) };
}
