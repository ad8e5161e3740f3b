import { MemoryKeyValueStore } from './key-value-store';
import type { ConnectionStorage } from './secret-protector';

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
