import { computed, ref, type Ref } from 'vue';
import type { NetworkRow, PlacementVm } from '../../../shared/contract';

const nicKey = (vmId: string, key: number): string => `${vmId}#${key}`;

/**
 * The "Select networks" part of a wizard draft: one destination per source network (Basic) or per
 * network adapter (Advanced), defaulted from what the destination reaches.
 */
export function useNetworkChoices(vms: Ref<PlacementVm[]>, networkRows: Ref<NetworkRow[]>) {
  const networkMode = ref<'basic' | 'advanced'>('basic');
  /** Basic mode: source network id → destination network id. */
  const networkMap = ref<Record<string, string>>({});
  /** Advanced mode: "vmId#nicKey" → destination network id. */
  const nicMap = ref<Record<string, string>>({});

  function reset(): void {
    networkMode.value = 'basic';
    networkMap.value = {};
    nicMap.value = {};
  }

  /**
   * Default destination per source network: the same network when the target reaches it (a move in
   * this vCenter), else a reachable port group of the same name; otherwise the user must choose.
   * Choices the user made that the new target still reaches are kept.
   */
  function seed(): void {
    const reachable = new Set(networkRows.value.map((n) => n.id));
    const byName = new Map(networkRows.value.map((n) => [n.name, n.id]));
    const next: Record<string, string> = {};
    const nextNic: Record<string, string> = {};
    for (const vm of vms.value) {
      for (const nic of vm.nics) {
        const keep = networkMap.value[nic.networkId];
        next[nic.networkId] =
          keep && reachable.has(keep)
            ? keep
            : reachable.has(nic.networkId)
              ? nic.networkId
              : (byName.get(nic.networkName) ?? '');
        const k = nicKey(vm.id, nic.key);
        const keepNic = nicMap.value[k];
        nextNic[k] = keepNic && reachable.has(keepNic) ? keepNic : next[nic.networkId];
      }
    }
    networkMap.value = next;
    nicMap.value = nextNic;
  }

  function setNetworkMode(mode: 'basic' | 'advanced'): void {
    if (mode === 'advanced') {
      // Advanced starts from what the basic table chose.
      const seeded: Record<string, string> = {};
      for (const vm of vms.value)
        for (const nic of vm.nics) seeded[nicKey(vm.id, nic.key)] = networkMap.value[nic.networkId] ?? '';
      nicMap.value = seeded;
    }
    networkMode.value = mode;
  }

  function setNetwork(sourceNetworkId: string, destinationId: string): void {
    networkMap.value = { ...networkMap.value, [sourceNetworkId]: destinationId };
  }

  function setNicNetwork(vmId: string, key: number, destinationId: string): void {
    nicMap.value = { ...nicMap.value, [nicKey(vmId, key)]: destinationId };
  }

  function nicDestination(vmId: string, key: number, sourceNetworkId: string): string {
    return networkMode.value === 'advanced'
      ? (nicMap.value[nicKey(vmId, key)] ?? '')
      : (networkMap.value[sourceNetworkId] ?? '');
  }

  /** Source networks with the NICs that use them (the basic "Select networks" table). */
  const sourceNetworks = computed(() => {
    const out = new Map<string, { id: string; name: string; vms: Set<string>; nics: number }>();
    for (const vm of vms.value)
      for (const nic of vm.nics) {
        const row = out.get(nic.networkId) ?? {
          id: nic.networkId,
          name: nic.networkName,
          vms: new Set(),
          nics: 0,
        };
        row.vms.add(vm.id);
        row.nics++;
        out.set(nic.networkId, row);
      }
    return [...out.values()].map((r) => ({ id: r.id, name: r.name, vmCount: r.vms.size, nicCount: r.nics }));
  });

  /**
   * Every NIC's destination for the request, or null while one is missing. `provisional` fills a
   * missing one with a reachable port group (or leaves that NIC out) instead.
   */
  function nicNetworks(provisional: boolean): { vmId: string; nicKey: number; networkId: string }[] | null {
    const reachable = networkRows.value.map((n) => n.id);
    const nics: { vmId: string; nicKey: number; networkId: string }[] = [];
    for (const vm of vms.value)
      for (const nic of vm.nics) {
        let to = nicDestination(vm.id, nic.key, nic.networkId);
        if (!to && provisional) to = reachable[0] ?? '';
        if (!to) {
          if (provisional) continue;
          return null;
        }
        nics.push({ vmId: vm.id, nicKey: nic.key, networkId: to });
      }
    return nics;
  }

  /** The first NIC without a destination, in the words of the Next button's hint; null when all have one. */
  function missing(): string | null {
    for (const vm of vms.value)
      for (const nic of vm.nics)
        if (!nicDestination(vm.id, nic.key, nic.networkId))
          return networkMode.value === 'advanced'
            ? `Select a destination network for ${vm.name} ${nic.label}.`
            : `Select a destination network for ${nic.networkName}.`;
    return null;
  }

  return {
    reset,
    seed,
    nicNetworks,
    /** What the pages read and change. */
    exposed: {
      networkMode,
      networkMap,
      sourceNetworks,
      setNetworkMode,
      setNetwork,
      setNicNetwork,
      nicDestination,
      missingNetwork: missing,
    },
  };
}
