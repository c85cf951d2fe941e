import { describe, expect, it } from 'vitest';
import drillJson from '../scenarios/fault-drill.json';
import { buildCluster, getProfile, parseEntityId } from '../model';
import type { ScheduledEvent } from '../sim/engine';
import type { Scenario, TimelineEvent } from '../sim/scenario';
import { formatScenarioErrors, validateScenario } from '../sim/scenarioIo';
import { scheduleTimeline } from '../sim/timeline';
import { scenarioFabricSettings } from './fabric/settings';
import { FaultEffects, type FaultEffect } from './faultEffects';
import { createFabricCore } from './inProcess';

const parsed = validateScenario(drillJson);
if (!parsed.ok) throw new Error(formatScenarioErrors(parsed.errors));
const drill = parsed.scenario;

/** Drives the mirror the way an engine does: internal steps due by an event's instant first. */
function drive(effects: FaultEffects, toUs: number, events: readonly ScheduledEvent[]) {
  const out: FaultEffect[] = [];
  for (const e of events) {
    out.push(...effects.runUntil(e.timeUs));
    out.push(...effects.apply(e.event, e.timeUs));
  }
  out.push(...effects.runUntil(toUs));
  return out;
}

const timing = (s = drill) => {
  const t = scenarioFabricSettings(s).timing;
  return {
    linkDetectUs: t.linkDetectUs,
    isolateLinkUs: t.isolateUs.device,
    flapDampenCount: t.flapDampenCount,
  };
};

describe('FaultEffects: what each fault kind takes down, and for how long', () => {
  const pod = buildCluster(getProfile('ub-pod-1k'));
  const fault = (e: Partial<TimelineEvent> & { kind: string; target: string }, at = 0) =>
    ({ atSeconds: at, by: 'scenario', ...e }) as TimelineEvent;
  const index = (id: string) => {
    const p = parseEntityId(pod, id);
    if (!p.ok || p.ref.kind === 'supernode') throw new Error(`not an indexed entity: ${id}`);
    return p.ref.index;
  };

  it('maps every kind to its nodes and links', () => {
    const fx = new FaultEffects(pod, timing());
    const npu = fx.apply(fault({ kind: 'npu-fail', target: 'cab-001/srv-0/npu-3' }), 0);
    expect(npu[0].nodes).toEqual([index('cab-001/srv-0/npu-3')]);
    const server = fx.apply(fault({ kind: 'server-down', target: 'cab-002/srv-1' }), 0);
    expect(server[0].nodes).toHaveLength(pod.perServer);
    const cabinet = fx.apply(fault({ kind: 'cabinet-power-loss', target: 'cab-003' }), 0);
    // 64 NPUs, the backup NPU(s) and the cabinet switch.
    expect(cabinet[0].nodes.length).toBe(pod.perCabinet + pod.profile.layout.backupsPerCabinet + 1);
    expect(cabinet[0].nodes).toContain(pod.cabinetSwitchBase + 3);
    const sw = fx.apply(fault({ kind: 'switch-down', target: 'cab-004/lrs' }), 0);
    expect(sw[0].nodes).toEqual([pod.cabinetSwitchBase + 4]);
    const link = fx.apply(fault({ kind: 'link-fail', target: 'cab-000/lrs~cab-001/lrs' }), 0);
    expect(link[0].links).toEqual([index('cab-000/lrs~cab-001/lrs')]);
    const degrade = fx.apply(
      fault({
        kind: 'link-degrade',
        target: 'cab-005/lrs~cab-006/lrs',
        bandwidthFraction: 0.5,
      } as never),
      0,
    );
    expect(degrade[0].links).toEqual([]);
    expect(fx.apply(fault({ kind: 'agent-loss', target: 'cab-007' }), 0)[0].nodes).toEqual([]);
    // A wrong target kind is ignored, as the fabric ignores it.
    expect(fx.apply(fault({ kind: 'server-down', target: 'cab-008' }), 0)).toEqual([]);
    expect(fx.activeCount).toBe(7);
  });

  it('ends a fault after durationSeconds, repeats it, and repair ends every fault on the target', () => {
    const fx = new FaultEffects(pod, timing());
    const srv = index('cab-002/srv-1') * pod.perServer;
    const events = scheduleTimeline({ ...drill, timeline: [] }, [
      fault({
        kind: 'server-down',
        target: 'cab-002/srv-1',
        durationSeconds: 10,
        repeat: { everySeconds: 60, times: 3 },
      } as never),
      fault({ kind: 'npu-fail', target: 'cab-002/srv-1/npu-0' }, 5),
      fault({ kind: 'npu-fail', target: 'cab-009/srv-0/npu-0' }, 5),
      fault({ kind: 'repair', target: 'cab-002/srv-1' }, 125),
    ]);
    const downAt = (t: number) => {
      drive(fx, t, []);
      return fx.nodeDown[srv];
    };
    drive(
      fx,
      0,
      events.filter((e) => e.timeUs === 0),
    );
    expect(fx.nodeDown[srv]).toBe(1);
    // The npu-fail at 5 s hits a device already down: ignored, as the fabric ignores it.
    drive(
      fx,
      5e6,
      events.filter((e) => e.timeUs === 5e6),
    );
    expect(fx.nodeDown[srv]).toBe(1);
    expect(fx.nodeDown[index('cab-009/srv-0/npu-0')]).toBe(1);
    expect(downAt(9.9e6)).toBe(1);
    expect(downAt(10e6)).toBe(0);
    expect(downAt(60e6)).toBe(1);
    expect(downAt(70e6)).toBe(0);
    expect(downAt(120e6)).toBe(1);
    drive(
      fx,
      125e6,
      events.filter((e) => e.timeUs === 125e6),
    );
    expect(fx.nodeDown[srv]).toBe(0);
    expect(fx.nodeDown[index('cab-009/srv-0/npu-0')]).toBe(1);
    // Three occurrences in all, and the repair ended the third: nothing more comes.
    expect(downAt(300e6)).toBe(0);
    expect(fx.activeCount).toBe(1);
  });

  it('flaps a link down and up until it is dampened, then holds it down', () => {
    const fx = new FaultEffects(pod, timing());
    const link = index('cab-000/lrs~cab-001/lrs');
    const ev = fault({
      kind: 'link-flap',
      target: 'cab-000/lrs~cab-001/lrs',
      flapPeriodSeconds: 10,
      downSeconds: 3,
    } as never);
    fx.apply(ev, 0);
    const state = (t: number) => (drive(fx, t, []), fx.linkDown[link]);
    expect(state(2.9e6)).toBe(1);
    expect(state(3e6)).toBe(0);
    expect(state(10e6)).toBe(1);
    expect(state(13e6)).toBe(0);
    // Third down transition at 20 s: dampened 0.5 s later (device isolation), down from then on.
    expect(state(20e6)).toBe(1);
    expect(state(23e6)).toBe(1);
    expect(state(60e6)).toBe(1);
  });
});

describe('FaultEffects agrees with the fabric engine', () => {
  it('has the same nodes and links down at every step of the fault drill, plus operator repairs', () => {
    const cluster = buildCluster(getProfile(drill.profile));
    const actions: TimelineEvent[] = [
      { atSeconds: 200, by: 'operator', kind: 'npu-fail', target: 'cab-070/srv-2/npu-1' },
      {
        atSeconds: 250,
        by: 'operator',
        kind: 'server-down',
        target: 'cab-080/srv-1',
        durationSeconds: 15,
        repeat: { everySeconds: 40, times: 4 },
      },
      { atSeconds: 300, by: 'operator', kind: 'npu-fail', target: 'cab-070/srv-2/npu-1' },
      { atSeconds: 330, by: 'operator', kind: 'repair', target: 'cab-080/srv-1' },
      { atSeconds: 800, by: 'operator', kind: 'repair', target: 'icab-07' },
      { atSeconds: 950, by: 'operator', kind: 'npu-fail', target: 'cab-100/srv-0/npu-0' },
    ];
    // Background traffic changes routes, not what is down: off, so the fabric runs fast.
    const quiet: Scenario = {
      ...drill,
      engines: { fabric: { ...drill.engines?.fabric, traffic: { pattern: 'none' } } },
    };
    const events = scheduleTimeline(quiet, actions);
    const fabric = createFabricCore(quiet);
    const fx = new FaultEffects(cluster, timing());
    let cursor = 0;
    let compared = 0;
    let downSeen = 0;
    for (let t = 0; t <= 1500e6; t += 2.5e6) {
      let end = cursor;
      while (end < events.length && events[end].timeUs <= t) end++;
      const slice = events.slice(cursor, end);
      cursor = end;
      fabric.advance(t, slice);
      drive(fx, t, slice);
      const differ = (a: Uint16Array, b: Uint16Array) => {
        const out: number[] = [];
        for (let i = 0; i < a.length; i++) if (a[i] > 0 !== b[i] > 0) out.push(i);
        return out;
      };
      expect(differ(fx.nodeDown, fabric.state.nodeDown), `nodes at ${t / 1e6} s`).toEqual([]);
      expect(differ(fx.linkDown, fabric.state.linkDown), `links at ${t / 1e6} s`).toEqual([]);
      downSeen += fx.activeCount > 0 ? 1 : 0;
      compared++;
    }
    expect(compared).toBe(601);
    // The comparison is not vacuous: faults were in effect at most steps.
    expect(downSeen).toBeGreaterThan(500);
  }, 30_000);
});
