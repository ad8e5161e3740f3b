import type { TaskInfo } from '../../../shared/contract';

/** Task state as the vSphere Client's Recent Tasks shows it. */
export function statusLabel(t: TaskInfo): string {
  switch (t.state) {
    case 'queued':
      return t.waitingFor.length ? 'Waiting' : 'Queued';
    case 'running':
      return `${Math.floor(t.progress)}%`;
    case 'success':
      return 'Completed';
    case 'cancelled':
      return 'Canceled';
    case 'error':
      return t.error ?? 'Failed';
  }
}

export function formatTime(d: Date | null): string {
  if (!d) return '';
  return d.toLocaleString('en-US', {
    month: '2-digit',
    day: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** "Queued For": how long the task waited before it started (or has waited so far). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
