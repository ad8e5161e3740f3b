import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import { useLabApi } from '../api/lab-api';
import { useLabStore } from './lab-store';

export interface PingSeries {
  monitorId: string;
  vmId: string;
  /** Simulation times (ms) and round-trip times (ms; null = lost). */
  at: number[];
  rtt: (number | null)[];
  /** Totals since the monitor started (the chart keeps only the latest points). */
  sent: number;
  lost: number;
  maxRtt: number;
}

const MAX_POINTS = 20000;

/** Live ping monitors to VMs: the RTT series the ping chart draws. */
export const usePingStore = defineStore('ping', () => {
  const labApi = useLabApi();
  const lab = useLabStore();
  const series = shallowRef(new Map<string, PingSeries>());
  const version = ref(0);

  async function start(vmId: string): Promise<string | null> {
    const r = await labApi['ping.start']({ vmId });
    if (!r.ok) return (lab.report(r.error), null);
    series.value.set(r.value.monitorId, {
      monitorId: r.value.monitorId,
      vmId,
      at: [],
      rtt: [],
      sent: 0,
      lost: 0,
      maxRtt: 0,
    });
    triggerRef(series);
    return r.value.monitorId;
  }

  async function stop(monitorId: string): Promise<void> {
    await labApi['ping.stop']({ monitorId });
    series.value.delete(monitorId);
    triggerRef(series);
  }

  labApi.on('ping.sample', ({ samples }) => {
    let changed = false;
    for (const s of samples) {
      const line = series.value.get(s.monitorId);
      if (!line) continue;
      line.at.push(s.at);
      line.rtt.push(s.rttMs);
      line.sent++;
      if (s.rttMs === null) line.lost++;
      else line.maxRtt = Math.max(line.maxRtt, s.rttMs);
      if (line.at.length > MAX_POINTS) {
        line.at.splice(0, line.at.length - MAX_POINTS);
        line.rtt.splice(0, line.rtt.length - MAX_POINTS);
      }
      changed = true;
    }
    if (changed) version.value++;
  });

  return { series, version, start, stop };
});
