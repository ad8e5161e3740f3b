import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type {
  CompatibilityResult,
  ComputeResourceRow,
  DatastoreRow,
  FolderRow,
  MigrationRequestInput,
  MigrationStartResult,
  MigrationType,
  NetworkRow,
  PlacementVm,
  TargetDiskFormat,
} from '../../../shared/contract';
import type { LabError, Result } from '../../../shared/result';
import { isAtLeast, XVM_MIN_INITIATOR_BUILD, XVM_MIN_REMOTE_VERSION } from '../../../shared/versions';
import { labApi } from '../api/lab-api';
import { stepTitle, type StepId } from '../wizards/migrate/migration-labels';
import { useLabStore } from './lab-store';

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
}

const nicKey = (vmId: string, key: number): string => `${vmId}#${key}`;

/** The steps that run compatibility checks, and so may block Next on an error. */
const CHECKED_STEPS: StepId[] = ['compute', 'storage', 'ready'];

/**
 * The Migrate and Import VMs wizards: every choice the user made, the lists each page picks from
 * (read with the user's sessions), the live compatibility result and Finish. Choices survive Back,
 * Next and a failed Finish; only Cancel (or Finish succeeding) forgets them.
 */
export const useWizardStore = defineStore('wizard', () => {
  const lab = useLabStore();

  const request = ref<WizardRequest>(null);
  const step = ref<StepId>('type');
  /** Furthest step reached, so the step list can jump back and forward over visited pages. */
  const furthest = ref(0);

  // --- choices ---
  const type = ref<MigrationType | null>(null);
  /** The other vCenter of an XVM: the export target, or the import source (signed in on its page). */
  const remoteVcenterId = ref<string | null>(null);
  const selectedVmIds = ref<string[]>([]);
  const compute = ref<ComputeChoice | null>(null);
  const datastoreId = ref<string | null>(null);
  const diskFormat = ref<TargetDiskFormat>('sameAsSource');
  const perDisk = ref(false);
  const folderId = ref<string | null>(null);
  const networkMode = ref<'basic' | 'advanced'>('basic');
  /** Basic mode: source network id → destination network id. */
  const networkMap = ref<Record<string, string>>({});
  /** Advanced mode: "vmId#nicKey" → destination network id. */
  const nicMap = ref<Record<string, string>>({});
  const priority = ref<'high' | 'normal'>('high');

  // --- lists (kept raw: they are replaced, never edited) ---
  const vms = shallowRef<PlacementVm[]>([]);
  const sourceVms = shallowRef<PlacementVm[]>([]);
  const computeRows = shallowRef<ComputeResourceRow[]>([]);
  const datastoreRows = shallowRef<DatastoreRow[]>([]);
  const folderRows = shallowRef<FolderRow[]>([]);
  const networkRows = shallowRef<NetworkRow[]>([]);
  const loading = ref<Record<string, boolean>>({});
  /** A list that could not be read (e.g. the session on that vCenter ended). */
  const loadError = ref<LabError | null>(null);

  // --- compatibility and Finish ---
  const compatibility = ref<CompatibilityResult | null>(null);
  const compatibilityError = ref<LabError | null>(null);
  const checking = ref(false);
  const starting = ref(false);
  const startError = ref<LabError | null>(null);
  /** What the last Finish started (the tasks panel may highlight these). */
  const lastStarted = ref<MigrationStartResult | null>(null);

  const kind = computed(() => request.value?.kind ?? 'migrate');
  const vcenterId = computed(() => request.value?.vcenterId ?? '');
  const vcenterOf = (id: string | null) => lab.info?.vcenters.find((v) => v.id === id) ?? null;
  const initiating = computed(() => vcenterOf(vcenterId.value));
  const remote = computed(() => vcenterOf(remoteVcenterId.value));

  /** Cross vCenter Server export and Import VMs need the initiating vCenter at 7.0 U1c or later. */
  function xvmAvailable(id: string): boolean {
    const vc = vcenterOf(id);
    return !!vc && isAtLeast(vc.build, XVM_MIN_INITIATOR_BUILD);
  }

  const crossVc = computed(() => kind.value === 'import' || type.value === 'crossVcenter');
  /** Where the VMs end up: the export target, or this vCenter. */
  const destinationVcenterId = computed(() =>
    kind.value === 'migrate' && type.value === 'crossVcenter' ? remoteVcenterId.value : vcenterId.value,
  );
  const destination = computed(() => vcenterOf(destinationVcenterId.value));
  const sourceVcenterId = computed(() => (kind.value === 'import' ? remoteVcenterId.value : vcenterId.value));
  const anyPoweredOn = computed(
    () => vms.value.length === 0 || vms.value.some((v) => v.powerState === 'poweredOn'),
  );

  const steps = computed<StepId[]>(() => {
    const tail = (withStorage: boolean, withFolder: boolean): StepId[] => [
      'compute',
      ...(withStorage ? (['storage'] as const) : []),
      ...(withFolder ? (['folder'] as const) : []),
      'networks',
      // The product asks for a vMotion priority only when something is moved live.
      ...(anyPoweredOn.value ? (['priority'] as const) : []),
      'ready',
    ];
    if (kind.value === 'import') return ['vcenter', 'vms', ...tail(true, true)];
    switch (type.value) {
      case 'storage':
        return ['type', 'storage', 'ready'];
      case 'both':
        return ['type', ...tail(true, false)];
      case 'crossVcenter':
        return ['type', 'vcenter', ...tail(true, true)];
      case 'compute':
      default:
        return ['type', ...tail(false, false)];
    }
  });
  const stepIndex = computed(() => Math.max(0, steps.value.indexOf(step.value)));

  // ------------------------------------------------------------------------------------------------
  // Opening and closing
  // ------------------------------------------------------------------------------------------------

  function reset(): void {
    step.value = 'type';
    furthest.value = 0;
    type.value = null;
    remoteVcenterId.value = null;
    selectedVmIds.value = [];
    vms.value = [];
    sourceVms.value = [];
    computeRows.value = [];
    folderRows.value = [];
    loadError.value = null;
    startError.value = null;
    starting.value = false;
    diskFormat.value = 'sameAsSource';
    perDisk.value = false;
    networkMode.value = 'basic';
    networkMap.value = {};
    nicMap.value = {};
    priority.value = 'high';
    clearPlacement();
  }

  /** Forgets what depends on the destination vCenter or the VMs (a new target or source). */
  function clearPlacement(): void {
    compute.value = null;
    datastoreId.value = null;
    folderId.value = null;
    datastoreRows.value = [];
    networkRows.value = [];
    compatibility.value = null;
    compatibilityError.value = null;
  }

  async function load<T>(name: string, call: () => Promise<Result<T>>): Promise<T | null> {
    loading.value = { ...loading.value, [name]: true };
    const r = await call();
    loading.value = { ...loading.value, [name]: false };
    if (r.ok) return r.value;
    loadError.value = r.error;
    return null;
  }

  function openMigrate(vcId: string, vmIds: string[]): void {
    reset();
    request.value = { kind: 'migrate', vcenterId: vcId, vmIds: [...vmIds] };
    // The product preselects the first option.
    type.value = 'compute';
    void load('vms', () => labApi['placement.vms']({ vcenterId: vcId, vmIds })).then((list) => {
      if (list && request.value?.vcenterId === vcId) vms.value = list;
    });
  }

  function openImport(vcId: string, targetId: string): void {
    reset();
    request.value = { kind: 'import', vcenterId: vcId, targetId };
    type.value = 'crossVcenter';
    step.value = 'vcenter';
    void loadComputeRows(vcId).then(() => {
      const row = computeRows.value.find((r) => r.id === targetId);
      if (row && row.kind !== 'datacenter') chooseCompute(row);
    });
  }

  function close(): void {
    request.value = null;
    reset();
  }

  /** The name of the right-clicked host or cluster of an import (for the wizard title). */
  const importTargetName = computed(() => {
    const r = request.value;
    if (r?.kind !== 'import') return '';
    return computeRows.value.find((row) => row.id === r.targetId)?.name ?? '';
  });

  // ------------------------------------------------------------------------------------------------
  // Page choices
  // ------------------------------------------------------------------------------------------------

  function setType(t: MigrationType): void {
    if (t === type.value) return;
    if (t === 'crossVcenter' && !xvmAvailable(vcenterId.value)) return;
    const wasCross = type.value === 'crossVcenter';
    type.value = t;
    furthest.value = stepIndex.value;
    // Moving between this vCenter and another one changes every list the later pages show.
    if (wasCross || t === 'crossVcenter') {
      clearPlacement();
      computeRows.value = [];
      folderRows.value = [];
    }
    if (t === 'compute') datastoreId.value = null;
    if (t === 'storage') compute.value = null;
    compatibility.value = null;
  }

  /** The user signed in to the other vCenter on the vCenter page. */
  function setRemote(id: string): void {
    // Signed in again (e.g. after the session ended): the lists can be read again.
    loadError.value = null;
    startError.value = null;
    if (id === remoteVcenterId.value) return;
    remoteVcenterId.value = id;
    furthest.value = stepIndex.value;
    clearPlacement();
    if (kind.value === 'import') {
      selectedVmIds.value = [];
      vms.value = [];
      sourceVms.value = [];
      networkMap.value = {};
      nicMap.value = {};
      void loadSourceVms();
      // The right-clicked target stays preset.
      const r = request.value;
      const row = r?.kind === 'import' ? computeRows.value.find((x) => x.id === r.targetId) : undefined;
      if (row && row.kind !== 'datacenter') chooseCompute(row);
    } else {
      computeRows.value = [];
      folderRows.value = [];
    }
  }

  async function loadSourceVms(): Promise<void> {
    const src = remoteVcenterId.value;
    if (!src) return;
    const list = await load('sourceVms', () => labApi['placement.vms']({ vcenterId: src }));
    if (list && remoteVcenterId.value === src) sourceVms.value = list;
  }

  function setSelectedVms(ids: string[]): void {
    selectedVmIds.value = [...ids];
    const set = new Set(ids);
    vms.value = sourceVms.value.filter((v) => set.has(v.id));
  }

  // The VMs arrive (or change) after the lists: default their networks, list a storage move's datastores.
  watch(vms, () => {
    seedNetworks();
    if (type.value === 'storage' && datastoreRows.value.length === 0) void loadTargetLists();
  });

  /** "All selected virtual machines must have the same power state." (Import VMs). */
  const mixedPowerState = computed(() => {
    const on = new Set(vms.value.map((v) => v.powerState === 'poweredOn'));
    return on.size > 1;
  });

  async function loadComputeRows(vcId: string | null): Promise<void> {
    if (!vcId) return;
    const rows = await load('compute', () => labApi['placement.computeResources']({ vcenterId: vcId }));
    if (rows && destinationVcenterId.value === vcId) computeRows.value = rows;
  }

  async function loadFolderRows(): Promise<void> {
    const vcId = destinationVcenterId.value;
    if (!vcId) return;
    const rows = await load('folders', () => labApi['placement.folders']({ vcenterId: vcId }));
    if (rows && destinationVcenterId.value === vcId) folderRows.value = rows;
  }

  /** The hosts/clusters whose datastores and networks the later pages list. */
  const placementTargets = computed<string[]>(() => {
    if (type.value === 'storage') return [...new Set(vms.value.map((v) => v.hostId))];
    if (!compute.value) return [];
    return [compute.value.kind === 'resourcePool' ? compute.value.clusterId! : compute.value.id];
  });

  async function loadTargetLists(): Promise<void> {
    const vcId = destinationVcenterId.value;
    const targetIds = placementTargets.value;
    if (!vcId || targetIds.length === 0) return;
    const key = targetIds.join(',');
    const [ds, nets] = await Promise.all([
      load('datastores', () => labApi['placement.datastores']({ vcenterId: vcId, targetIds })),
      type.value === 'storage'
        ? Promise.resolve([] as NetworkRow[])
        : load('networks', () => labApi['placement.networks']({ vcenterId: vcId, targetIds })),
    ]);
    if (placementTargets.value.join(',') !== key) return;
    if (ds) {
      datastoreRows.value = ds;
      if (datastoreId.value && !ds.some((d) => d.id === datastoreId.value)) datastoreId.value = null;
    }
    if (nets) {
      networkRows.value = nets;
      seedNetworks();
    }
  }

  function chooseCompute(row: ComputeResourceRow): void {
    if (!row.selectable || row.kind === 'datacenter') return;
    compute.value = { id: row.id, kind: row.kind, clusterId: row.clusterId };
    compatibility.value = null;
    void loadTargetLists();
  }

  /**
   * Default destination per source network: the same network when the target reaches it (a move in
   * this vCenter), else a reachable port group of the same name; otherwise the user must choose.
   * Choices the user made that the new target still reaches are kept.
   */
  function seedNetworks(): void {
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

  // ------------------------------------------------------------------------------------------------
  // The request, compatibility and validity
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
    }
    if (crossVc.value && folderId.value) req.folderId = folderId.value;
    if (type.value !== 'storage') {
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
      req.nicNetworks = nics;
    }
    return req;
  }

  let checkSeq = 0;
  async function runCheck(): Promise<void> {
    const req = buildRequest(step.value !== 'ready');
    const seq = ++checkSeq;
    if (!req) {
      compatibility.value = null;
      compatibilityError.value = null;
      checking.value = false;
      return;
    }
    checking.value = true;
    const r = await labApi['migration.check'](req);
    if (seq !== checkSeq) return;
    checking.value = false;
    if (r.ok) {
      compatibility.value = r.value;
      compatibilityError.value = null;
    } else {
      compatibility.value = null;
      compatibilityError.value = r.error;
    }
  }

  // Re-check whenever a choice a checked page depends on changes (stale answers are dropped).
  watch(
    () =>
      request.value && CHECKED_STEPS.includes(step.value)
        ? JSON.stringify([step.value, buildRequest(step.value !== 'ready')])
        : null,
    (key) => {
      if (key) void runCheck();
    },
  );

  const compatibilityBlocks = computed(
    () => compatibilityError.value !== null || (compatibility.value !== null && !compatibility.value.ok),
  );

  /** Why the current page cannot go on (shown next to the disabled Next), or null. */
  function problem(s: StepId, structural = false): string | null {
    const checked = (): string | null => {
      // Jumping over a page only needs its choices; Ready to complete checks the whole request again.
      if (structural) return null;
      if (checking.value || (!compatibility.value && !compatibilityError.value))
        return 'Checking compatibility…';
      if (compatibilityError.value) return compatibilityError.value.message;
      if (compatibility.value && !compatibility.value.ok)
        return 'Resolve the compatibility errors to continue.';
      return null;
    };
    switch (s) {
      case 'type':
        return type.value ? null : 'Select a migration type.';
      case 'vcenter': {
        const other = remote.value;
        if (!other)
          return kind.value === 'import'
            ? 'Log in to the source vCenter Server.'
            : 'Log in to the target vCenter Server.';
        if (other.id === vcenterId.value)
          return `${other.name} is the vCenter Server this wizard runs on; choose another one.`;
        if (!isAtLeast(other.version, XVM_MIN_REMOTE_VERSION))
          return `${other.name} runs vCenter Server ${other.version}; cross vCenter migration needs version 6.5 or later.`;
        return null;
      }
      case 'vms':
        if (vms.value.length === 0) return 'Select at least one virtual machine.';
        if (mixedPowerState.value) return 'All selected virtual machines must have the same power state.';
        return null;
      case 'compute':
        if (vms.value.length === 0) return 'Loading the virtual machines…';
        if (!compute.value) return 'Select a valid destination compute resource.';
        return checked();
      case 'storage':
        if (!datastoreId.value) return 'Select a destination datastore.';
        return checked();
      case 'folder':
        return folderId.value ? null : 'Select a destination folder.';
      case 'networks':
        for (const vm of vms.value)
          for (const nic of vm.nics)
            if (!nicDestination(vm.id, nic.key, nic.networkId))
              return networkMode.value === 'advanced'
                ? `Select a destination network for ${vm.name} ${nic.label}.`
                : `Select a destination network for ${nic.networkName}.`;
        return null;
      case 'priority':
        return null;
      case 'ready':
        return checked();
    }
  }

  const currentProblem = computed(() => problem(step.value));
  const isLast = computed(() => stepIndex.value === steps.value.length - 1);

  function enter(s: StepId): void {
    step.value = s;
    furthest.value = Math.max(furthest.value, steps.value.indexOf(s));
    startError.value = null;
    // A result for another page must not show (or unblock) this one before its own check answers.
    compatibility.value = null;
    compatibilityError.value = null;
    if (s === 'compute' && computeRows.value.length === 0) void loadComputeRows(destinationVcenterId.value);
    if ((s === 'storage' || s === 'networks') && datastoreRows.value.length === 0) void loadTargetLists();
    if (s === 'folder' && folderRows.value.length === 0) void loadFolderRows();
    if (s === 'vms' && sourceVms.value.length === 0) void loadSourceVms();
  }

  function next(): void {
    if (currentProblem.value !== null || isLast.value) return;
    enter(steps.value[stepIndex.value + 1]);
  }

  function back(): void {
    if (stepIndex.value > 0) enter(steps.value[stepIndex.value - 1]);
  }

  /** Whether the step list may jump to a page: any earlier one, or a visited one past valid pages. */
  function canGoTo(s: StepId): boolean {
    const i = steps.value.indexOf(s);
    if (i < 0) return false;
    if (i <= stepIndex.value) return true;
    if (i > furthest.value) return false;
    return steps.value.slice(0, i).every((p) => problem(p, p !== step.value) === null);
  }

  function goTo(s: StepId): void {
    if (canGoTo(s)) enter(s);
  }

  async function finish(): Promise<boolean> {
    const req = buildRequest(false);
    if (!req || currentProblem.value !== null || starting.value) return false;
    starting.value = true;
    startError.value = null;
    const r = await labApi['migration.start'](req);
    starting.value = false;
    if (!r.ok) {
      // The wizard stays open with every choice, showing why.
      startError.value = r.error;
      return false;
    }
    lastStarted.value = r.value;
    close();
    return true;
  }

  labApi.on('lab.reloaded', () => close());
  labApi.on('session.ended', (e) => {
    if (!request.value) return;
    if (e.vcenterId === remoteVcenterId.value) {
      const page = stepTitle('vcenter', kind.value);
      loadError.value = {
        code: 'not-authenticated',
        message: `${e.message} Log in again on "${page}"; your other choices are kept.`,
      };
    } else if (e.vcenterId === vcenterId.value)
      loadError.value = { code: 'not-authenticated', message: e.message };
  });

  return {
    // state
    request,
    step,
    steps,
    stepIndex,
    kind,
    vcenterId,
    initiating,
    remote,
    remoteVcenterId,
    destinationVcenterId,
    destination,
    sourceVcenterId,
    crossVc,
    type,
    vms,
    sourceVms,
    selectedVmIds,
    mixedPowerState,
    compute,
    computeRows,
    datastoreId,
    datastoreRows,
    diskFormat,
    perDisk,
    folderId,
    folderRows,
    networkRows,
    networkMode,
    networkMap,
    nicMap,
    sourceNetworks,
    priority,
    loading,
    loadError,
    compatibility,
    compatibilityError,
    compatibilityBlocks,
    checking,
    starting,
    startError,
    lastStarted,
    currentProblem,
    isLast,
    importTargetName,
    // actions
    openMigrate,
    openImport,
    close,
    xvmAvailable,
    setType,
    setRemote,
    setSelectedVms,
    chooseCompute,
    setNetworkMode,
    setNetwork,
    setNicNetwork,
    nicDestination,
    problem,
    next,
    back,
    canGoTo,
    goTo,
    finish,
    buildRequest,
  };
});
