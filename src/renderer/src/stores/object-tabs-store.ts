import { defineStore } from 'pinia';
import { shallowRef, triggerRef } from 'vue';
import type { LabEvent, VmRow } from '../../../shared/contract';
import { useLabApi } from '../api/lab-api';
import { useLabStore } from './lab-store';

/** The VMs and Events tabs of the objects shown in panes, kept fresh by push events. */
export const useObjectTabsStore = defineStore('object-tabs', () => {
  const labApi = useLabApi();
  const lab = useLabStore();
  const vms = shallowRef(new Map<string, VmRow[]>());
  const events = shallowRef(new Map<string, LabEvent[]>());

  async function loadVms(id: string): Promise<void> {
    const r = await labApi['inventory.vms']({ id });
    if (r.ok) vms.value.set(id, r.value);
    else if (r.error.code !== 'not-found') lab.report(r.error);
    triggerRef(vms);
  }

  async function loadEvents(vcenterId: string, objectId: string): Promise<void> {
    const r = await labApi['events.list']({
      vcenterId,
      objectId: objectId === vcenterId ? undefined : objectId,
      limit: 500,
    });
    if (r.ok) events.value.set(objectId, r.value);
    else if (r.error.code !== 'not-found') lab.report(r.error);
    triggerRef(events);
  }

  labApi.on('events.added', ({ events: added }) => {
    let changed = false;
    for (const [objectId, list] of events.value) {
      const mine = added.filter((e) => e.objectId === objectId || e.vcenterId === objectId);
      if (mine.length) {
        events.value.set(objectId, [...mine.reverse(), ...list].slice(0, 500));
        changed = true;
      }
    }
    if (changed) triggerRef(events);
  });
  labApi.on('inventory.changed', () => {
    for (const id of vms.value.keys()) void loadVms(id);
  });

  return { vms, events, loadVms, loadEvents };
});
