import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serialQueue';

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('SerialQueue', () => {
  it('runs tasks one at a time in order and reports busy while any waits', async () => {
    const queue = new SerialQueue();
    const order: string[] = [];
    const first = deferred<void>();
    const a = queue.run(async () => {
      order.push('a start');
      await first.promise;
      order.push('a end');
      return 1;
    });
    const b = queue.run(async () => {
      order.push('b');
      return 2;
    });
    expect(queue.busy).toBe(true);
    await Promise.resolve();
    expect(order).toEqual(['a start']);
    first.resolve();
    expect(await a).toBe(1);
    expect(await b).toBe(2);
    expect(order).toEqual(['a start', 'a end', 'b']);
    await Promise.resolve();
    expect(queue.busy).toBe(false);
  });

  it('keeps going after a task fails', async () => {
    const queue = new SerialQueue();
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(async () => 'next')).toBe('next');
  });

  it('does not wait behind a task that never settles once reset', async () => {
    const queue = new SerialQueue();
    void queue.run(() => new Promise<void>(() => undefined));
    expect(queue.busy).toBe(true);
    queue.reset();
    expect(queue.busy).toBe(false);
    expect(await queue.run(async () => 'fresh')).toBe('fresh');
  });
});
