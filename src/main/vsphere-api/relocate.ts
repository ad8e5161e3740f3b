/**
 * VirtualMachineRelocateSpec → the wizard's migration request. Only translation lives here: which
 * lab objects the spec's morefs name (on this vCenter, or on the ServiceLocator's vCenter for a
 * cross-vCenter move), which migration type and disk format they amount to, and the checks a
 * vCenter makes on the locator itself (instanceUuid, certificate thumbprint, credential) before it
 * contacts the other side. Every migration rule is the engine's, reached through migration.check /
 * migration.start like the wizard.
 */
import type { MigrationRequestInput } from '../../shared/engine-api';
import type { VCenterRec, VmRec } from '../../shared/world-types';
import type { ServedCertificate } from './certificates';
import { sameThumbprint } from './certificates';
import { invalidArgument } from './faults';
import type { Entity, Inventory } from './inventory';
import { SoapFault } from './soap';
import { boolOf, child, childrenNamed, morefChild, textOf, type XNode } from './xml-decode';

/** Another vCenter endpoint of the lab, as a ServiceLocator may name it. */
export interface Peer {
  vc: VCenterRec;
  inv: Inventory;
  certificate: ServedCertificate | null;
}

/** What the source endpoint needs to resolve a ServiceLocator. */
export interface PeerDirectory {
  byInstanceUuid(uuid: string): Peer | null;
  /** Checks user/password against the peer's SSO users; returns the canonical user or throws. */
  authenticate(peer: Peer, user: string, password: string): string;
}

/** A translated spec: the request, and for a cross-vCenter move the remote login to open first. */
export interface RelocatePlan {
  request: MigrationRequestInput;
  remote: { peer: Peer; user: string; password: string } | null;
}

const PRIORITIES: Record<string, 'high' | 'normal'> = {
  highPriority: 'high',
  defaultPriority: 'high',
  lowPriority: 'normal',
};

/** A disk backing's provisioning as the wizard's disk format. */
function diskFormatOf(backing: XNode | undefined): MigrationRequestInput['diskFormat'] | undefined {
  if (!backing) return undefined;
  const thin = boolOf(backing, 'thinProvisioned');
  const eager = boolOf(backing, 'eagerlyScrub');
  if (thin) return 'thin';
  if (eager) return 'thickEagerZeroed';
  if (thin === false) return 'thickLazyZeroed';
  return undefined;
}

/** The ServiceLocator checks a vCenter makes before contacting the other one (reference §6). */
function resolveLocator(service: XNode, peers: PeerDirectory): RelocatePlan['remote'] {
  const uuid = textOf(service, 'instanceUuid') ?? '';
  const peer = peers.byInstanceUuid(uuid);
  if (!peer) {
    throw invalidArgument(
      'spec.service.instanceUuid',
      `A specified parameter was not correct: spec.service.instanceUuid. No vCenter Server with instance UUID "${uuid.slice(0, 64)}" is reachable from this vCenter Server.`,
    );
  }
  const given = textOf(service, 'sslThumbprint') ?? '';
  const cert = peer.certificate;
  // vCenter 7 clients send the SHA-1 form; the lab shows SHA-256: both name the same certificate.
  if (!cert || !(sameThumbprint(given, cert.sha1) || sameThumbprint(given, cert.sha256))) {
    throw new SoapFault(
      'SSLVerifyFault',
      `Authenticity of the host's SSL certificate is not verified. ${peer.vc.name} presents the certificate with SHA-1 thumbprint ${cert?.sha1 ?? 'unknown'}, not "${given.slice(0, 120)}".`,
      { selfSigned: false, thumbprint: cert?.sha1 ?? '' },
    );
  }
  const credential = child(service, 'credential');
  const user = textOf(credential, 'username') ?? '';
  const password = child(credential, 'password')?.text ?? '';
  if (!credential || credential.xsiType === 'ServiceLocatorSAMLCredential') {
    throw invalidArgument(
      'spec.service.credential',
      'Only a user name and password (ServiceLocatorNamePassword) are supported here.',
    );
  }
  peers.authenticate(peer, user, password);
  return { peer, user, password };
}

/** The compute target of a spec's host and pool, checked for consistency as vCenter does. */
function computeTarget(
  inv: Inventory,
  host: Entity | null,
  pool: Entity | null,
): Pick<MigrationRequestInput, 'hostId' | 'clusterId' | 'resourcePoolId'> {
  const out: Pick<MigrationRequestInput, 'hostId' | 'clusterId' | 'resourcePoolId'> = {};
  let owner: Entity | null = null;
  if (pool) {
    owner = pool;
    while (owner && (owner.kind === 'pool' || owner.kind === 'rootPool')) owner = inv.parent(owner);
    if (pool.kind === 'pool') out.resourcePoolId = pool.rec.id;
  }
  if (host?.kind === 'host') {
    out.hostId = host.rec.id;
    const hostOwner = inv.parent(host);
    if (owner && hostOwner && inv.value(owner) !== inv.value(hostOwner)) throw invalidArgument('spec.pool');
  } else if (owner?.kind === 'cluster') out.clusterId = owner.rec.id;
  else if (owner?.kind === 'computeResource') out.hostId = owner.host.id;
  return out;
}

/**
 * Translates RelocateVM_Task's spec for a VM of `inv`'s vCenter. Morefs of the target are looked up
 * on the locator's vCenter when spec.service is given, on this one otherwise.
 */
export function planRelocate(
  inv: Inventory,
  vm: VmRec,
  spec: XNode | undefined,
  priority: string | undefined,
  peers: PeerDirectory,
): RelocatePlan {
  if (!spec) throw invalidArgument('spec');
  const service = child(spec, 'service');
  const remote = service ? resolveLocator(service, peers) : null;
  const target = remote ? remote.peer.inv : inv;
  const lookup = (field: string, kinds: Entity['kind'][]): Entity | null => {
    const ref = morefChild(spec, field);
    if (!ref) return null;
    const e = target.resolve(ref);
    if (!e || !kinds.includes(e.kind)) throw invalidArgument(`spec.${field}`);
    return e;
  };
  const host = lookup('host', ['host']);
  const pool = lookup('pool', ['pool', 'rootPool']);
  const datastore = lookup('datastore', ['datastore']);
  const folder = lookup('folder', ['vmFolder', 'dcFolder']);

  // Per-disk locators: the lab places every disk on one datastore with one format, as the wizard does.
  let diskDatastore = datastore?.kind === 'datastore' ? datastore.rec.id : undefined;
  let diskFormat: MigrationRequestInput['diskFormat'] = 'sameAsSource';
  for (const [i, loc] of childrenNamed(spec, 'disk').entries()) {
    const ref = morefChild(loc, 'datastore');
    const ds = ref ? target.resolve(ref) : null;
    if (!ds || ds.kind !== 'datastore') throw invalidArgument(`spec.disk[${i}].datastore`);
    if (diskDatastore && diskDatastore !== ds.rec.id) {
      throw new SoapFault(
        'NotSupported',
        'Placing disks of one VM on different datastores is not supported in this lab; give every disk the same datastore.',
      );
    }
    diskDatastore = ds.rec.id;
    diskFormat = diskFormatOf(child(loc, 'diskBackingInfo')) ?? diskFormat;
  }
  const transform = textOf(spec, 'transform');
  if (diskFormat === 'sameAsSource' && transform)
    diskFormat = transform === 'sparse' ? 'thin' : 'thickLazyZeroed';

  const nicNetworks: { vmId: string; nicKey: number; networkId: string }[] = [];
  for (const [i, change] of childrenNamed(spec, 'deviceChange').entries()) {
    const device = child(change, 'device');
    const key = Number(textOf(device, 'key'));
    const nic = vm.nics.find((n) => n.key === key);
    if (textOf(change, 'operation') !== 'edit' || !nic) {
      throw new SoapFault(
        'NotSupported',
        `spec.deviceChange[${i}]: only editing the network backing of an existing NIC is supported during a relocation.`,
      );
    }
    const backing = child(device, 'backing');
    let net: Entity | null;
    const netRef = morefChild(backing, 'network');
    const portgroupKey = textOf(child(backing, 'port'), 'portgroupKey');
    if (netRef) net = target.resolve(netRef);
    else if (portgroupKey) net = target.resolve({ type: 'DistributedVirtualPortgroup', value: portgroupKey });
    else {
      const name = textOf(backing, 'deviceName');
      const found = [...target.w.networks.values()].find(
        (n) => n.vcenterId === target.vcenterId && n.name === name,
      );
      net = found ? { kind: 'network', rec: found } : null;
    }
    if (!net || net.kind !== 'network') throw invalidArgument(`spec.deviceChange[${i}].device.backing`);
    nicNetworks.push({ vmId: vm.id, nicKey: nic.key, networkId: net.rec.id });
  }

  const compute = computeTarget(target, host, pool);
  const movesCompute = compute.hostId !== undefined || compute.clusterId !== undefined;
  const movesStorage = diskDatastore !== undefined;
  let type: MigrationRequestInput['type'];
  if (remote) type = 'crossVcenter';
  else if (movesCompute && movesStorage) type = 'both';
  else if (movesStorage) type = 'storage';
  else if (movesCompute) type = 'compute';
  else
    throw invalidArgument(
      'spec',
      'A specified parameter was not correct: spec. Give a host, pool or datastore to move to.',
    );

  return {
    request: {
      vcenterId: inv.vcenterId,
      vmIds: [vm.id],
      type,
      ...(type === 'storage' ? {} : compute),
      folderId: folder?.kind === 'vmFolder' ? folder.rec.id : undefined,
      datastoreId: diskDatastore,
      diskFormat,
      nicNetworks,
      priority: PRIORITIES[priority ?? 'defaultPriority'] ?? 'high',
    },
    remote,
  };
}
