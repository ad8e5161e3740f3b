import type { World } from '../../engine/world/world';
import type { ConnectionStorage } from '../storage/secret-protector';
import { CertificateTrust } from './certificate-trust';
import { ConnectionsStore, type Emit } from './connections-store';
import { Login } from './login';
import { PasswordVault } from './password-vault';
import { SavedConnections } from './saved-connections';
import type { SessionManager } from './sessions';

export interface ConnectionsOptions {
  world: () => World;
  sessions: SessionManager;
  storage: ConnectionStorage;
  emit: Emit;
  /** Wall clock for lastUsed and notices; injected in tests. */
  now: () => Date;
}

/** The parts behind the connections.*, cert.* and session.login calls, sharing one document. */
export interface Connections {
  /** The saved-connections document on disk, and notices about storing it. */
  store: ConnectionsStore;
  saved: SavedConnections;
  vault: PasswordVault;
  trust: CertificateTrust;
  login: Login;
}

export function createConnections(options: ConnectionsOptions): Connections {
  const store = new ConnectionsStore(options.storage, options.emit, options.now);
  const vault = new PasswordVault(store);
  const trust = new CertificateTrust(store, options.world);
  const saved = new SavedConnections(store, vault, options.sessions);
  const login = new Login({ world: options.world, sessions: options.sessions, trust, saved, vault });
  return { store, saved, vault, trust, login };
}
