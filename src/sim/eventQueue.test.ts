import { describe, expect, it } from 'vitest';
import { EventQueue } from './eventQueue';
import { createRng } from './rng';

interface Item {
  readonly timeUs: number;
  readonly seq: number;
  readonly label: string;
}

const item = (timeUs: number, seq: number, label = `${timeUs}/${seq}`): Item => ({
  timeUs,
  seq,
  label,
});

const drain = (queue: EventQueue<Item>): Item[] => {
  const out: Item[] = [];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) out.push(next);
  return out;
};

describe('EventQueue', () => {
  it('is empty when new', () => {
    const queue = new EventQueue<Item>();
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBeUndefined();
    expect(queue.pop()).toBeUndefined();
    expect(queue.popUntil(1e12)).toEqual([]);
  });

  it('orders by time, then by seq at the same instant', () => {
    const queue = new EventQueue<Item>();
    // Pushed out of order on purpose, with three items at t = 500.
    for (const it of [
      item(500, 4, 'c'),
      item(100, 9),
      item(500, 2, 'b'),
      item(0, 7),
      item(500, 1, 'a'),
    ])
      queue.push(it);
    expect(queue.size).toBe(5);
    expect(queue.peek()).toEqual(item(0, 7));
    expect(drain(queue).map((i) => i.label)).toEqual(['0/7', '100/9', 'a', 'b', 'c']);
    expect(queue.size).toBe(0);
  });

  it('popUntil takes everything due at or before t, in order, and leaves the rest', () => {
    const queue = new EventQueue<Item>();
    [item(3000, 3), item(1000, 1), item(2000, 2), item(2000, 0), item(2001, 4)].forEach((i) =>
      queue.push(i),
    );
    expect(queue.popUntil(999)).toEqual([]);
    expect(queue.popUntil(2000).map((i) => i.label)).toEqual(['1000/1', '2000/0', '2000/2']);
    expect(queue.size).toBe(2);
    expect(queue.peek()?.label).toBe('2001/4');
    expect(queue.popUntil(5000).map((i) => i.label)).toEqual(['2001/4', '3000/3']);
    expect(queue.size).toBe(0);
  });

  it('clear empties the queue and it works again afterwards', () => {
    const queue = new EventQueue<Item>();
    queue.push(item(5, 0));
    queue.push(item(1, 1));
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.pop()).toBeUndefined();
    queue.push(item(2, 0));
    expect(queue.pop()?.label).toBe('2/0');
  });

  it('pops 5,000 random pushes (many ties) in sorted (timeUs, seq) order', () => {
    const rng = createRng(42);
    const queue = new EventQueue<Item>();
    const pushed: Item[] = [];
    for (let seq = 0; seq < 5000; seq++) {
      // 200 distinct instants for 5,000 items: about 25 ties per instant.
      const it = item(rng.int(200) * 1000, seq);
      pushed.push(it);
      queue.push(it);
    }
    expect(queue.size).toBe(5000);
    const expected = [...pushed].sort((a, b) => a.timeUs - b.timeUs || a.seq - b.seq);
    expect(drain(queue)).toEqual(expected);
  });

  it('keeps order when pushes and pops interleave', () => {
    const rng = createRng(7);
    const queue = new EventQueue<Item>();
    const reference: Item[] = [];
    const popped: Item[] = [];
    const expectedPops: Item[] = [];
    let seq = 0;
    for (let step = 0; step < 4000; step++) {
      if (rng.next() < 0.6 || reference.length === 0) {
        const it = item(rng.int(1000), seq++);
        queue.push(it);
        reference.push(it);
      } else {
        reference.sort((a, b) => a.timeUs - b.timeUs || a.seq - b.seq);
        expectedPops.push(reference.shift() as Item);
        popped.push(queue.pop() as Item);
      }
      expect(queue.size).toBe(reference.length);
    }
    expect(popped.length).toBeGreaterThan(1000);
    expect(popped).toEqual(expectedPops);
  });
});
