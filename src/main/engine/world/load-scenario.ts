import {
  scenarioSchema,
  type Scenario,
  type ScenarioResourcePool,
  type ScenarioVmFolder,
  vmcaIssuer,
} from '../../../shared/scenario-schema';
import { formatPath, LabFault } from '../../../shared/result';
import type { CdromBacking, HostRec, VmRec } from '../../../shared/world-types';
import { createRandom } from '../random';
import { deriveThumbprint, randomMac, randomUuid } from './identities';
import { runToEnd } from '../steps';
import { World } from './world';
import { applyScenarioSiteRtts } from '../network-paths';

function refError(path: (string | number)[], message: string): LabFault {
  const field = formatPath(path);
  return new LabFault('invalid-scenario', `${field}: ${message}`, { field });
}

/**
 * Validates a parsed scenario object and builds the normalised world. Throws a LabFault of code
 * "invalid-scenario" whose message and `field` name the first offending field.
 */
export function loadScenario(input: unknown): World {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = formatPath(issue.path);
    throw new LabFault('invalid-scenario', `${field || 'scenario'}: ${issue.message}`, { field });
  }
  return runToEnd(normalise(parsed.data));
}

/** Parses scenario JSON text (as read from a file) and loads it. */
export function loadScenarioText(text: string): World {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LabFault('invalid-scenario', `The scenario file is not valid JSON: ${(e as Error).message}`, {
      field: '',
    });
  }
  return loadScenario(data);
}

/** VMs built between two yields of normalise (a few milliseconds of work). */
export const NORMALISE_CHUNK = 200;

/**
 * Builds the normalised world from a validated scenario, yielding every NORMALISE_CHUNK VMs (and
 * while the indexes are built) so a caller holding a 100,000-VM lab can answer other calls between
 * chunks (load-scenario-steps.ts). Throws a LabFault naming the first bad reference.
 */
export function* normalise(sc: Scenario): Generator<void, World, void> {
  const world = new World(sc.name, sc.seed);
  world.description = sc.description;
  const random = createRandom(sc.seed);
  const counters = new Map<string, number>();
  const usedMacs = new Set<string>();
  const vcKeys = new Set<string>();
  const vcNames = new Set<string>();
  const freeFieldOf = new Map<string, string>();

  let built = 0;
  for (const [vi, vc] of sc.vcenters.entries()) {
    const vpath = ['vcenters', vi];
    if (vcKeys.has(vc.key)) throw refError([...vpath, 'key'], `duplicate vCenter key "${vc.key}"`);
    if (vcNames.has(vc.name.toLowerCase()))
      throw refError([...vpath, 'name'], `duplicate vCenter name "${vc.name}"`);
    vcKeys.add(vc.key);
    vcNames.add(vc.name.toLowerCase());
    const id = (type: string): string => {
      const n = (counters.get(`${vc.key}:${type}`) ?? 0) + 1;
      counters.set(`${vc.key}:${type}`, n);
      return `${vc.key}:${type}-${n}`;
    };
    const vcId = `${vc.key}:vcenter`;
    world.vcenters.set(vcId, {
      id: vcId,
      kind: 'vcenter',
      key: vc.key,
      name: vc.name,
      version: vc.version,
      build: vc.build,
      ssoDomain: vc.ssoDomain,
      users: vc.users.map((u) => ({ ...u })),
      certificate: {
        thumbprint: vc.certificate.thumbprint ?? deriveThumbprint(vc.name, vc.certificate.serial),
        issuer: vc.certificate.issuer ?? vmcaIssuer(vc.ssoDomain, vc.name),
        subject: `CN=${vc.name}`,
        validFrom: vc.certificate.validFrom,
        validTo: vc.certificate.validTo,
      },
      cloud: vc.cloud,
      reachable: vc.reachable,
      license: vc.license,
      linkedModeGroup: vc.linkedModeGroup,
      ...(vc.storagePolicies && {
        storagePolicies: vc.storagePolicies.map((p, i) => ({
          id: `${vc.key}:storage-policy-${i + 1}`,
          name: p.name,
          description: p.description ?? '',
        })),
      }),
    });

    for (const [di, dc] of vc.datacenters.entries()) {
      const dpath = [...vpath, 'datacenters', di];
      const dcId = id('datacenter');
      world.datacenters.set(dcId, { id: dcId, kind: 'datacenter', vcenterId: vcId, name: dc.name });

      const uniqueNames = <T extends { name: string }>(
        items: T[],
        what: string,
        field: string,
      ): Map<string, number> => {
        const seen = new Map<string, number>();
        items.forEach((item, i) => {
          if (seen.has(item.name))
            throw refError([...dpath, field, i, 'name'], `duplicate ${what} name "${item.name}"`);
          seen.set(item.name, i);
        });
        return seen;
      };

      const datastoreIds = new Map<string, string>();
      uniqueNames(dc.datastores, 'datastore', 'datastores');
      dc.datastores.forEach((ds, i) => {
        if (ds.freeGB > ds.capacityGB)
          throw refError(
            [...dpath, 'datastores', i, 'freeGB'],
            `free space (${ds.freeGB} GB) exceeds capacity (${ds.capacityGB} GB)`,
          );
        const dsId = id('datastore');
        datastoreIds.set(ds.name, dsId);
        freeFieldOf.set(dsId, formatPath([...dpath, 'datastores', i, 'freeGB']));
        // Free space is derived; the file's freeGB fixes how much non-VM data sits there (set below).
        world.datastores.set(dsId, {
          id: dsId,
          kind: 'datastore',
          vcenterId: vcId,
          datacenterId: dcId,
          name: ds.name,
          type: ds.type,
          capacityGB: ds.capacityGB,
          otherUsedGB: ds.capacityGB - ds.freeGB,
        });
      });

      const networkIds = new Map<string, string>();
      uniqueNames(dc.networks, 'network', 'networks');
      dc.networks.forEach((net) => {
        const netId = id(net.kind === 'distributed' ? 'dvportgroup' : 'network');
        networkIds.set(net.name, netId);
        world.networks.set(netId, {
          id: netId,
          kind: 'network',
          vcenterId: vcId,
          datacenterId: dcId,
          name: net.name,
          type: net.kind,
          switchName: net.switch,
          vlan: net.vlan,
        });
      });

      const hostIds = new Map<string, string>();
      const poolPaths = new Map<string, Map<string, string>>(); // clusterId → path → pool id
      const addHost = (
        h: Scenario['vcenters'][0]['datacenters'][0]['hosts'][0],
        path: (string | number)[],
        clusterId: string | null,
      ): void => {
        if (hostIds.has(h.name)) throw refError([...path, 'name'], `duplicate host name "${h.name}"`);
        const hostId = id('host');
        hostIds.set(h.name, hostId);
        const rec: HostRec = {
          id: hostId,
          kind: 'host',
          vcenterId: vcId,
          datacenterId: dcId,
          clusterId,
          name: h.name,
          version: h.version,
          build: h.build ?? '',
          cpu: { ...h.cpu },
          memoryGB: h.memoryGB,
          vmotion: { ...h.vmotion },
          ...(h.blockedPorts?.length
            ? { blockedPorts: [...new Set(h.blockedPorts)].sort((a, b) => a - b) }
            : {}),
          ...(h.cpuUsagePercent !== undefined ? { cpuUsagePercent: h.cpuUsagePercent } : {}),
          connectionState: h.connectionState,
          maintenance: h.maintenanceMode ? 'inMaintenance' : 'none',
          datastoreIds: h.datastores.map((name, i) => {
            const dsId = datastoreIds.get(name);
            if (!dsId)
              throw refError(
                [...path, 'datastores', i],
                `no datastore named "${name}" in datacenter "${dc.name}"`,
              );
            return dsId;
          }),
          networkIds: h.networks.map((name, i) => {
            const netId = networkIds.get(name);
            if (!netId)
              throw refError(
                [...path, 'networks', i],
                `no network named "${name}" in datacenter "${dc.name}"`,
              );
            return netId;
          }),
        };
        world.hosts.set(hostId, rec);
      };

      uniqueNames(dc.clusters, 'cluster', 'clusters');
      dc.clusters.forEach((cl, ci) => {
        const cpath = [...dpath, 'clusters', ci];
        const clId = id('domain-c');
        world.clusters.set(clId, {
          id: clId,
          kind: 'cluster',
          vcenterId: vcId,
          datacenterId: dcId,
          name: cl.name,
          drs: cl.drs,
          evc: cl.evc,
        });
        cl.hosts.forEach((h, hi) => addHost(h, [...cpath, 'hosts', hi], clId));
        const paths = new Map<string, string>();
        const addPools = (
          pools: ScenarioResourcePool[],
          parentId: string | null,
          prefix: string,
          ppath: (string | number)[],
        ): void => {
          const names = new Set<string>();
          pools.forEach((p, pi) => {
            if (names.has(p.name))
              throw refError([...ppath, pi, 'name'], `duplicate resource pool name "${p.name}"`);
            names.add(p.name);
            const poolId = id('resgroup');
            const full = prefix ? `${prefix}/${p.name}` : p.name;
            paths.set(full, poolId);
            world.resourcePools.set(poolId, {
              id: poolId,
              kind: 'resourcePool',
              vcenterId: vcId,
              clusterId: clId,
              parentId,
              name: p.name,
            });
            addPools(p.resourcePools ?? [], poolId, full, [...ppath, pi, 'resourcePools']);
          });
        };
        addPools(cl.resourcePools, null, '', [...cpath, 'resourcePools']);
        poolPaths.set(clId, paths);
      });
      dc.hosts.forEach((h, hi) => addHost(h, [...dpath, 'hosts', hi], null));

      const folderPaths = new Map<string, string>();
      const addFolders = (
        folders: ScenarioVmFolder[],
        parentId: string | null,
        prefix: string,
        fpath: (string | number)[],
      ): void => {
        const names = new Set<string>();
        folders.forEach((f, fi) => {
          if (names.has(f.name)) throw refError([...fpath, fi, 'name'], `duplicate folder name "${f.name}"`);
          names.add(f.name);
          const folderId = id('group-v');
          const full = prefix ? `${prefix}/${f.name}` : f.name;
          folderPaths.set(full, folderId);
          world.folders.set(folderId, {
            id: folderId,
            kind: 'folder',
            vcenterId: vcId,
            datacenterId: dcId,
            parentId,
            name: f.name,
          });
          addFolders(f.folders ?? [], folderId, full, [...fpath, fi, 'folders']);
        });
      };
      addFolders(dc.vmFolders, null, '', [...dpath, 'vmFolders']);

      const vmNames = new Set<string>();
      for (const [vmi, v] of dc.vms.entries()) {
        if (++built % NORMALISE_CHUNK === 0) yield;
        const path = [...dpath, 'vms', vmi];
        if (vmNames.has(v.name)) throw refError([...path, 'name'], `duplicate VM name "${v.name}"`);
        vmNames.add(v.name);
        const hostId = hostIds.get(v.host);
        if (!hostId)
          throw refError([...path, 'host'], `no host named "${v.host}" in datacenter "${dc.name}"`);
        const host = world.hosts.get(hostId)!;
        let folderId: string | null = null;
        if (v.folder) {
          folderId = folderPaths.get(v.folder) ?? null;
          if (!folderId)
            throw refError([...path, 'folder'], `no VM folder "${v.folder}" in datacenter "${dc.name}"`);
        }
        let resourcePoolId: string | null = null;
        if (v.resourcePool) {
          if (!host.clusterId)
            throw refError(
              [...path, 'resourcePool'],
              `host "${v.host}" is not in a cluster, so it has no resource pools`,
            );
          resourcePoolId = poolPaths.get(host.clusterId)?.get(v.resourcePool) ?? null;
          if (!resourcePoolId)
            throw refError(
              [...path, 'resourcePool'],
              `no resource pool "${v.resourcePool}" in the cluster of host "${v.host}"`,
            );
        }
        const dsRef = (name: string, p: (string | number)[]): string => {
          const dsId = datastoreIds.get(name);
          if (!dsId) throw refError(p, `no datastore named "${name}" in datacenter "${dc.name}"`);
          return dsId;
        };
        const vmId = id('vm');
        const rec: VmRec = {
          id: vmId,
          kind: 'vm',
          vcenterId: vcId,
          datacenterId: dcId,
          name: v.name,
          uuid: v.uuid ?? randomUuid(random),
          instanceUuid: randomUuid(random),
          powerState: v.powerState,
          cpu: v.cpu,
          memoryMB: v.memoryMB,
          hardwareVersion: v.hardwareVersion,
          guestOs: v.guestOs,
          hostId,
          folderId,
          resourcePoolId,
          disks: v.disks.map((d, i) => {
            if (d.usedGB > d.sizeGB)
              throw refError(
                [...path, 'disks', i, 'usedGB'],
                `used (${d.usedGB} GB) exceeds size (${d.sizeGB} GB)`,
              );
            return {
              key: 2000 + i,
              label: `Hard disk ${i + 1}`,
              sizeGB: d.sizeGB,
              usedGB: d.usedGB,
              format: d.format,
              datastoreId: dsRef(d.datastore, [...path, 'disks', i, 'datastore']),
            };
          }),
          nics: v.nics.map((n, i) => {
            const networkId = networkIds.get(n.network);
            if (!networkId)
              throw refError(
                [...path, 'nics', i, 'network'],
                `no network named "${n.network}" in datacenter "${dc.name}"`,
              );
            let mac = n.mac ?? randomMac(random);
            if (usedMacs.has(mac)) {
              if (n.mac)
                throw refError(
                  [...path, 'nics', i, 'mac'],
                  `MAC address ${mac} is already used by another NIC`,
                );
              while (usedMacs.has(mac)) mac = randomMac(random);
            }
            usedMacs.add(mac);
            return {
              key: 4000 + i,
              label: `Network adapter ${i + 1}`,
              networkId,
              mac,
              connected: n.connected,
            };
          }),
          cdroms: v.cdroms.map((c, i) => {
            const b = c.backing;
            const backing: CdromBacking =
              b.type === 'datastoreIso'
                ? {
                    type: 'datastoreIso',
                    datastoreId: dsRef(b.datastore, [...path, 'cdroms', i, 'backing', 'datastore']),
                    path: b.path,
                  }
                : b;
            return { key: 3000 + i, label: `CD/DVD drive ${i + 1}`, backing, connected: c.connected };
          }),
          serialPorts: v.serialPorts.map((s) => ({ ...s })),
          ipAddress: v.ipAddress ?? null,
          dirtyRateMBps: v.dirtyRateMBps,
          pinned: v.pinned,
          toolsInstalled: v.toolsInstalled,
        };
        world.vms.set(vmId, rec);
      }
    }
  }

  applyScenarioSiteRtts(world, sc.vcenters);

  // The file states each datastore's free space; what the lab's own disks do not explain is
  // "other" data. A file whose disks need more than the datastore holds is rejected.
  world.touch();
  yield* world.buildIndexSteps();
  for (const ds of world.datastores.values()) {
    const disks = world.datastoreUsedGB(ds.id) - ds.otherUsedGB;
    const other = ds.otherUsedGB - disks;
    if (other < -1e-6) {
      throw new LabFault(
        'invalid-scenario',
        `${freeFieldOf.get(ds.id)}: the VM disks on datastore "${ds.name}" take ${disks.toFixed(1)} GB, more than the used space the file states (${ds.otherUsedGB.toFixed(1)} GB = capacityGB − freeGB)`,
        { field: freeFieldOf.get(ds.id) },
      );
    }
    ds.otherUsedGB = Math.max(0, other);
  }
  // Only "other" space changed: the indexes just built (VM disks per datastore, …) still hold.
  world.touchKeepIndexes();
  return world;
}
