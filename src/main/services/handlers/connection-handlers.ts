import { LabFault } from '../../../shared/result';
import type { Handlers } from '../dispatch';
import type { LabService } from '../lab-service';

type ConnectionCalls =
  | 'session.login'
  | 'session.logout'
  | 'session.list'
  | 'cert.get'
  | 'cert.trust'
  | 'cert.retrust'
  | 'lab.changeCertificate'
  | 'connections.list'
  | 'connections.save'
  | 'connections.update'
  | 'connections.delete'
  | 'connections.test'
  | 'connections.connect'
  | 'connections.notices'
  | 'connections.dismissNotice'
  | 'connections.passwordStorage'
  | 'connections.allowWeakPasswordStorage';

/** Saved connections, certificate trust and login sessions (issue 4). */
export function connectionHandlers(lab: LabService): Pick<Handlers, ConnectionCalls> {
  const c = lab.connections;
  return {
    'session.login': (args, ctx) => c.login(ctx, args),
    'session.logout': ({ vcenterId }, ctx) => ({ loggedOut: lab.sessions.logout(ctx, vcenterId) }),
    'session.list': (_args, ctx) => lab.sessions.list(ctx),
    'cert.get': ({ address }) => c.certificate(address),
    'cert.trust': ({ address, thumbprint }) => c.trust(address, thumbprint),
    'cert.retrust': ({ address, previousThumbprint, thumbprint }) =>
      c.retrust(address, previousThumbprint, thumbprint),
    'lab.changeCertificate': async ({ vcenterId, serial }) => {
      // With real certificates attached, the new thumbprint is the new certificate's own.
      const vc = lab.world.vcenters.get(vcenterId);
      const issuer = lab.certificates;
      if (!vc || !issuer) return c.changeCertificate(vcenterId, serial);
      if (serial !== undefined && issuer.serialOf(vc) === serial) {
        throw new LabFault(
          'conflict',
          `Serial ${serial} gives ${vc.name} the certificate it already has; choose another.`,
          { field: 'serial' },
        );
      }
      return c.changeCertificate(vcenterId, serial, await issuer.issue(vc, serial));
    },
    'connections.list': () => c.list(),
    'connections.save': (args, ctx) => c.save(args, ctx),
    'connections.update': (args) => c.update(args),
    'connections.delete': ({ id }) => ({ deleted: c.delete(id) }),
    'connections.test': (args) => c.test(args),
    'connections.connect': (args, ctx) => c.connect(ctx, args),
    'connections.notices': () => c.notices(),
    'connections.dismissNotice': ({ id }) => ({ dismissed: c.dismissNotice(id) }),
    'connections.passwordStorage': () => c.passwordStorage(),
    'connections.allowWeakPasswordStorage': ({ allow, acknowledged }) =>
      c.allowWeakStorage(allow, acknowledged),
  };
}
