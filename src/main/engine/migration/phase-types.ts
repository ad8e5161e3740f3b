/** A migration's phases as planned (see phases.ts for the table of what each one does). */
import type { FaultKind } from '../../../shared/engine-api';
import type { VmRec } from '../../../shared/world-types';
import type { DiskPlan } from './plan-types';
import type { PrecopyPass } from './timing';

interface PhaseBase {
  /** The name the tasks list it under. */
  name: string;
  /** Where the progress bar stands when the phase ends (%). */
  progressTo: number;
  /** The fault kinds that can strike in it. */
  faults: readonly FaultKind[];
}

/** One phase of one migration, as planned. */
export type Phase =
  | (PhaseBase & {
      kind: 'checks' | 'prepareDestination' | 'prepareSource' | 'switchover' | 'register' | 'cleanup';
    })
  | (PhaseBase & { kind: 'copy'; disk: DiskPlan })
  /** Replaced by its passes when it is reached (the bandwidth is known then). */
  | (PhaseBase & { kind: 'precopy'; memFrom: number; vm: VmRec })
  | (PhaseBase & { kind: 'precopyPass'; pass: PrecopyPass; bw: number });

export type PhaseKind = Phase['kind'];
