import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { HostNetworkPaths, NetworkPort } from '../../../shared/contract';
import type { LabError } from '../../../shared/result';
import { useLabApi } from '../api/lab-api';

/**
 * Lab controls of a host's network paths (the "Network paths" dialog): which of TCP 902 (NFC) and
 * 8000 (vMotion) a firewall blocks, the round-trip time to the other sites, the host's CPU usage.
 */
export const useNetworkPathsStore = defineStore('network-paths', () => {
  const labApi = useLabApi();
  /** The host the dialog shows, as the lab last answered. */
  const paths = ref<HostNetworkPaths | null>(null);
  const error = ref<LabError | null>(null);

  async function load(hostId: string): Promise<void> {
    const r = await labApi['lab.networkPaths']({ hostId });
    paths.value = r.ok ? r.value : null;
    error.value = r.ok ? null : r.error;
  }

  async function setBlocked(hostId: string, port: NetworkPort, blocked: boolean): Promise<void> {
    const r = await labApi['lab.setPortBlocked']({ hostId, port, blocked });
    if (r.ok) paths.value = r.value;
    error.value = r.ok ? null : r.error;
  }

  async function setSiteRtt(hostVcenterId: string, otherVcenterId: string, rttMs: number): Promise<void> {
    const r = await labApi['lab.setSiteRtt']({ vcenterId: hostVcenterId, otherVcenterId, rttMs });
    error.value = r.ok ? null : r.error;
    if (r.ok && paths.value) await load(paths.value.hostId);
  }

  async function setCpuUsage(hostId: string, percent: number): Promise<void> {
    const r = await labApi['lab.setHostCpuUsage']({ hostId, percent });
    if (r.ok) paths.value = r.value;
    error.value = r.ok ? null : r.error;
  }

  return { paths, error, load, setBlocked, setSiteRtt, setCpuUsage };
});
