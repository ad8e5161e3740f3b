import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_LOCKED_MESSAGE,
  LoginLockout,
  SSO_LOCKOUT_POLICY,
} from '../../../../src/main/services/connections/login-lockout';
import { LabFault } from '../../../../src/shared/result';

const VC = 'vcsa01:vcenter';

function lockout(): { l: LoginLockout; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { l: new LoginLockout(() => t), advance: (ms) => (t += ms) };
}
const refusal = (fn: () => void): LabFault | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return e as LabFault;
  }
};

describe('SSO-style login lockout', () => {
  it('locks a user after 5 failures within 180 s, for 300 s, then lets them try again', () => {
    const { l, advance } = lockout();
    expect(SSO_LOCKOUT_POLICY).toEqual({
      maxFailedAttempts: 5,
      failureIntervalMs: 180_000,
      unlockTimeMs: 300_000,
    });
    for (let i = 0; i < 4; i++) {
      expect(l.failed(VC, 'Admin@vsphere.local')).toBe(false);
      advance(30_000);
    }
    expect(refusal(() => l.check(VC, 'admin@vsphere.local'))).toBeNull();
    expect(l.failed(VC, 'admin@VSPHERE.local')).toBe(true);
    const locked = refusal(() => l.check(VC, 'admin@vsphere.local'))!;
    expect(locked.code).toBe('login-failed');
    expect(locked.message).toContain(ACCOUNT_LOCKED_MESSAGE);
    expect(locked.message).toContain('300 s');
    // Another user, and the same user on another vCenter, are not affected.
    expect(refusal(() => l.check(VC, 'other@vsphere.local'))).toBeNull();
    expect(refusal(() => l.check('vcsa02:vcenter', 'admin@vsphere.local'))).toBeNull();
    advance(299_000);
    expect(refusal(() => l.check(VC, 'admin@vsphere.local'))).not.toBeNull();
    advance(1_000);
    expect(refusal(() => l.check(VC, 'admin@vsphere.local'))).toBeNull();
  });

  it('does not lock when the failures are spread over more than the interval, and a success resets', () => {
    const { l, advance } = lockout();
    for (let i = 0; i < 10; i++) {
      expect(l.failed(VC, 'u')).toBe(false);
      advance(50_000); // 4 failures within any 180 s
    }
    for (let i = 0; i < 4; i++) l.failed(VC, 'v');
    l.succeeded(VC, 'v');
    expect(l.failed(VC, 'v')).toBe(false);
  });

  it('stays bounded when an attacker tries many user names', () => {
    const { l, advance } = lockout();
    for (let i = 0; i < 12_000; i++) l.failed(VC, `user-${i}`);
    expect(l.size).toBeLessThanOrEqual(10_000);
    advance(400_000);
    l.failed(VC, 'last');
    expect(l.size).toBe(1);
  });
});
