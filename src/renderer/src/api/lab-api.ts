import { ref } from 'vue';
import type { LabApi } from '../../../shared/contract';
import { createWebSocketApi, type ConnectionState } from './ws-transport';

/**
 * The one API object the stores use. Components never import this module: only stores talk to the
 * lab (the transport store passes on how the page is connected).
 *
 * Nothing is built at import time, so a test can hand the stores a fake with `provideLabApi` before
 * the first store is created. In the app the first `useLabApi()` picks the transport by itself: the
 * preload's API when present, else the browser-mode WebSocket.
 */
let current: LabApi | null = null;

/** Whether the page talks to the lab over Electron IPC or the browser-mode WebSocket. */
export type Transport = 'ipc' | 'websocket';
let transport: Transport = 'ipc';
const connectionState = ref<ConnectionState>('open');

/** Sets the API every store uses from now on (tests pass a fake; call it before creating stores). */
export function provideLabApi(api: LabApi, via: Transport = 'ipc'): void {
  current = api;
  transport = via;
  connectionState.value = via === 'ipc' ? 'open' : 'connecting';
}

/** The API the stores call; the first call in the app connects it. */
export function useLabApi(): LabApi {
  if (!current) {
    const preload = window.vmotionLab;
    if (preload) provideLabApi(preload, 'ipc');
    else {
      provideLabApi(
        createWebSocketApi((s) => (connectionState.value = s)),
        'websocket',
      );
    }
  }
  return current!;
}

/** How the page reaches the lab, and whether that link is up (for the header and the error banner). */
export function useLabLink(): { transport: Transport; state: typeof connectionState } {
  useLabApi();
  return { transport, state: connectionState };
}
