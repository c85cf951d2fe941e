import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile } from '../../model';
import { createRng } from '../../sim/rng';
import { runInferNex } from './compare';
import { InferNexSim, type InferNexConfig } from './simulator';
import {
  arrivalWindowP90,
  busiestWindow,
  distServeGoodput,
  instanceSteps,
  offeredRatePerS,
  recordTtfts,
  scaleArrivalRate,
  scalingConfig,
  scalingOutcome,
  tidalSchedule,
  tierConfig,
  tierOutcome,
  type ScalingStudySettings,
} from './studies';
import { syntheticTrace, type TraceRequest } from './trace';

const ascend = buildCluster(getProfile('ascend-910b-infer'));
const base: InferNexConfig = {
  seed: 1,
  model: 'llama3-8b',
  tp: 2,
  mode: 'agg',
  instances: 4,
  policy: 'least-load',
  seriesPeriodUs: 0,
};
const at = (...us: number[]): TraceRequest[] =>
  us.map((arrivalUs, id) => ({ id, arrivalUs, inputTokens: 600, outputTokens: 4, blocks: [id] }));

describe('arrival-rate scaling', () => {
  it('shrinks the gaps from the first arrival by the factor and keeps the requests', () => {
    const trace = at(5e6, 7e6, 13e6);
    const fast = scaleArrivalRate(trace, 2);
    expect(fast.map((r) => r.arrivalUs)).toEqual([5e6, 6e6, 9e6]);
    expect(fast.map((r) => r.inputTokens)).toEqual([600, 600, 600]);
    expect(offeredRatePerS(trace)).toBeCloseTo(3 / 8, 12);
    expect(offeredRatePerS(fast)).toBeCloseTo(3 / 4, 12);
    expect(offeredRatePerS(scaleArrivalRate(trace, 0.5))).toBeCloseTo(3 / 16, 12);
    // The original is untouched.
    expect(trace[2].arrivalUs).toBe(13e6);
  });

  it('refuses a factor that is not a positive number', () => {
    expect(() => scaleArrivalRate(at(0, 1), 0)).toThrow(/positive number, got 0/);
    expect(() => scaleArrivalRate(at(0, 1), Number.NaN)).toThrow(/positive/);
  });

  it('DistServe goodput is the highest rate before attainment first falls under 90 %', () => {
    const pts = [
      { ratePerS: 4, attainment: 0.85 },
      { ratePerS: 1, attainment: 0.99 },
      { ratePerS: 2, attainment: 0.93 },
      { ratePerS: 3, attainment: 0.89 },
      // A late recovery past the knee does not count.
      { ratePerS: 5, attainment: 0.95 },
    ];
    expect(distServeGoodput(pts)).toBe(2);
    expect(distServeGoodput(pts, 0.86)).toBe(3);
    expect(distServeGoodput([{ ratePerS: 1, attainment: 0.5 }])).toBeUndefined();
  });
});

describe('scaler study shaping', () => {
  const settings: ScalingStudySettings = {
    ratio: [1, 2],
    minGroups: 1,
    maxGroups: 6,
    coldStartS: 30,
    tidal: true,
  };

  it('finds the busiest third of the span and raises the floor one cold start ahead of it', () => {
    // Four requests in the first minute, seven in the last (span 180 s: thirds of 60 s).
    const times = [0, 10e6, 20e6, 30e6, 120e6, 121e6, 122e6, 123e6, 124e6, 125e6, 170e6, 180e6];
    const trace = at(...times);
    const w = busiestWindow(trace);
    expect(w.startUs).toBe(120e6);
    expect(w.endUs).toBe(180e6);
    // Peak: half of 6 groups; from one 30 s cold start before the window to its end.
    expect(tidalSchedule(trace, settings)).toEqual([
      { atS: 90, min: 3 },
      { atS: 180, min: 1 },
    ]);
  });

  it('sizes the PD run for the largest group count at the ratio', () => {
    const config = scalingConfig(base, settings, 'hpa', undefined);
    expect(config.mode).toBe('pd');
    expect(config.instances).toBe(18);
    expect(config.prefillInstances).toBe(6);
    expect(config.scaler).toMatchObject({ policy: 'hpa', ratio: [1, 2], initial: 1, min: 1 });
    expect(config.scaler?.tidal).toBeUndefined();
  });

  it('turns scaler decisions into a step line held to the end', () => {
    const steps = instanceSteps(
      [
        { timeUs: 30e6, prefill: 2, decode: 2, reason: 'up' },
        { timeUs: 60e6, prefill: 3, decode: 2, reason: 'up' },
        { timeUs: 60e6, prefill: 3, decode: 3, reason: 'up' },
      ],
      { prefill: 1, decode: 1 },
      100e6,
    );
    expect(steps).toEqual([
      { timeUs: 0, prefill: 1, decode: 1 },
      { timeUs: 30e6, prefill: 2, decode: 2 },
      { timeUs: 60e6, prefill: 3, decode: 3 },
      { timeUs: 100e6, prefill: 3, decode: 3 },
    ]);
  });

  it('takes the p90 TTFT of the requests arriving in each window', () => {
    const log = {
      arrivalUs: [1e6, 2e6, 3e6, 4e6, 5e6, 6e6, 7e6, 8e6, 9e6, 9.5e6, 25e6],
      ttftS: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0.5],
    };
    const w = arrivalWindowP90(log, 10e6);
    expect(w).toEqual([
      { timeUs: 5e6, p90: 9, count: 10 },
      { timeUs: 15e6, p90: 0, count: 0 },
      { timeUs: 25e6, p90: 0.5, count: 1 },
    ]);
    expect(() => arrivalWindowP90(log, 0)).toThrow(/positive/);
  });

  it('group and HPA runs on the same trace give different instance-hours and count cold starts', () => {
    const heavy = syntheticTrace(
      {
        requests: 900,
        ratePerS: 6,
        arrival: 'poisson',
        meanUserTokens: 6000,
        meanOutputTokens: 150,
      },
      createRng(2),
    ).requests;
    const run = (policy: 'group' | 'hpa') => {
      const config = scalingConfig(
        { ...base, mode: 'pd', pdPlacement: 'cross-server' },
        { ratio: [1, 1], minGroups: 1, maxGroups: 6, coldStartS: 10, tidal: false },
        policy,
        undefined,
      );
      const sim = new InferNexSim(ascend, config, heavy, createRng(1));
      const log = recordTtfts(sim);
      sim.runToEnd();
      return { sim, outcome: scalingOutcome(sim, log, 10e6) };
    };
    const group = run('group');
    const hpa = run('hpa');
    for (const { sim, outcome } of [group, hpa]) {
      expect(outcome.summary.completed).toBe(heavy.length);
      expect(outcome.coldStarts).toBeGreaterThan(0);
      expect(outcome.steps[0]).toEqual({ timeUs: 0, prefill: 1, decode: 1 });
      expect(outcome.steps[outcome.steps.length - 1].timeUs).toBe(sim.now);
      expect(outcome.instanceHours).toBeCloseTo(outcome.prefillHours + outcome.decodeHours, 12);
      expect(outcome.acceleratorHours).toBeCloseTo(outcome.instanceHours * 2, 12);
      // Every completion lands in some arrival window.
      expect(outcome.ttftP90.reduce((s, w) => s + w.count, 0)).toBe(heavy.length);
    }
    // Group scaling keeps P = D at 1 : 1; the baseline does not, and the bill differs.
    for (const s of group.outcome.steps) expect(s.prefill).toBe(s.decode);
    expect(hpa.outcome.instanceHours).not.toBeCloseTo(group.outcome.instanceHours, 3);
  });
});

describe('KV cache tiers and their bill', () => {
  const sessions = syntheticTrace(
    { requests: 600, ratePerS: 4, arrival: 'poisson', meanTurns: 4 },
    createRng(3),
  ).requests;

  it('prices every tier, and the rows add up to the bill and to the hit rate', () => {
    const sim = runInferNex(ascend, tierConfig(base, 40, 200, 'global'), sessions);
    const t = tierOutcome(sim);
    expect(t.rows.map((r) => r.tier)).toEqual(['hbm', 'dram', 'nvme']);
    expect(t.rows.map((r) => r.dollarsPerGB)).toEqual([20, 3, 0.3]);
    const [hbm, dram, nvme] = t.rows;
    // 4 instances × 2 × 32 GB 910B4 HBM.
    expect(hbm.capacityGB).toBe(4 * 2 * 32);
    expect(hbm.kvCapacityGB).toBeLessThan(hbm.capacityGB);
    expect(dram.dollars).toBeCloseTo(40 * 3, 9);
    expect(nvme.dollars).toBeCloseTo(200 * 0.3, 9);
    expect(t.totalDollars).toBeCloseTo(sim.cost().totalDollars, 6);
    const shares = t.rows.reduce((s, r) => s + r.hitShare, 0) + t.remoteHitShare;
    expect(shares).toBeCloseTo(t.summary.hitRate, 9);
    expect(dram.usedGB).toBeLessThanOrEqual(dram.capacityGB);
    // Pool hits were read over the tier's link and took time.
    expect(dram.hitShare).toBeGreaterThan(0);
    expect(dram.fetches).toBeGreaterThan(0);
    expect(dram.readS).toBeGreaterThan((dram.readGB / 87) * 0.999);
  });

  it('a bigger DRAM tier hits at least as often', () => {
    const small = tierOutcome(runInferNex(ascend, tierConfig(base, 5, 0, 'global'), sessions));
    const big = tierOutcome(runInferNex(ascend, tierConfig(base, 200, 0, 'global'), sessions));
    expect(big.summary.hitRate).toBeGreaterThanOrEqual(small.summary.hitRate);
    expect(big.rows[1].hitShare).toBeGreaterThan(small.rows[1].hitShare);
    expect(big.totalDollars - small.totalDollars).toBeCloseTo(195 * 3, 6);
    expect(() => tierConfig(base, -1, 0, 'global')).toThrow(/≥ 0 GB/);
  });
});
