/**
 * A fixed-capacity FIFO: pushing past capacity evicts the oldest item. Index 0 is the oldest.
 * Storage is allocated once, so appending at playback speed never grows the heap.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private changes = 0;
  private evicted = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`ring buffer capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Bumped on every change, so views can tell whether to redraw. */
  get version(): number {
    return this.changes;
  }

  /** Items pushed out by newer ones since the buffer was created or cleared. */
  get droppedCount(): number {
    return this.evicted;
  }

  push(item: T): void {
    const tail = (this.head + this.count) % this.capacity;
    this.items[tail] = item;
    if (this.count < this.capacity) this.count++;
    else {
      this.head = (this.head + 1) % this.capacity;
      this.evicted++;
    }
    this.changes++;
  }

  /** Item `i` counted from the oldest, or undefined outside 0…size-1. */
  at(i: number): T | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    return this.items[(this.head + i) % this.capacity];
  }

  /** The newest item. */
  last(): T | undefined {
    return this.at(this.count - 1);
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.head + i) % this.capacity] as T);
    return out;
  }

  /** Keeps only the items that pass, in order. */
  retain(keep: (item: T) => boolean): void {
    const kept = this.toArray().filter(keep);
    if (kept.length === this.count) return;
    this.items.fill(undefined);
    kept.forEach((item, i) => (this.items[i] = item));
    this.head = 0;
    this.count = kept.length;
    this.changes++;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.evicted = 0;
    this.changes++;
  }
}
