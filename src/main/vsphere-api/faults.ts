/**
 * Lab errors as vim25 faults. A contract call that fails answers with a typed LabError; the API
 * answers with the vSphere fault type a real vCenter raises for that case, carrying the lab's own
 * message as faultstring / localizedMessage, so a script sees what the wizard shows.
 */
import type { CompatibilityResult } from '../../shared/engine-api';
import type { LabError } from '../../shared/result';
import { SoapFault } from './soap';

/** Lab error code → vim25 fault type (one row per code). */
const CODE_FAULTS: Record<LabError['code'], string> = {
  'invalid-argument': 'InvalidArgument',
  'unknown-call': 'MethodNotFound',
  'not-found': 'InvalidArgument',
  'not-allowed': 'NotSupported',
  conflict: 'InvalidState',
  'not-authenticated': 'NotAuthenticated',
  'login-failed': 'InvalidLogin',
  unreachable: 'HostConnectFault',
  'certificate-untrusted': 'SSLVerifyFault',
  'certificate-changed': 'SSLVerifyFault',
  incompatible: 'MigrationFault',
  'invalid-scenario': 'InvalidArgument',
  'invalid-exercise': 'InvalidArgument',
  storage: 'SystemError',
  internal: 'SystemError',
};

/**
 * The compatibility panel's finding codes → the vim25 fault a vCenter raises for them. Codes that
 * are vim25 fault names already map to themselves; the rest to the MigrationFault subtype that
 * vCenter uses for that check.
 */
const CHECK_FAULTS: Record<string, string> = {
  CpuIncompatible: 'CpuIncompatible',
  HostConnectFault: 'HostConnectFault',
  HostNotConnected: 'HostNotConnected',
  InvalidPowerState: 'InvalidPowerState',
  TaskInProgress: 'TaskInProgress',
  NoVmotionNic: 'VMotionInterfaceIssue',
  RemoteDeviceNotSupported: 'RemoteDeviceNotSupported',
  RemoteSerialPort: 'DisallowedMigrationDeviceAttached',
  DeviceNotAccessible: 'DeviceBackingNotSupported',
  InsufficientDiskSpace: 'NoDiskSpace',
  NetworkNotAccessible: 'NetworksMayNotBeTheSame',
  DatastoreNotAccessible: 'InaccessibleDatastore',
  NoPermission: 'NoPermission',
  InvalidLicense: 'InvalidLicense',
  InvalidState: 'InvalidState',
  NotSupported: 'NotSupported',
  NotSupportedHost: 'NotSupportedHost',
};

/** The vim25 fault type for a compatibility finding code. */
export function checkFaultType(code: string): string {
  return CHECK_FAULTS[code] ?? 'MigrationFault';
}

/** A failed contract call as the SOAP fault the client receives. */
export function faultOf(error: LabError): SoapFault {
  if (error.code === 'incompatible' || (error.code === 'conflict' && error.details?.compatibility)) {
    const compat = error.details?.compatibility as CompatibilityResult | undefined;
    const first = compat?.vms.flatMap((v) => v.errors)[0];
    if (first) return new SoapFault(checkFaultType(first.code), error.message);
  }
  const type = CODE_FAULTS[error.code] ?? 'SystemError';
  const fields: Record<string, string> = {};
  if (type === 'InvalidArgument' && error.field) fields.invalidProperty = error.field;
  if (type === 'SystemError') fields.reason = error.message;
  return new SoapFault(type, error.message, fields);
}

/** vCenter's wording for a spec field it cannot use. */
export function invalidArgument(property: string, message?: string): SoapFault {
  return new SoapFault('InvalidArgument', message ?? `A specified parameter was not correct: ${property}`, {
    invalidProperty: property,
  });
}

export function notAuthenticated(): SoapFault {
  return new SoapFault('NotAuthenticated', 'The session is not authenticated.', {
    privilegeId: 'System.View',
  });
}

export function notFound(ref: { type: string; value: string }): SoapFault {
  return new SoapFault(
    'ManagedObjectNotFound',
    `The object '${ref.type}:${ref.value}' has already been deleted or has not been completely created`,
    { obj: { _mo: true, type: ref.type, value: ref.value } },
  );
}
