/**
 * A Mooncake-style KV pool beside the instances' HBM: tiers of DRAM and NVMe holding 512-token
 * blocks, each an LRU with eviction at a high-water mark (Mooncake store: 90 % triggers, 5 % goes;
 * reference §4), demotion of DRAM evictions to NVMe, promotion of NVMe hits back to DRAM, transfer
 * time per tier, hit counts per tier, and the money per tier (SR-28, SR-29).
 */

export interface PoolTierConfig {
  readonly name: 'dram' | 'nvme';
  readonly capacityGB: number;
  /** Bandwidth from this tier into one instance's HBM, GB/s. */
  readonly bandwidthGBps: number;
  /** Fixed cost of one fetch from this tier, µs. */
  readonly latencyUs: number;
  /** Price, $ per GB (SR-28: HBM ~$20, DRAM ~$3, NVMe ~$0.3). */
  readonly dollarsPerGB: number;
}

export interface KvPoolConfig {
  readonly tiers: readonly PoolTierConfig[];
  /** Fill fraction that triggers eviction (Mooncake store default 0.9). */
  readonly highWatermark: number;
  /** Fraction of a tier's capacity evicted per trigger (Mooncake store default 0.05). */
  readonly evictFraction: number;
  /** Evicted DRAM blocks move to NVMe (when there is an NVMe tier) instead of being dropped. */
  readonly demoteOnEvict: boolean;
  /** NVMe hits are copied back into DRAM. */
  readonly promoteOnHit: boolean;
}

export const HBM_DOLLARS_PER_GB = 20;

/** Defaults: the figures of reference §2/§4 where there are some, assumptions otherwise. */
export function defaultPoolConfig(dramGB: number, nvmeGB: number): KvPoolConfig {
  const tiers: PoolTierConfig[] = [];
  // 87 GB/s: Mooncake Transfer Engine over 4 × 200 Gbps RoCE (reference §2); latency an assumption.
  if (dramGB > 0)
    tiers.push({
      name: 'dram',
      capacityGB: dramGB,
      bandwidthGBps: 87,
      latencyUs: 20,
      dollarsPerGB: 3,
    });
  // Assumption: 2 PCIe 4.0 NVMe drives per node read at ~6 GB/s each; ~100 µs access.
  if (nvmeGB > 0)
    tiers.push({
      name: 'nvme',
      capacityGB: nvmeGB,
      bandwidthGBps: 12,
      latencyUs: 100,
      dollarsPerGB: 0.3,
    });
  return {
    tiers,
    highWatermark: 0.9,
    evictFraction: 0.05,
    demoteOnEvict: true,
    promoteOnHit: true,
  };
}

interface Tier {
  readonly config: PoolTierConfig;
  readonly capacityBlocks: number;
  readonly blocks: Map<number, true>;
  hits: number;
  bytesRead: number;
  evictions: number;
  demotedIn: number;
  /** Reads that touched this tier, and the time they took (latency + bytes / bandwidth), µs. */
  fetches: number;
  readUs: number;
}

export interface PoolMatch {
  /** Consecutive blocks found from the start index on, and how many of them came from each tier. */
  readonly blocks: number;
  readonly perTier: readonly number[];
}

export interface PoolTierStats {
  readonly name: string;
  readonly capacityGB: number;
  readonly usedGB: number;
  readonly hits: number;
  readonly hitRate: number;
  readonly bytesRead: number;
  /** Time spent reading from this tier summed over fetches, µs (tiers of one fetch overlap). */
  readonly readUs: number;
  readonly fetches: number;
  readonly evictions: number;
  readonly dollars: number;
}

export class KvPool {
  private readonly tiers: Tier[];
  /** Blocks looked up (after the HBM prefix), for per-tier hit rates. */
  lookups = 0;

  constructor(
    readonly config: KvPoolConfig,
    readonly blockBytes: number,
  ) {
    this.tiers = config.tiers.map((t) => ({
      config: t,
      capacityBlocks: Math.max(0, Math.floor((t.capacityGB * 1e9) / blockBytes)),
      blocks: new Map(),
      hits: 0,
      bytesRead: 0,
      evictions: 0,
      demotedIn: 0,
      fetches: 0,
      readUs: 0,
    }));
  }

  get tierCount(): number {
    return this.tiers.length;
  }

  tierOf(block: number): number {
    for (let t = 0; t < this.tiers.length; t++) if (this.tiers[t].blocks.has(block)) return t;
    return -1;
  }

  /** Consecutive blocks of `blocks` from `from` on that some tier holds. */
  match(blocks: readonly number[], from: number): PoolMatch {
    const perTier = new Array<number>(this.tiers.length).fill(0);
    let n = 0;
    for (let i = from; i < blocks.length; i++) {
      const t = this.tierOf(blocks[i]);
      if (t < 0) break;
      perTier[t]++;
      n++;
    }
    return { blocks: n, perTier };
  }

  /** Leading-run length only (cheap, for routers). */
  matchLength(blocks: readonly number[], from: number): number {
    let i = from;
    while (i < blocks.length && this.tierOf(blocks[i]) >= 0) i++;
    return i - from;
  }

  /**
   * Reads `count` blocks from `from` on into an instance: counts hits per tier, refreshes them in
   * their LRU, promotes NVMe hits into DRAM, and returns the transfer time, µs (tiers read in
   * parallel; each costs its latency plus bytes over bandwidth).
   */
  fetch(blocks: readonly number[], from: number, count: number): number {
    this.lookups += Math.max(0, blocks.length - from);
    const bytesPerTier = new Array<number>(this.tiers.length).fill(0);
    for (let i = from; i < from + count && i < blocks.length; i++) {
      const block = blocks[i];
      const t = this.tierOf(block);
      if (t < 0) break;
      const tier = this.tiers[t];
      tier.hits++;
      tier.bytesRead += this.blockBytes;
      bytesPerTier[t] += this.blockBytes;
      tier.blocks.delete(block);
      if (t > 0 && this.config.promoteOnHit) this.insert(0, block);
      else tier.blocks.set(block, true);
    }
    let us = 0;
    for (let t = 0; t < this.tiers.length; t++) {
      if (bytesPerTier[t] === 0) continue;
      const tier = this.tiers[t];
      const tierUs = tier.config.latencyUs + bytesPerTier[t] / (tier.config.bandwidthGBps * 1e3);
      tier.fetches++;
      tier.readUs += tierUs;
      us = Math.max(us, tierUs);
    }
    return us;
  }

  /** Time to read `blocks` blocks from the top tier, µs (a router's estimate; no side effects). */
  estimateFetchUs(blocks: number): number {
    const top = this.tiers[0];
    if (!top || blocks <= 0) return 0;
    return top.config.latencyUs + (blocks * this.blockBytes) / (top.config.bandwidthGBps * 1e3);
  }

  /** A miss of the whole lookup (nothing after the HBM prefix was in the pool). */
  countLookup(blocks: readonly number[], from: number): void {
    this.lookups += Math.max(0, blocks.length - from);
  }

  /** Writes a request's blocks into the top tier (Mooncake stores every prefill's KV in the pool). */
  put(blocks: readonly number[]): void {
    if (this.tiers.length === 0) return;
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i];
      for (let t = 1; t < this.tiers.length; t++) this.tiers[t].blocks.delete(block);
      this.insert(0, block);
    }
  }

  private insert(t: number, block: number): void {
    const tier = this.tiers[t];
    if (tier.capacityBlocks === 0) return;
    tier.blocks.delete(block);
    tier.blocks.set(block, true);
    if (tier.blocks.size >= this.config.highWatermark * tier.capacityBlocks) this.evict(t);
  }

  /** Evicts `evictFraction` of the tier's capacity, oldest first, demoting to the next tier if asked. */
  private evict(t: number): void {
    const tier = this.tiers[t];
    const count = Math.max(1, Math.floor(this.config.evictFraction * tier.capacityBlocks));
    const victims: number[] = [];
    for (const block of tier.blocks.keys()) {
      if (victims.length >= count) break;
      victims.push(block);
    }
    for (const block of victims) tier.blocks.delete(block);
    tier.evictions += victims.length;
    const next = t + 1;
    if (this.config.demoteOnEvict && next < this.tiers.length) {
      for (const block of victims) {
        this.tiers[next].demotedIn++;
        this.insert(next, block);
      }
    }
  }

  stats(): PoolTierStats[] {
    return this.tiers.map((tier) => ({
      name: tier.config.name,
      capacityGB: tier.config.capacityGB,
      usedGB: (tier.blocks.size * this.blockBytes) / 1e9,
      hits: tier.hits,
      hitRate: this.lookups > 0 ? tier.hits / this.lookups : 0,
      bytesRead: tier.bytesRead,
      readUs: tier.readUs,
      fetches: tier.fetches,
      evictions: tier.evictions,
      dollars: tier.config.capacityGB * tier.config.dollarsPerGB,
    }));
  }

  usedBlocks(): number[] {
    return this.tiers.map((t) => t.blocks.size);
  }
}

export interface CostBreakdown {
  readonly hbmGB: number;
  readonly hbmDollars: number;
  readonly tiers: readonly {
    readonly name: string;
    readonly capacityGB: number;
    readonly dollars: number;
  }[];
  readonly totalDollars: number;
}

/** The memory bill of a configuration: HBM of every accelerator used plus each pool tier. */
export function memoryCost(
  hbmGB: number,
  pool: KvPoolConfig | undefined,
  pools = 1,
): CostBreakdown {
  const tiers = (pool?.tiers ?? []).map((t) => ({
    name: t.name,
    capacityGB: t.capacityGB * pools,
    dollars: t.capacityGB * pools * t.dollarsPerGB,
  }));
  const hbmDollars = hbmGB * HBM_DOLLARS_PER_GB;
  return {
    hbmGB,
    hbmDollars,
    tiers,
    totalDollars: hbmDollars + tiers.reduce((s, t) => s + t.dollars, 0),
  };
}
