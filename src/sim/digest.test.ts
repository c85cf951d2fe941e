import { describe, expect, it } from 'vitest';
import { Digest, digestOf } from './digest';
import { createRng } from './rng';

/** Textbook FNV-1a 64 with BigInt, as the reference the two-halves version must match. */
function referenceFnv1a64(bytes: Uint8Array): string {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('FNV-1a 64 digest', () => {
  it('matches the published test vectors', () => {
    expect(digestOf()).toBe('cbf29ce484222325');
    expect(digestOf('')).toBe('cbf29ce484222325');
    expect(digestOf('a')).toBe('af63dc4c8601ec8c');
    expect(digestOf('foobar')).toBe('85944171f73967e8');
    expect(new Digest().addU8(ascii('a')).hex()).toBe('af63dc4c8601ec8c');
  });

  it('matches a BigInt reference on 200 random byte strings', () => {
    const rng = createRng(2024);
    for (let n = 0; n < 200; n++) {
      const bytes = new Uint8Array(rng.int(300));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
      expect(digestOf(bytes)).toBe(referenceFnv1a64(bytes));
    }
  });

  it('always prints 16 lower-case hex characters', () => {
    const rng = createRng(5);
    for (let n = 0; n < 500; n++) {
      expect(digestOf(rng.nextUint32())).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('hashes strings as UTF-8, a lone surrogate as U+FFFD', () => {
    expect(digestOf('é€😀')).toBe(
      referenceFnv1a64(Uint8Array.from([0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80])),
    );
    expect(digestOf('x\ud800y')).toBe(
      referenceFnv1a64(Uint8Array.from([0x78, 0xef, 0xbf, 0xbd, 0x79])),
    );
  });

  it('hashes u32 and f32 values as little-endian bytes', () => {
    expect(new Digest().addU32(0x04030201).hex()).toBe(
      referenceFnv1a64(Uint8Array.from([1, 2, 3, 4])),
    );
    expect(new Digest().addU32([1, 0xffffffff]).hex()).toBe(
      referenceFnv1a64(Uint8Array.from([1, 0, 0, 0, 255, 255, 255, 255])),
    );
    // 1.0f = 0x3f800000; -2.5f = 0xc0200000.
    expect(new Digest().addF32(Float32Array.from([1, -2.5])).hex()).toBe(
      referenceFnv1a64(Uint8Array.from([0, 0, 0x80, 0x3f, 0, 0, 0x20, 0xc0])),
    );
    // 1.0 as float64 = 0x3ff0000000000000.
    expect(new Digest().addNumber(1).hex()).toBe(
      referenceFnv1a64(Uint8Array.from([0, 0, 0, 0, 0, 0, 0xf0, 0x3f])),
    );
  });

  it('hashes a Float32Array view over its own elements only', () => {
    const backing = new Float32Array([9, 1, 2, 9]);
    const view = backing.subarray(1, 3);
    expect(digestOf(view)).toBe(digestOf(Float32Array.from([1, 2])));
  });

  it('hashes every NaN the same, and tells 0 from -0', () => {
    const payloadNaN = new Float32Array(new Uint32Array([0x7fc00001, 0xffc00000]).buffer);
    expect(digestOf(payloadNaN)).toBe(digestOf(Float32Array.from([NaN, NaN])));
    expect(digestOf(NaN)).toBe(new Digest().addU32([0, 0x7ff80000]).hex());
    expect(digestOf(0)).not.toBe(digestOf(-0));
  });

  it('changes when one byte of 64 KB flips, wherever it is', () => {
    const rng = createRng(99);
    const bytes = new Uint8Array(65536);
    for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
    const base = digestOf(bytes);
    for (const at of [0, 1, 31_337, 65535]) {
      for (const bit of [0, 7]) {
        const flipped = bytes.slice();
        flipped[at] ^= 1 << bit;
        expect(digestOf(flipped)).not.toBe(base);
      }
    }
    expect(digestOf(bytes.slice())).toBe(base);
  });

  it('depends on order: parts are one byte stream', () => {
    expect(digestOf('ab', 'c')).toBe(digestOf('abc'));
    expect(digestOf('b', 'a')).not.toBe(digestOf('a', 'b'));
    expect(new Digest().addString('a').addNumber(1).hex()).toBe(digestOf('a', 1));
  });
});
