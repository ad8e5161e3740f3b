import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ConsoleSession, LabEvent } from '../../../shared/contract';
import { useLabApi } from '../api/lab-api';
import { useLabStore } from './lab-store';

/**
 * The VM Remote Console dialog's state: the console session it opened and the device events of the
 * VM (disconnect, reconnect, buffered accesses) as they arrive during a vMotion.
 */
export const useVmrcStore = defineStore('vmrc', () => {
  const labApi = useLabApi();
  const lab = useLabStore();
  const session = ref<ConsoleSession | null>(null);
  const vmId = ref<string | null>(null);
  const vmName = ref<string | null>(null);
  const deviceEvents = ref<LabEvent[]>([]);

  async function open(id: string, name: string): Promise<void> {
    vmId.value = id;
    vmName.value = name;
    deviceEvents.value = [];
    const r = await labApi['vmrc.open']({ vmId: id });
    if (r.ok) session.value = r.value;
    else lab.report(r.error);
  }

  async function refreshSession(): Promise<void> {
    if (!vmId.value) return;
    const r = await labApi['vmrc.list']({ vmId: vmId.value });
    if (r.ok) session.value = r.value.find((s) => s.id === session.value?.id) ?? r.value[0] ?? null;
  }

  async function close(): Promise<void> {
    if (vmId.value && session.value)
      await labApi['vmrc.close']({ vmId: vmId.value, sessionId: session.value.id });
    session.value = null;
    vmId.value = null;
  }

  async function attachIso(path: string): Promise<boolean> {
    if (!vmId.value) return false;
    const r = await labApi['vmrc.attachIso']({ vmId: vmId.value, path });
    if (!r.ok) lab.report(r.error);
    return r.ok;
  }

  async function detachIso(): Promise<void> {
    if (!vmId.value) return;
    const r = await labApi['vmrc.detachIso']({ vmId: vmId.value });
    if (!r.ok) lab.report(r.error);
  }

  labApi.on('events.added', ({ events }) => {
    if (!vmId.value) return;
    // A migrated VM gets a new id on another vCenter; its events name it by object name too.
    const mine = events.filter((e) => e.objectId === vmId.value || e.objectName === vmName.value);
    if (mine.length) {
      deviceEvents.value = [...deviceEvents.value, ...mine];
      void refreshSession();
    }
  });

  return { session, vmId, deviceEvents, open, close, attachIso, detachIso, refreshSession };
});
