/**
 * Every message the engine shows in vSphere's own words: the compatibility panel's issues and
 * summary, and the errors migration tasks end with (faults, rollbacks, cancels). One table, so the
 * wording is checked against the reference (vsphere-migration.md) in one place. Event texts are in
 * migration/migration-events.ts; argument errors (a request the wizard should never send) stay with
 * the code that refuses it.
 */
export const MSG = {
  // ---- the compatibility panel ----------------------------------------------------------------
  succeeded: 'Compatibility checks succeeded.',
  succeededWithWarnings: 'Compatibility checks succeeded with warnings.',
  failed: 'Compatibility checks failed.',

  hostNotConnected: (host: string, state: 'disconnected' | 'not responding') =>
    `The host '${host}' is ${state}.`,
  hostInMaintenance: (host: string, entering: boolean) =>
    `The host '${host}' is ${entering ? 'entering' : 'in'} maintenance mode.`,
  hardwareVersion: (hardwareVersion: number, host: string, esxiVersion: string) =>
    `The virtual machine version (vmx-${hardwareVersion}) is not compatible with the version of the host '${host}' (ESXi ${esxiVersion}).`,
  vmotionNic:
    'A vMotion interface is not configured (or is misconfigured) on either the source or destination host.',
  cpu: "The CPU of the host is incompatible with the CPU feature requirements of the virtual machine; problem detected at CPUID level 0x1 register 'ecx'.",
  evcHint:
    'Use a cluster with Enhanced vMotion Compatibility (EVC) enabled, with a baseline both hosts support, to migrate between CPU generations.',
  serial:
    'Migration of virtual machine with remote serial port connected is not possible unless a Virtual Serial Port Concentrator appliance is used.',
  remoteDevice: 'The virtual machine has a currently connected device with a remote backing.',
  device: (src: string, dst: string, device: string, backing: string) =>
    `Unable to migrate from ${src} to ${dst}: Device '${device}' uses backing '${backing}', which is not accessible.`,
  network: (adapter: string, network: string) =>
    `Currently connected network interface '${adapter}' uses network '${network}', which is not accessible.`,
  datastoreNotAccessible: (datastore: string, host: string) =>
    `The datastore '${datastore}' is not accessible from host '${host}'.`,
  datastoreNotAccessibleHint:
    'Change both compute resource and storage to move the disks with the virtual machine.',
  space: (datastore: string) => `Insufficient disk space on datastore '${datastore}'.`,
  noPermission: 'Permission to perform this operation was denied.',
  cloudPlacementHint:
    'In VMware Cloud, place workloads in the Compute-ResourcePool resource pool and on WorkloadDatastore.',
  taskInProgress: (vm: string, taskId: string) =>
    `Another task is already in progress: '${vm}' is being migrated (task ${taskId}).`,

  // ---- cross vCenter (request-level) ------------------------------------------------------------
  xvmInitiatorTooOld: (isImport: boolean, vcenter: string, build: string) =>
    `${isImport ? 'Import VMs' : 'Cross vCenter Server export'} requires vCenter Server 7.0 Update 1c or later; ${vcenter} runs ${build}.`,
  xvmOtherTooOld: (vcenter: string, version: string) =>
    `vCenter Server ${vcenter} runs version ${version}; cross vCenter migration needs version 6.5 or later on the other side (6.0 is not supported).`,
  vcenterUnreachable: (vcenter: string) => `Cannot connect to vCenter Server ${vcenter}.`,
  xvmLicense:
    'Live migration across vCenter Server instances requires a vSphere Enterprise Plus license on both sides.',
  xvmLicenseHint: 'Power off the virtual machine to relocate it with a Standard license.',
  samePowerState: 'All selected virtual machines must have the same power state.',
  /** RelocateVM_Task placement rule: only a fully automated DRS cluster picks the host itself. */
  nonAutomatedCluster:
    'If your target is a non-automated cluster, select a host within the non-automated cluster.',

  // ---- network paths and vMotion priority (engine/network-paths.ts, vmotion-priority.ts) ---------
  /** KB 393932: TCP 902 (NFC) blocked between the hosts of a cross vCenter migration. */
  compatibilityCheckTimeout: 'Compatibility check took too long to complete',
  compatibilityCheckTimeoutHint: 'Please check vCenter Server logs for more details.',
  /** A powered-off VM's copy over NFC (hostd's NFC error in KB 393932, as the task reports it). */
  nfcConnectFailed: (host: string) =>
    `A general system error occurred: [NFC ERROR] Failed to connect to server ${host}:902`,
  /** TCP 8000 blocked: the vMotion stream never reaches the destination (msg.migrate.waitdata.platform). */
  vmotionNetwork:
    'The vMotion failed because the destination host did not receive data from the source host on the vMotion network. Please check your vMotion network settings and physical network configuration and ensure they are correct.',
  /** vSphere docs, "Round-Trip Time for Long-Distance vMotion Migration". */
  longDistanceRtt: (rttMs: number) =>
    `The round-trip time between the source and destination hosts is ${rttMs} ms. The maximum supported network round-trip time for vMotion migrations is 150 milliseconds.`,
  /** "Schedule vMotion with high priority" reserves CPU on both hosts (InsufficientCpuResourcesFault). */
  highPriorityCpu: (host: string, unreservedMhz: number, requestedMhz: number) =>
    `Insufficient CPU resources on host '${host}' to schedule vMotion with high priority: ${unreservedMhz} MHz unreserved, ${requestedMhz} MHz requested. Schedule a regular vMotion, or free CPU on the host.`,

  // ---- migration tasks ------------------------------------------------------------------------
  vmBusy: (vm: string) => `Another task is already in progress: '${vm}' is being migrated.`,
  vmGone: (vm: string) => `The virtual machine '${vm}' no longer exists.`,
  cannotCancel:
    'The operation cannot be canceled at this stage: the switchover has started and the migration is completing.',
  cancelled: 'The task was canceled by a user.',
  timeout: 'Operation timed out',
  failToResume: 'The source detected that the destination failed to resume.',
  hostLost: (host: string) =>
    `A general system error occurred: Migration to host ${host} failed with error Connection closed by remote host, possibly due to timeout.`,
} as const;
