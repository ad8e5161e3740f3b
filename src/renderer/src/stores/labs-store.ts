import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CallArgs, LabsInfo } from '../../../shared/contract';
import type { LabError, Result } from '../../../shared/result';
import { useLabApi } from '../api/lab-api';

/** Saved labs: which one is open, the others, and notices about damaged state files. */
export const useLabsStore = defineStore('labs', () => {
  const labApi = useLabApi();
  const info = ref<LabsInfo | null>(null);
  const busy = ref(false);

  /** Runs a labs call; returns its error (to show next to the form that caused it) or null. */
  async function run(call: Promise<Result<LabsInfo>>): Promise<LabError | null> {
    busy.value = true;
    const r = await call;
    busy.value = false;
    if (!r.ok) return r.error;
    info.value = r.value;
    return null;
  }

  const load = (): Promise<LabError | null> => run(labApi['labs.list']({}));
  const create = (args: CallArgs<'labs.create'>): Promise<LabError | null> =>
    run(labApi['labs.create'](args));
  const open = (name: string): Promise<LabError | null> => run(labApi['labs.open']({ name }));
  const reset = (): Promise<LabError | null> => run(labApi['labs.reset']({}));
  const remove = (name: string): Promise<LabError | null> => run(labApi['labs.delete']({ name }));
  const openScenarioFile = (path: string, name?: string): Promise<LabError | null> =>
    run(labApi['labs.openScenarioFile']({ path, name }));
  const dismissNotice = (id: string): Promise<LabError | null> => run(labApi['labs.dismissNotice']({ id }));

  labApi.on('lab.reloaded', () => void load());
  return { info, busy, load, create, open, reset, remove, openScenarioFile, dismissNotice };
});
