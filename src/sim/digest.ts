/**
 * 64-bit FNV-1a over a byte stream, computed in 16-bit limbs so it needs neither BigInt nor
 * anything platform-specific: Node and every browser give the same hex for the same inputs, which
 * is how the CLI and the browser prove they ran the same simulation.
 *
 * Parts are hashed as their bytes concatenated, with no separators (so `digestOf('a')` is the
 * textbook FNV-1a of "a"). Callers that hash variable-length parts side by side add the lengths
 * themselves when the boundaries matter.
 */

// Offset basis 0xcbf29ce484222325 as four 16-bit limbs, low first; prime 0x100000001b3 = 2^40 + 0x1b3.
const BASIS = [0x2325, 0x8422, 0x9ce4, 0xcbf2] as const;
const PRIME_LOW = 0x1b3;
/** The quiet NaN every NaN is hashed as: engines may produce NaNs with any payload. */
const CANONICAL_F32_NAN = 0x7fc00000;
const CANONICAL_F64_NAN_HI = 0x7ff80000;
/** Typed arrays use the host's byte order; little-endian hosts can hash their bytes directly. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const isF32NaN = (w: number) => (w & 0x7f800000) === 0x7f800000 && (w & 0x007fffff) !== 0;

export type DigestPart = string | number | Uint8Array | Uint32Array | Float32Array;

export class Digest {
  // The 64-bit state in 16-bit limbs: every product stays far below 2^53, so plain doubles
  // multiply it exactly and the loop runs several times faster than with 32-bit halves.
  private h0: number = BASIS[0];
  private h1: number = BASIS[1];
  private h2: number = BASIS[2];
  private h3: number = BASIS[3];
  private readonly scratch = new DataView(new ArrayBuffer(8));
  private readonly scratchBytes = new Uint8Array(this.scratch.buffer);

  addU8(bytes: Uint8Array): this {
    let h0 = this.h0;
    let h1 = this.h1;
    let h2 = this.h2;
    let h3 = this.h3;
    for (let i = 0; i < bytes.length; i++) {
      h0 ^= bytes[i];
      // h × (2^40 + 0x1b3) mod 2^64: each limb times 0x1b3 plus the carry, and 2^40 shifts
      // limb k into limb k + 2 by 8 bits.
      const t0 = h0 * PRIME_LOW;
      const t1 = h1 * PRIME_LOW + (t0 >>> 16);
      const t2 = h2 * PRIME_LOW + (t1 >>> 16) + (h0 << 8);
      const t3 = h3 * PRIME_LOW + (t2 >>> 16) + (h1 << 8);
      h0 = t0 & 0xffff;
      h1 = t1 & 0xffff;
      h2 = t2 & 0xffff;
      h3 = t3 & 0xffff;
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    return this;
  }

  /** A 32-bit word as 4 little-endian bytes, whatever the host's byte order. */
  private word(w: number): void {
    this.scratch.setUint32(0, w >>> 0, true);
    this.addU8(this.scratchBytes.subarray(0, 4));
  }

  /** Unsigned 32-bit integers (a number is taken modulo 2^32), 4 little-endian bytes each. */
  addU32(values: number | Uint32Array | readonly number[]): this {
    if (typeof values === 'number') {
      this.word(values);
    } else if (values instanceof Uint32Array && LITTLE_ENDIAN) {
      this.addU8(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    } else {
      for (let i = 0; i < values.length; i++) this.word(values[i]);
    }
    return this;
  }

  /** The IEEE-754 bytes of each float, little-endian, every NaN hashed as one quiet NaN. */
  addF32(values: Float32Array): this {
    let bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
    if (bits.some(isF32NaN)) bits = bits.map((w) => (isF32NaN(w) ? CANONICAL_F32_NAN : w));
    return this.addU32(bits);
  }

  /** The float64 bytes of `n`, little-endian (so -0 and 0 differ; every NaN is the same). */
  addNumber(n: number): this {
    if (Number.isNaN(n)) {
      this.scratch.setUint32(0, 0, true);
      this.scratch.setUint32(4, CANONICAL_F64_NAN_HI, true);
    } else {
      this.scratch.setFloat64(0, n, true);
    }
    return this.addU8(this.scratchBytes);
  }

  /** The UTF-8 bytes of `text`; a lone surrogate counts as U+FFFD, as TextEncoder does. */
  addString(text: string): this {
    const bytes: number[] = [];
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
        } else {
          c = 0xfffd;
        }
      }
      if (c < 0x80) {
        bytes.push(c);
      } else if (c < 0x800) {
        bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      } else if (c < 0x10000) {
        bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      } else {
        bytes.push(
          0xf0 | (c >> 18),
          0x80 | ((c >> 12) & 63),
          0x80 | ((c >> 6) & 63),
          0x80 | (c & 63),
        );
      }
    }
    return this.addU8(Uint8Array.from(bytes));
  }

  add(part: DigestPart): this {
    if (typeof part === 'string') return this.addString(part);
    if (typeof part === 'number') return this.addNumber(part);
    if (part instanceof Uint8Array) return this.addU8(part);
    if (part instanceof Uint32Array) return this.addU32(part);
    return this.addF32(part);
  }

  /** 16 lower-case hex characters. */
  hex(): string {
    return [this.h3, this.h2, this.h1, this.h0]
      .map((limb) => limb.toString(16).padStart(4, '0'))
      .join('');
  }
}

/** The digest of `parts` hashed in order: strings as UTF-8, numbers as float64, arrays as bytes. */
export function digestOf(...parts: readonly DigestPart[]): string {
  const digest = new Digest();
  for (const part of parts) digest.add(part);
  return digest.hex();
}
