import { describe, expect, it } from 'vitest';
import { createRng } from '../../../sim/rng';
import { getAccelerator, getModel } from '../hardware';
import { DEFAULT_BATCHING, Instance } from '../instance';
import { defaultPoolConfig, KvPool } from '../kvPool';
import { RequestState } from '../request';
import { StepTimeModel } from '../stepTime';
import {
  bucketOfInstances,
  createRouter,
  dynamoCost,
  dynamoRouter,
  hermesRouter,
  leastLoadRouter,
  leastRequestRouter,
  llmdRouter,
  mooncakeRouter,
  POLICY_NAMES,
  randomRouter,
  roundRobinRouter,
  sglangRouter,
  type RoutedRequest,
} from './index';

const model = new StepTimeModel(getAccelerator('h100-sxm5'), getModel('llama2-70b'), 8);

interface Shape {
  readonly cached?: readonly number[];
  readonly pinned?: readonly number[];
  readonly waiting?: number;
  readonly queuedMs?: number;
  readonly activeBlocks?: number;
}

/** A hand-built instance: what its HBM holds, what waits, how loaded it is. */
function instance(index: number, shape: Shape = {}, capacityTokens = 1_000_000): Instance {
  const inst = new Instance(
    index,
    'mixed',
    [index * 8],
    model,
    DEFAULT_BATCHING,
    capacityTokens,
    undefined,
  );
  if (shape.cached) inst.cache.insertCached(shape.cached);
  if (shape.pinned) inst.cache.acquire(shape.pinned);
  for (let k = 0; k < (shape.waiting ?? 0); k++)
    inst.enqueue(
      new RequestState({
        id: 10_000 + k,
        arrivalUs: 0,
        inputTokens: 512,
        outputTokens: 1,
        blocks: [],
      }),
      0,
    );
  if (shape.queuedMs !== undefined) inst.queuedPrefillUs = shape.queuedMs * 1e3;
  if (shape.activeBlocks !== undefined) inst.activeBlocks = shape.activeBlocks;
  return inst;
}

const request = (blocks: readonly number[], inputTokens = blocks.length * 512): RoutedRequest => ({
  id: 1,
  inputTokens,
  blocks,
});
const seq = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('every policy', () => {
  it('explains each decision with one score per candidate', () => {
    const candidates = [instance(0), instance(1, { cached: [1, 2] }), instance(2)];
    for (const name of POLICY_NAMES) {
      const router = createRouter(name, createRng(1));
      const d = router.route(request([1, 2, 3]), candidates, 0);
      expect(
        d.scores.map((s) => s.instance),
        name,
      ).toEqual([0, 1, 2]);
      expect(candidates.map((c) => c.index)).toContain(d.instance);
      expect(d.rule.length).toBeGreaterThan(0);
    }
  });
});

describe('random and round-robin', () => {
  it('random is seeded and roughly uniform', () => {
    const candidates = [instance(0), instance(1), instance(2), instance(3)];
    const counts = [0, 0, 0, 0];
    const router = randomRouter(createRng(42));
    for (let i = 0; i < 8000; i++) counts[router.route(request([]), candidates, 0).instance]++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
    const again = randomRouter(createRng(42));
    const first = randomRouter(createRng(42));
    expect(again.route(request([]), candidates, 0).instance).toBe(
      first.route(request([]), candidates, 0).instance,
    );
  });

  it('round-robin cycles and skips instances that are gone', () => {
    const router = roundRobinRouter();
    const all = [instance(0), instance(1), instance(2)];
    const picks = Array.from({ length: 4 }, () => router.route(request([]), all, 0).instance);
    expect(picks).toEqual([0, 1, 2, 0]);
    expect(router.route(request([]), [all[0], all[2]], 0).instance).toBe(2);
  });
});

describe('least-load and least-request', () => {
  it('least-load takes the shortest estimated prefill queue', () => {
    const d = leastLoadRouter().route(
      request([]),
      [
        instance(0, { queuedMs: 900 }),
        instance(1, { queuedMs: 120 }),
        instance(2, { queuedMs: 400 }),
      ],
      0,
    );
    expect(d.instance).toBe(1);
    expect(d.scores[1].terms.queueMs).toBe(120);
  });

  it('least-request takes the fewest requests in flight', () => {
    const d = leastRequestRouter().route(
      request([]),
      [instance(0, { waiting: 3 }), instance(1, { waiting: 1 }), instance(2, { waiting: 2 })],
      0,
    );
    expect(d.instance).toBe(1);
  });
});

describe('SGLang cache-aware', () => {
  it('routes to the longest match when the match rate beats 0.3 and loads are balanced', () => {
    const router = sglangRouter();
    const all = [instance(0), instance(1), instance(2)];
    router.routed?.(request(seq(100, 10)), all[2], 0);
    const d = router.route(request([...seq(100, 6), 900, 901]), all, 1);
    expect(d.instance).toBe(2);
    expect(d.rule).toMatch(/longest match/);
    expect(d.scores[2].terms.matchedBlocks).toBe(6);
  });

  it('below the threshold, routes to the smallest tree (most free cache)', () => {
    const router = sglangRouter();
    const all = [instance(0), instance(1), instance(2)];
    router.routed?.(request(seq(100, 10)), all[0], 0);
    router.routed?.(request(seq(200, 4)), all[1], 0);
    // 2 of 10 blocks match instance 0: 0.2 ≤ 0.3; instance 2's tree is empty.
    const d = router.route(request([100, 101, ...seq(300, 8)]), all, 1);
    expect(d.rule).toMatch(/smallest tree/);
    expect(d.instance).toBe(2);
  });

  it('when loads are imbalanced (max − min > 64 and max > 1.5 · min) takes the least loaded, match or not', () => {
    const router = sglangRouter();
    const all = [instance(0, { waiting: 100 }), instance(1, { waiting: 20 })];
    router.routed?.(request(seq(100, 10)), all[0], 0);
    const d = router.route(request(seq(100, 10)), all, 1);
    expect(d.instance).toBe(1);
    expect(d.rule).toMatch(/imbalanced/);
    // 100 vs 40: max − min = 60 ≤ 64, so balanced: cache wins.
    const balanced = router.route(
      request(seq(100, 10)),
      [instance(0, { waiting: 100 }), instance(1, { waiting: 40 })],
      2,
    );
    expect(balanced.instance).toBe(0);
  });

  it('prunes each tenant to max_tree_size, least recently routed first, every eviction interval', () => {
    // 2 blocks of 512 tokens × 4 chars = 4,096 chars allowed per tenant.
    const router = sglangRouter({ maxTreeSizeChars: 4096 });
    const all = [instance(0), instance(1)];
    router.routed?.(request(seq(100, 4)), all[0], 0);
    router.routed?.(request(seq(500, 2)), all[0], 1);
    const before = router.route(request(seq(100, 4)), all, 2);
    expect(before.scores[0].terms.matchedBlocks).toBe(4);
    const after = router.route(request(seq(100, 4)), all, 121e6);
    expect(after.scores[0].terms.matchedBlocks).toBe(0);
    expect(after.scores[0].terms.treeChars).toBe(4096);
  });
});

describe('Dynamo KV cost', () => {
  it('reproduces the documented example: (cached, prefill, decode) blocks (2, 8, 10) → 18, (5, 5, 5) → 10, (8, 2, 9) → 11', () => {
    expect([dynamoCost(8, 10), dynamoCost(5, 5), dynamoCost(2, 9)]).toEqual([18, 10, 11]);
    const blocks = seq(1, 10);
    const all = [
      instance(0, { cached: blocks.slice(0, 2), activeBlocks: 10 }),
      instance(1, { cached: blocks.slice(0, 5), activeBlocks: 5 }),
      instance(2, { cached: blocks.slice(0, 8), activeBlocks: 9 }),
    ];
    const d = dynamoRouter(createRng(1)).route(request(blocks), all, 0);
    expect(d.scores.map((s) => s.score)).toEqual([18, 10, 11]);
    expect(d.instance).toBe(1);
  });

  it('with a temperature, samples instead of always taking the cheapest', () => {
    const all = [instance(0, { activeBlocks: 10 }), instance(1, { activeBlocks: 11 })];
    const router = dynamoRouter(createRng(5), { temperature: 1 });
    const picks = new Set(
      Array.from({ length: 50 }, () => router.route(request(seq(1, 4)), all, 0).instance),
    );
    expect(picks).toEqual(new Set([0, 1]));
  });
});

describe('llm-d weighted scorers (prefix 2 : kv-utilisation 1 : queue 1)', () => {
  it('a full prefix hit outweighs the longest queue', () => {
    const blocks = seq(1, 8);
    const all = [instance(0, { cached: blocks, waiting: 4 }), instance(1)];
    const d = llmdRouter(createRng(1)).route(request(blocks), all, 0);
    expect(d.scores[0].terms).toMatchObject({ prefix: 1, queue: 0, kvUtilisation: 1 });
    expect(d.scores[0].score).toBe(3);
    expect(d.scores[1].score).toBe(2);
    expect(d.instance).toBe(0);
  });

  it('a quarter hit does not: 2 · 0.25 + 1 + 0 < 0 + 1 + 1', () => {
    const blocks = seq(1, 8);
    const all = [instance(0, { cached: blocks.slice(0, 2), waiting: 4 }), instance(1)];
    expect(llmdRouter(createRng(1)).route(request(blocks), all, 0).instance).toBe(1);
  });

  it('KV utilisation counts: 1 − used / capacity', () => {
    const all = [instance(0, { pinned: seq(900, 100) }, 512 * 200), instance(1)];
    const d = llmdRouter(createRng(1)).route(request(seq(1, 2)), all, 0);
    expect(d.scores[0].terms.kvUtilisation).toBeCloseTo(0.5, 9);
    expect(d.instance).toBe(1);
  });
});

describe('Hermes KV-aware with prompt-length buckets', () => {
  it('splits instances into contiguous buckets by share', () => {
    expect(bucketOfInstances(4, [0.25, 0.75])).toEqual([0, 1, 1, 1]);
    expect(bucketOfInstances(16, [0.25, 0.75])).toEqual([
      ...Array(4).fill(0),
      ...Array(12).fill(1),
    ]);
  });

  it('keeps short prompts on the short bucket even when a long-bucket instance holds their prefix', () => {
    const blocks = seq(1, 2);
    const all = [
      instance(0, { waiting: 2 }),
      instance(1, { cached: blocks }),
      instance(2),
      instance(3),
    ];
    const d = hermesRouter(createRng(1)).route(request(blocks, 1000), all, 0);
    expect(d.instance).toBe(0);
    expect(d.scores[1].terms.outsideBucket).toBe(1);
  });

  it('long prompts go to the long bucket, by score; an overloaded bucket falls back to all', () => {
    const blocks = seq(1, 40);
    const all = [instance(0), instance(1), instance(2, { cached: blocks }), instance(3)];
    expect(hermesRouter(createRng(1)).route(request(blocks), all, 0).instance).toBe(2);
    const busy = [instance(0, { waiting: 20 }), instance(1), instance(2), instance(3)];
    const d = hermesRouter(createRng(1)).route(request(seq(50, 2), 1000), busy, 0);
    expect(d.rule).toMatch(/overloaded/);
    expect(d.instance).not.toBe(0);
  });
});

describe('Mooncake Conductor (cache-aware: min queue + prefill)', () => {
  it('trades a cache hit against the queue in front of it', () => {
    const blocks = seq(1, 16); // 8,192 tokens
    const hit = model.prefillUs(8192, 6 * 512);
    const miss = model.prefillUs(8192, 0);
    const waitMs = (miss - hit) / 1e3;
    const router = mooncakeRouter();
    const near = [instance(0, { cached: blocks.slice(0, 6), queuedMs: waitMs - 10 }), instance(1)];
    const dNear = router.route(request(blocks), near, 0);
    expect(dNear.instance).toBe(0);
    expect(dNear.scores[0].terms.prefillMs).toBeCloseTo(hit / 1e3, 9);
    const far = [instance(0, { cached: blocks.slice(0, 6), queuedMs: waitMs + 10 }), instance(1)];
    expect(router.route(request(blocks), far, 0).instance).toBe(1);
  });
});

describe('Mooncake global cache-aware (Algorithm 1 with hot-block copies)', () => {
  const blockBytes = 512 * model.kvBytesPerToken;
  const withStore = (index: number, queuedMs = 0) => {
    const store = new KvPool(defaultPoolConfig(1000, 0), blockBytes);
    const inst = new Instance(index, 'mixed', [index * 8], model, DEFAULT_BATCHING, 1e6, store);
    inst.queuedPrefillUs = queuedMs * 1e3;
    return inst;
  };

  it('sees a prefix another instance holds only in its DRAM store and copies it at the store rate', () => {
    const blocks = seq(1, 32); // 16,384 tokens
    const holder = withStore(0, 60_000); // busy for a minute
    holder.pool?.put(blocks); // evicted from its HBM, still in its store
    const idle = withStore(1);
    const copyHook = (_a: Instance, _b: Instance, n: number) => n * 1e3;
    const d = mooncakeRouter({ global: true }, { transferUs: copyHook }).route(
      request(blocks),
      [holder, idle],
      0,
    );
    expect(d.instance).toBe(1);
    expect(d.fetch).toEqual({ fromInstance: 0, blocks: 32 });
    const idleScore = d.scores[1];
    expect(idleScore.terms.remoteBlocks).toBe(32);
    // Read from the holder's store over RDMA, not over the HBM-to-HBM copy hook (32 ms here).
    expect(idleScore.terms.remoteMs).toBeCloseTo(
      (holder.pool as KvPool).estimateFetchUs(32) / 1e3,
      9,
    );
    expect(idleScore.score).toBeCloseTo(
      Math.max(model.prefillUs(16384, 16383), (holder.pool as KvPool).estimateFetchUs(32)),
      6,
    );
    // The local variant only reuses what each instance holds itself: recompute on the idle one.
    const local = mooncakeRouter().route(request(blocks), [holder, idle], 0);
    expect(local.instance).toBe(1);
    expect(local.fetch).toBeUndefined();
    expect(local.scores[1].score).toBeCloseTo(model.prefillUs(16384, 0), 6);
  });

  it('counts an instance own store as its prefix, so a short remote lead is not worth a copy', () => {
    const blocks = seq(1, 32);
    const holder = withStore(0, 60_000);
    holder.pool?.put(blocks);
    const near = withStore(1);
    near.pool?.put(blocks.slice(0, 30)); // 30 of 32 in its own store: 32 / 30 < 1.2
    const d = mooncakeRouter({ global: true }, { transferUs: () => 0 }).route(
      request(blocks),
      [holder, near],
      0,
    );
    expect(d.instance).toBe(1);
    expect(d.fetch).toBeUndefined();
    expect(d.scores[1].terms.poolBlocks).toBe(30);
  });
});
