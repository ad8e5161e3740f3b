import type { CallsIn } from '../../../shared/contract';
import type { Handlers } from '../dispatch';
import type { LabContext } from '../lab-context';

/** Saved connections, their passwords, and signing in with one. */
export function connectionHandlers(lab: LabContext): Pick<Handlers, CallsIn<'connections'>> {
  const { saved, vault, login, store } = lab.connections;
  return {
    'connections.list': () => saved.list(),
    'connections.save': (args, ctx) => saved.save(args, ctx),
    'connections.update': (args) => saved.update(args),
    'connections.delete': ({ id }) => ({ deleted: saved.delete(id) }),
    'connections.test': (args) => login.test(args),
    'connections.connect': (args, ctx) => login.connect(ctx, args),
    'connections.notices': () => store.notices(),
    'connections.dismissNotice': ({ id }) => ({ dismissed: store.dismissNotice(id) }),
    'connections.passwordStorage': () => vault.passwordStorage(),
    'connections.allowWeakPasswordStorage': ({ allow, acknowledged }) =>
      vault.allowWeakStorage(allow, acknowledged),
  };
}
