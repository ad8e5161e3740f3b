import { computed, ref, shallowRef, watch } from 'vue';
import type {
  ComputeResourceRow,
  DatastoreRow,
  FolderRow,
  LabApi,
  MigrationRequestInput,
  MigrationType,
  NetworkRow,
  PlacementVm,
  StoragePolicyRow,
  TargetDiskFormat,
  VCenterSummary,
} from '../../../shared/contract';
import type { LabError, Result } from '../../../shared/result';
import { KEEP_STORAGE_POLICIES } from './migrate/migration-labels';
import { useCompatibilityCheck } from './use-compatibility-check';
import { useNetworkChoices } from './use-network-choices';

/** Which wizard is open: Migrate (VMs of this vCenter) or Import VMs (into a host or cluster of it). */
export type WizardRequest =
  | { kind: 'migrate'; vcenterId: string; vmIds: string[] }
  | { kind: 'import'; vcenterId: string; targetId: string }
  | null;

/** The chosen destination on "Select a compute resource". */
export interface ComputeChoice {
  id: string;
  kind: 'cluster' | 'host' | 'resourcePool';
  /** The cluster of a host or pool (a pool's request goes to its cluster). */
  clusterId: string | null;
  /** The product's reason to pick a host instead (a cluster whose DRS does not place VMs), or null. */
  hostRequired: string | null;
}

/** What the draft reads outside itself: the lab's API and the vCenters the lab has. */
export interface DraftDeps {
  api: LabApi;
  vcenters: () => VCenterSummary[];
  /** The lab's simulation time (ms), reactive; null before the clock is known. */
  simNow?: () => number | null;
}

/**
 * What the user chose in the Migrate or Import VMs wizard, the lists each page picks from (read
 * with the user's sessions), the request the choices build and its live compatibility result.
 * Pages read and change it through the wizard store; the step table reads it to decide what blocks
 * Next. Choices survive Back, Next and a failed Finish; only `reset` forgets them.
 */
export function useMigrationDraft({ api, vcenters, simNow = () => null }: DraftDeps) {
  const request = ref<WizardRequest>(null);

  // --- choices ---
  const type = ref<MigrationType | null>(null);
  /** The other vCenter of an XVM: the export target, or the import source (signed in on its page). */
  const remoteVcenterId = ref<string | null>(null);
  const selectedVmIds = ref<string[]>([]);
  const compute = ref<ComputeChoice | null>(null);
  const datastoreId = ref<string | null>(null);
  const diskFormat = ref<TargetDiskFormat>('sameAsSource');
  /** KEEP_STORAGE_POLICIES, DATASTORE_DEFAULT_POLICY, or a policy id of the destination vCenter. */
  const storagePolicy = ref<string>(KEEP_STORAGE_POLICIES);
  const perDisk = ref(false);
  const folderId = ref<string | null>(null);
  const priority = ref<'high' | 'normal'>('high');

  // --- lists (kept raw: they are replaced, never edited) ---
  const vms = shallowRef<PlacementVm[]>([]);
  const sourceVms = shallowRef<PlacementVm[]>([]);
  const computeRows = shallowRef<ComputeResourceRow[]>([]);
  const datastoreRows = shallowRef<DatastoreRow[]>([]);
  const storagePolicyRows = shallowRef<StoragePolicyRow[]>([]);
  const folderRows = shallowRef<FolderRow[]>([]);
  const networkRows = shallowRef<NetworkRow[]>([]);
  const loading = ref<Record<string, boolean>>({});
  /** A list that could not be read (e.g. the session on that vCenter ended). */
  const loadError = ref<LabError | null>(null);

  // --- compatibility (the live check of the request these choices build) ---
  const { compatibility, compatibilityError, checking, check, clearCompatibility } = useCompatibilityCheck({
    api,
    simNow,
    buildRequest,
  });

  const networks = useNetworkChoices(vms, networkRows);

  const kind = computed(() => request.value?.kind ?? 'migrate');
  const vcenterId = computed(() => request.value?.vcenterId ?? '');
  const vcenterOf = (id: string | null) => vcenters().find((v) => v.id === id) ?? null;
  const initiating = computed(() => vcenterOf(vcenterId.value));
  const remote = computed(() => vcenterOf(remoteVcenterId.value));

  const crossVc = computed(() => kind.value === 'import' || type.value === 'crossVcenter');
  /** Where the VMs end up: the export target, or this vCenter. */
  const destinationVcenterId = computed(() =>
    kind.value === 'migrate' && type.value === 'crossVcenter' ? remoteVcenterId.value : vcenterId.value,
  );
  const destination = computed(() => vcenterOf(destinationVcenterId.value));
  const anyPoweredOn = computed(
    () => vms.value.length === 0 || vms.value.some((v) => v.powerState === 'poweredOn'),
  );
  /** "All selected virtual machines must have the same power state." (Import VMs). */
  const mixedPowerState = computed(() => {
    const on = new Set(vms.value.map((v) => v.powerState === 'poweredOn'));
    return on.size > 1;
  });
  /** The name of the right-clicked host or cluster of an import (for the wizard title). */
  const importTargetName = computed(() => {
    const r = request.value;
    if (r?.kind !== 'import') return '';
    return computeRows.value.find((row) => row.id === r.targetId)?.name ?? '';
  });

  // ------------------------------------------------------------------------------------------------
  // Starting and forgetting
  // ------------------------------------------------------------------------------------------------

  function reset(): void {
    request.value = null;
    type.value = null;
    remoteVcenterId.value = null;
    selectedVmIds.value = [];
    vms.value = [];
    sourceVms.value = [];
    computeRows.value = [];
    folderRows.value = [];
    loadError.value = null;
    diskFormat.value = 'sameAsSource';
    perDisk.value = false;
    networks.reset();
    priority.value = 'high';
    clearPlacement();
  }

  /** Forgets what depends on the destination vCenter or the VMs (a new target or source). */
  function clearPlacement(): void {
    compute.value = null;
    datastoreId.value = null;
    storagePolicy.value = KEEP_STORAGE_POLICIES;
    folderId.value = null;
    datastoreRows.value = [];
    storagePolicyRows.value = [];
    networkRows.value = [];
    clearCompatibility();
  }

  async function load<T>(name: string, call: () => Promise<Result<T>>): Promise<T | null> {
    loading.value = { ...loading.value, [name]: true };
    const r = await call();
    loading.value = { ...loading.value, [name]: false };
    if (r.ok) return r.value;
    loadError.value = r.error;
    return null;
  }

  /** A new draft for the given wizard, with the product's presets. */
  function begin(r: NonNullable<WizardRequest>): void {
    reset();
    request.value = r;
    if (r.kind === 'migrate') {
      // The product preselects the first option.
      type.value = 'compute';
      const { vcenterId: vcId, vmIds } = r;
      void load('vms', () => api['placement.vms']({ vcenterId: vcId, vmIds })).then((list) => {
        if (list && request.value?.vcenterId === vcId) vms.value = list;
      });
    } else {
      type.value = 'crossVcenter';
      void loadComputeRows(r.vcenterId).then(presetImportTarget);
    }
  }

  /** Import VMs: the right-clicked host or cluster is the destination. */
  function presetImportTarget(): void {
    const r = request.value;
    const row = r?.kind === 'import' ? computeRows.value.find((x) => x.id === r.targetId) : undefined;
    if (row && row.kind !== 'datacenter') chooseCompute(row);
  }

  // ------------------------------------------------------------------------------------------------
  // Page choices
  // ------------------------------------------------------------------------------------------------

  /** Whether the type changed (Cross vCenter Server export only where the vCenter can start one). */
  function setType(t: MigrationType): boolean {
    if (t === type.value) return false;
    if (t === 'crossVcenter' && !initiating.value?.canStartCrossVCenterMigration) return false;
    const wasCross = type.value === 'crossVcenter';
    type.value = t;
    // Moving between this vCenter and another one changes every list the later pages show.
    if (wasCross || t === 'crossVcenter') {
      clearPlacement();
      computeRows.value = [];
      folderRows.value = [];
    }
    if (t === 'compute') datastoreId.value = null;
    if (t === 'storage') compute.value = null;
    compatibility.value = null;
    return true;
  }

  /** The user signed in to the other vCenter on the vCenter page; whether it is a new one. */
  function setRemote(id: string): boolean {
    // Signed in again (e.g. after the session ended): the lists can be read again.
    loadError.value = null;
    if (id === remoteVcenterId.value) return false;
    remoteVcenterId.value = id;
    clearPlacement();
    if (kind.value === 'import') {
      selectedVmIds.value = [];
      vms.value = [];
      sourceVms.value = [];
      networks.reset();
      void loadSourceVms();
      // The right-clicked target stays preset.
      presetImportTarget();
    } else {
      computeRows.value = [];
      folderRows.value = [];
    }
    return true;
  }

  function setSelectedVms(ids: string[]): void {
    selectedVmIds.value = [...ids];
    const set = new Set(ids);
    vms.value = sourceVms.value.filter((v) => set.has(v.id));
  }

  function chooseCompute(row: ComputeResourceRow): void {
    if (!row.selectable || row.kind === 'datacenter') return;
    compute.value = {
      id: row.id,
      kind: row.kind,
      clusterId: row.clusterId,
      hostRequired: row.hostRequired ?? null,
    };
    compatibility.value = null;
    void loadTargetLists();
  }

  // The VMs arrive (or change) after the lists: default their networks, list a storage move's datastores.
  watch(vms, () => {
    networks.seed();
    if (type.value === 'storage' && datastoreRows.value.length === 0) void loadTargetLists();
  });

  // ------------------------------------------------------------------------------------------------
  // Lists
  // ------------------------------------------------------------------------------------------------

  async function loadSourceVms(): Promise<void> {
    const src = remoteVcenterId.value;
    if (!src) return;
    const list = await load('sourceVms', () => api['placement.vms']({ vcenterId: src }));
    if (list && remoteVcenterId.value === src) sourceVms.value = list;
  }

  async function loadComputeRows(vcId: string | null = destinationVcenterId.value): Promise<void> {
    if (!vcId) return;
    const rows = await load('compute', () => api['placement.computeResources']({ vcenterId: vcId }));
    if (rows && destinationVcenterId.value === vcId) computeRows.value = rows;
  }

  async function loadStoragePolicies(): Promise<void> {
    const vcId = destinationVcenterId.value;
    if (!vcId) return;
    const rows = await load('storagePolicies', () => api['placement.storagePolicies']({ vcenterId: vcId }));
    if (rows && destinationVcenterId.value === vcId) storagePolicyRows.value = rows;
  }

  async function loadFolderRows(): Promise<void> {
    const vcId = destinationVcenterId.value;
    if (!vcId) return;
    const rows = await load('folders', () => api['placement.folders']({ vcenterId: vcId }));
    if (rows && destinationVcenterId.value === vcId) folderRows.value = rows;
  }

  /** The hosts/clusters whose datastores and networks the later pages list. */
  const placementTargets = computed<string[]>(() => {
    if (type.value === 'storage') return [...new Set(vms.value.map((v) => v.hostId))];
    if (!compute.value) return [];
    return [compute.value.kind === 'resourcePool' ? compute.value.clusterId! : compute.value.id];
  });

  /** The datastores and port groups the chosen destination reaches. */
  async function loadTargetLists(): Promise<void> {
    const vcId = destinationVcenterId.value;
    const targetIds = placementTargets.value;
    if (!vcId || targetIds.length === 0) return;
    const key = targetIds.join(',');
    const [ds, nets] = await Promise.all([
      load('datastores', () => api['placement.datastores']({ vcenterId: vcId, targetIds })),
      type.value === 'storage'
        ? Promise.resolve([] as NetworkRow[])
        : load('networks', () => api['placement.networks']({ vcenterId: vcId, targetIds })),
    ]);
    if (placementTargets.value.join(',') !== key) return;
    if (ds) {
      datastoreRows.value = ds;
      if (datastoreId.value && !ds.some((d) => d.id === datastoreId.value)) datastoreId.value = null;
    }
    if (nets) {
      networkRows.value = nets;
      networks.seed();
    }
  }

  // ------------------------------------------------------------------------------------------------
  // The request and its compatibility
  // ------------------------------------------------------------------------------------------------

  /**
   * The request as chosen so far. `provisional` fills what later pages have not asked yet (the
   * datastore with most free space, a reachable port group) so the compute page's compatibility
   * panel reports what the compute choice decides, not questions still to come.
   */
  function buildRequest(provisional: boolean): MigrationRequestInput | null {
    const r = request.value;
    if (!r || !type.value || vms.value.length === 0) return null;
    const req: MigrationRequestInput = {
      vcenterId: r.vcenterId,
      vmIds: vms.value.map((v) => v.id),
      type: type.value,
      diskFormat: diskFormat.value,
      priority: priority.value,
    };
    if (type.value !== 'storage') {
      const c = compute.value;
      if (!c) return null;
      if (c.kind === 'host') req.hostId = c.id;
      else if (c.kind === 'cluster') req.clusterId = c.id;
      else {
        req.clusterId = c.clusterId!;
        req.resourcePoolId = c.id;
      }
    }
    if (type.value !== 'compute') {
      let ds = datastoreId.value;
      if (!ds && provisional)
        ds = [...datastoreRows.value].sort((a, b) => b.freeGB - a.freeGB)[0]?.id ?? null;
      if (!ds) return null;
      req.datastoreId = ds;
      if (storagePolicy.value !== KEEP_STORAGE_POLICIES) req.storagePolicyId = storagePolicy.value;
    }
    if (crossVc.value && folderId.value) req.folderId = folderId.value;
    if (type.value !== 'storage') {
      const nics = networks.nicNetworks(provisional);
      if (!nics) return null;
      req.nicNetworks = nics;
    }
    return req;
  }

  return {
    request,
    kind,
    vcenterId,
    initiating,
    remote,
    remoteVcenterId,
    destinationVcenterId,
    destination,
    crossVc,
    anyPoweredOn,
    type,
    vms,
    sourceVms,
    selectedVmIds,
    mixedPowerState,
    importTargetName,
    compute,
    computeRows,
    datastoreId,
    datastoreRows,
    diskFormat,
    storagePolicy,
    storagePolicyRows,
    perDisk,
    folderId,
    folderRows,
    networkRows,
    ...networks.exposed,
    priority,
    loading,
    loadError,
    compatibility,
    compatibilityError,
    checking,
    reset,
    begin,
    setType,
    setRemote,
    setSelectedVms,
    chooseCompute,
    loadSourceVms,
    loadComputeRows,
    loadFolderRows,
    loadStoragePolicies,
    loadTargetLists,
    buildRequest,
    check,
    clearCompatibility,
  };
}

/** One open wizard's draft. */
export type MigrationDraft = ReturnType<typeof useMigrationDraft>;
