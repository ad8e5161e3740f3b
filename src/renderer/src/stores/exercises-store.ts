import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AttemptStatus, ExerciseReport, ExerciseSummary } from '../../../shared/contract';
import type { LabError, Result } from '../../../shared/result';
import { useLabApi } from '../api/lab-api';
import { reportHtml, reportFileName } from '../exercises/report-html';

/**
 * Guided exercises: the list, the running attempt (kept current by exercises.progress pushes, so
 * objectives tick as the engine reports them), hints, and the report at the end.
 */
export const useExercisesStore = defineStore('exercises', () => {
  const labApi = useLabApi();
  const list = ref<ExerciseSummary[]>([]);
  const attempt = ref<AttemptStatus | null>(null);
  const report = ref<ExerciseReport | null>(null);
  const panelOpen = ref(false);
  const busy = ref(false);
  const error = ref<LabError | null>(null);

  async function run<T>(call: Promise<Result<T>>): Promise<T | null> {
    busy.value = true;
    const r = await call;
    busy.value = false;
    error.value = r.ok ? null : r.error;
    return r.ok ? r.value : null;
  }

  async function load(): Promise<void> {
    const [l, s] = await Promise.all([run(labApi['exercises.list']({})), labApi['exercises.status']({})]);
    if (l) list.value = l;
    if (s.ok) attempt.value = s.value;
    // A finished attempt shows its report straight away (e.g. after a restart).
    if (attempt.value && attempt.value.state !== 'running' && !report.value) await loadReport();
  }

  async function start(id: string): Promise<void> {
    const s = await run(labApi['exercises.start']({ id }));
    if (!s) return;
    report.value = null;
    attempt.value = s;
  }

  async function revealHint(id: string): Promise<void> {
    const h = await run(labApi['exercises.hint']({ id }));
    if (!h || !attempt.value) return;
    attempt.value = {
      ...attempt.value,
      hints: attempt.value.hints.map((x) => (x.id === id ? h : x)),
    };
  }

  /** Hands the attempt in (if still running) and shows its report. */
  async function loadReport(): Promise<void> {
    const r = await run(labApi['exercises.report']({}));
    if (!r) return;
    report.value = r;
    const s = await labApi['exercises.status']({});
    if (s.ok) attempt.value = s.value;
    const l = await labApi['exercises.list']({});
    if (l.ok) list.value = l.value;
  }

  /** Back to the list (the finished attempt stays saved; its report can be fetched again). */
  function backToList(): void {
    report.value = null;
    if (attempt.value?.state !== 'running') attempt.value = null;
  }

  /**
   * Saves the report as one self-contained HTML file (styles inline, no scripts) a trainer can
   * collect: a download in browser mode and the same blob download in the desktop app.
   */
  function saveReport(): string | null {
    if (!report.value) return null;
    const blob = new Blob([reportHtml(report.value)], { type: 'text/html;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = reportFileName(report.value);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return a.download;
  }

  labApi.on('exercises.progress', (s) => {
    attempt.value = s;
    if (s.state !== 'running' && report.value?.attemptId !== s.attemptId) void loadReport();
  });

  return {
    list,
    attempt,
    report,
    panelOpen,
    busy,
    error,
    load,
    start,
    revealHint,
    loadReport,
    backToList,
    saveReport,
  };
});
