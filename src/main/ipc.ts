import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { callNames, IPC_PREFIX, IPC_PUSH_CHANNEL } from '../shared/contract';
import { fail } from '../shared/result';
import type { LabService } from './services/lab-service';

/**
 * The one wrapper through which every ipcMain handler is registered: it refuses calls from any frame
 * that is not the app's own page, then hands the raw arguments to the service's dispatcher, which
 * validates them against the contract. A static test checks no other file calls ipcMain.handle.
 */
export function registerIpc(lab: LabService, isTrustedUrl: (url: string) => boolean): () => void {
  for (const name of callNames) {
    ipcMain.handle(`${IPC_PREFIX}${name}`, (event: IpcMainInvokeEvent, args: unknown) => {
      const frameUrl = event.senderFrame?.url ?? '';
      if (!event.senderFrame || event.senderFrame.parent !== null || !isTrustedUrl(frameUrl)) {
        return fail('not-allowed', 'Calls are accepted only from the vMotion Lab window.');
      }
      return lab.call(name, args, { clientId: `ipc-${event.sender.id}` });
    });
  }
  return () => {
    for (const name of callNames) ipcMain.removeHandler(`${IPC_PREFIX}${name}`);
  };
}

/** Delivers the service's push events to the app's windows (or only to the one a clientId names). */
export function forwardPushes(lab: LabService, windows: () => WebContents[]): () => void {
  return lab.subscribe((name, payload, clientId) => {
    for (const wc of windows()) {
      if (wc.isDestroyed()) continue;
      if (clientId && clientId !== `ipc-${wc.id}`) continue;
      // Each window sees only what concerns the vCenters it is logged in to.
      const scoped = lab.pushFor(`ipc-${wc.id}`, name, payload);
      if (scoped) wc.send(IPC_PUSH_CHANNEL, name, scoped);
    }
  });
}
