/**
 * Failed logins are slowed and recorded as vCenter Single Sign-On does (docs/reference-notes.md):
 * after `maxFailedAttempts` wrong passwords for one user on one vCenter within `failureIntervalMs`,
 * that account is locked for `unlockTimeMs`, and while locked even the right password is refused.
 * A successful login clears the count. State lives in memory only (a restart of the lab unlocks, as
 * a restart of the SSO service does not, but the lab holds no accounts of its own to protect beyond
 * a run), and is bounded: entries whose failures are all old are dropped, and at most MAX_TRACKED
 * user names are tracked, so guessing many user names cannot grow it without end.
 */
import { LabFault } from '../../../shared/result';

export interface LockoutPolicy {
  maxFailedAttempts: number;
  failureIntervalMs: number;
  unlockTimeMs: number;
}

/** vSphere's default lockout policy: 5 failures within 180 s lock the account for 300 s. */
export const SSO_LOCKOUT_POLICY: LockoutPolicy = {
  maxFailedAttempts: 5,
  failureIntervalMs: 180_000,
  unlockTimeMs: 300_000,
};

/** The vSphere Client's wording for a locked SSO account. */
export const ACCOUNT_LOCKED_MESSAGE = 'User account is locked. Please contact your administrator.';

/** Accounts tracked at once; the oldest are forgotten first. */
const MAX_TRACKED = 10_000;

interface Record {
  /** Times of recent failures (within the interval), oldest first. */
  failures: number[];
  lockedUntil: number;
}

export class LoginLockout {
  private readonly accounts = new Map<string, Record>();

  constructor(
    private readonly now: () => number,
    readonly policy: LockoutPolicy = SSO_LOCKOUT_POLICY,
  ) {}

  private key(vcenterId: string, user: string): string {
    return `${vcenterId}\u0000${user.trim().toLowerCase()}`;
  }

  /** Throws the locked-account fault when this user may not try now. Call before checking the password. */
  check(vcenterId: string, user: string): void {
    const r = this.accounts.get(this.key(vcenterId, user));
    const t = this.now();
    if (!r || r.lockedUntil <= t) return;
    const seconds = Math.ceil((r.lockedUntil - t) / 1000);
    throw new LabFault('login-failed', `${ACCOUNT_LOCKED_MESSAGE} (The lab unlocks it in ${seconds} s.)`, {
      field: 'user',
      details: { reason: 'locked', unlocksAt: new Date(r.lockedUntil).toISOString() },
    });
  }

  /** Records a wrong password; returns true when this failure locked the account. */
  failed(vcenterId: string, user: string): boolean {
    const key = this.key(vcenterId, user);
    const t = this.now();
    const r = this.accounts.get(key) ?? { failures: [], lockedUntil: 0 };
    this.accounts.delete(key); // re-inserted last: the map's order is least recently failed first
    r.failures = r.failures.filter((at) => t - at < this.policy.failureIntervalMs);
    r.failures.push(t);
    let locked = false;
    if (r.failures.length >= this.policy.maxFailedAttempts) {
      r.lockedUntil = t + this.policy.unlockTimeMs;
      r.failures = [];
      locked = true;
    }
    this.accounts.set(key, r);
    this.prune(t);
    return locked;
  }

  /** A successful login: the count starts again. */
  succeeded(vcenterId: string, user: string): void {
    this.accounts.delete(this.key(vcenterId, user));
  }

  /** Accounts tracked now (tests). */
  get size(): number {
    return this.accounts.size;
  }

  /**
   * Drops what no longer matters, least recently failed first (the map's order): accounts neither
   * locked nor with a failure inside the interval, and beyond MAX_TRACKED the oldest whatever they hold.
   */
  private prune(t: number): void {
    for (const [key, r] of this.accounts) {
      const stale = r.lockedUntil <= t && r.failures.every((at) => t - at >= this.policy.failureIntervalMs);
      if (!stale && this.accounts.size <= MAX_TRACKED) break;
      this.accounts.delete(key);
    }
  }
}
