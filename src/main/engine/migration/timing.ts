/**
 * The migration timing model from the reference ("Timing (model)"). Bandwidth is taken when a
 * transfer phase starts, so a vMotion that starts while others share the link runs slower.
 */

/** 1 Gb/s in MB/s. */
const MB_PER_GBIT = 125;
/** One vMotion vmknic tops out around 18 Gb/s however fast the link is. */
export const VMOTION_STREAM_CAP_GBPS = 18;
/** Pre-copy stops once what is left would be sent within this time (the switchover budget). */
export const SWITCHOVER_BUDGET_S = 0.5;
/** Passes before Stun During Page Send is forced, so a busy guest still converges. */
const MAX_PASSES = 12;
/**
 * Disk copy rates (model): array/host data mover, vMotion-network mirror, NFC for cold copies. NFC
 * (TCP 902, the management or provisioning network) is much slower than array-backed copies
 * (reference "Timing"): one host's NFC server carries NFC_MBPS in all.
 */
export const DATAMOVER_MBPS = 800;
export const DISK_OVER_VMOTION_CAP_MBPS = 1000;
export const NFC_MBPS = 150;

/**
 * Bandwidth-delay effect (model): a TCP stream carries at most one socket buffer per round trip.
 * vMotion resizes its buffers to the observed round-trip time (Metro / long-distance vMotion: 0.5 MB
 * standard, resized so 10 ms still fills 1 GbE) up to this cap, so a 10 GbE vMotion slows from about
 * 6 ms on and a long-distance one at 150 ms still gets ~53 MB/s (≈ 430 Mb/s, above the 250 Mb/s
 * vMotion needs). NFC keeps a fixed buffer, so cold copies between sites slow down much sooner.
 */
export const VMOTION_SOCKET_BUFFER_MAX_MB = 8;
export const NFC_SOCKET_BUFFER_MB = 1;

/** What one stream with `bufferMB` in flight can carry over a round trip of `rttMs` (MB/s). */
export function windowLimitMBps(bufferMB: number, rttMs: number): number {
  return rttMs > 0 ? bufferMB / (rttMs / 1000) : Number.POSITIVE_INFINITY;
}

/**
 * Bandwidth one vMotion gets: min(link, 18 Gb/s) shared by the vMotions on the busier end, and no
 * more than its buffer per round trip between the sites (`rttMs`, 0 on one site).
 */
export function vmotionBandwidthMBps(
  srcLinkGbps: number,
  dstLinkGbps: number,
  sharing: number,
  rttMs = 0,
): number {
  const link = Math.min(srcLinkGbps, dstLinkGbps, VMOTION_STREAM_CAP_GBPS);
  const share = (link * MB_PER_GBIT) / Math.max(1, sharing);
  return Math.min(share, windowLimitMBps(VMOTION_SOCKET_BUFFER_MAX_MB, rttMs));
}

/**
 * Rate of one cold (NFC) disk copy: a host's NFC server streams NFC_MBPS in all, shared by the NFC
 * copies on the busier of the two hosts, each stream at most its fixed buffer per round trip.
 */
export function nfcCopyMBps(sharing: number, rttMs = 0): number {
  return Math.min(NFC_MBPS / Math.max(1, sharing), windowLimitMBps(NFC_SOCKET_BUFFER_MB, rttMs));
}

export interface PrecopyPass {
  sentMB: number;
  seconds: number;
  /** The guest's vCPUs were slowed (Stun During Page Send) during this pass. */
  sdps: boolean;
}

/**
 * Memory pre-copy: pass 1 sends all memory; each next pass resends what the guest dirtied during the
 * previous one; stop when the remainder fits the switchover budget. A guest dirtying memory as fast
 * as the link can carry it is slowed (SDPS) so the remainder halves each pass.
 */
export function precopyPasses(
  memoryMB: number,
  dirtyMBps: number,
  bandwidthMBps: number,
): { passes: PrecopyPass[]; remainderMB: number } {
  const passes: PrecopyPass[] = [];
  let toSend = memoryMB;
  let sdps = false;
  for (;;) {
    const seconds = toSend / bandwidthMBps;
    passes.push({ sentMB: toSend, seconds, sdps });
    if (passes.length >= MAX_PASSES || dirtyMBps >= bandwidthMBps) sdps = true;
    const rate = sdps ? Math.min(dirtyMBps, bandwidthMBps * 0.5) : dirtyMBps;
    const dirtied = Math.min(memoryMB, rate * seconds);
    if (dirtied / bandwidthMBps <= SWITCHOVER_BUDGET_S || passes.length >= MAX_PASSES * 2) {
      return { passes, remainderMB: dirtied };
    }
    toSend = dirtied;
  }
}

/** Stun time of the switchover in ms: a fixed part plus the last pages; stays well under 1 s. */
export function switchoverMs(remainderMB: number, bandwidthMBps: number, jitter01: number): number {
  return Math.round(
    90 + Math.min(SWITCHOVER_BUDGET_S, remainderMB / bandwidthMBps) * 1000 * 0.8 + jitter01 * 120,
  );
}

/** GB a disk copy moves: what is written; eager-zeroed targets also write their zeroes. */
export function copyGB(d: { usedGB: number; sizeGB: number; toFormat: string }): number {
  return d.toFormat === 'thickEagerZeroed' ? d.sizeGB : d.usedGB;
}

export const formatMB = (mb: number): string =>
  mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
