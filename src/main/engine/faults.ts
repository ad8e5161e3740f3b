import type { ArmedFault, FaultKind } from '../../shared/engine-api';

/**
 * Faults armed for training and tests. Each fires once, in the next migration (of the named VM, or
 * any) that reaches the phase where such a failure happens in real life.
 */
export class FaultBox {
  private armed: ArmedFault[] = [];
  private counter = 0;

  inject(kind: FaultKind, vmId: string | null): ArmedFault {
    const f: ArmedFault = { id: `fault-${++this.counter}`, kind, vmId };
    this.armed.push(f);
    return f;
  }

  list(): ArmedFault[] {
    return this.armed.map((f) => ({ ...f }));
  }

  /** How many faults are armed (none, in almost every migration: no claim to make). */
  get armedCount(): number {
    return this.armed.length;
  }

  /** Takes the first armed fault that applies to this migration (by VM and by what it does). */
  claim(vmId: string, applies: (kind: FaultKind) => boolean): FaultKind | null {
    const i = this.armed.findIndex((f) => (f.vmId === null || f.vmId === vmId) && applies(f.kind));
    if (i < 0) return null;
    return this.armed.splice(i, 1)[0].kind;
  }

  /** A VM re-registered under a new id keeps the faults aimed at it. */
  rekey(oldId: string, newId: string): void {
    for (const f of this.armed) if (f.vmId === oldId) f.vmId = newId;
  }
}
