/**
 * Seeded randomness. Each engine draws from its own stream, derived from the scenario seed and the
 * engine's name, so adding draws in one engine never shifts another's sequence.
 * Generator: xoshiro128** (Blackman & Vigna), seeded through splitmix32.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** An independent stream named `name`, derived from this stream's seed. */
  fork(name: string): Rng;
}

/** FNV-1a over the UTF-16 code units of a string, 32-bit. */
export function hashString32(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  if ((a | b | c | d) === 0) a = 1;
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  return {
    nextUint32,
    next: () => nextUint32() / 0x1_0000_0000,
    int: (maxExclusive) => Math.floor((nextUint32() / 0x1_0000_0000) * maxExclusive),
    fork: (name) => createRng(hashString32(name, seed)),
  };
}

/** The stream an engine named `engine` gets for a scenario seeded with `seed`. */
export function engineStream(seed: number, engine: string): Rng {
  return createRng(hashString32(`engine:${engine}`, seed));
}
