/** A seeded pseudo-random source (mulberry32): same seed ⇒ same sequence, so lab histories replay. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** The generator's state, to save and restore with the lab. */
  state(): number;
}

/** mulberry32: a small, fast generator whose whole state is one 32-bit number (saved with the lab). */
class Mulberry32 implements Random {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  next(): number {
    const s = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  state(): number {
    return this.s;
  }
}

export function createRandom(seed: number): Random {
  return new Mulberry32(seed);
}

/** A stable 32-bit FNV-1a hash of a string, for ids and thumbprints derived from names. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
