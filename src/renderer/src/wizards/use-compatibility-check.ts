import { ref, watch } from 'vue';
import type { CompatibilityResult, LabApi, MigrationRequestInput } from '../../../shared/contract';
import type { LabError } from '../../../shared/result';

/** What the compatibility panel reads outside itself. */
export interface CompatibilityCheckDeps {
  api: LabApi;
  /** The lab's simulation time (ms), reactive; null before the clock is known. */
  simNow: () => number | null;
  /** The draft's request (provisional: with the product's preselections), or null when incomplete. */
  buildRequest: (provisional: boolean) => MigrationRequestInput | null;
}

/**
 * The wizard's live compatibility check: asks the lab, keeps the newest answer only, and shows an
 * answer vCenter gives late (TCP 902 blocked: two simulated minutes) only once the lab clock has run
 * that long, at whatever speed the lab runs; paused, it waits.
 */
export function useCompatibilityCheck({ api, simNow, buildRequest }: CompatibilityCheckDeps) {
  const compatibility = ref<CompatibilityResult | null>(null);
  const compatibilityError = ref<LabError | null>(null);
  const checking = ref(false);

  let stopWaiting: () => void = () => {};
  /** Resolves true once the lab clock has run `ms`, false if the wait is given up (a newer check, the page left). */
  function afterSimTime(ms: number): Promise<boolean> {
    stopWaiting();
    const start = simNow();
    if (start === null) return Promise.resolve(true);
    return new Promise((resolve) => {
      const stop = watch(
        simNow,
        (now) => {
          if (now === null || now < start + ms) return;
          stop();
          resolve(true);
        },
        { immediate: true },
      );
      stopWaiting = () => {
        stop();
        resolve(false);
      };
    });
  }

  function clearCompatibility(): void {
    stopWaiting();
    compatibility.value = null;
    compatibilityError.value = null;
  }

  let checkSeq = 0;
  /** Asks the lab whether the request would pass its checks; an older answer never overwrites a newer one. */
  async function check(provisional: boolean): Promise<void> {
    const req = buildRequest(provisional);
    const seq = ++checkSeq;
    if (!req) {
      clearCompatibility();
      checking.value = false;
      return;
    }
    stopWaiting();
    checking.value = true;
    const r = await api['migration.check'](req);
    if (seq !== checkSeq) return;
    if (r.ok && r.value.answersAfterMs && !(await afterSimTime(r.value.answersAfterMs))) return;
    if (seq !== checkSeq) return;
    checking.value = false;
    if (r.ok) {
      compatibility.value = r.value;
      compatibilityError.value = null;
    } else {
      compatibility.value = null;
      compatibilityError.value = r.error;
    }
  }

  return { compatibility, compatibilityError, checking, check, clearCompatibility };
}
