import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InferNexFrame } from '../../sim/frame';
import { Orchestrator } from '../../sim/orchestrator';
import { scenarioSchema, type Scenario, type TimelineEvent } from '../../sim/scenario';
import { clusterFor } from '../clusterCache';
import { inProcessHosts } from '../inProcess';
import { InstanceStatus } from './core';
import { createServingCore, servingTrace } from './serving';

/** A PD fleet of 64 instances (2 NPUs each) on cab-012 … cab-013 of the pod, busy enough to queue. */
const scenario = (timeline: unknown[] = [], extra: object = {}): Scenario =>
  scenarioSchema.parse({
    version: 1,
    name: 'serving under faults',
    profile: 'ub-pod-1k',
    seed: 7,
    durationSeconds: 600,
    engines: {
      infernex: {
        trace: { synthetic: { requests: 4000, ratePerS: 12 } },
        tp: 2,
        instances: 64,
        mode: 'pd',
        placement: 'same-server',
        cabinets: ['cab-012', 'cab-013'],
        ...extra,
      },
    },
    timeline,
  });

const cluster = clusterFor('ub-pod-1k');
const readTrace = (file: string) => readFileSync(`public/traces/${file}`, 'utf8');

/** Runs the fleet with the orchestrator, checking the books at every frame; returns the frames. */
async function run(s: Scenario, untilUs: number, stepUs = 5e6, actions: TimelineEvent[] = []) {
  const hosts = inProcessHosts(s, readTrace);
  const o = new Orchestrator(hosts.all);
  await o.load(s, actions);
  const frames: InferNexFrame[] = [];
  const log: string[] = [];
  for (let t = stepUs; t <= untilUs; t += stepUs) {
    await o.advanceTo(t);
    const f = await hosts.infernex!.frame();
    expect(f.arrived, `books at ${t / 1e6} s`).toBe(f.completed + f.failed + f.inFlight);
    frames.push(f);
    log.push(...f.log.map((e) => e.message));
  }
  return { frames, log, orchestrator: o, last: frames[frames.length - 1] };
}

const down = (f: InferNexFrame) =>
  [...f.instanceStatus.keys()].filter((i) => f.instanceStatus[i] === InstanceStatus.Down);
const npusOf = (f: InferNexFrame, i: number) => [
  ...f.instanceNpus.slice(f.instanceNpuOffset[i], f.instanceNpuOffset[i + 1]),
];

describe('the serving fleet in a scenario', () => {
  it('places the fleet on the cabinets named, shifts the trace by startSeconds', () => {
    const core = createServingCore(scenario([], { startSeconds: 30 }), cluster, undefined);
    const npus = core.sim.instances.flatMap((i) => [...i.npus]);
    expect(Math.min(...npus)).toBe(12 * cluster.perCabinet);
    expect(Math.max(...npus)).toBeLessThan(14 * cluster.perCabinet);
    const plain = servingTrace(scenario(), scenario().engines!.infernex!, undefined);
    const late = servingTrace(
      scenario([], { startSeconds: 30 }),
      scenario([], { startSeconds: 30 }).engines!.infernex!,
      undefined,
    );
    expect(late[0].arrivalUs - plain[0].arrivalUs).toBe(30e6);
    expect(late).toHaveLength(4000);
  });

  it('reads a shipped trace, first `limit` requests', () => {
    const s = scenario([], { trace: 'conversation', limit: 300 });
    const trace = servingTrace(s, s.engines!.infernex!, readTrace('conversation_trace.jsonl'));
    expect(trace).toHaveLength(300);
    expect(() => servingTrace(s, s.engines!.infernex!, undefined)).toThrow(/not loaded/);
  });

  it('maps every kind of fault to the instances it stops, and brings them back', async () => {
    const timeline = [
      // cab-012/srv-1: NPUs 8 … 15 of the cabinet, instances 4 … 7 (4 per server at tp 2).
      { atSeconds: 20, kind: 'server-down', target: 'cab-012/srv-1', durationSeconds: 30 },
      { atSeconds: 20, kind: 'npu-fail', target: 'cab-012/srv-3/npu-4' },
      { atSeconds: 40, kind: 'npu-repair', target: 'cab-012/srv-3/npu-4' },
      { atSeconds: 60, kind: 'cabinet-power-loss', target: 'cab-013' },
      { atSeconds: 60, kind: 'switch-down', target: 'cab-012/lrs', durationSeconds: 10 },
      { atSeconds: 60, kind: 'link-fail', target: 'cab-012/srv-0/npu-0~cab-012/srv-0/npu-1' },
      {
        atSeconds: 100,
        kind: 'server-down',
        target: 'cab-012/srv-5',
        durationSeconds: 5,
        repeat: { everySeconds: 20, times: 2 },
      },
      { atSeconds: 110, kind: 'repair', target: 'cab-013' },
    ];
    const s = scenario(timeline);
    const { frames, log } = await run(s, 150e6, 5e6);
    const at = (t: number) => frames[t / 5 - 1];
    const first = at(15);
    const instancesOn = (npuFrom: number, npuTo: number) =>
      [...Array(first.instanceCount).keys()].filter((i) =>
        npusOf(first, i).every((n) => n >= npuFrom && n < npuTo),
      );
    const cab12 = 12 * cluster.perCabinet;
    const server = (srv: number) => instancesOn(cab12 + srv * 8, cab12 + srv * 8 + 8);
    expect(down(first)).toEqual([]);
    // 25 s: the server's 4 instances and the one on the failed NPU.
    const npuInstance = first.npuInstance[cab12 + 3 * 8 + 4];
    expect(down(at(25))).toEqual([...server(1), npuInstance].sort((a, b) => a - b));
    // 45 s: the NPU repaired; 55 s: the server's 30 s are over.
    expect(down(at(45))).toEqual(server(1));
    expect(down(at(55))).toEqual([]);
    // 65 s: the whole of cab-013 (its 32 instances); a switch or link changes routes only.
    expect(down(at(65))).toEqual(instancesOn(13 * 64, 14 * 64));
    expect(down(at(65))).toHaveLength(32);
    // 100 s: the recurring fault's first occurrence (5 s long); 110 s: the repair of cab-013.
    expect(down(at(100))).toEqual([...server(5), ...instancesOn(13 * 64, 14 * 64)]);
    expect(down(at(105))).toEqual(instancesOn(13 * 64, 14 * 64));
    expect(down(at(110))).toEqual([]);
    expect(down(at(120))).toEqual(server(5));
    expect(down(at(125))).toEqual([]);
    // Each stop is logged with its cause and what happened to its requests.
    expect(log).toContainEqual(
      expect.stringMatching(
        /^instance \d+ \((prefill|decode)\) down: cabinet cab-013 power loss; \d+ requests? re-routed, \d+ failed$/,
      ),
    );
    expect(log).toContainEqual(
      expect.stringMatching(
        /^instance \d+ back up \(empty cache\): cabinet-power-loss on cab-013 ended \(repaired\)$/,
      ),
    );
    expect(log.filter((m) => m.includes('down: server cab-012/srv-5 down'))).toHaveLength(8);
  });

  it('keeps every request accounted for through faults: re-routed or failed, never lost', async () => {
    const s = scenario(
      [
        { atSeconds: 30, kind: 'cabinet-power-loss', target: 'cab-012', durationSeconds: 40 },
        { atSeconds: 50, kind: 'cabinet-power-loss', target: 'cab-013', durationSeconds: 40 },
      ],
      { maxReroutes: 1 },
    );
    const { last, frames } = await run(s, 200e6, 1e6);
    const during = frames[59];
    // 50 … 70 s: nothing is up, so arrivals fail; before that requests were moved.
    expect(during.instancesDown).toBe(64);
    expect(last.reroutedOnFault).toBeGreaterThan(0);
    expect(last.failed).toBeGreaterThan(0);
    expect(last.failedOnFault).toBeLessThanOrEqual(last.failed);
    expect(last.instancesDown).toBe(0);
    expect(last.completed).toBeGreaterThan(1000);
  });
});

describe('the orchestrator with the fabric and InferNex in lockstep', () => {
  const s = scenario([
    { atSeconds: 12, kind: 'server-down', target: 'cab-012/srv-2', durationSeconds: 20 },
    { atSeconds: 40.05, kind: 'cabinet-power-loss', target: 'cab-013' },
    { atSeconds: 70, kind: 'repair', target: 'cab-013' },
  ]);

  async function digestAfter(targets: number[], actions: TimelineEvent[] = []) {
    const hosts = inProcessHosts(s, readTrace);
    const o = new Orchestrator(hosts.all);
    await o.load(s, actions);
    for (const t of targets) {
      await o.advanceTo(t);
      // Taking frames on the way (as the console does) must not change the state.
      await hosts.infernex!.frame();
    }
    return { digest: await o.digest(), frame: await hosts.infernex!.frame(), hosts: o };
  }

  it('runs both engines, fabric first, and the digest covers both', async () => {
    const hosts = inProcessHosts(s, readTrace);
    expect(hosts.all.map((h) => h.name)).toEqual(['fabric', 'infernex']);
    const o = new Orchestrator(hosts.all);
    await o.load(s, []);
    await o.advanceTo(30e6);
    const frames = await o.frames();
    expect(frames.map((f) => f.engine)).toEqual(['fabric', 'infernex']);
    // The same fabric with a different fleet gives another digest.
    const other = new Orchestrator(
      inProcessHosts(scenario([], { policy: 'round-robin' }), readTrace).all,
    );
    await other.load(scenario([], { policy: 'round-robin' }), []);
    await other.advanceTo(30e6);
    const plain = new Orchestrator(inProcessHosts(scenario(), readTrace).all);
    await plain.load(scenario(), []);
    await plain.advanceTo(30e6);
    expect(await other.digest()).not.toBe(await plain.digest());
  });

  it('one step, many small steps and seeking back give the same digest', async () => {
    const oneGo = await digestAfter([90e6]);
    const small = await digestAfter(Array.from({ length: 70 }, (_, i) => (i + 1) * 1.3e6));
    const moreSmall = await digestAfter([
      ...Array.from({ length: 70 }, (_, i) => (i + 1) * 1.3e6),
      90e6,
    ]);
    const seek = await digestAfter([120e6, 10e6, 90e6]);
    expect(small.digest).not.toBe(oneGo.digest);
    expect(moreSmall.digest).toBe(oneGo.digest);
    expect(seek.digest).toBe(oneGo.digest);
    expect(seek.frame.completed).toBe(oneGo.frame.completed);
    expect(seek.frame.instancesDown).toBe(oneGo.frame.instancesDown);
  });

  it('an operator fault at the current instant equals the same fault replayed from 0', async () => {
    const action: TimelineEvent = {
      atSeconds: 50,
      by: 'operator',
      kind: 'cabinet-power-loss',
      target: 'cab-012',
      durationSeconds: 15,
    };
    const live = await digestAfter([50e6]);
    await live.hosts.setActions([action]);
    await live.hosts.advanceTo(80e6);
    const replayed = await digestAfter([80e6], [action]);
    expect(await live.hosts.digest()).toBe(replayed.digest);
    const without = await digestAfter([80e6]);
    expect(replayed.digest).not.toBe(without.digest);
  });
});
