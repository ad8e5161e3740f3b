/**
 * How inventory ids are made (load-scenario.ts): every object's id is `<vCenter key>:<type>-<n>`
 * and a vCenter's own is `<key>:vcenter`, so an id says which vCenter an object belongs to. This is
 * the one place that reads an id that way.
 */

/** The key of the vCenter an object id belongs to ("vcsa01" for "vcsa01:vm-12"). */
export function vcenterKeyOf(objectId: string): string {
  return objectId.split(':', 1)[0];
}

/** The id of the vCenter an object id belongs to ("vcsa01:vcenter" for "vcsa01:vm-12"). */
export function vcenterIdOf(objectId: string): string {
  return `${vcenterKeyOf(objectId)}:vcenter`;
}
