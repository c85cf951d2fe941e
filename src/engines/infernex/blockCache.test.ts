import { describe, expect, it } from 'vitest';
import { BlockCache } from './blockCache';

describe('BlockCache (per-instance prefix-block index, LRU over HBM)', () => {
  it('matches only the leading run of held blocks', () => {
    const cache = new BlockCache();
    cache.insertCached([1, 2, 3]);
    expect(cache.matchPrefix([1, 2, 3, 4])).toBe(3);
    expect(cache.matchPrefix([1, 9, 3])).toBe(1);
    expect(cache.matchPrefix([9, 1, 2])).toBe(0);
  });

  it('never evicts pinned blocks; unpinned ones go least recently used first', () => {
    const cache = new BlockCache();
    cache.acquire([1, 2, 3]);
    expect(cache.pinned).toBe(3);
    expect(cache.evict(10)).toBe(0);
    cache.release([1, 2, 3]);
    cache.acquire([7]);
    cache.release([7]);
    expect(cache.evictable).toBe(4);
    // Released tail first: 3, 2, 1, then 7 — so 3 goes first, the shared head 1 stays longest.
    const evicted: number[] = [];
    cache.onEvict = (b) => evicted.push(b);
    expect(cache.evict(2)).toBe(2);
    expect(evicted).toEqual([3, 2]);
    expect(cache.matchPrefix([1, 2, 3])).toBe(1);
    expect(cache.evictions).toBe(2);
  });

  it('counts shared pins: a block stays pinned until every holder lets go', () => {
    const cache = new BlockCache();
    cache.acquire([1, 2]);
    cache.acquire([1, 5]);
    expect(cache.size).toBe(3);
    expect(cache.pinned).toBe(3);
    cache.release([1, 2]);
    expect(cache.pinned).toBe(2); // 1 (still held by the second) and 5
    expect(cache.toPin([1, 2, 6])).toBe(2); // 2 is cached, 6 absent; 1 is pinned already
    cache.release([1, 5]);
    expect(cache.pinned).toBe(0);
    expect(cache.evictable).toBe(3);
  });

  it('a hit refreshes a cached block (it leaves the LRU while pinned and re-enters as most recent)', () => {
    const cache = new BlockCache();
    cache.insertCached([1]);
    cache.insertCached([2]);
    cache.acquire([1]);
    cache.release([1]);
    cache.evict(1);
    expect(cache.has(2)).toBe(false);
    expect(cache.has(1)).toBe(true);
  });
});
