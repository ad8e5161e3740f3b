/**
 * Product version arithmetic. Versions compare numerically part by part (7.0.10 > 7.0.9), never as
 * strings, as the reference requires.
 */

/** Splits "7.0.1.00300" into [7, 0, 1, 300]; missing parts count as 0. */
export function versionParts(version: string): number[] {
  return version.split('.').map((p) => Number.parseInt(p, 10) || 0);
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a);
  const pb = versionParts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export const isAtLeast = (version: string, minimum: string): boolean =>
  compareVersions(version, minimum) >= 0;

/** First vCenter build with Cross vCenter Server export in the UI (7.0 U1c). */
export const XVM_MIN_INITIATOR_BUILD = '7.0.1.00300';
/** Oldest vCenter that can be the other side of an XVM migration. */
export const XVM_MIN_REMOTE_VERSION = '6.5.0';
/** Remote (VMRC) device backings survive vMotion only between hosts of this version or later. */
export const REMOTE_DEVICE_MIN_ESXI = '7.0.0';

const UPDATE_LETTERS: Record<string, string> = { '00100': 'a', '00200': 'b', '00300': 'c', '00400': 'd' };

/** Human label for a vCenter build: 7.0.1.00300 → "7.0 U1c", 6.7.0.00000 → "6.7". */
export function buildLabel(build: string): string {
  const [major, minor, update, patch] = build.split('.');
  const base = `${major}.${minor}`;
  if (!update || update === '0') return base;
  return `${base} U${update}${UPDATE_LETTERS[patch ?? ''] ?? ''}`;
}
