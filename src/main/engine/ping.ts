/**
 * A continuous ping to a VM, as an admin runs during a vMotion: sub-millisecond replies normally,
 * one clearly longer reply across the switchover (it waits out the modelled stun, ~100 ms to 1 s),
 * now and then a lost one instead, and no replies while the VM is powered off or its guest boots.
 */
import type { PingSample } from '../../shared/engine-api';
import { LabFault } from '../../shared/result';
import type { TimerId } from './clock';
import type { EngineCore } from './core';

const INTERVAL_MS = 1000;
/**
 * Chance the packet in flight across a switchover is dropped rather than delayed (model). The
 * reference: "I only got a longer response time during the switchover"; a lost reply is possible
 * but not the rule, so about one switchover in 25 shows one.
 */
export const LOSS_AT_SWITCHOVER = 0.04;

interface Monitor {
  id: string;
  vmId: string;
  /** The VM's vCenter when last seen, for the replies of a VM that has gone. */
  vcenterId: string;
  seq: number;
  timer: TimerId;
  /** Stun of a switchover that the next reply has to wait out, in ms. */
  pendingStunMs: number | null;
}

export class PingMonitors {
  private readonly monitors = new Map<string, Monitor>();
  private counter = 0;
  private pending: PingSample[] = [];
  /** Recent samples per monitor so a late subscriber can draw the series. */
  private readonly history = new Map<string, PingSample[]>();

  /** `guestUp` says whether the guest OS answers (a booting or shutting-down guest does not). */
  constructor(
    private readonly core: EngineCore,
    private readonly guestUp: (vmId: string) => boolean = () => true,
  ) {}

  start(vmId: string): string {
    const vm = this.core.world.vms.get(vmId);
    if (!vm) throw new LabFault('not-found', `No virtual machine with id "${vmId}".`, { field: 'vmId' });
    const id = `ping-${++this.counter}`;
    const m: Monitor = { id, vmId, vcenterId: vm.vcenterId, seq: 0, timer: 0, pendingStunMs: null };
    m.timer = this.core.clock.after(INTERVAL_MS, () => this.sample(m));
    this.monitors.set(id, m);
    this.history.set(id, []);
    return id;
  }

  stop(monitorId: string): void {
    const m = this.monitors.get(monitorId);
    if (!m)
      throw new LabFault('not-found', `No ping monitor with id "${monitorId}".`, { field: 'monitorId' });
    this.core.clock.cancel(m.timer);
    this.monitors.delete(monitorId);
    this.history.delete(monitorId);
  }

  samples(monitorId: string): PingSample[] {
    return [...(this.history.get(monitorId) ?? [])];
  }

  /** The switchover of a VM stuns it for `stunMs`: the next reply of each monitor waits it out. */
  noteStun(vmId: string, stunMs: number): void {
    for (const m of this.monitors.values()) if (m.vmId === vmId) m.pendingStunMs = stunMs;
  }

  rekey(oldId: string, newId: string): void {
    for (const m of this.monitors.values()) if (m.vmId === oldId) m.vmId = newId;
  }

  takeSamples(): PingSample[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private sample(m: Monitor): void {
    const r = this.core.random;
    const vm = this.core.world.vms.get(m.vmId);
    if (vm) m.vcenterId = vm.vcenterId;
    let rtt: number | null;
    if (!vm || vm.powerState !== 'poweredOn' || !this.guestUp(vm.id)) rtt = null;
    else if (m.pendingStunMs !== null) {
      rtt = r.next() < LOSS_AT_SWITCHOVER ? null : round2(m.pendingStunMs + 0.3 + r.next() * 0.5);
      m.pendingStunMs = null;
    } else rtt = round2(0.15 + r.next() * 0.55);
    const s: PingSample = {
      monitorId: m.id,
      vmId: m.vmId,
      vcenterId: m.vcenterId,
      seq: ++m.seq,
      at: this.core.clock.now(),
      rttMs: rtt,
    };
    this.pending.push(s);
    const h = this.history.get(m.id)!;
    h.push(s);
    if (h.length > 600) h.shift();
    m.timer = this.core.clock.after(INTERVAL_MS, () => this.sample(m));
  }
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
