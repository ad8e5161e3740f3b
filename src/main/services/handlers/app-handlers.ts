import type { CallsIn } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import type { Handlers } from '../dispatch';

/** The OS file dialog: resolves to the chosen path, or null when the user cancelled. */
export type PickFile = (purpose: 'iso' | 'scenario') => Promise<string | null>;

/** What the app around the lab offers: the OS file dialog in Electron. */
export function appHandlers(pickFile: PickFile | undefined): Pick<Handlers, CallsIn<'app'>> {
  return {
    'app.pickFile': async ({ purpose }) => {
      if (!pickFile)
        throw new LabFault('not-allowed', 'Browser mode has no file dialog: type the path instead.');
      return { path: await pickFile(purpose) };
    },
  };
}
