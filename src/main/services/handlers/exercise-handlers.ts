import type { CallsIn } from '../../../shared/contract';
import type { Handlers } from '../dispatch';
import type { LabService } from '../lab-service';

/** Guided exercises (issue 18): list, start, status, hints and the report of an attempt. */
export function exerciseHandlers(lab: LabService): Pick<Handlers, CallsIn<'exercises'>> {
  return {
    'exercises.list': () => lab.exercises.list(),
    'exercises.start': ({ id }) => lab.exercises.start(id),
    'exercises.status': () => lab.exercises.status(),
    'exercises.hint': ({ id }) => lab.exercises.hint(id),
    'exercises.report': ({ attemptId }) => lab.exercises.report(attemptId),
  };
}
