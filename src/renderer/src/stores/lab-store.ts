import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LabInfo } from '../../../shared/contract';
import type { LabError } from '../../../shared/result';
import { useLabApi, useLabLink } from '../api/lab-api';
import { usePanesStore } from './panes-store';

/**
 * The loaded lab (its vCenters), how the page reaches it (desktop IPC or browser mode, and whether
 * that link is up) and the last error worth telling the user about.
 */
export const useLabStore = defineStore('lab', () => {
  const labApi = useLabApi();
  const { transport, state: connectionState } = useLabLink();
  const info = ref<LabInfo | null>(null);
  const error = ref<LabError | null>(null);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    const r = await labApi['lab.info']({});
    loading.value = false;
    if (r.ok) {
      info.value = r.value;
      error.value = null;
    } else error.value = r.error;
  }

  function report(e: LabError): void {
    error.value = e;
  }

  /** The desktop app's file dialog; null when cancelled (browser mode has none: the UI asks for a path). */
  async function pickFile(purpose: 'iso' | 'scenario'): Promise<string | null> {
    const r = await labApi['app.pickFile']({ purpose });
    if (r.ok) return r.value.path;
    report(r.error);
    return null;
  }

  // The vCenter list's host and VM counts come from lab.info: reload it whenever an inventory
  // changes, so an export or an import shows there as in each vCenter's Summary. Changes arrive in
  // bursts (every task step may push one), so at most one reload runs and one more waits behind it.
  let reloadQueued = false;
  let reloading: Promise<void> | null = null;
  async function refreshCounts(): Promise<void> {
    if (reloading) {
      reloadQueued = true;
      return;
    }
    // Unlike load(), a failed refresh keeps the counts shown and leaves the error banner alone:
    // the next change tries again.
    reloading = labApi['lab.info']({}).then((r) => {
      if (r.ok) info.value = r.value;
    });
    await reloading;
    reloading = null;
    if (reloadQueued) {
      reloadQueued = false;
      await refreshCounts();
    }
  }
  labApi.on('inventory.changed', () => void refreshCounts());

  labApi.on('lab.reloaded', async () => {
    await load();
    // Panes of vCenters the new lab does not have close; the others stay open.
    const known = new Set(info.value?.vcenters.map((v) => v.id) ?? []);
    const panes = usePanesStore();
    for (const p of [...panes.panes]) if (!known.has(p.vcenterId)) panes.close(p.id);
  });
  return { info, error, loading, transport, connectionState, load, report, pickFile };
});
