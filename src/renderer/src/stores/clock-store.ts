import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ClockInfo, ClockSpeed } from '../../../shared/contract';
import { useLabApi } from '../api/lab-api';
import { useLabStore } from './lab-store';

/** The simulation clock: what time it is in the lab and how fast it runs. */
export const useClockStore = defineStore('clock', () => {
  const labApi = useLabApi();
  const clock = ref<ClockInfo | null>(null);
  const lab = useLabStore();

  async function load(): Promise<void> {
    const r = await labApi['clock.get']({});
    if (r.ok) clock.value = r.value;
  }

  async function setSpeed(speed: ClockSpeed): Promise<void> {
    const r = await labApi['clock.setSpeed']({ speed });
    if (r.ok) clock.value = r.value;
    else lab.report(r.error);
  }

  /** Wall-clock form of a simulation time, as task panels show it. */
  function wallTime(simMs: number | null): Date | null {
    if (simMs === null || !clock.value) return null;
    return new Date(clock.value.epochMs + simMs);
  }

  labApi.on('clock.tick', (c) => (clock.value = c));
  return { clock, load, setSpeed, wallTime };
});
