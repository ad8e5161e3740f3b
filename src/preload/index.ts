import { contextBridge, ipcRenderer } from 'electron';
import {
  callNames,
  IPC_PREFIX,
  IPC_PUSH_CHANNEL,
  isPushName,
  type LabApi,
  type PushName,
} from '../shared/contract';

/**
 * Exposes exactly the contract to the page: one function per call and `on` for push events. The page
 * never sees ipcRenderer, and there is no generic send/invoke it could point at another channel.
 */
const api: Record<string, unknown> = {};
for (const name of callNames) {
  api[name] = (args: unknown) => ipcRenderer.invoke(`${IPC_PREFIX}${name}`, args);
}
api.on = (name: PushName, handler: (payload: unknown) => void): (() => void) => {
  if (!isPushName(name)) throw new Error(`Unknown push event "${String(name)}"`);
  const listener = (_e: unknown, event: string, payload: unknown): void => {
    if (event === name) handler(payload);
  };
  ipcRenderer.on(IPC_PUSH_CHANNEL, listener);
  return () => ipcRenderer.removeListener(IPC_PUSH_CHANNEL, listener);
};

contextBridge.exposeInMainWorld('vmotionLab', Object.freeze(api) as LabApi);
