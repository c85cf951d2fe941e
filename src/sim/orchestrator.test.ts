import { describe, expect, it } from 'vitest';
import { inProcessHosts } from '../engines/inProcess';
import type { EngineHost } from './engine';
import { Orchestrator } from './orchestrator';
import { scenarioSchema, type TimelineEvent } from './scenario';

const scenario = scenarioSchema.parse({
  version: 1,
  name: 'lockstep test',
  profile: 'ub-pod-1k',
  seed: 42,
  durationSeconds: 120,
  workloads: [
    {
      id: 'train',
      kind: 'training',
      cabinets: ['cab-000..cab-011'],
      utilisation: 0.8,
      hbmGB: 100,
      stepSeconds: 3.7,
      commFraction: 0.3,
      commLinkLoad: 0.6,
    },
  ],
  timeline: [
    { atSeconds: 10, kind: 'npu-fail', target: 'cab-001/srv-2/npu-3' },
    { atSeconds: 25.05, kind: 'link-fail', target: 'cab-000/srv-0/npu-0~cab-000/srv-0/npu-1' },
    { atSeconds: 40, kind: 'workload-load', target: 'train', utilisation: 0.5 },
    { atSeconds: 70, kind: 'npu-repair', target: 'cab-001/srv-2/npu-3' },
  ],
});

async function orchestrator(actions: readonly TimelineEvent[] = []) {
  const o = new Orchestrator(inProcessHosts().all);
  await o.load(scenario, actions);
  return o;
}

describe('Orchestrator', () => {
  it('reaches the same digest whether it goes in one step, in many small steps, or seeks back', async () => {
    const oneGo = await orchestrator();
    await oneGo.advanceTo(90e6);
    const expected = await oneGo.digest();

    const small = await orchestrator();
    for (let t = 0; t <= 90e6; t += 1.3e6) await small.advanceTo(t);
    await small.advanceTo(90e6);
    expect(await small.digest()).toBe(expected);

    const seeking = await orchestrator();
    await seeking.advanceTo(110e6);
    await seeking.advanceTo(5e6);
    await seeking.advanceTo(90e6);
    expect(await seeking.digest()).toBe(expected);
  });

  it('hands each engine every round of a request in one call, on the same boundaries however the clock is asked', async () => {
    const record = async (targets: readonly number[], roundsPerCall?: number) => {
      const calls: number[][] = [];
      const hosts = inProcessHosts().all.map((host): EngineHost => ({
        name: host.name,
        load: (s) => host.load(s),
        advance: (rounds) => {
          calls.push(rounds.map((r) => r.toUs));
          return host.advance(rounds);
        },
        frame: () => host.frame(),
        digest: () => host.digest(),
      }));
      const o = new Orchestrator(hosts, roundsPerCall);
      await o.load(scenario, []);
      for (const t of targets) await o.advanceTo(t);
      return { calls, digest: await o.digest() };
    };
    // One request from 0 to 3.5 s: rounds end on whole seconds (10 slices of 100 ms) and at the target.
    const oneCall = await record([3.5e6]);
    expect(oneCall.calls).toEqual([[1e6, 2e6, 3e6, 3.5e6]]);
    // Asked in pieces, the engine sees the same boundaries (plus each request's own end).
    expect((await record([0.4e6, 2.2e6, 3.5e6])).calls.flat()).toEqual([
      0.4e6, 1e6, 2e6, 2.2e6, 3e6, 3.5e6,
    ]);
    // Capped at two rounds a call (as in a worker), the rounds and the state are the same.
    const capped = await record([3.5e6], 2);
    expect(capped.calls).toEqual([
      [1e6, 2e6],
      [3e6, 3.5e6],
    ]);
    expect(capped.digest).toBe(oneCall.digest);
    // Through the timeline's faults, too.
    expect((await record([90e6], 3)).digest).toBe((await record([90e6])).digest);
  });

  it('rounds time down to whole slices and never runs past the target', async () => {
    const o = await orchestrator();
    await o.advanceTo(12_345_678);
    expect(o.timeUs).toBe(12_300_000);
  });

  it('gives different digests at different times and with different seeds', async () => {
    const a = await orchestrator();
    await a.advanceTo(30e6);
    const d30 = await a.digest();
    await a.advanceTo(31e6);
    expect(await a.digest()).not.toBe(d30);

    const other = new Orchestrator(inProcessHosts().all);
    await other.load({ ...scenario, seed: 43 }, []);
    await other.advanceTo(30e6);
    expect(await other.digest()).not.toBe(d30);
  });

  it('an operator action at the current time equals the same action replayed from the start', async () => {
    const action: TimelineEvent = {
      atSeconds: 50,
      kind: 'npu-fail',
      target: 'cab-005/srv-0/npu-0',
      by: 'operator',
    };
    const live = await orchestrator();
    await live.advanceTo(50e6);
    await live.setActions([action]);
    await live.advanceTo(80e6);

    const replayed = await orchestrator([action]);
    await replayed.advanceTo(80e6);
    expect(await live.digest()).toBe(await replayed.digest());
  });

  it('an action inserted in the past replays from 0 so the present is exact', async () => {
    const past: TimelineEvent = {
      atSeconds: 20,
      kind: 'npu-fail',
      target: 'cab-006/srv-1/npu-1',
      by: 'operator',
    };
    const live = await orchestrator();
    await live.advanceTo(60e6);
    await live.setActions([past]);
    expect(live.timeUs).toBe(60e6);

    const replayed = await orchestrator([past]);
    await replayed.advanceTo(60e6);
    expect(await live.digest()).toBe(await replayed.digest());
  });
});
