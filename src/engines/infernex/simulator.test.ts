import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile } from '../../model';
import { createRng } from '../../sim/rng';
import { findRoute } from '../fabric/routing';
import { runInferNex } from './compare';
import { RequestPhase } from './request';
import { InferNexSim, type InferNexConfig } from './simulator';
import { parseMooncakeJsonl, syntheticTrace, type TraceRequest } from './trace';

const text = readFileSync('public/traces/conversation_trace.jsonl', 'utf8');
const parsed = parseMooncakeJsonl(text, { limit: 1500 });
if (!parsed.ok) throw new Error(parsed.message);
const slice = parsed.trace.requests;

const h100Roce = buildCluster(getProfile('h100-roce'));
const ascend = buildCluster(getProfile('ascend-910b-infer'));

/** The FAST'25-like setup: 16 instances of 8 A800-class GPUs, a 70B model (README). */
const fast25: InferNexConfig = {
  seed: 1,
  accelerator: 'a800-sxm4',
  model: 'llama2-70b',
  tp: 8,
  mode: 'agg',
  instances: 16,
  policy: 'least-load',
  batching: { chunkedPrefill: false },
};

const one = (r: Partial<TraceRequest> & { id: number }): TraceRequest => ({
  arrivalUs: 0,
  inputTokens: 4096,
  outputTokens: 4,
  blocks: Array.from({ length: 8 }, (_, k) => 1000 * r.id + k),
  ...r,
});

describe('conservation: requests in = completed + failed + in flight', () => {
  it('holds at every instant, through an accelerator failure and its repair, and nothing is left at the end', () => {
    const sim = new InferNexSim(h100Roce, { ...fast25, policy: 'mooncake' }, slice, createRng(3));
    const victim = sim.instances[3].npus[2];
    for (let t = 20e6; t <= 400e6; t += 20e6) {
      sim.runUntil(t);
      if (t === 100e6) sim.setNodeUp(victim, false);
      if (t === 200e6) sim.setNodeUp(victim, true);
      const m = sim.metrics;
      const arrived = slice.filter((r) => r.arrivalUs <= t).length;
      expect(m.arrived).toBe(arrived);
      expect(m.completed + m.failed + m.inFlight).toBe(arrived);
      let held = 0;
      for (const inst of sim.instances) held += inst.waitingCount + inst.runningCount;
      expect(held).toBeLessThanOrEqual(m.inFlight);
    }
    sim.runToEnd();
    const s = sim.summary();
    expect(s.requests).toBe(1500);
    expect(s.completed + s.failed).toBe(1500);
    expect(s.inFlight).toBe(0);
    expect(s.reroutes).toBeGreaterThan(0);
    expect(s.failed).toBe(0);
  });

  it('counts requests as failed, never drops them, when every instance is down', () => {
    const trace = [one({ id: 0 }), one({ id: 1, arrivalUs: 5e6 })];
    const sim = new InferNexSim(
      ascend,
      { seed: 1, model: 'llama3-8b', tp: 8, mode: 'agg', instances: 1, policy: 'round-robin' },
      trace,
      createRng(1),
    );
    sim.runUntil(1e3);
    for (const npu of sim.instances[0].npus) sim.setNodeUp(npu, false);
    sim.runToEnd();
    const s = sim.summary();
    expect(s.failed).toBe(2);
    expect(s.completed + s.failed + s.inFlight).toBe(2);
  });
});

describe('the same config, trace and seed give the same run', () => {
  it('random routing is seeded; the summary repeats exactly', () => {
    const a = runInferNex(
      h100Roce,
      { ...fast25, policy: 'random', seed: 9 },
      slice.slice(0, 400),
    ).summary();
    const b = runInferNex(
      h100Roce,
      { ...fast25, policy: 'random', seed: 9 },
      slice.slice(0, 400),
    ).summary();
    const c = runInferNex(
      h100Roce,
      { ...fast25, policy: 'random', seed: 10 },
      slice.slice(0, 400),
    ).summary();
    expect(a).toEqual(b);
    expect(c.ttftS.mean).not.toBe(a.ttftS.mean);
  });
});

describe('step timing of a lone request', () => {
  it('aggregated: TTFT = one prefill step; E2E adds (output − 1) decode steps', () => {
    const trace = [one({ id: 0, inputTokens: 4096, outputTokens: 3 })];
    const sim = new InferNexSim(
      h100Roce,
      { seed: 1, model: 'llama2-70b', tp: 8, mode: 'agg', instances: 1, policy: 'round-robin' },
      trace,
      createRng(1),
    );
    sim.runToEnd();
    const s = sim.summary();
    const m = sim.stepModel;
    const prefill = Math.ceil(m.prefillUs(4096));
    const d1 = Math.ceil(m.decodeUs(1, 4097));
    const d2 = Math.ceil(m.decodeUs(1, 4098));
    expect(s.ttftS.mean).toBeCloseTo(prefill / 1e6, 9);
    expect(s.e2eS.mean).toBeCloseTo((prefill + d1 + d2) / 1e6, 9);
    expect(s.tpotS.mean).toBeCloseTo((d1 + d2) / 2 / 1e6, 9);
  });

  it('a repeated prompt hits the prefix cache and prefills faster', () => {
    const blocks = Array.from({ length: 8 }, (_, k) => k);
    const trace = [one({ id: 0, blocks }), one({ id: 1, blocks, arrivalUs: 10e6 })];
    const sim = new InferNexSim(
      h100Roce,
      {
        seed: 1,
        model: 'llama2-70b',
        tp: 8,
        mode: 'agg',
        instances: 1,
        policy: 'round-robin',
        recordDecisions: true,
      },
      trace,
      createRng(1),
    );
    sim.runToEnd();
    const s = sim.summary();
    expect(s.hitRate).toBeCloseTo(8 / 16, 9); // the second request's 8 blocks
    // Second TTFT: prefill of the last token only (the whole prompt minus one token is cached).
    expect(s.ttftS.p50).toBeLessThan(s.ttftS.max / 5);
    expect(sim.decisions).toHaveLength(2);
  });
});

describe('PD disaggregation: KV from P to D over the fabric path', () => {
  const transferOf = (cluster: typeof ascend, config: InferNexConfig) => {
    const sim = new InferNexSim(
      cluster,
      config,
      [
        one({
          id: 0,
          inputTokens: 8192,
          outputTokens: 2,
          blocks: Array.from({ length: 16 }, (_, k) => k),
        }),
      ],
      createRng(1),
    );
    sim.runToEnd();
    return sim;
  };

  it('cross-server on H100 + RoCE: each TP rank ships its shard over NIC → rack switch → NIC', () => {
    const sim = transferOf(h100Roce, {
      seed: 1,
      model: 'llama2-70b',
      tp: 8,
      mode: 'pd',
      instances: 2,
      policy: 'round-robin',
    });
    const [p, d] = sim.instances;
    expect(h100Roce.npuServer[p.npus[0]]).not.toBe(h100Roce.npuServer[d.npus[0]]);
    const bytes = 8192 * sim.stepModel.kvBytesPerToken;
    let expected = 0;
    for (let k = 0; k < 8; k++) {
      const route = findRoute(h100Roce, undefined, p.npus[k], d.npus[k], bytes / 8);
      if (!route.ok) throw new Error(route.reason);
      expect(route.bottleneckGBps).toBe(48.5);
      expected = Math.max(expected, route.latencyUs);
    }
    expect(sim.transfers).toBe(1);
    expect(sim.transferUsSum).toBe(Math.ceil(expected));
    const s = sim.summary();
    // TTFT = prefill + transfer + the first decode step at D.
    const m = sim.stepModel;
    const ttftUs =
      Math.ceil(m.prefillUs(8192)) + Math.ceil(expected) + Math.ceil(m.decodeUs(1, 8192));
    expect(s.ttftS.mean).toBeCloseTo(ttftUs / 1e6, 9);
  });

  it('same-server on 910B: HCCS (56 GB/s) beats RoCE (25 GB/s) for the same KV', () => {
    const base = {
      seed: 1,
      model: 'llama3-8b',
      tp: 4,
      mode: 'pd' as const,
      instances: 4,
      prefillInstances: 2,
      policy: 'round-robin' as const,
    };
    const same = transferOf(ascend, { ...base, pdPlacement: 'same-server' });
    const cross = transferOf(ascend, { ...base, pdPlacement: 'cross-server' });
    const bytes = 8192 * same.stepModel.kvBytesPerToken;
    const endpoint = 2.2;
    expect(same.transferUsSum).toBe(Math.ceil(endpoint + 0.5 + bytes / 4 / 56e3));
    expect(cross.transferUsSum).toBe(Math.ceil(endpoint + 2 * 0.5 + bytes / 4 / 25e3));
  });
});

describe('PD decode choice', () => {
  // One prefill and two decode instances of Llama 3 8B on 4 × 910B4 each: the prefill and the
  // first decode share a server (HCCS), the second decode is across RoCE.
  const config: InferNexConfig = {
    seed: 1,
    model: 'llama3-8b',
    tp: 4,
    mode: 'pd',
    instances: 3,
    prefillInstances: 1,
    pdPlacement: 'same-server',
    policy: 'round-robin',
  };
  const burst = (n: number, outputTokens: number) =>
    Array.from({ length: n }, (_, id) =>
      one({
        id,
        arrivalUs: id * 1_000,
        inputTokens: 2048,
        outputTokens,
        blocks: Array.from({ length: 4 }, (_, k) => 1_000 * id + k),
      }),
    );
  const decodeShares = (trace: readonly TraceRequest[]) => {
    const sim = new InferNexSim(ascend, config, trace, createRng(1));
    const [p, local, remote] = sim.instances;
    expect(ascend.npuServer[local.npus[0]]).toBe(ascend.npuServer[p.npus[0]]);
    expect(ascend.npuServer[remote.npus[0]]).not.toBe(ascend.npuServer[p.npus[0]]);
    sim.runToEnd();
    return { local: local.decodeTokens, remote: remote.decodeTokens, sim };
  };

  it('takes the decode on the prefill’s own server while loads are even: its transfer is faster', () => {
    const { local, remote } = decodeShares(burst(1, 64));
    expect(local).toBe(64);
    expect(remote).toBe(0);
  });

  it('spreads a burst over both decode instances once the local batch is the slower one', () => {
    const { local, remote, sim } = decodeShares(burst(48, 400));
    expect(sim.summary().completed).toBe(48);
    // Neither takes more than two thirds: the local one keeps the transfer edge, not every request.
    expect(local + remote).toBe(48 * 400);
    expect(Math.max(local, remote)).toBeLessThan((2 / 3) * 48 * 400);
    expect(local).toBeGreaterThanOrEqual(remote);
  });
});

describe("routing policies on the first 1,500 conversation requests (FAST'25-like cluster)", () => {
  const ttft = (policy: InferNexConfig['policy']) =>
    runInferNex(h100Roce, { ...fast25, policy }, slice).summary();
  it('random ≫ least-load, and cache-aware routing raises the hit rate and lowers TTFT', () => {
    const random = ttft('random');
    const leastLoad = ttft('least-load');
    const cacheAware = ttft('mooncake');
    expect(random.ttftS.mean).toBeGreaterThan(2 * leastLoad.ttftS.mean);
    expect(cacheAware.ttftS.mean).toBeLessThan(leastLoad.ttftS.mean);
    expect(cacheAware.hitRate).toBeGreaterThan(2 * leastLoad.hitRate);
  });
});

describe('KV pool beside HBM', () => {
  it('a global DRAM pool serves prefixes an instance does not hold, and counts hits per tier', () => {
    const trace = syntheticTrace(
      { requests: 600, ratePerS: 4, arrival: 'poisson', meanTurns: 4 },
      createRng(5),
    ).requests;
    const base: InferNexConfig = {
      seed: 1,
      model: 'llama3-8b',
      tp: 2,
      mode: 'agg',
      instances: 16,
      policy: 'round-robin',
    };
    const without = runInferNex(ascend, base, trace);
    const withPool = runInferNex(
      ascend,
      { ...base, pool: { dramGB: 2000, nvmeGB: 0, scope: 'global' } },
      trace,
    );
    expect(withPool.summary().hitRate).toBeGreaterThan(without.summary().hitRate + 0.1);
    expect(withPool.summary().poolHitRate).toBeGreaterThan(0.1);
    const [dram] = withPool.pools[0].stats();
    expect(dram.hits).toBe(withPool.metrics.poolHitBlocks);
    expect(withPool.cost().tiers[0]).toEqual({ name: 'dram', capacityGB: 2000, dollars: 6000 });
  });
});

describe('global cache-aware copies', () => {
  it('copy a prefix from the DRAM store of a busy instance whose HBM no longer holds it', () => {
    const prefix = Array.from({ length: 32 }, (_, k) => 500 + k);
    const trace: TraceRequest[] = [
      one({ id: 1, inputTokens: 32 * 512, outputTokens: 1, blocks: prefix }),
      // A long unrelated prompt keeps instance 0 busy for seconds…
      one({
        id: 2,
        arrivalUs: 20e6,
        inputTokens: 64 * 512,
        outputTokens: 1,
        blocks: Array.from({ length: 64 }, (_, k) => 9000 + k),
      }),
      // …when the next turn of the first conversation arrives.
      one({
        id: 3,
        arrivalUs: 20e6 + 1000,
        inputTokens: 34 * 512,
        outputTokens: 1,
        blocks: [...prefix, 600, 601],
      }),
    ];
    const sim = new InferNexSim(
      h100Roce,
      {
        ...fast25,
        instances: 2,
        policy: 'mooncake-global',
        pool: { dramGB: 1000, nvmeGB: 0, scope: 'local' },
        recordDecisions: true,
      },
      trace,
      createRng(1),
    );
    sim.runUntil(10e6);
    expect(sim.instances[0].pool?.matchLength(prefix, 0)).toBe(32);
    sim.instances[0].cache.clear(); // evicted from HBM; the node's DRAM store keeps it
    sim.runToEnd();
    expect(sim.summary().completed).toBe(3);
    const [, second, third] = sim.decisions;
    expect(second.instance).toBe(0);
    expect(third.instance).toBe(1);
    expect(third.fetch).toEqual({ fromInstance: 0, blocks: 32 });
    const blockBytes = 512 * sim.stepModel.kvBytesPerToken;
    expect(sim.transferBytes).toBe(32 * blockBytes);
    expect(sim.instances[1].hitBlocks).toBe(32);
    // The copy replicates the prefix: instance 1 now holds it in HBM and in its own store.
    expect(sim.instances[1].cache.matchPrefix(prefix)).toBe(32);
    expect(sim.instances[1].pool?.matchLength(prefix, 0)).toBe(32);
  });
});

describe('phases', () => {
  it('every request ends Done or Failed', () => {
    const sim = new InferNexSim(
      h100Roce,
      { ...fast25, mode: 'pd', instances: 8, policy: 'dynamo-kv', recordDecisions: false },
      slice.slice(0, 200),
      createRng(1),
    );
    sim.runToEnd();
    expect(sim.summary().completed).toBe(200);
    expect(RequestPhase.Done).toBe(6);
  });
});
