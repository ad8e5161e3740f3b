/**
 * The pages of the Migrate and Import VMs wizards, in the order the product shows them. A row says
 * when the page is part of the wizard, its title, the component that draws it, what keeps Next
 * disabled, and what entering it loads. To add a page: add a row here and write its component;
 * the step list, Next/Back, jumping and the Next hint follow from the row.
 */
import type { Component } from 'vue';
import SelectVmsPage from './import/SelectVmsPage.vue';
import ComputeResourcePage from './migrate/ComputeResourcePage.vue';
import FolderPage from './migrate/FolderPage.vue';
import MigrationTypePage from './migrate/MigrationTypePage.vue';
import NetworksPage from './migrate/NetworksPage.vue';
import PriorityPage from './migrate/PriorityPage.vue';
import ReadyPage from './migrate/ReadyPage.vue';
import StoragePage from './migrate/StoragePage.vue';
import VCenterPage from './migrate/VCenterPage.vue';
import type { MigrationDraft } from './use-migration-draft';

export type WizardKind = 'migrate' | 'import';

export interface WizardStep {
  id: string;
  /** The vSphere Client's title of the page (step list and page heading). */
  title: (kind: WizardKind) => string;
  page: Component;
  /** Whether the page is part of the wizard for these choices. */
  shownWhen: (d: MigrationDraft) => boolean;
  /**
   * Why Next stays disabled (shown next to it), or null. `structural` asks only about the page's own
   * choices: jumping over a page in the step list does not wait for its compatibility check.
   */
  blocks: (d: MigrationDraft, structural: boolean) => string | null;
  /**
   * The page shows a compatibility panel, re-checked whenever the request changes: `provisional`
   * fills choices of later pages with defaults, `final` checks the request exactly as chosen.
   */
  checks?: 'provisional' | 'final';
  /** Loads what the page lists, when it is not loaded yet. */
  enter?: (d: MigrationDraft) => void;
  /** The page words its own refusal in place, so the footer does not repeat it next to Next. */
  showsOwnProblem?: (d: MigrationDraft) => boolean;
}

/** A migration type, with the wizard's default before one is chosen. */
const typeOf = (d: MigrationDraft) => d.type.value ?? 'compute';

/** What a page with a compatibility panel waits for before Next. */
function compatibilityProblem(d: MigrationDraft, structural: boolean): string | null {
  // Jumping over a page only needs its choices; Ready to complete checks the whole request again.
  if (structural) return null;
  if (d.checking.value || (!d.compatibility.value && !d.compatibilityError.value))
    return 'Checking compatibility…';
  if (d.compatibilityError.value) return d.compatibilityError.value.message;
  if (d.compatibility.value && !d.compatibility.value.ok)
    return 'Resolve the compatibility errors to continue.';
  return null;
}

export const wizardSteps = [
  {
    id: 'type',
    title: () => 'Select a migration type',
    page: MigrationTypePage,
    shownWhen: (d) => d.kind.value === 'migrate',
    blocks: (d) => (d.type.value ? null : 'Select a migration type.'),
  },
  {
    id: 'vcenter',
    title: (kind) => (kind === 'import' ? 'Select a source vCenter' : 'Select a target vCenter Server'),
    page: VCenterPage,
    shownWhen: (d) => d.crossVc.value,
    blocks: (d) => {
      const other = d.remote.value;
      if (!other)
        return d.kind.value === 'import'
          ? 'Log in to the source vCenter Server.'
          : 'Log in to the target vCenter Server.';
      if (other.id === d.vcenterId.value)
        return `${other.name} is the vCenter Server this wizard runs on; choose another one.`;
      if (!other.canJoinCrossVCenterMigration)
        return `${other.name} runs vCenter Server ${other.version}; cross vCenter migration needs version 6.5 or later.`;
      return null;
    },
    // Signed in: the page's banner says why the vCenter cannot be used; before that, the form does.
    showsOwnProblem: (d) => d.remote.value !== null,
  },
  {
    id: 'vms',
    title: () => 'Select VMs',
    page: SelectVmsPage,
    shownWhen: (d) => d.kind.value === 'import',
    blocks: (d) => {
      if (d.vms.value.length === 0) return 'Select at least one virtual machine.';
      if (d.mixedPowerState.value) return 'All selected virtual machines must have the same power state.';
      return null;
    },
    enter: (d) => {
      if (d.sourceVms.value.length === 0) void d.loadSourceVms();
    },
  },
  {
    id: 'compute',
    title: () => 'Select a compute resource',
    page: ComputeResourcePage,
    shownWhen: (d) => typeOf(d) !== 'storage',
    blocks: (d, structural) => {
      if (d.vms.value.length === 0) return 'Loading the virtual machines…';
      if (!d.compute.value) return 'Select a valid destination compute resource.';
      // RelocateVM_Task's placement rule: a cluster whose DRS does not place VMs needs one of its hosts.
      if (d.compute.value.hostRequired) return d.compute.value.hostRequired;
      return compatibilityProblem(d, structural);
    },
    checks: 'provisional',
    enter: (d) => {
      if (d.computeRows.value.length === 0) void d.loadComputeRows();
    },
  },
  {
    id: 'storage',
    title: () => 'Select storage',
    page: StoragePage,
    shownWhen: (d) => typeOf(d) !== 'compute',
    blocks: (d, structural) =>
      d.datastoreId.value ? compatibilityProblem(d, structural) : 'Select a destination datastore.',
    checks: 'provisional',
    enter: (d) => {
      if (d.datastoreRows.value.length === 0) void d.loadTargetLists();
      if (d.storagePolicyRows.value.length === 0) void d.loadStoragePolicies();
    },
  },
  {
    id: 'folder',
    title: () => 'Select folder',
    page: FolderPage,
    shownWhen: (d) => d.crossVc.value,
    blocks: (d) => (d.folderId.value ? null : 'Select a destination folder.'),
    enter: (d) => {
      if (d.folderRows.value.length === 0) void d.loadFolderRows();
    },
  },
  {
    id: 'networks',
    title: () => 'Select networks',
    page: NetworksPage,
    shownWhen: (d) => typeOf(d) !== 'storage',
    blocks: (d) => d.missingNetwork(),
    enter: (d) => {
      if (d.datastoreRows.value.length === 0) void d.loadTargetLists();
    },
  },
  {
    id: 'priority',
    title: () => 'Select vMotion priority',
    page: PriorityPage,
    // The product asks for a vMotion priority only when something is moved live.
    shownWhen: (d) => typeOf(d) !== 'storage' && d.anyPoweredOn.value,
    blocks: () => null,
  },
  {
    id: 'ready',
    title: () => 'Ready to complete',
    page: ReadyPage,
    shownWhen: () => true,
    blocks: (d, structural) => compatibilityProblem(d, structural),
    checks: 'final',
  },
] as const satisfies readonly WizardStep[];

export type StepId = (typeof wizardSteps)[number]['id'];

const byId = new Map<string, WizardStep>(wizardSteps.map((s) => [s.id, s]));

/** The row of a page. */
export const wizardStep = (id: StepId): WizardStep => byId.get(id)!;
