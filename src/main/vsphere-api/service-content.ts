/**
 * What each simulated vCenter announces: ServiceContent with its own `about` (version, build,
 * instanceUuid, apiVersion), and /sdk/vimServiceVersions.xml. Version rules (reference §1):
 * a vCenter announces the API version of its release, never a newer one, and always lists in
 * priorVersions the ids pyvmomi 6.7.1 matches by exact string (6.7.1, 6.7, 6.5, 6.0, 5.5), so the
 * 6.7-era client finds a common version with a 7.0 vCenter too.
 */
import { createHash } from 'node:crypto';
import type { VCenterRec } from '../../shared/world-types';
import { compareVersions, versionParts } from '../../shared/versions';
import { mo, type DataObject } from './soap';

/** vim25 API versions by release, oldest first. One row per API version a vCenter may speak. */
const API_VERSIONS = [
  '5.5',
  '6.0',
  '6.5',
  '6.7',
  '6.7.1',
  '6.7.2',
  '6.7.3',
  '7.0',
  '7.0.1.0',
  '7.0.2.0',
  '7.0.3.0',
  '8.0.0.0',
];

/** The API version of a vCenter release: "7.0.1" → "7.0.1.0", "6.7.0" → "6.7", "6.0.0" → "6.0". */
export function apiVersionOf(version: string): string {
  const [a, b, c] = versionParts(version);
  if (a >= 8) return '8.0.0.0';
  if (a === 7) return c ? `7.0.${Math.min(c, 3)}.0` : '7.0';
  if (a === 6 && b === 7) return c ? `6.7.${Math.min(c, 3)}` : '6.7';
  return `${a}.${b}`;
}

/** The versions a vCenter accepts: its own and every older one (newest first after its own). */
export function priorVersions(version: string): string[] {
  const own = apiVersionOf(version);
  return API_VERSIONS.filter((v) => compareVersions(v, own) < 0).reverse();
}

export function vimServiceVersionsXml(vc: VCenterRec): string {
  const prior = priorVersions(vc.version)
    .map((v) => `<version>${v}</version>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<namespaces version="1.0">\n <namespace>\n' +
    `  <name>urn:vim25</name>\n  <version>${apiVersionOf(vc.version)}</version>\n` +
    `  <priorVersions>${prior}</priorVersions>\n </namespace>\n</namespaces>\n`
  );
}

/** A stable instanceUuid per vCenter (a ServiceLocator names its target by it). */
export function instanceUuid(vc: VCenterRec): string {
  const h = createHash('sha1').update(`vmotion-lab-vcenter:${vc.key}:${vc.name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The `about` of a vCenter ("build" is the numeric build vCenter shows, from the lab's build id). */
export function aboutInfo(vc: VCenterRec): DataObject {
  const build = String(Number(vc.build.split('.').pop()) * 1000 + 17000000);
  return {
    _type: 'AboutInfo',
    name: 'VMware vCenter Server',
    fullName: `VMware vCenter Server ${vc.version} build-${build}`,
    vendor: 'VMware, Inc.',
    version: vc.version,
    build,
    localeVersion: 'INTL',
    localeBuild: '000',
    osType: 'linux-x64',
    productLineId: 'vpx',
    apiType: 'VirtualCenter',
    apiVersion: apiVersionOf(vc.version),
    instanceUuid: instanceUuid(vc),
    licenseProductName: 'VMware VirtualCenter Server',
    licenseProductVersion: vc.version.split('.')[0] + '.0',
  };
}

export function serviceContent(vc: VCenterRec): DataObject {
  return {
    _type: 'ServiceContent',
    rootFolder: mo('Folder', 'group-d1'),
    propertyCollector: mo('PropertyCollector', 'propertyCollector'),
    viewManager: mo('ViewManager', 'ViewManager'),
    about: aboutInfo(vc),
    setting: mo('OptionManager', 'VpxSettings'),
    userDirectory: mo('UserDirectory', 'UserDirectory'),
    sessionManager: mo('SessionManager', 'SessionManager'),
    authorizationManager: mo('AuthorizationManager', 'AuthorizationManager'),
    searchIndex: mo('SearchIndex', 'SearchIndex'),
    taskManager: mo('TaskManager', 'TaskManager'),
    eventManager: mo('EventManager', 'EventManager'),
    vmProvisioningChecker: mo('VirtualMachineProvisioningChecker', 'ProvChecker'),
    vmCompatibilityChecker: mo('VirtualMachineCompatibilityChecker', 'CompatChecker'),
  };
}
