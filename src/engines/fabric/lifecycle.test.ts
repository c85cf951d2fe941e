import { describe, expect, it } from 'vitest';
import {
  buildCluster,
  getProfile,
  linkBetween,
  nodeId,
  parseEntityId,
  parseNode,
  type Cluster,
} from '../../model';
import type { ScheduledEvent } from '../../sim/engine';
import {
  Health,
  LinkState,
  type FabricFrame,
  type FaultRecord,
  type FaultStep,
} from '../../sim/frame';
import { createRng } from '../../sim/rng';
import { scenarioSchema, type IsolationGranularity, type ScenarioInput } from '../../sim/scenario';
import { Detector } from './detection';
import { FabricEngine } from './fabricEngine';
import { scenarioFabricSettings } from './settings';

const lab = buildCluster(getProfile('ub-lab-1cab'));
const superNode = buildCluster(getProfile('ub-supernode-8k'));

type EventInput = Record<string, unknown> & { atSeconds: number; kind: string };

function run(cluster: Cluster, patch: Partial<ScenarioInput>, events: EventInput[]) {
  const scenario = scenarioSchema.parse({
    version: 1,
    name: 'test',
    profile: cluster.profile.id,
    seed: 3,
    ...patch,
    timeline: events,
  });
  const engine = new FabricEngine({ scenario, cluster, rng: createRng(9) });
  const scheduled: ScheduledEvent[] = scenario.timeline.map((event, seq) => ({
    timeUs: Math.round(event.atSeconds * 1e6),
    seq,
    event,
  }));
  return { scenario, engine, scheduled };
}

const node = (cluster: Cluster, id: string) => {
  const p = parseNode(cluster, id);
  if (!p.ok) throw new Error(p.reason);
  return p.node;
};
const link = (cluster: Cluster, id: string) => {
  const p = parseEntityId(cluster, id);
  if (!p.ok || p.ref.kind !== 'link') throw new Error(`not a link: ${id}`);
  return p.ref.index;
};
const stepAt = (record: FaultRecord | undefined, step: FaultStep) =>
  record?.steps.find((s) => s.step === step)?.timeUs;

const training = (
  cabinets: string[],
  isolation?: IsolationGranularity,
  kind: 'training' | 'inference' = 'training',
) => ({
  id: 'train',
  kind,
  cabinets,
  utilisation: 0.8,
  hbmGB: 64,
  stepSeconds: 2,
  commFraction: 0.2,
  commLinkLoad: 0.5,
  ...(isolation ? { isolation } : {}),
});

describe('fault life cycle', () => {
  it('runs every step at the time the heartbeat formulas and the settings give', () => {
    const { engine, scheduled, scenario } = run(lab, {}, [
      { atSeconds: 10, kind: 'npu-fail', target: 'cab-000/srv-2/npu-3' },
    ]);
    engine.advance(20e6, scheduled);
    const record = engine.faults()[0];
    expect(record.steps.map((s) => s.step)).toEqual([
      'injected',
      'suspected',
      'detected',
      'isolated',
      'notified',
      'rerouted',
    ]);
    const settings = scenarioFabricSettings(scenario);
    const detector = new Detector(lab, settings.heartbeat, scenario.seed);
    const expected = detector.detectNode(node(lab, 'cab-000/srv-2/npu-3'), 10e6, 'F1', 0);
    expect(stepAt(record, 'detected')).toBe(expected.detectedUs);
    expect(stepAt(record, 'suspected')).toBe(expected.suspectedUs);
    // Hierarchical, 1 s period: detected 0.2 … 1.2 s after the failure.
    const detectS = ((stepAt(record, 'detected') ?? 0) - 10e6) / 1e6;
    expect(detectS).toBeGreaterThanOrEqual(0.2);
    expect(detectS).toBeLessThanOrEqual(1.21);
    // Device isolation 500 ms; direct notification 50 µs + 0.6 + 4 × 0.2 µs; structured tables 11 µs.
    expect(stepAt(record, 'isolated')).toBe((stepAt(record, 'detected') ?? 0) + 500_000);
    expect(stepAt(record, 'notified')).toBe((stepAt(record, 'isolated') ?? 0) + 51);
    expect(stepAt(record, 'rerouted')).toBe((stepAt(record, 'notified') ?? 0) + 11);
  });

  it('isolates at the granularity of the workload’s SLA class (SR-5)', () => {
    const victim = 'cab-000/srv-2/npu-3';
    const isolatedAfter = (
      isolation?: IsolationGranularity,
      kind: 'training' | 'inference' = 'training',
    ) => {
      const { engine, scheduled } = run(
        lab,
        { workloads: [training(['cab-000'], isolation, kind)] },
        [{ atSeconds: 1, kind: 'npu-fail', target: victim }],
      );
      engine.advance(5e6, scheduled);
      const frame = engine.frame();
      const count = (h: number) => frame.npuHealth.filter((x) => x === h).length;
      return {
        granularity: engine.faults()[0].granularity,
        isolated: count(Health.Isolated),
        backup: count(Health.BackupInUse),
        failed: count(Health.Failed),
        isolateDelayS:
          ((stepAt(engine.faults()[0], 'isolated') ?? 0) -
            (stepAt(engine.faults()[0], 'detected') ?? 0)) /
          1e6,
      };
    };
    expect(isolatedAfter()).toEqual({
      granularity: 'device',
      isolated: 0,
      backup: 1,
      failed: 0,
      isolateDelayS: 0.5,
    });
    expect(isolatedAfter('server')).toEqual({
      granularity: 'server',
      isolated: 8,
      backup: 0,
      failed: 0,
      isolateDelayS: 0.2,
    });
    expect(isolatedAfter('cabinet')).toEqual({
      granularity: 'cabinet',
      isolated: 64,
      backup: 0,
      failed: 0,
      isolateDelayS: 0.05,
    });
    // Inference defaults to server isolation.
    expect(isolatedAfter(undefined, 'inference').granularity).toBe('server');
  });

  it('backup takeover adds exactly one hop: a direct mesh neighbour goes through the cabinet switch', () => {
    const { engine, scheduled } = run(lab, {}, [
      { atSeconds: 1, kind: 'npu-fail', target: 'cab-000/srv-1/npu-3' },
    ]);
    const from = node(lab, 'cab-000/srv-1/npu-0');
    const to = node(lab, 'cab-000/srv-1/npu-3');
    const healthy = engine.route(from, to, 0);
    engine.advance(5e6, scheduled);
    const viaBackup = engine.route(from, to, 0);
    expect(healthy.ok && healthy.hops).toBe(1);
    expect(viaBackup.ok && viaBackup.hops).toBe(2);
    expect(viaBackup.ok && viaBackup.nodes.map((n) => nodeId(lab, n))).toEqual([
      'cab-000/srv-1/npu-0',
      'cab-000/lrs',
      'cab-000/bak-0',
    ]);
    expect(viaBackup.ok && viaBackup.standIns).toEqual([{ npu: to, backup: lab.backupBase }]);
    // Latency grows by exactly one per-hop cost.
    expect(viaBackup.ok && healthy.ok && viaBackup.latencyUs - healthy.latencyUs).toBeCloseTo(
      0.2,
      12,
    );
    // Across cabinets the path already ends through the cabinet switch: same hop count.
    const { engine: big, scheduled: bigEvents } = run(superNode, {}, [
      { atSeconds: 1, kind: 'npu-fail', target: 'cab-017/srv-3/npu-5' },
    ]);
    const a = node(superNode, 'cab-000/srv-0/npu-0');
    const b = node(superNode, 'cab-017/srv-3/npu-5');
    const before = big.route(a, b, 0);
    big.advance(5e6, bigEvents);
    const after = big.route(a, b, 0);
    expect(before.ok && after.ok && [before.hops, after.hops]).toEqual([4, 4]);
    expect(after.ok && nodeId(superNode, after.nodes[after.nodes.length - 1])).toBe(
      'cab-017/bak-0',
    );
  });

  it('a second failure in the cabinet finds the backup busy and is isolated without one', () => {
    const { engine, scheduled } = run(lab, {}, [
      { atSeconds: 1, kind: 'npu-fail', target: 'cab-000/srv-1/npu-3' },
      { atSeconds: 2, kind: 'npu-fail', target: 'cab-000/srv-5/npu-0' },
    ]);
    engine.advance(10e6, scheduled);
    const frame = engine.frame();
    expect(frame.npuHealth[node(lab, 'cab-000/srv-1/npu-3')]).toBe(Health.BackupInUse);
    expect(frame.npuHealth[node(lab, 'cab-000/srv-5/npu-0')]).toBe(Health.Isolated);
    expect(engine.faults()[1].backup).toBeUndefined();
    expect(frame.log.some((l) => l.message.endsWith('no free backup NPU in the cabinet'))).toBe(
      true,
    );
  });

  it('routes never cross a failed or isolated element, whatever fails', () => {
    const { engine, scheduled } = run(
      superNode,
      { workloads: [training(['cab-000..cab-031'], 'server')] },
      [
        { atSeconds: 1, kind: 'cabinet-power-loss', target: 'cab-005' },
        { atSeconds: 1, kind: 'server-down', target: 'cab-040/srv-3' },
        { atSeconds: 1, kind: 'switch-down', target: 'icab-07' },
        { atSeconds: 1, kind: 'switch-down', target: 'cab-090/lrs' },
        { atSeconds: 1, kind: 'npu-fail', target: 'cab-001/srv-0/npu-0' },
        { atSeconds: 1, kind: 'link-fail', target: 'cab-002/lrs~cab-003/lrs' },
        {
          atSeconds: 1,
          kind: 'link-degrade',
          target: 'cab-004/srv-0/npu-0~cab-004/srv-0/npu-1',
          bandwidthFraction: 0.3,
        },
      ],
    );
    const rng = createRng(21);
    const check = () => {
      for (let trial = 0; trial < 300; trial++) {
        const r = engine.route(rng.int(superNode.npuCount), rng.int(superNode.npuCount), 4096);
        if (!r.ok) continue;
        for (const n of r.nodes) expect(engine.nodeUp[n]).toBe(1);
        for (const l of r.links) expect(engine.linkUp[l]).toBe(1);
      }
    };
    engine.advance(1e6, scheduled);
    check(); // failed, not yet isolated
    engine.advance(10e6, []);
    check(); // isolated (server level: the whole of cab-001/srv-0 is out)
    const isolated = node(superNode, 'cab-001/srv-0/npu-1');
    expect(engine.nodeUp[isolated]).toBe(0);
    expect(engine.frame().npuHealth[isolated]).toBe(Health.Isolated);
    // The degraded link is drained once isolated.
    const degraded = link(superNode, 'cab-004/srv-0/npu-0~cab-004/srv-0/npu-1');
    expect(engine.linkUp[degraded]).toBe(0);
    expect(engine.frame().linkState?.[degraded]).toBe(LinkState.Isolated);
  });

  it('a failure under a lost agent goes unseen until the agent is back (hierarchical)', () => {
    const { engine, scheduled } = run(lab, {}, [
      { atSeconds: 1, kind: 'agent-loss', target: 'cab-000', durationSeconds: 20 },
      { atSeconds: 5, kind: 'npu-fail', target: 'cab-000/srv-0/npu-0' },
    ]);
    engine.advance(10e6, scheduled);
    let frame = engine.frame();
    // Detected agent loss: the cabinet's endpoints are unmonitored (suspect), the failed one is failed.
    expect(frame.npuHealth[node(lab, 'cab-000/srv-4/npu-4')]).toBe(Health.Suspect);
    expect(frame.npuHealth[node(lab, 'cab-000/srv-0/npu-0')]).toBe(Health.Failed);
    expect(frame.heartbeat?.unmonitoredEndpoints).toBe(66);
    expect(engine.faults()[1].current).toBe('injected');
    engine.advance(30e6, []);
    frame = engine.frame();
    const detected = stepAt(engine.faults()[1], 'detected') ?? 0;
    expect(detected).toBeGreaterThan(21e6);
    expect(detected).toBeLessThan(21e6 + 1.21e6);
    expect(frame.npuHealth[node(lab, 'cab-000/srv-4/npu-4')]).toBe(Health.Healthy);
    expect(engine.faults()[0].steps.map((s) => s.step)).toEqual([
      'injected',
      'detected',
      'notified',
      'repaired',
    ]);
  });

  it('a flapping uplink is dampened after 3 downs and causes false suspicions, unless gossip with Lifeguard refutes them', () => {
    const flap: EventInput = {
      atSeconds: 1,
      kind: 'link-flap',
      target: 'cab-000/srv-0/npu-0~cab-000/lrs',
      flapPeriodSeconds: 1.3,
      downSeconds: 0.9,
    };
    const { engine, scheduled } = run(
      lab,
      { engines: { fabric: { timing: { flapDampenCount: 10 } } } },
      [flap],
    );
    engine.advance(14e6, scheduled);
    const hierarchical = engine.frame();
    expect(hierarchical.heartbeat?.falseSuspicions).toBeGreaterThan(0);
    expect(hierarchical.log.some((l) => l.message.includes('though it is alive'))).toBe(true);
    const record = engine.faults()[0];
    // 10 downs at 1.0, 2.3, … 12.7 s, then isolated after the device delay.
    expect(stepAt(record, 'isolated')).toBe(Math.round((1 + 9 * 1.3) * 1e6) + 500_000);

    const { engine: gossip, scheduled: g } = run(
      lab,
      { engines: { fabric: { heartbeat: { design: 'gossip' }, timing: { flapDampenCount: 10 } } } },
      [flap],
    );
    gossip.advance(14e6, g);
    expect(gossip.frame().heartbeat?.falseSuspicions).toBe(0);
  });

  it('a degraded link runs hot until drained, then its flows move', () => {
    const target = 'cab-000/srv-0/npu-0~cab-000/srv-0/npu-1';
    const { engine, scheduled } = run(
      lab,
      { engines: { fabric: { traffic: { pattern: 'cabinet-all-to-all', offeredGBps: 63 } } } },
      [{ atSeconds: 1, kind: 'link-degrade', target, bandwidthFraction: 0.25 }],
    );
    const l = link(lab, target);
    engine.advance(0.5e6, []);
    const healthy = engine.frame().linkLoad[l];
    expect(healthy).toBeGreaterThan(0);
    engine.advance(1e6, scheduled);
    const degraded = engine.frame();
    expect(degraded.linkState?.[l]).toBe(LinkState.Degraded);
    expect(degraded.linkLoad[l]).toBeCloseTo(Math.min(1, healthy * 4), 5);
    engine.advance(5e6, []);
    const drained = engine.frame();
    expect(drained.linkLoad[l]).toBe(0);
    expect(engine.faults()[0].reroutedFlows).toBeGreaterThan(0);
  });

  it('a failed link stalls its flows until the reroute step, which moves them to other links', () => {
    const target = 'cab-000/srv-0/npu-0~cab-000/srv-0/npu-1';
    const { engine, scheduled } = run(
      lab,
      { engines: { fabric: { traffic: { pattern: 'cabinet-all-to-all', offeredGBps: 20 } } } },
      [{ atSeconds: 1, kind: 'link-fail', target }],
    );
    const l = link(lab, target);
    engine.advance(0.5e6, []);
    const before = engine.frame();
    expect(before.traffic?.stalledFlows).toBe(0);
    engine.advance(1e6, scheduled);
    const failed = engine.frame();
    expect(failed.linkLoad[l]).toBe(0);
    const stalled = failed.traffic?.stalledFlows ?? 0;
    expect(stalled).toBeGreaterThan(0);
    engine.advance(3e6, []);
    const rerouted = engine.frame();
    const record = engine.faults()[0];
    expect(record.current).toBe('rerouted');
    expect(record.reroutedFlows).toBe(stalled);
    expect(rerouted.traffic?.stalledFlows).toBe(0);
    expect(rerouted.traffic?.reroutedFlows).toBe(stalled);
    // Every sample's new path avoids the failed link.
    expect(rerouted.reroutes?.length).toBe(3);
    for (const s of rerouted.reroutes ?? []) {
      expect(s.before).toContain(l);
      expect(s.after).not.toContain(l);
    }
    // Repair: flows go back, the reroute samples clear.
    engine.advance(4e6, [
      {
        timeUs: 3.5e6,
        seq: 1,
        event: { atSeconds: 3.5, kind: 'link-repair', target, by: 'operator' },
      },
    ]);
    const repaired = engine.frame();
    expect(repaired.traffic?.reroutedFlows).toBe(0);
    expect(repaired.reroutes).toEqual([]);
    expect(repaired.linkLoad[l]).toBeCloseTo(before.linkLoad[l], 5);
  });

  it('a pod cut off leaves cross-pod flows without a path and keeps the pod’s own', () => {
    const { engine, scheduled } = run(
      superNode,
      { engines: { fabric: { traffic: { pattern: 'permutation' } } } },
      [{ atSeconds: 1, kind: 'pod-cut', target: 'pod-3', durationSeconds: 10 }],
    );
    engine.advance(5e6, scheduled);
    const record = engine.faults()[0];
    expect(record.isolatedLinks).toBe(16 * 32);
    expect(record.unroutableFlows).toBeGreaterThan(0);
    const a = node(superNode, 'cab-048/srv-0/npu-0'); // pod 3
    expect(engine.route(a, node(superNode, 'cab-000/srv-0/npu-0'), 0)).toEqual({
      ok: false,
      reason: 'no path: the failures cut the destination off from the source',
    });
    expect(engine.route(a, node(superNode, 'cab-063/srv-0/npu-0'), 0).ok).toBe(true);
    engine.advance(12e6, []);
    expect(engine.frame().traffic?.unroutableFlows).toBe(0);
    expect(engine.route(a, node(superNode, 'cab-000/srv-0/npu-0'), 0).ok).toBe(true);
  });

  it('repeats a recurring fault: each occurrence its own record, at its own start', () => {
    const { engine, scheduled } = run(lab, {}, [
      {
        atSeconds: 2,
        kind: 'server-down',
        target: 'cab-000/srv-6',
        durationSeconds: 5,
        repeat: { everySeconds: 20, times: 3 },
      },
    ]);
    engine.advance(70e6, scheduled);
    const records = engine.faults();
    expect(
      records.map((r) => [
        r.id,
        r.occurrence,
        r.occurrences,
        stepAt(r, 'injected'),
        stepAt(r, 'repaired'),
      ]),
    ).toEqual([
      ['F1', 1, 3, 2e6, 7e6],
      ['F2', 2, 3, 22e6, 27e6],
      ['F3', 3, 3, 42e6, 47e6],
    ]);
    for (const r of records) expect(r.steps.map((s) => s.step)).toContain('rerouted');
  });

  it('a fault repaired before anyone noticed has only its first and last steps', () => {
    const { engine, scheduled } = run(
      lab,
      { engines: { fabric: { heartbeat: { design: 'gossip' } } } },
      [{ atSeconds: 1, kind: 'npu-fail', target: 'cab-000/srv-0/npu-0', durationSeconds: 0.5 }],
    );
    engine.advance(30e6, scheduled);
    expect(engine.faults()[0].steps.map((s) => s.step)).toEqual(['injected', 'repaired']);
    expect(engine.frame().npuHealth.every((h) => h === Health.Healthy)).toBe(true);
  });

  it('the sequential poller slows down by a deadline per dead endpoint', () => {
    const { engine, scheduled } = run(
      superNode,
      { engines: { fabric: { heartbeat: { design: 'flat-sequential' } } } },
      [{ atSeconds: 1, kind: 'cabinet-power-loss', target: 'cab-009' }],
    );
    engine.advance(0, []);
    expect(engine.frame().heartbeat?.roundSeconds).toBeCloseTo(4.096, 9);
    engine.advance(2e6, scheduled);
    const hb = engine.frame().heartbeat;
    expect(hb?.deadEndpoints).toBe(65);
    expect(hb?.roundSeconds).toBeCloseTo(4.096 + 65, 9);
    expect(hb?.meetsTarget).toBe(false);
  });

  it('digest and frames do not depend on how the clock is advanced', () => {
    const events: EventInput[] = [
      { atSeconds: 1, kind: 'npu-fail', target: 'cab-000/srv-1/npu-3', durationSeconds: 12 },
      {
        atSeconds: 2.05,
        kind: 'link-flap',
        target: 'cab-000/srv-0/npu-0~cab-000/lrs',
        flapPeriodSeconds: 1.7,
        downSeconds: 0.6,
      },
      { atSeconds: 3, kind: 'agent-loss', target: 'cab-000', durationSeconds: 4 },
      {
        atSeconds: 4,
        kind: 'server-down',
        target: 'cab-000/srv-4',
        durationSeconds: 3,
        repeat: { everySeconds: 6, times: 2 },
      },
    ];
    const patch = { engines: { fabric: { traffic: { pattern: 'uniform' as const } } } };
    const once = run(lab, patch, events);
    once.engine.advance(20e6, once.scheduled);
    const stepped = run(lab, patch, events);
    // 0.3 s steps, each delivering the events of its own step, then frames in between.
    let previous = -1;
    for (let k = 0; k * 0.3e6 <= 20e6; k++) {
      const t = Math.round(k * 0.3e6);
      stepped.engine.advance(
        t,
        stepped.scheduled.filter((e) => e.timeUs > previous && e.timeUs <= t),
      );
      stepped.engine.frame();
      previous = t;
    }
    stepped.engine.advance(
      20e6,
      stepped.scheduled.filter((e) => e.timeUs > previous),
    );
    expect(stepped.engine.digest()).toBe(once.engine.digest());
    expect(stepped.engine.faults()).toEqual(once.engine.faults());
  });
});

describe('fault frames', () => {
  it('carries what the console lists and colours', () => {
    const { engine, scheduled } = run(lab, {}, [
      { atSeconds: 1, kind: 'link-fail', target: 'cab-000/srv-0/npu-0~cab-000/srv-0/npu-1' },
    ]);
    engine.advance(3e6, scheduled);
    const frame: FabricFrame = engine.frame();
    const l = linkBetween(lab, node(lab, 'cab-000/srv-0/npu-0'), node(lab, 'cab-000/srv-0/npu-1'));
    expect(frame.linkState?.[l]).toBe(LinkState.Isolated);
    expect(frame.linkUp[l]).toBe(0);
    expect(frame.faults).toHaveLength(1);
    expect(frame.faults?.[0]).toMatchObject({
      kind: 'link-fail',
      target: 'cab-000/srv-0/npu-0~cab-000/srv-0/npu-1',
      isolatedLinks: 1,
      detail: 'until repaired',
    });
    expect(frame.log.every((e) => e.faultId === 'F1')).toBe(true);
    expect(frame.heartbeat).toMatchObject({
      design: 'hierarchical',
      endpoints: 64,
      probers: 1,
      detections: 1,
    });
    expect(frame.heartbeat?.roundsCompleted).toBe(3);
  });
});

describe('repairs', () => {
  it('a repair names what to repair when the target is down because of another fault', () => {
    const { engine, scheduled } = run(superNode, {}, [
      { atSeconds: 1, kind: 'server-down', target: 'cab-003/srv-1' },
      { atSeconds: 2, kind: 'npu-repair', target: 'cab-003/srv-1/npu-2' },
      { atSeconds: 3, kind: 'switch-down', target: 'icab-05' },
      { atSeconds: 4, kind: 'repair', target: 'icab-05/hrs' },
      { atSeconds: 5, kind: 'repair', target: 'cab-003/srv-1' },
    ]);
    engine.advance(6e6, scheduled);
    const warn = engine
      .frame()
      .log.filter((l) => l.level === 'warn' && l.message.includes('ignored'));
    expect(warn.map((l) => l.message)).toEqual([
      'npu-repair ignored: it is down because of a fault on a larger target; repair that fault\'s target with "repair"',
    ]);
    expect(engine.faults().map((f) => [f.id, f.current])).toEqual([
      ['F1', 'repaired'],
      ['F2', 'repaired'],
    ]);
    expect(engine.faults()[1].steps.at(-1)?.timeUs).toBe(4e6);
  });
});
