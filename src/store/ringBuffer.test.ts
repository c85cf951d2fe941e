import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ringBuffer';

describe('RingBuffer', () => {
  it('keeps the newest items in order once full', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.at(0)).toBe(3);
    expect(ring.last()).toBe(5);
    expect(ring.droppedCount).toBe(2);
  });

  it('answers undefined outside 0…size-1', () => {
    const ring = new RingBuffer<string>(4);
    ring.push('a');
    expect(ring.at(-1)).toBeUndefined();
    expect(ring.at(1)).toBeUndefined();
    expect(ring.at(0.5)).toBeUndefined();
  });

  it('bumps its version on every change', () => {
    const ring = new RingBuffer<number>(2);
    const v0 = ring.version;
    ring.push(1);
    ring.push(2);
    ring.push(3);
    expect(ring.version).toBe(v0 + 3);
    ring.clear();
    expect(ring.version).toBe(v0 + 4);
    expect(ring.size).toBe(0);
    expect(ring.droppedCount).toBe(0);
  });

  it('retains the matching items across the wrap point', () => {
    const ring = new RingBuffer<number>(4);
    for (let i = 0; i < 7; i++) ring.push(i); // holds 3,4,5,6 with head in the middle
    ring.retain((n) => n % 2 === 0);
    expect(ring.toArray()).toEqual([4, 6]);
    ring.push(8);
    ring.push(10);
    ring.push(12);
    expect(ring.toArray()).toEqual([6, 8, 10, 12]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(/positive integer/);
    expect(() => new RingBuffer(2.5)).toThrow(/positive integer/);
  });
});
