/**
 * Errors don't leak internals: a handler failing unexpectedly answers `internal` with a generic
 * message and an id; the detail (message, stack, file paths) goes to the log only, under that id.
 */
import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../../src/main/services/dispatch';
import { LabFault } from '../../../src/shared/result';

const secretDetail =
  "ENOENT: no such file or directory, open '/home/admin/.config/vmotion-lab/keys/vault.key'";

describe('dispatch', () => {
  it('answers an unexpected failure with a generic message and an id, the detail only in the log', async () => {
    const logged: { message: string; error: unknown }[] = [];
    const handlers = {
      'lab.info': () => {
        throw new Error(secretDetail);
      },
    } as unknown as Handlers;
    const r = await dispatch(handlers, 'lab.info', {}, { clientId: 'c' }, (message, error) =>
      logged.push({ message, error }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const errorId = r.error.details?.errorId as string;
    expect(errorId).toMatch(/^[0-9a-f]{8}$/);
    expect(r.error).toEqual({
      code: 'internal',
      message: `The lab could not complete lab.info because of an internal error (error ${errorId}).`,
      details: { errorId },
    });
    const answer = JSON.stringify(r);
    expect(answer).not.toContain('ENOENT');
    expect(answer).not.toContain('/home/admin');
    expect(logged).toHaveLength(1);
    expect(logged[0].message).toContain(errorId);
    expect((logged[0].error as Error).message).toBe(secretDetail);
  });

  it('gives each failure its own id, and keeps typed faults as they are', async () => {
    const handlers = {
      'lab.info': () => {
        throw new TypeError("Cannot read properties of undefined (reading 'users')");
      },
      'labs.list': () => {
        throw new LabFault('not-found', 'No such lab.', { field: 'name' });
      },
    } as unknown as Handlers;
    const quiet = (): void => undefined;
    const a = await dispatch(handlers, 'lab.info', {}, { clientId: 'c' }, quiet);
    const b = await dispatch(handlers, 'lab.info', {}, { clientId: 'c' }, quiet);
    expect(!a.ok && !b.ok && a.error.details?.errorId !== b.error.details?.errorId).toBe(true);
    expect(JSON.stringify(a)).not.toContain('users');
    expect(await dispatch(handlers, 'labs.list', {}, { clientId: 'c' }, quiet)).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No such lab.', field: 'name' },
    });
  });
});
