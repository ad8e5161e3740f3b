/**
 * The vSphere Client's words for the Migrate and Import VMs wizards, in one place so every page and
 * the Ready to complete summary say the same thing the real product says.
 */
import {
  DATASTORE_DEFAULT_POLICY,
  type MigrationType,
  type TargetDiskFormat,
} from '../../../../shared/engine-api';
import type { StoragePolicyRow } from '../../../../shared/placement-api';

export const migrationTypeOptions: { value: MigrationType; label: string; description: string }[] = [
  {
    value: 'compute',
    label: 'Change compute resource only',
    description: 'Migrate the virtual machines to another host or cluster.',
  },
  {
    value: 'storage',
    label: 'Change storage only',
    description: "Migrate the virtual machines' storage to a compatible datastore.",
  },
  {
    value: 'both',
    label: 'Change both compute resource and storage',
    description:
      'Migrate the virtual machines to a specific host or cluster and their storage to a specific datastore.',
  },
  {
    value: 'crossVcenter',
    label: 'Cross vCenter Server export',
    description: 'Migrate the virtual machines to a vCenter Server not linked to the current SSO domain.',
  },
];

export const migrationTypeLabel = (t: MigrationType | null): string =>
  migrationTypeOptions.find((o) => o.value === t)?.label ?? '—';

/** In the order of the product's "Select virtual disk format" dropdown. */
export const diskFormatOptions: { value: TargetDiskFormat; label: string }[] = [
  { value: 'sameAsSource', label: 'Same format as source' },
  { value: 'thickLazyZeroed', label: 'Thick Provision Lazy Zeroed' },
  { value: 'thickEagerZeroed', label: 'Thick Provision Eager Zeroed' },
  { value: 'thin', label: 'Thin Provision' },
];

export const diskFormatLabel = (f: string): string =>
  diskFormatOptions.find((o) => o.value === f)?.label ?? f;

/** "VM Storage Policy" when nothing else is chosen: the request leaves each VM's policies as they are. */
export const KEEP_STORAGE_POLICIES = 'keep';

/** The product's "VM Storage Policy" dropdown: its two fixed entries, then the vCenter's policies. */
export function storagePolicyOptions(rows: StoragePolicyRow[]): { value: string; label: string }[] {
  return [
    { value: KEEP_STORAGE_POLICIES, label: 'Keep existing VM storage policies' },
    { value: DATASTORE_DEFAULT_POLICY, label: 'Datastore Default' },
    ...rows.map((r) => ({ value: r.id, label: r.name })),
  ];
}

export const storagePolicyLabel = (value: string, rows: StoragePolicyRow[]): string =>
  storagePolicyOptions(rows).find((o) => o.value === value)?.label ?? value;

export const priorityOptions: { value: 'high' | 'normal'; label: string; description: string }[] = [
  {
    value: 'high',
    label: 'Schedule vMotion with high priority (recommended)',
    description:
      'vMotion receives higher CPU scheduling preference relative to normal priority migrations. vMotion will complete more quickly.',
  },
  {
    value: 'normal',
    label: 'Schedule regular vMotion',
    description:
      'vMotion receives lower CPU scheduling preference relative to high priority migrations. The duration of vMotion may be extended.',
  },
];

export const powerStateLabel = (p: string): string =>
  p === 'poweredOn' ? 'Powered On' : p === 'poweredOff' ? 'Powered Off' : p === 'suspended' ? 'Suspended' : p;

/** Sizes as the vSphere Client prints them: GB below 1 TB, TB above (two decimals). */
export function formatGB(gb: number): string {
  if (Math.abs(gb) >= 1024) return `${(gb / 1024).toFixed(2)} TB`;
  return `${gb >= 100 ? gb.toFixed(0) : gb.toFixed(2)} GB`;
}
