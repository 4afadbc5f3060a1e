/**
 * Deterministic randomness. Every simulated number is a pure function of (fleet, clock): noise comes from
 * hashing a resource name with a period index, never from Math.random, so two runs of the same audit see the
 * same datapoints and tests can assert exact values.
 */

/** 32-bit FNV-1a of a string. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Mixes a 32-bit key with up to four integers (murmur3 finalizer per step) into a new 32-bit hash. Fixed
 * parameters, not rest arguments: this runs once per simulated minute and datapoint, so it must not allocate.
 */
export function mix(key: number, a: number, b = 0, c = 0, d = 0): number {
  let h = step(key >>> 0, a);
  h = step(h, b);
  h = step(h, c);
  return step(h, d);
}

/** One-integer form of `mix` (two finalizer rounds): the per-minute burst draw of bursty patterns. */
export function mix1(key: number, a: number): number {
  return step(key >>> 0, a);
}

// Epoch minutes and milliseconds exceed 32 bits: fold the high part in too.
function step(h: number, n: number): number {
  h = fmix(h ^ (n >>> 0));
  return fmix(h ^ Math.floor(n / 4294967296));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1) from a 32-bit hash. */
export function unit(h: number): number {
  return h / 4294967296;
}

/** Approximately standard normal (Irwin-Hall with 4 uniforms), deterministic in `h`; range about -3.5..3.5. */
export function normal(h: number): number {
  let s = 0;
  let x = h;
  for (let i = 0; i < 4; i++) {
    x = fmix(x + 0x9e3779b9);
    s += unit(x);
  }
  return (s - 2) * Math.sqrt(3);
}

/** A seeded sequential generator (mulberry32) for building fleets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
