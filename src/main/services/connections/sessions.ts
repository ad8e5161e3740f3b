import { createHash, timingSafeEqual } from 'node:crypto';
import type { SessionInfo } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import type { VCenterRec } from '../../../shared/world-types';
import type { World } from '../../engine/world/world';
import type { CallContext } from '../dispatch';
import type { SessionGate, SessionUser } from '../session-gate';
import { LoginLockout } from './login-lockout';

/** The vSphere Client's own wording for a failed login. */
export const LOGIN_FAILED_MESSAGE = 'Cannot complete login due to an incorrect user name or password.';

/** The vSphere Client's default idle timeout (120 minutes). */
export const DEFAULT_IDLE_MS = 120 * 60_000;

/** Why a session ended, as pushed to its client in "session.ended". */
export interface SessionEnd {
  clientId: string;
  vcenterId: string;
  vcenterName: string;
  reason: 'logout' | 'expired' | 'certificate-changed' | 'unreachable';
  message: string;
}

export interface SessionManagerOptions {
  /** The current world (the lab may load another one). */
  world: () => World;
  /** Idle time after which a session ends; every authorised call restarts it. */
  idleMs?: number;
  /** Wall-clock milliseconds; injected so tests move time without waiting. */
  now?: () => number;
  /** Told about every session that ends other than through dropClient. */
  onEnded?: (end: SessionEnd) => void;
  /** Told about every login and logout, for the vCenter's event log. */
  onAudit?: (entry: { vcenterId: string; user: string; kind: 'login' | 'logout' | 'failed' }) => void;
  /** Failed-login policy (default: vSphere SSO's, on this manager's clock). */
  lockout?: LoginLockout;
}

interface Session {
  clientId: string;
  vcenterId: string;
  vcenterName: string;
  user: string;
  since: number;
  lastActive: number;
}

const sessionKey = (clientId: string, vcenterId: string): string => `${clientId}\u0000${vcenterId}`;

/** Compares passwords in constant time so the lab does not teach timing attacks by accident. */
function samePassword(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Login sessions, one per client and vCenter. Implements the SessionGate every vCenter-scoped call
 * asks: a session exists, the vCenter still answers, and it was used within the idle time. Certificate
 * trust is checked by the caller before login is reached, so no credential is looked at before the
 * user accepted the certificate.
 */
export class SessionManager implements SessionGate {
  readonly idleMs: number;
  private readonly now: () => number;
  private readonly sessions = new Map<string, Session>();
  /** Wrong passwords per user and vCenter: 5 within 180 s lock the account for 300 s. */
  readonly lockout: LoginLockout;

  constructor(private readonly options: SessionManagerOptions) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    if (!(this.idleMs > 0)) throw new RangeError('idleMs must be a positive number of milliseconds');
    this.now = options.now ?? Date.now;
    this.lockout = options.lockout ?? new LoginLockout(this.now);
  }

  /**
   * Checks user and password against the vCenter's SSO users and opens (or replaces) the session.
   * The user name matches case-insensitively, as SSO does; the password exactly.
   */
  login(ctx: CallContext, vc: VCenterRec, user: string, password: string): SessionInfo {
    // A refused login opens nothing; it is only recorded in the vCenter's event log, as vCenter does.
    const account = this.authenticate(vc, user, password);
    const t = this.now();
    const session: Session = {
      clientId: ctx.clientId,
      vcenterId: vc.id,
      vcenterName: vc.name,
      user: account,
      since: t,
      lastActive: t,
    };
    this.sessions.set(sessionKey(ctx.clientId, vc.id), session);
    this.options.onAudit?.({ vcenterId: vc.id, user: account, kind: 'login' });
    return this.info(session);
  }

  /**
   * Checks credentials without opening a session (test-connection); returns the canonical user.
   * A locked account is refused before its password is looked at; every failure is reported to the
   * vCenter's event log (BadUsernameSessionEvent) and counts towards the lockout.
   */
  authenticate(vc: VCenterRec, user: string, password: string): string {
    const failed = (): void =>
      this.options.onAudit?.({ vcenterId: vc.id, user: user.trim(), kind: 'failed' });
    try {
      this.lockout.check(vc.id, user);
    } catch (e) {
      failed();
      throw e;
    }
    const wanted = user.trim().toLowerCase();
    const account = vc.users.find((u) => u.user.toLowerCase() === wanted);
    // Hash the password even for an unknown user, so both failures cost the same.
    const match = samePassword(account?.password ?? '\u0000no-such-user', password);
    if (!account || !match) {
      this.lockout.failed(vc.id, user);
      failed();
      throw new LabFault('login-failed', LOGIN_FAILED_MESSAGE, { field: 'password' });
    }
    this.lockout.succeeded(vc.id, user);
    return account.user;
  }

  logout(ctx: CallContext, vcenterId: string): boolean {
    const s = this.sessions.get(sessionKey(ctx.clientId, vcenterId));
    if (s) this.options.onAudit?.({ vcenterId, user: s.user, kind: 'logout' });
    return this.sessions.delete(sessionKey(ctx.clientId, vcenterId));
  }

  /** This client's sessions that are still alive (expired ones are ended on the way). */
  list(ctx: CallContext): SessionInfo[] {
    const out: SessionInfo[] = [];
    for (const s of [...this.sessions.values()]) {
      if (s.clientId !== ctx.clientId) continue;
      if (this.expired(s)) this.end(s, 'expired');
      else out.push(this.info(s));
    }
    return out.sort((a, b) => a.vcenterName.localeCompare(b.vcenterName));
  }

  /** SessionGate: the caller's session on that vCenter, or a typed "not-authenticated" fault. */
  require(ctx: CallContext, vcenterId: string): SessionUser {
    const s = this.sessions.get(sessionKey(ctx.clientId, vcenterId));
    const vc = this.options.world().vcenters.get(vcenterId);
    const name = vc?.name ?? s?.vcenterName ?? vcenterId;
    if (!s) {
      throw new LabFault('not-authenticated', `You are not logged in to ${name}. Log in to continue.`, {
        details: { vcenterId },
      });
    }
    if (this.expired(s)) {
      this.end(s, 'expired');
      throw new LabFault(
        'not-authenticated',
        `Your session on ${name} expired after ${formatMinutes(this.idleMs)} without activity. Log in again.`,
        { details: { vcenterId, reason: 'expired' } },
      );
    }
    if (!vc || !vc.reachable) {
      this.end(s, 'unreachable');
      throw new LabFault(
        'not-authenticated',
        `The connection to ${name} was lost. Log in again when it is reachable.`,
        {
          details: { vcenterId, reason: 'unreachable' },
        },
      );
    }
    s.lastActive = this.now();
    return { user: s.user, vcenterId };
  }

  /** Ends every session on a vCenter for every client (its certificate was replaced). */
  endVCenter(vcenterId: string, reason: SessionEnd['reason']): number {
    let n = 0;
    for (const s of [...this.sessions.values()]) {
      if (s.vcenterId === vcenterId) {
        this.end(s, reason);
        n++;
      }
    }
    return n;
  }

  /**
   * The vCenters this client has a live session on, without side effects (push delivery asks for
   * every batch; ending expired sessions is left to the calls that meet them).
   */
  vcentersOf(clientId: string): Set<string> {
    const out = new Set<string>();
    for (const s of this.sessions.values())
      if (s.clientId === clientId && !this.expired(s)) out.add(s.vcenterId);
    return out;
  }

  dropClient(clientId: string): void {
    for (const [key, s] of this.sessions) if (s.clientId === clientId) this.sessions.delete(key);
  }

  private expired(s: Session): boolean {
    return this.now() - s.lastActive > this.idleMs;
  }

  private end(s: Session, reason: SessionEnd['reason']): void {
    this.sessions.delete(sessionKey(s.clientId, s.vcenterId));
    const messages: Record<SessionEnd['reason'], string> = {
      logout: `You logged out of ${s.vcenterName}.`,
      expired: `Your session on ${s.vcenterName} expired after ${formatMinutes(this.idleMs)} without activity.`,
      'certificate-changed': `${s.vcenterName} presented a new certificate and ended every session. Connect again to review it.`,
      unreachable: `The connection to ${s.vcenterName} was lost.`,
    };
    this.options.onEnded?.({
      clientId: s.clientId,
      vcenterId: s.vcenterId,
      vcenterName: s.vcenterName,
      reason,
      message: messages[reason],
    });
  }

  private info(s: Session): SessionInfo {
    return {
      vcenterId: s.vcenterId,
      vcenterName: s.vcenterName,
      user: s.user,
      since: new Date(s.since).toISOString(),
      lastActive: new Date(s.lastActive).toISOString(),
      expiresAt: new Date(s.lastActive + this.idleMs).toISOString(),
    };
  }
}

function formatMinutes(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min >= 1) return `${min} minute${min === 1 ? '' : 's'}`;
  const sec = Math.max(1, Math.round(ms / 1000));
  return `${sec} second${sec === 1 ? '' : 's'}`;
}
