/**
 * An exercise's setup, applied to a freshly loaded lab before the attempt starts: one row per setup
 * kind of the exercise schema. Each does what a trainer would otherwise do with the lab controls.
 */
import type { SetupStep } from '../../../shared/exercise-schema';
import { LabFault, type Result } from '../../../shared/result';
import type { LabService } from '../lab-service';

/** Setup acts as the lab itself, not as a signed-in user. */
const SETUP_CONTEXT = { clientId: 'exercise-setup' };

type Step<K extends SetupStep['kind']> = (
  lab: LabService,
  step: Extract<SetupStep, { kind: K }>,
) => Promise<void>;

function byName<T extends { name: string }>(map: Map<string, T>, name: string, what: string): T {
  for (const x of map.values()) if (x.name === name) return x;
  throw new LabFault('invalid-exercise', `setup: there is no ${what} "${name}" in the exercise's lab`);
}

/** Runs a contract call that another part of the lab owns; refused = the exercise cannot start. */
async function viaContract(lab: LabService, name: string, args: unknown, needs: string): Promise<void> {
  const r: Result<unknown> = await lab.call(name, args, SETUP_CONTEXT);
  if (r.ok) return;
  if (r.error.code === 'unknown-call')
    throw new LabFault(
      'not-allowed',
      `This exercise needs ${needs}, which this version of the lab does not have.`,
    );
  throw new LabFault(r.error.code, `Setting up the exercise failed: ${r.error.message}`);
}

const steps: { [K in SetupStep['kind']]: Step<K> } = {
  fault: async (lab, s) => {
    const vm = s.vm ? byName(lab.world.vms, s.vm, 'VM') : null;
    lab.engine.injectFault(s.fault, vm?.id ?? null);
  },
  isoAttached: async (lab, s) => {
    const vm = byName(lab.world.vms, s.vm, 'VM');
    // A client ISO travels through a console session: the learner's VMRC window, left open.
    if (!lab.engine.remote.list(vm.id).length) lab.engine.openConsole(vm.id, null);
    lab.engine.attachIso(vm.id, s.path, undefined, null);
  },
  certificateChanged: async (lab, s) => {
    await viaContract(
      lab,
      'lab.changeCertificate',
      { vcenterId: `${s.vcenter}:vcenter` },
      'certificate changes',
    );
  },
  portBlocked: async (lab, s) => {
    const host = byName(lab.world.hosts, s.host, 'host');
    await viaContract(
      lab,
      'lab.setPortBlocked',
      { hostId: host.id, port: s.port, blocked: true },
      'blocked ports (lab.setPortBlocked)',
    );
  },
  drsMode: async (lab, s) => {
    const cluster = byName(lab.world.clusters, s.cluster, 'cluster');
    lab.engine.setDrsMode(cluster.id, s.mode);
  },
};

/** Applies every setup step in order, then sends what changed. */
export async function applySetup(lab: LabService, setup: readonly SetupStep[]): Promise<void> {
  for (const s of setup) await (steps[s.kind] as Step<typeof s.kind>)(lab, s as never);
  lab.engine.flush();
}
