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
  let seq = 0;

  function open(vcenterId: string): Pane {
    const existing = panes.value.find((p) => p.vcenterId === vcenterId);
    if (existing) return existing;
    const pane: Pane = {
      id: `pane-${++seq}`,
      vcenterId,
      view: 'hosts',
      expanded: { hosts: [vcenterId], vms: [vcenterId], storage: [vcenterId], networking: [vcenterId] },
      selectedId: vcenterId,
      multi: [],
    };
    panes.value.push(pane);
    save();
    return panes.value[panes.value.length - 1];
  }

  function close(paneId: string): void {
    panes.value = panes.value.filter((p) => p.id !== paneId);
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

  return { panes, open, close, get, setView, restore, save };
});
