/**
 * The identities a scenario may leave out and the lab makes up, reproducibly from its seed:
 * certificate thumbprints, VM UUIDs and MAC addresses in vCenter's range.
 */
import { flattenString } from '../flatten-string';
import { hash32, type Random } from '../random';

/** A stable fake SHA-256 thumbprint derived from a name and serial (the lab has no real certificates). */
export function deriveThumbprint(name: string, serial: number): string {
  const bytes: string[] = [];
  let h = hash32(`${name}#${serial}`);
  for (let i = 0; i < 8; i++) {
    h = hash32(`${h}:${name}:${i}`, h ^ 0x9e3779b9);
    for (let b = 0; b < 4; b++)
      bytes.push(((h >>> (b * 8)) & 0xff).toString(16).padStart(2, '0').toUpperCase());
  }
  return bytes.join(':');
}

const hex = (random: Random, n: number): string =>
  Array.from({ length: n }, () => random.int(0, 15).toString(16)).join('');

/** RFC 4122-shaped v4 UUID from the lab's seeded random source. */
export function randomUuid(random: Random): string {
  return flattenString(
    `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${'89ab'[random.int(0, 3)]}${hex(random, 3)}-${hex(random, 12)}`,
  );
}

/** A MAC in VMware's vCenter-assigned range 00:50:56:80:00:00 – 00:50:56:bf:ff:ff. */
export function randomMac(random: Random): string {
  const b = [random.int(0x80, 0xbf), random.int(0, 255), random.int(0, 255)];
  return flattenString(`00:50:56:${b.map((x) => x.toString(16).padStart(2, '0')).join(':')}`);
}
