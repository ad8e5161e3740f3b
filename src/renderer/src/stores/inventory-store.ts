import { defineStore } from 'pinia';
import { markRaw, shallowRef, triggerRef } from 'vue';
import type { InventoryView, ObjectSummary, TreeNode } from '../../../shared/contract';
import { useLabApi } from '../api/lab-api';
import { useLabStore } from './lab-store';
import { usePanesStore, type Pane } from './panes-store';

export interface TreeRow {
  node: TreeNode;
  level: number;
  expanded: boolean;
  loading: boolean;
}

const key = (view: InventoryView, parentId: string): string => `${view}|${parentId}`;

/**
 * The inventory read model: children fetched lazily per (view, node), shared by all panes, and
 * refreshed when the service says the inventory changed. Node lists are kept raw (not deeply
 * reactive) so a 10,000-VM folder costs one array, not 10,000 proxies.
 */
export const useInventoryStore = defineStore('inventory', () => {
  const labApi = useLabApi();
  const children = shallowRef(new Map<string, TreeNode[]>());
  const loading = shallowRef(new Set<string>());
  const summaries = shallowRef(new Map<string, ObjectSummary>());
  const lab = useLabStore();
  const panes = usePanesStore();

  async function loadChildren(view: InventoryView, parentId: string): Promise<void> {
    const k = key(view, parentId);
    if (loading.value.has(k)) return;
    loading.value.add(k);
    triggerRef(loading);
    const r = await labApi['inventory.children']({ view, parentId });
    loading.value.delete(k);
    triggerRef(loading);
    if (r.ok) {
      children.value.set(k, markRaw(r.value));
      triggerRef(children);
    } else lab.report(r.error);
  }

  function rootNode(vcenterId: string): TreeNode {
    const vc = lab.info?.vcenters.find((v) => v.id === vcenterId);
    return { id: vcenterId, name: vc?.name ?? vcenterId, kind: 'vcenter', hasChildren: true };
  }

  /** The visible rows of a pane's tree: expanded nodes flattened depth-first. */
  function rows(pane: Pane): TreeRow[] {
    const out: TreeRow[] = [];
    const expanded = new Set(pane.expanded[pane.view]);
    const walk = (node: TreeNode, level: number): void => {
      const isOpen = node.hasChildren === true && expanded.has(node.id);
      if (!isOpen) {
        // Most rows are closed nodes or VMs (a folder can hold thousands): no key, no lookups.
        out.push({ node, level, expanded: false, loading: false });
        return;
      }
      const k = key(pane.view, node.id);
      out.push({ node, level, expanded: true, loading: loading.value.has(k) });
      const kids = children.value.get(k);
      if (!kids) {
        void loadChildren(pane.view, node.id);
        return;
      }
      for (const child of kids) walk(child, level + 1);
    };
    walk(rootNode(pane.vcenterId), 1);
    return out;
  }

  function setExpanded(paneId: string, nodeId: string, open: boolean): void {
    const pane = panes.get(paneId);
    if (!pane) return;
    const list = pane.expanded[pane.view];
    const has = list.includes(nodeId);
    if (open && !has) list.push(nodeId);
    if (!open && has) pane.expanded[pane.view] = list.filter((id) => id !== nodeId);
  }

  async function select(paneId: string, nodeId: string, keepMulti = false): Promise<void> {
    const pane = panes.get(paneId);
    if (!pane) return;
    pane.selectedId = nodeId;
    if (!keepMulti) pane.multi = [];
    await loadSummary(nodeId);
  }

  async function loadSummary(id: string): Promise<void> {
    if (id.includes('/dvs/')) return;
    const r = await labApi['inventory.summary']({ id });
    if (r.ok) {
      summaries.value.set(id, markRaw(r.value));
      triggerRef(summaries);
    } else if (r.error.code === 'not-found') {
      summaries.value.delete(id);
      triggerRef(summaries);
    } else lab.report(r.error);
  }

  /** After a change in the lab, refetch what is on screen (cached children and open summaries). */
  async function refresh(): Promise<void> {
    const keys = [...children.value.keys()];
    children.value = new Map();
    await Promise.all(
      keys.map((k) => {
        const [view, parentId] = k.split(/\|(.*)/s) as [InventoryView, string];
        return loadChildren(view, parentId);
      }),
    );
    const shown = panes.panes.map((p) => p.selectedId).filter((id): id is string => !!id);
    await Promise.all(shown.map(loadSummary));
  }

  let refreshQueued = false;
  labApi.on('inventory.changed', () => {
    if (refreshQueued) return;
    refreshQueued = true;
    requestAnimationFrame(() => {
      refreshQueued = false;
      void refresh();
    });
  });
  labApi.on('lab.reloaded', () => void refresh());

  /**
   * What the pane's tree highlights: the VMs picked with Ctrl/Shift-click, or else the selected
   * object. The tree's highlight, its aria-selected and the "Migrate N VMs…" entry all read this.
   */
  function picked(pane: Pane): string[] {
    if (pane.multi.length) return pane.multi;
    return pane.selectedId ? [pane.selectedId] : [];
  }

  /**
   * Replaces the pick and keeps the selected object (whose Summary shows) among what is picked, so
   * nothing is shown as selected that the menu would not act on.
   */
  function setPicked(pane: Pane, vmIds: string[], focusId: string): void {
    pane.multi = vmIds;
    if (pane.selectedId && vmIds.includes(pane.selectedId)) return;
    const shown = vmIds.includes(focusId) ? focusId : vmIds[vmIds.length - 1];
    void select(pane.id, shown, true);
  }

  /** Ctrl-click: add or remove a VM from the pane's pick (which starts with the selected VM). */
  function toggleMulti(paneId: string, vmId: string): void {
    const pane = panes.get(paneId);
    if (!pane) return;
    const set = new Set(picked(pane).filter((id) => id.includes(':vm-')));
    if (set.has(vmId)) set.delete(vmId);
    else set.add(vmId);
    // The last picked VM stays picked: there is always something the Summary and the menu act on.
    if (set.size) setPicked(pane, [...set], vmId);
  }

  /** Shift-click: pick exactly the VMs of the range from the last clicked row to this one. */
  function pickRange(paneId: string, vmIds: string[], clickedId: string): void {
    const pane = panes.get(paneId);
    if (pane && vmIds.length) setPicked(pane, vmIds, clickedId);
  }

  return {
    children,
    summaries,
    rows,
    picked,
    toggleMulti,
    pickRange,
    loadChildren,
    setExpanded,
    select,
    loadSummary,
    refresh,
  };
});
