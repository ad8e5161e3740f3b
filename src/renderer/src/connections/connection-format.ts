/** Display helpers shared by the connection dialogs. */

/** "2026-03-01T09:00:00.000Z" → local date and time; null → "Never". */
export function formatWhen(iso: string | null): string {
  if (!iso) return 'Never';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Whether a certificate's validity window covers today (dates as the certificate lists them). */
export function validityState(
  validFrom: string,
  validTo: string,
  now = new Date(),
): 'valid' | 'expired' | 'not-yet-valid' {
  if (now < new Date(validFrom)) return 'not-yet-valid';
  if (now > new Date(validTo)) return 'expired';
  return 'valid';
}

/** The thumbprint split in two lines of 16 pairs, so the user can compare it piece by piece. */
export function thumbprintLines(thumbprint: string): string[] {
  const pairs = thumbprint.split(':');
  return pairs.length > 16 ? [pairs.slice(0, 16).join(':'), pairs.slice(16).join(':')] : [thumbprint];
}
