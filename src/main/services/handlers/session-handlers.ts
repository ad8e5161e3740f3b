import type { CallsIn } from '../../../shared/contract';
import type { Handlers } from '../dispatch';
import type { LabContext } from '../lab-context';

/** Login sessions by address: sign in, sign out, and the caller's open sessions. */
export function sessionHandlers(lab: LabContext): Pick<Handlers, CallsIn<'session'>> {
  return {
    'session.login': (args, ctx) => lab.connections.login.login(ctx, args),
    'session.logout': ({ vcenterId }, ctx) => ({ loggedOut: lab.sessions.logout(ctx, vcenterId) }),
    'session.list': (_args, ctx) => lab.sessions.list(ctx),
  };
}
