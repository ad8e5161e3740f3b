import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { InventoryView } from '../../../shared/contract';

export interface Pane {
  id: string;
  vcenterId: string;
  view: InventoryView;
  /** Expanded node ids, per inventory view. */
  expanded: Record<InventoryView, string[]>;
  selectedId: string | null;
  /** VMs picked together with Ctrl/Shift-click, for one Migrate wizard over all of them. */
  multi: string[];
}

const LAYOUT_KEY = 'vmlab-layout';

/**
 * The client panes: one per opened vCenter, shown side by side so a migration can be watched on both
 * ends. The layout (which vCenters, which view) is remembered between runs.
 */
export const usePanesStore = defineStore('panes', () => {
  const panes = ref<Pane[]>([]);
  /** The panes on screen, side by side: at most two (source and destination); the others wait in tabs. */
  const shown = ref<string[]>([]);
  const MAX_SHOWN = 2;
  let seq = 0;

  /** Brings a pane on screen; the one shown longest ago makes room. */
  function show(paneId: string): void {
    shown.value = [...shown.value.filter((id) => id !== paneId), paneId].slice(-MAX_SHOWN);
  }

  function open(vcenterId: string): Pane {
    const existing = panes.value.find((p) => p.vcenterId === vcenterId);
    if (existing) {
      if (!shown.value.includes(existing.id)) show(existing.id);
      return existing;
    }
    const pane: Pane = {
      id: `pane-${++seq}`,
      vcenterId,
      view: 'hosts',
      expanded: { hosts: [vcenterId], vms: [vcenterId], storage: [vcenterId], networking: [vcenterId] },
      selectedId: vcenterId,
      multi: [],
    };
    panes.value.push(pane);
    show(pane.id);
    save();
    return panes.value[panes.value.length - 1];
  }

  function close(paneId: string): void {
    panes.value = panes.value.filter((p) => p.id !== paneId);
    shown.value = shown.value.filter((id) => id !== paneId);
    // Fill the freed place with the most recently opened hidden pane.
    const hidden = panes.value.filter((p) => !shown.value.includes(p.id));
    if (shown.value.length < MAX_SHOWN && hidden.length)
      shown.value = [hidden[hidden.length - 1].id, ...shown.value];
    save();
  }

  function get(paneId: string): Pane | undefined {
    return panes.value.find((p) => p.id === paneId);
  }

  function setView(paneId: string, view: InventoryView): void {
    const p = get(paneId);
    if (p) p.view = view;
    save();
  }

  function save(): void {
    localStorage.setItem(
      LAYOUT_KEY,
      JSON.stringify(panes.value.map((p) => ({ vcenterId: p.vcenterId, view: p.view }))),
    );
  }

  /** Reopens the remembered panes whose vCenters still exist in the loaded lab. */
  function restore(knownVcenterIds: string[]): void {
    let saved: { vcenterId: string; view: InventoryView }[];
    try {
      saved = JSON.parse(localStorage.getItem(LAYOUT_KEY) ?? '[]');
    } catch {
      saved = [];
    }
    if (!Array.isArray(saved)) return;
    for (const s of saved) {
      if (typeof s?.vcenterId !== 'string' || !knownVcenterIds.includes(s.vcenterId)) continue;
      const pane = open(s.vcenterId);
      if (['hosts', 'vms', 'storage', 'networking'].includes(s.view)) pane.view = s.view;
    }
  }

  return { panes, shown, show, open, close, get, setView, restore, save };
});
