import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef, triggerRef } from 'vue';
import type { TaskInfo } from '../../../shared/contract';
import { useLabApi } from '../api/lab-api';
import { useLabStore } from './lab-store';
import { usePanesStore } from './panes-store';

export type TaskFilter = 'all' | 'running' | 'failed';

/**
 * Recent Tasks of every vCenter, fed by tasks.updated pushes. Updates are applied once per
 * animation frame, however many arrive, so 2,000 live tasks do not re-render per message.
 */
export const useTasksStore = defineStore('tasks', () => {
  const labApi = useLabApi();
  const byVcenter = shallowRef(new Map<string, Map<string, TaskInfo>>());
  /** Bumped once per applied batch; views depend on it instead of deep reactivity. */
  const version = ref(0);
  /** The task whose details are open, per vCenter (a linked-task jump sets the other side's). */
  const selected = ref<Record<string, string | null>>({});
  const lab = useLabStore();
  let buffer: TaskInfo[] = [];
  let frame = 0;

  function put(task: TaskInfo): void {
    let tasks = byVcenter.value.get(task.vcenterId);
    if (!tasks) byVcenter.value.set(task.vcenterId, (tasks = new Map()));
    tasks.set(task.id, markRaw(task));
  }

  function flush(): void {
    frame = 0;
    for (const t of buffer) put(t);
    buffer = [];
    triggerRef(byVcenter);
    version.value++;
  }

  async function load(vcenterId: string): Promise<void> {
    const r = await labApi['tasks.list']({ vcenterId, limit: 5000 });
    if (!r.ok) {
      if (r.error.code !== 'not-authenticated') lab.report(r.error);
      return;
    }
    for (const t of r.value) put(t);
    triggerRef(byVcenter);
    version.value++;
  }

  function list(vcenterId: string, filter: TaskFilter): TaskInfo[] {
    const all = [...(byVcenter.value.get(vcenterId)?.values() ?? [])];
    const shown =
      filter === 'running'
        ? all.filter((t) => t.state === 'running' || t.state === 'queued')
        : filter === 'failed'
          ? all.filter((t) => t.state === 'error' || t.state === 'cancelled')
          : all;
    return shown.sort((a, b) => b.queuedAt - a.queuedAt || b.id.localeCompare(a.id));
  }

  function find(taskId: string): TaskInfo | undefined {
    for (const tasks of byVcenter.value.values()) {
      const t = tasks.get(taskId);
      if (t) return t;
    }
    return undefined;
  }

  function select(vcenterId: string, taskId: string | null): void {
    selected.value = { ...selected.value, [vcenterId]: taskId };
  }

  async function cancel(task: TaskInfo): Promise<void> {
    const r = await labApi['tasks.cancel']({ vcenterId: task.vcenterId, taskId: task.id });
    if (!r.ok) lab.report(r.error);
  }

  labApi.on('lab.reloaded', () => {
    // Updates still waiting for a frame belong to the lab that was just replaced.
    buffer = [];
    byVcenter.value = new Map();
    selected.value = {};
    version.value++;
    for (const pane of usePanesStore().panes) void load(pane.vcenterId);
  });

  labApi.on('tasks.updated', ({ tasks }) => {
    buffer.push(...tasks);
    if (!frame) frame = requestAnimationFrame(flush);
  });

  return { byVcenter, version, selected, load, list, find, select, cancel };
});
