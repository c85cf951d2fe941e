/**
 * A binary min-heap of scheduled items ordered by `(timeUs, seq)`. `seq` is the tie-breaker the
 * timeline assigns, so items at one instant come out in the order they were scheduled, and a replay
 * pops exactly the same sequence as the original run.
 */
export interface Sequenced {
  readonly timeUs: number;
  readonly seq: number;
}

const before = (a: Sequenced, b: Sequenced): boolean =>
  a.timeUs < b.timeUs || (a.timeUs === b.timeUs && a.seq < b.seq);

export class EventQueue<T extends Sequenced> {
  private readonly heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(item: T): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = item;
  }

  /** The earliest item, left in the queue. */
  peek(): T | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest item. */
  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    // Sift the former last element down from the root.
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right], heap[left]) ? right : left;
      if (!before(heap[child], last)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
    return top;
  }

  /** Removes and returns, in order, every item due at or before `timeUs`. */
  popUntil(timeUs: number): T[] {
    const due: T[] = [];
    for (let next = this.peek(); next !== undefined && next.timeUs <= timeUs; next = this.peek()) {
      due.push(next);
      this.pop();
    }
    return due;
  }

  clear(): void {
    this.heap.length = 0;
  }
}
