import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile, npuId, serverId } from '../../model';
import type { ScheduledEvent } from '../../sim/engine';
import { createRng } from '../../sim/rng';
import { InferNexCore, InstanceStatus, inferNexFrameBuffers } from './core';
import type { InferNexConfig } from './simulator';
import { parseMooncakeJsonl } from './trace';

const parsed = parseMooncakeJsonl(readFileSync('public/traces/conversation_trace.jsonl', 'utf8'), {
  limit: 600,
});
if (!parsed.ok) throw new Error(parsed.message);
const trace = parsed.trace.requests;
const cluster = buildCluster(getProfile('ascend-910b-infer'));
const config: InferNexConfig = {
  seed: 1,
  model: 'llama3-8b',
  tp: 2,
  mode: 'agg',
  instances: 32,
  policy: 'hermes',
};
const at = (
  seconds: number,
  event: Omit<ScheduledEvent['event'], 'atSeconds'>,
  seq = 0,
): ScheduledEvent => ({
  timeUs: seconds * 1e6,
  seq,
  event: { ...event, atSeconds: seconds } as ScheduledEvent['event'],
});

describe('InferNexCore (EngineCore-shaped)', () => {
  it('frames carry per-instance state, the NPUs behind each instance, and series since the last frame', () => {
    const core = new InferNexCore(cluster, config, trace, createRng(1));
    core.advance(30e6, []);
    const f = core.frame();
    expect(f.engine).toBe('infernex');
    expect(f.timeUs).toBe(30e6);
    expect(f.instanceCount).toBe(32);
    expect(f.instanceNpuOffset[32]).toBe(64);
    expect([...f.instanceNpus.subarray(f.instanceNpuOffset[5], f.instanceNpuOffset[6])]).toEqual([
      10, 11,
    ]);
    expect(f.npuInstance[10]).toBe(5);
    expect(f.npuInstance[64]).toBe(-1);
    expect(f.npuInstance.length).toBe(cluster.npuCount);
    expect(f.arrived).toBe(f.completed + f.failed + f.inFlight);
    expect(f.arrived).toBe(trace.filter((r) => r.arrivalUs <= 30e6).length);
    // One point per series per simulated second.
    expect(f.series.filter((p) => p.series === 'infernex.ttftMeanS')).toHaveLength(30);
    expect(Math.max(...f.instanceUtilisation)).toBeGreaterThan(0);
    expect(inferNexFrameBuffers(f)).toHaveLength(12);
    const next = core.frame();
    expect(next.series).toHaveLength(0);
  });

  it('a failed NPU (or a server down) stops the instances on it; their requests are re-routed; repair brings them back', () => {
    const core = new InferNexCore(cluster, config, trace, createRng(1));
    const npu = npuId(cluster, 10);
    core.advance(60e6, [
      at(20, { kind: 'npu-fail', target: npu, by: 'scenario' }),
      at(40, { kind: 'server-down', target: serverId(cluster, 3), by: 'operator' }, 1),
    ]);
    const f = core.frame();
    expect(f.instanceStatus[5]).toBe(InstanceStatus.Down);
    for (const i of [12, 13, 14, 15]) expect(f.instanceStatus[i]).toBe(InstanceStatus.Down);
    expect(f.instanceStatus[4]).toBe(InstanceStatus.Serving);
    expect(f.log.some((l) => l.level === 'error' && l.targets.includes(npu))).toBe(true);
    core.advance(80e6, [at(70, { kind: 'npu-repair', target: npu, by: 'operator' })]);
    expect(core.frame().instanceStatus[5]).toBe(InstanceStatus.Serving);
    core.sim.runToEnd();
    const s = core.sim.summary();
    expect(s.completed + s.failed).toBe(600);
  });

  it('the digest repeats for the same run and changes with the state', () => {
    const a = new InferNexCore(cluster, config, trace, createRng(1));
    const b = new InferNexCore(cluster, config, trace, createRng(1));
    a.advance(50e6, []);
    b.advance(50e6, []);
    expect(a.digest()).toMatch(/^[0-9a-f]{16}$/);
    expect(a.digest()).toBe(b.digest());
    b.advance(51e6, []);
    expect(b.digest()).not.toBe(a.digest());
  });
});
