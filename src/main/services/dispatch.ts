import { randomBytes } from 'node:crypto';
import { calls, isCallName, type CallName, type CallResult, type ParsedArgs } from '../../shared/contract';
import { fail, formatPath, LabFault, ok, type Result } from '../../shared/result';

/** Who is calling: one renderer window (IPC) or one WebSocket connection (browser mode). */
export interface CallContext {
  clientId: string;
}

/** Where the detail of an unexpected failure goes (the process log; tests capture it). */
export type ErrorLog = (message: string, error: unknown) => void;
const consoleLog: ErrorLog = (message, error) => console.error(message, error);

/**
 * The answer to a call that failed for a reason the lab did not expect: a generic message and an id
 * the user can quote, while the detail (message, stack, paths) goes only to the log under that id,
 * so nothing about the service's internals reaches a client.
 */
export function internalError(name: string, error: unknown, log: ErrorLog = consoleLog): Result<never> {
  const errorId = randomBytes(4).toString('hex');
  log(`[lab] ${name} failed (error ${errorId}):`, error);
  return fail(
    'internal',
    `The lab could not complete ${name} because of an internal error (error ${errorId}).`,
    {
      details: { errorId },
    },
  );
}

export type Handlers = {
  [K in CallName]: (args: ParsedArgs<K>, ctx: CallContext) => CallResult<K> | Promise<CallResult<K>>;
};

/**
 * The one gate every call passes, whatever the transport: the name must be a contract call (own
 * property, so "__proto__" or "constructor" are unknown), the arguments must satisfy its strict
 * schema, and whatever the handler throws becomes a typed error. A rejected call never reaches a
 * handler, so it changes nothing.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawArgs: unknown,
  ctx: CallContext,
  log: ErrorLog = consoleLog,
): Promise<Result<unknown>> {
  if (!isCallName(name)) {
    return fail('unknown-call', `Unknown call "${String(name).slice(0, 100)}".`);
  }
  const parsed = calls[name].args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = formatPath(issue.path);
    return fail(
      'invalid-argument',
      `Invalid argument${field ? ` "${field}"` : ''} for ${name}: ${issue.message}`,
      { field },
    );
  }
  try {
    const handler = handlers[name] as (args: unknown, ctx: CallContext) => unknown;
    return ok(await handler(parsed.data, ctx));
  } catch (e) {
    if (e instanceof LabFault) return { ok: false, error: e.toError() };
    return internalError(name, e, log);
  }
}
