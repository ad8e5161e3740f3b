import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { LabError } from '../../../shared/result';
import { useLabApi } from '../api/lab-api';
import { useMigrationDraft } from '../wizards/use-migration-draft';
import { wizardStep, wizardSteps, type StepId } from '../wizards/wizard-steps';
import { useClockStore } from './clock-store';
import { useLabStore } from './lab-store';
import { migrationRequestSchema } from '../../../shared/engine-api';
import type { MigrationScriptInput } from '../../../shared/script-gen';
import { useScriptsStore } from './scripts-store';

/**
 * The open Migrate or Import VMs wizard: which page shows, where the step list may jump, and Finish.
 * The user's choices and the request they build are the draft (`use-migration-draft.ts`); the pages
 * and what each one needs before Next are the step table (`wizard-steps.ts`).
 */
export const useWizardStore = defineStore('wizard', () => {
  const labApi = useLabApi();
  const lab = useLabStore();
  const clock = useClockStore();
  const draft = useMigrationDraft({
    api: labApi,
    vcenters: () => lab.info?.vcenters ?? [],
    simNow: () => clock.clock?.now ?? null,
  });
  const { request, kind, vcenterId, remoteVcenterId, loadError } = draft;

  const step = ref<StepId>('type');
  /** Furthest step reached, so the step list can jump back and forward over visited pages. */
  const furthest = ref(0);
  const starting = ref(false);
  const startError = ref<LabError | null>(null);

  const steps = computed<StepId[]>(() => wizardSteps.filter((s) => s.shownWhen(draft)).map((s) => s.id));
  const stepIndex = computed(() => Math.max(0, steps.value.indexOf(step.value)));
  const isLast = computed(() => stepIndex.value === steps.value.length - 1);
  const problem = (s: StepId, structural = false): string | null => wizardStep(s).blocks(draft, structural);
  /** Why the current page cannot go on (shown next to the disabled Next), or null. */
  const currentProblem = computed(() => problem(step.value));
  const stepTitle = (s: StepId): string => wizardStep(s).title(kind.value);
  /** The current page words its refusal itself; the footer does not repeat it. */
  const problemShownOnPage = computed(() => wizardStep(step.value).showsOwnProblem?.(draft) ?? false);

  function reset(first: StepId): void {
    draft.reset();
    step.value = first;
    furthest.value = 0;
    startError.value = null;
    starting.value = false;
  }

  function openMigrate(vcId: string, vmIds: string[]): void {
    reset('type');
    draft.begin({ kind: 'migrate', vcenterId: vcId, vmIds: [...vmIds] });
  }

  function openImport(vcId: string, targetId: string): void {
    reset('vcenter');
    draft.begin({ kind: 'import', vcenterId: vcId, targetId });
  }

  function close(): void {
    reset('type');
  }

  // A change of type or of the other vCenter changes the pages after this one: they count as unvisited.
  function setType(...args: Parameters<typeof draft.setType>): void {
    if (draft.setType(...args)) furthest.value = stepIndex.value;
  }

  function setRemote(id: string): void {
    startError.value = null;
    if (draft.setRemote(id)) furthest.value = stepIndex.value;
  }

  function enter(s: StepId): void {
    step.value = s;
    furthest.value = Math.max(furthest.value, steps.value.indexOf(s));
    startError.value = null;
    // A result for another page must not show (or unblock) this one before its own check answers.
    draft.clearCompatibility();
    wizardStep(s).enter?.(draft);
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

  // Re-check whenever a choice a checked page depends on changes (stale answers are dropped). A page
  // is checked once its own choices are made: no verdict on a datastore the admin has not picked.
  watch(
    () => {
      const checks = request.value ? wizardStep(step.value).checks : undefined;
      if (!checks || problem(step.value, true) !== null) return null;
      return JSON.stringify([step.value, draft.buildRequest(checks === 'provisional')]);
    },
    (key) => {
      if (key) void draft.check(wizardStep(step.value).checks === 'provisional');
      else draft.clearCompatibility();
    },
  );

  /** The request as PowerCLI / pyvmomi / govc (the Ready page shows it; task details keep it). */
  const scripts = useScriptsStore();
  const scriptInput = computed<MigrationScriptInput | null>(() => {
    const parsed = migrationRequestSchema.safeParse(draft.buildRequest(false));
    const targetVcenterId = draft.destinationVcenterId.value;
    if (!parsed.success || !targetVcenterId) return null;
    const d = draft;
    const rows = {
      vms: d.vms.value,
      computeResources: d.computeRows.value,
      datastores: d.datastoreRows.value,
    };
    return scripts.migration(parsed.data, {
      ...rows,
      networks: d.networkRows.value,
      folders: d.folderRows.value,
      targetVcenterId,
    });
  });

  async function finish(): Promise<boolean> {
    const req = draft.buildRequest(false);
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
    if (scriptInput.value) scripts.remember(r.value.migrations, scriptInput.value);
    close();
    return true;
  }

  labApi.on('lab.reloaded', () => close());
  labApi.on('session.ended', (e) => {
    if (!request.value) return;
    if (e.vcenterId === remoteVcenterId.value) {
      loadError.value = {
        code: 'not-authenticated',
        message: `${e.message} Log in again on "${stepTitle('vcenter')}"; your other choices are kept.`,
      };
    } else if (e.vcenterId === vcenterId.value)
      loadError.value = { code: 'not-authenticated', message: e.message };
  });

  const d = draft;
  return {
    // the draft, as the pages read and change it
    request,
    kind,
    initiating: d.initiating,
    remote: d.remote,
    destinationVcenterId: d.destinationVcenterId,
    destination: d.destination,
    importTargetName: d.importTargetName,
    type: d.type,
    vms: d.vms,
    sourceVms: d.sourceVms,
    selectedVmIds: d.selectedVmIds,
    mixedPowerState: d.mixedPowerState,
    compute: d.compute,
    computeRows: d.computeRows,
    datastoreId: d.datastoreId,
    datastoreRows: d.datastoreRows,
    diskFormat: d.diskFormat,
    storagePolicy: d.storagePolicy,
    storagePolicyRows: d.storagePolicyRows,
    perDisk: d.perDisk,
    folderId: d.folderId,
    folderRows: d.folderRows,
    networkRows: d.networkRows,
    networkMode: d.networkMode,
    networkMap: d.networkMap,
    sourceNetworks: d.sourceNetworks,
    priority: d.priority,
    loading: d.loading,
    loadError,
    compatibility: d.compatibility,
    compatibilityError: d.compatibilityError,
    checking: d.checking,
    setSelectedVms: d.setSelectedVms,
    chooseCompute: d.chooseCompute,
    setNetworkMode: d.setNetworkMode,
    setNetwork: d.setNetwork,
    setNicNetwork: d.setNicNetwork,
    nicDestination: d.nicDestination,
    scriptInput,
    // navigation and Finish
    step,
    steps,
    stepIndex,
    isLast,
    currentProblem,
    problemShownOnPage,
    starting,
    startError,
    stepTitle,
    openMigrate,
    openImport,
    close,
    setType,
    setRemote,
    next,
    back,
    canGoTo,
    goTo,
    finish,
  };
});
