/**
 * The prefix-block index of one instance's HBM: which 512-token KV blocks it holds, which of them
 * running requests pin, and an LRU over the unpinned ones, as vLLM's prefix cache keeps them.
 *
 * Blocks are identified by chained hashes (a block's id stands for it and every block before it),
 * so a prompt's cached prefix is its leading run of held blocks. When a request lets go of its
 * blocks they join the LRU last-block-first, so a prefix's tail is evicted before its head and a
 * shared head (a system prompt) stays matchable longest.
 */
export class BlockCache {
  /** Every held block → the number of running requests pinning it (0 = cached, evictable). */
  private readonly refs = new Map<number, number>();
  /** Unpinned blocks, least recently used first (Map keeps insertion order). */
  private readonly lru = new Map<number, true>();
  /** Called with each evicted block, e.g. to demote it into a KV pool. */
  onEvict: ((block: number) => void) | undefined;
  evictions = 0;

  /** Blocks held (pinned and cached). */
  get size(): number {
    return this.refs.size;
  }

  /** Blocks pinned by running requests. */
  get pinned(): number {
    return this.refs.size - this.lru.size;
  }

  /** Blocks that could be evicted now. */
  get evictable(): number {
    return this.lru.size;
  }

  has(block: number): boolean {
    return this.refs.has(block);
  }

  /** Leading blocks of `blocks` held here (the cached prefix, in blocks). */
  matchPrefix(blocks: readonly number[]): number {
    let n = 0;
    while (n < blocks.length && this.refs.has(blocks[n])) n++;
    return n;
  }

  /** How many of `blocks` are not held yet (what pinning them would add). */
  missing(blocks: readonly number[]): number {
    let n = 0;
    for (let i = 0; i < blocks.length; i++) if (!this.refs.has(blocks[i])) n++;
    return n;
  }

  /** Blocks of `blocks` that pinning would newly pin: absent ones and cached (unpinned) ones. */
  toPin(blocks: readonly number[]): number {
    let n = 0;
    for (let i = 0; i < blocks.length; i++) {
      const r = this.refs.get(blocks[i]);
      if (r === undefined || r === 0) n++;
    }
    return n;
  }

  /** Pins every block of a request, inserting those not held. The caller makes room first. */
  acquire(blocks: readonly number[]): void {
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i];
      const r = this.refs.get(block);
      if (r === undefined) this.refs.set(block, 1);
      else {
        if (r === 0) this.lru.delete(block);
        this.refs.set(block, r + 1);
      }
    }
  }

  /** Unpins a request's blocks; the ones no longer pinned become cached, tail first. */
  release(blocks: readonly number[]): void {
    for (let i = blocks.length - 1; i >= 0; i--) {
      const block = blocks[i];
      const r = this.refs.get(block);
      if (r === undefined || r === 0) continue;
      this.refs.set(block, r - 1);
      if (r === 1) this.lru.set(block, true);
    }
  }

  /** Inserts blocks as cached (unpinned), e.g. promoted from a pool, most recent last. */
  insertCached(blocks: readonly number[]): void {
    for (let i = blocks.length - 1; i >= 0; i--) {
      const block = blocks[i];
      if (this.refs.has(block)) {
        if (this.lru.has(block)) {
          this.lru.delete(block);
          this.lru.set(block, true);
        }
        continue;
      }
      this.refs.set(block, 0);
      this.lru.set(block, true);
    }
  }

  /** Evicts up to `count` least recently used unpinned blocks; returns how many went. */
  evict(count: number): number {
    let evicted = 0;
    for (const block of this.lru.keys()) {
      if (evicted >= count) break;
      this.lru.delete(block);
      this.refs.delete(block);
      evicted++;
      this.onEvict?.(block);
    }
    this.evictions += evicted;
    return evicted;
  }

  /** Drops everything (the instance's HBM is gone). */
  clear(): void {
    this.refs.clear();
    this.lru.clear();
  }

  /** The held blocks in a fixed order, for digests: pinned ones by insertion, then the LRU order. */
  *entries(): IterableIterator<readonly [number, number]> {
    yield* this.refs.entries();
  }
}
