import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile } from '../../model';
import { createRng } from '../../sim/rng';
import { InferNexSim, type InferNexConfig } from './simulator';
import { syntheticTrace, type TraceRequest } from './trace';

const ascend = buildCluster(getProfile('ascend-910b-infer'));
const pd: InferNexConfig = {
  seed: 1,
  model: 'llama3-8b',
  tp: 4,
  mode: 'pd',
  instances: 16,
  prefillInstances: 8,
  pdPlacement: 'cross-server',
  policy: 'least-load',
};
/** A load that needs more than one P+D group: 6 req/s of multi-thousand-token prompts for 5 minutes. */
const heavy = syntheticTrace(
  { requests: 1800, ratePerS: 6, arrival: 'poisson', meanUserTokens: 6000, meanOutputTokens: 200 },
  createRng(2),
).requests;

function run(config: InferNexConfig, trace: readonly TraceRequest[]) {
  const sim = new InferNexSim(ascend, config, trace, createRng(1));
  sim.runToEnd();
  const scaler = sim.scaler;
  if (!scaler) throw new Error('no scaler');
  return { sim, scaler };
}

describe('elastic scaler', () => {
  it('group scaling moves prefill and decode together at the 1 : 1 ratio', () => {
    const { scaler, sim } = run(
      { ...pd, scaler: { policy: 'group', initial: 1, min: 1, coldStartS: 10 } },
      heavy,
    );
    const ups = scaler.history.filter((e) => e.prefill > 1);
    expect(ups.length).toBeGreaterThan(0);
    for (const e of scaler.history) expect(e.prefill).toBe(e.decode);
    expect(sim.summary().completed).toBe(heavy.length);
  });

  it('group scaling at 1 : 2 keeps twice as many decode instances', () => {
    const { scaler } = run(
      { ...pd, scaler: { policy: 'group', initial: 1, min: 1, ratio: [1, 2], coldStartS: 10 } },
      heavy,
    );
    for (const e of scaler.history) expect(e.decode).toBe(2 * e.prefill);
  });

  it('the HPA-style baseline scales P and D independently (the ratio drifts)', () => {
    const { scaler } = run(
      { ...pd, scaler: { policy: 'hpa', initial: 1, min: 1, coldStartS: 10 } },
      heavy,
    );
    expect(scaler.history.some((e) => e.prefill !== e.decode)).toBe(true);
    expect(scaler.prefillInstanceSeconds).not.toBe(scaler.decodeInstanceSeconds);
  });

  it('scales to zero after an idle spell, and the next request waits for a cold start', () => {
    const trace: TraceRequest[] = [
      { id: 0, arrivalUs: 0, inputTokens: 2000, outputTokens: 10, blocks: [1, 2, 3, 4] },
      { id: 1, arrivalUs: 600e6, inputTokens: 2000, outputTokens: 10, blocks: [5, 6, 7, 8] },
    ];
    const { sim, scaler } = run(
      { ...pd, scaler: { policy: 'group', initial: 1, min: 0, idleToZeroS: 120, coldStartS: 45 } },
      trace,
    );
    expect(
      scaler.history.some((e) => e.prefill === 0 && e.decode === 0 && /zero/.test(e.reason)),
    ).toBe(true);
    expect(scaler.history.some((e) => /from zero/.test(e.reason))).toBe(true);
    // The warm group at time 0 is free; the start from zero pays one cold start per instance.
    expect(scaler.coldStarts).toBe(2);
    const s = sim.summary();
    expect(s.completed).toBe(2);
    // The second request's TTFT includes the 45 s cold start.
    expect(s.ttftS.max).toBeGreaterThan(45);
    expect(s.ttftS.max).toBeLessThan(47);
  });

  it('a tidal schedule raises the floor ahead of the peak', () => {
    const light = syntheticTrace(
      { requests: 300, ratePerS: 1, arrival: 'poisson' },
      createRng(4),
    ).requests;
    const { scaler } = run(
      {
        ...pd,
        scaler: {
          policy: 'group',
          initial: 1,
          min: 1,
          coldStartS: 0,
          tidal: [{ atS: 120, min: 3 }],
        },
      },
      light,
    );
    const after = scaler.history.filter((e) => e.timeUs >= 120e6);
    expect(after.length).toBeGreaterThan(0);
    expect(after[0].prefill).toBe(3);
    expect(after[0].decode).toBe(3);
  });
});
