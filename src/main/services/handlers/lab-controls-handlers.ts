import { randomInt } from 'node:crypto';
import type { CallsIn, CertificateInfo } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import { deriveThumbprint } from '../../engine/world/identities';
import type { Handlers } from '../dispatch';
import type { LabContext } from '../lab-context';
import { hostNetworkPaths, setHostCpuUsage, setSiteRtt } from '../../engine/network-paths';
import { andFlush } from './engine-calls';

/** Calls of the `lab` namespace that are controls; "lab.info" is the overview (inventory-handlers). */
type LabControlCalls = Exclude<CallsIn<'lab'>, 'lab.info'>;

/**
 * The lab's own controls, which no vSphere user has: the simulation clock, armed faults, a
 * vCenter's certificate and network paths (blocked ports, round-trip time, host CPU usage). They
 * need no session.
 */
export function labControlsHandlers(
  lab: LabContext,
): Pick<Handlers, LabControlCalls | CallsIn<'clock' | 'fault'>> {
  return {
    'clock.get': () => lab.engine.clockInfo(),
    'clock.setSpeed': ({ speed }) => andFlush(lab, () => lab.engine.setSpeed(speed)),
    'fault.inject': ({ kind, vmId }) => lab.engine.injectFault(kind, vmId ?? null),
    // Network paths live in the world's records: saved with the lab, pushed as an inventory change.
    'lab.setPortBlocked': ({ hostId, port, blocked }) =>
      worldChange(lab, () => lab.engine.setPortBlocked(hostId, port, blocked)),
    'lab.setSiteRtt': ({ vcenterId, otherVcenterId, rttMs }) =>
      worldChange(lab, () => {
        setSiteRtt(lab.world, vcenterId, otherVcenterId, rttMs);
        return [...lab.world.hosts.values()]
          .filter((h) => h.vcenterId === vcenterId || h.vcenterId === otherVcenterId)
          .map((h) => hostNetworkPaths(lab.world, h.id));
      }),
    'lab.setHostCpuUsage': ({ hostId, percent }) =>
      worldChange(lab, () => setHostCpuUsage(lab.world, hostId, percent)),
    'lab.networkPaths': ({ hostId }) => hostNetworkPaths(lab.world, hostId),
    'lab.changeCertificate': async ({ vcenterId, serial }) => {
      // With real certificates attached (vSphere API), the new thumbprint is the new certificate's own.
      const vc = lab.world.vcenters.get(vcenterId);
      const issuer = lab.certificates;
      if (!vc || !issuer) return changeCertificate(lab, vcenterId, serial);
      if (serial !== undefined && issuer.serialOf(vc) === serial) throw sameSerial(serial, vc.name);
      return changeCertificate(lab, vcenterId, serial, await issuer.issue(vc, serial));
    },
  };
}

/**
 * The vCenter gets a new certificate, as after replacing the machine SSL certificate. Its services
 * restart on the real thing, so every session on it ends and the next connection meets the
 * changed-certificate warning.
 */
function changeCertificate(
  lab: LabContext,
  vcenterId: string,
  serial?: number,
  issued?: CertificateInfo,
): CertificateInfo {
  const world = lab.world;
  const vc = world.vcenters.get(vcenterId);
  if (!vc)
    throw new LabFault('not-found', `There is no vCenter "${vcenterId}" in this lab.`, {
      field: 'vcenterId',
    });
  const thumbprint = issued?.thumbprint ?? deriveThumbprint(vc.name, serial ?? randomInt(2, 2 ** 31 - 1));
  if (thumbprint === vc.certificate.thumbprint) throw sameSerial(serial, vc.name);
  const from = lab.wallClock();
  const to = new Date(from);
  to.setUTCFullYear(to.getUTCFullYear() + 2);
  vc.certificate = issued
    ? { ...issued }
    : {
        ...vc.certificate,
        thumbprint,
        validFrom: from.toISOString().slice(0, 10),
        validTo: to.toISOString().slice(0, 10),
      };
  world.touchOutsideVms();
  lab.sessions.endVCenter(vc.id, 'certificate-changed');
  return { ...vc.certificate };
}

function sameSerial(serial: number | undefined, name: string): LabFault {
  return new LabFault(
    'conflict',
    `Serial ${serial} gives ${name} the certificate it already has; choose another.`,
    {
      field: 'serial',
    },
  );
}

/** A lab control that changes world records: bump the revision, tell every vCenter's view. */
function worldChange<T>(lab: LabContext, change: () => T): T {
  return andFlush(lab, () => {
    const result = change();
    // Hosts and vCenters only, and no index depends on ports, round-trip times or CPU usage.
    lab.world.touchKeepIndexes({ outsideVms: true });
    lab.engine.inventoryChanged(...lab.world.vcenters.keys());
    return result;
  });
}
