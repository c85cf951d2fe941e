import { describe, expect, it } from 'vitest';
import { defaultPoolConfig, HBM_DOLLARS_PER_GB, KvPool, memoryCost } from './kvPool';

const GB = 1e9;

describe('KV pool tiers (Mooncake store)', () => {
  it('evicts 5 % of capacity, oldest first, when a tier reaches its 90 % high-water mark', () => {
    // 100 blocks of 1 GB in DRAM, no NVMe.
    const pool = new KvPool(defaultPoolConfig(100, 0), GB);
    for (let b = 0; b < 89; b++) pool.put([b]);
    expect(pool.usedBlocks()).toEqual([89]);
    pool.put([89]); // 90th block: 90 ≥ 0.9 × 100 → evict 5
    expect(pool.usedBlocks()).toEqual([85]);
    expect(pool.tierOf(0)).toBe(-1);
    expect(pool.tierOf(4)).toBe(-1);
    expect(pool.tierOf(5)).toBe(0);
    expect(pool.stats()[0].evictions).toBe(5);
  });

  it('demotes DRAM evictions to NVMe and promotes NVMe hits back to DRAM', () => {
    const pool = new KvPool(defaultPoolConfig(100, 1000), GB);
    for (let b = 0; b < 90; b++) pool.put([b]);
    expect(pool.tierOf(0)).toBe(1);
    expect(pool.usedBlocks()).toEqual([85, 5]);
    const match = pool.match([0, 1, 2, 50, 99], 0);
    expect(match.blocks).toBe(4);
    expect(match.perTier).toEqual([1, 3]);
    // Fetch: 3 NVMe blocks at 12 GB/s and 1 DRAM block at 87 GB/s, tiers in parallel.
    const us = pool.fetch([0, 1, 2, 50], 0, 4);
    expect(us).toBeCloseTo(100 + (3 * GB) / (12 * 1e3), 6);
    expect(pool.tierOf(0)).toBe(0);
    const [dram, nvme] = pool.stats();
    expect(dram.hits).toBe(1);
    expect(nvme.hits).toBe(3);
    expect(dram.hitRate).toBeCloseTo(1 / 4, 9);
    expect(nvme.hitRate).toBeCloseTo(3 / 4, 9);
    // Each tier's read time: its latency plus its own bytes over its bandwidth.
    expect(dram.fetches).toBe(1);
    expect(dram.readUs).toBeCloseTo(20 + GB / (87 * 1e3), 6);
    expect(nvme.fetches).toBe(1);
    expect(nvme.readUs).toBeCloseTo(us, 6);
  });

  it('prices each tier and the total (HBM $20, DRAM $3, NVMe $0.3 per GB)', () => {
    const cost = memoryCost(16 * 8 * 80, defaultPoolConfig(1000, 4000), 16);
    expect(cost.hbmDollars).toBe(10240 * HBM_DOLLARS_PER_GB);
    expect(cost.tiers).toEqual([
      { name: 'dram', capacityGB: 16_000, dollars: 48_000 },
      { name: 'nvme', capacityGB: 64_000, dollars: 19_200 },
    ]);
    expect(cost.totalDollars).toBe(204_800 + 48_000 + 19_200);
  });
});
