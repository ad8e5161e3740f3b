/**
 * Every contract call answers with a Result: a value, or a typed error the UI can show as it is.
 * Nothing crosses the contract as a bare thrown string.
 */

export const errorCodes = [
  'invalid-argument',
  'unknown-call',
  'not-found',
  'not-allowed',
  'conflict',
  'not-authenticated',
  'login-failed',
  'unreachable',
  'certificate-untrusted',
  'certificate-changed',
  'incompatible',
  'invalid-scenario',
  'invalid-exercise',
  'storage',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface LabError {
  code: ErrorCode;
  message: string;
  /** The argument or scenario field at fault, as a path like "vcenters[0].users". */
  field?: string;
  /** Extra structured detail (e.g. both thumbprints of a changed certificate). */
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: LabError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (
  code: ErrorCode,
  message: string,
  extra?: Omit<LabError, 'code' | 'message'>,
): Result<never> => ({
  ok: false,
  error: { code, message, ...extra },
});

/** An error thrown inside the service and turned into a typed Result by the dispatcher. */
export class LabFault extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<LabError, 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'LabFault';
  }
  toError(): LabError {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

/** Formats a zod-style issue path: ["vcenters", 0, "users"] → "vcenters[0].users". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
