import { join } from 'node:path';
import { validateConnectionsDocument } from '../connections/connections-document';
import { openConfStore } from './conf-store';
import { KeyFileProtector } from './key-file-protector';
import type { ConnectionStorage } from './secret-protector';
import { openRecoveringStore } from './store-recovery';

/** The store file's name (without ".json") in the config directory. */
export const CONNECTIONS_STORE_NAME = 'connections';

/**
 * Saved-connection storage without Electron (browser mode, tests): a `conf` JSON file in `configDir`.
 * There is no OS keyring in plain Node, so passwords stay in memory for the session unless the user
 * opts in to the key file (see KeyFileProtector for why that is weaker).
 */
export function openBrowserConnectionStorage(configDir: string, now?: () => Date): ConnectionStorage {
  const { store, notices } = openRecoveringStore({
    filePath: join(configDir, `${CONNECTIONS_STORE_NAME}.json`),
    open: () => openConfStore({ cwd: configDir, name: CONNECTIONS_STORE_NAME }),
    validate: validateConnectionsDocument,
    what: 'saved connections',
    now,
  });
  return {
    store,
    notices,
    keyring: null,
    noKeyringReason: 'browser mode has no access to the OS keyring',
    fallback: new KeyFileProtector(configDir),
  };
}
