import type { CallsIn } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import type { Handlers } from '../dispatch';
import type { LabContext } from '../lab-context';
import type { LabLibrary } from '../persistence/lab-library';

/** Saved labs: list, create, open, reset, delete, open a scenario file, dismiss notices. */
export function labHandlers(lab: LabContext): Pick<Handlers, CallsIn<'labs'>> {
  const library = (): LabLibrary => {
    if (!lab.labs)
      throw new LabFault(
        'not-allowed',
        'This lab is not saved (no data folder), so there are no saved labs to manage.',
      );
    return lab.labs;
  };
  return {
    'labs.list': () => library().info(),
    'labs.create': ({ name, scenario, open }) => library().create(name, scenario, open),
    'labs.open': ({ name }) => library().open(name),
    'labs.reset': () => library().reset(),
    'labs.delete': ({ name }) => library().delete(name),
    'labs.openScenarioFile': ({ path, name }) => library().openScenarioFile(path, name),
    'labs.dismissNotice': ({ id }) => library().dismissNotice(id),
  };
}
