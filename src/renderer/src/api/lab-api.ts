import { ref } from 'vue';
import type { LabApi } from '../../../shared/contract';
import { createWebSocketApi, type ConnectionState } from './ws-transport';

/** Whether the page talks to the lab over Electron IPC or the browser-mode WebSocket. */
export const transport: 'ipc' | 'websocket' = window.vmotionLab ? 'ipc' : 'websocket';
export const connectionState = ref<ConnectionState>(transport === 'ipc' ? 'open' : 'connecting');

/**
 * The one API object the stores use. Components never import it: only stores talk to the lab.
 * The transport is chosen by itself: the preload's API when present, else the WebSocket.
 */
export const labApi: LabApi = window.vmotionLab ?? createWebSocketApi((s) => (connectionState.value = s));
