import type { ConnectionTestResult, ParsedArgs, SessionInfo } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import { buildLabel } from '../../../shared/versions';
import type { World } from '../../engine/world/world';
import type { CallContext } from '../dispatch';
import type { CertificateTrust } from './certificate-trust';
import type { SavedConnectionRecord } from './connections-document';
import type { PasswordVault } from './password-vault';
import type { SavedConnections } from './saved-connections';
import type { SessionManager } from './sessions';
import { normaliseAddress, resolveVCenter } from './vcenter-address';

export interface LoginOptions {
  world: () => World;
  sessions: SessionManager;
  trust: CertificateTrust;
  saved: SavedConnections;
  vault: PasswordVault;
}

/**
 * Signing in to a vCenter, by address (session.login) or with a saved connection
 * (connections.connect), and testing a connection without signing in. The certificate is always
 * checked first, so no credential is looked at before the user accepted it.
 */
export class Login {
  constructor(private readonly options: LoginOptions) {}

  /** Signs in by address; saved connections to that address and user count as used. */
  login(ctx: CallContext, args: ParsedArgs<'session.login'>): SessionInfo {
    const { sessions, trust, saved } = this.options;
    const vc = resolveVCenter(this.options.world(), args.address);
    trust.require(args.address, vc);
    const session = sessions.login(ctx, vc, args.user, args.password);
    const address = normaliseAddress(args.address);
    saved.markUsed((c) => c.address === address && c.user.toLowerCase() === session.user.toLowerCase());
    return session;
  }

  /** Signs in with a saved connection; a typed password is kept for the session if none was saved. */
  async connect(ctx: CallContext, args: ParsedArgs<'connections.connect'>): Promise<SessionInfo> {
    const { sessions, trust, saved, vault } = this.options;
    const rec = saved.find(args.id);
    const vc = resolveVCenter(this.options.world(), rec.address);
    // The certificate is checked before the password is even decrypted, let alone compared.
    trust.require(rec.address, vc);
    const password = args.password ?? (await vault.require(rec));
    const session = sessions.login(ctx, vc, rec.user, password);
    if (args.password !== undefined && rec.secret === null) {
      vault.setInMemory(rec.id, { password: args.password, wantsSave: false });
    }
    saved.markUsed((c) => c.id === rec.id);
    return session;
  }

  /** Address, certificate and credentials, checked in that order; no session is opened. */
  async test(args: ParsedArgs<'connections.test'>): Promise<ConnectionTestResult> {
    const { sessions, trust, saved, vault } = this.options;
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
      rec = saved.find(args.id);
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
    const vc = resolveVCenter(this.options.world(), address);
    trust.require(address, vc);
    const password = args.password ?? (await vault.require(rec as SavedConnectionRecord));
    const account = sessions.authenticate(vc, user, password);
    return {
      vcenterId: vc.id,
      vcenterName: vc.name,
      version: vc.version,
      buildLabel: buildLabel(vc.build),
      user: account,
    };
  }
}
