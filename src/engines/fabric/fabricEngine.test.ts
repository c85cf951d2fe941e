import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile, parseNode } from '../../model';
import type { ScheduledEvent } from '../../sim/engine';
import { Health } from '../../sim/frame';
import { createRng } from '../../sim/rng';
import { scenarioSchema, type TimelineEvent } from '../../sim/scenario';
import { FABRIC_SERIES, FabricEngine } from './fabricEngine';

const cluster = buildCluster(getProfile('ub-lab-1cab'));
const scenario = scenarioSchema.parse({
  version: 1,
  name: 'lab',
  profile: 'ub-lab-1cab',
  seed: 1,
  workloads: [
    {
      id: 'job',
      kind: 'training',
      cabinets: ['cab-000'],
      utilisation: 0.9,
      hbmGB: 60,
      stepSeconds: 2,
      commFraction: 0.25,
      commLinkLoad: 0.8,
    },
  ],
});
const engine = () => new FabricEngine({ scenario, cluster, rng: createRng(5) });
const at = (
  seconds: number,
  event: Omit<TimelineEvent, 'atSeconds' | 'by'>,
  seq = 0,
): ScheduledEvent => ({
  timeUs: seconds * 1e6,
  seq,
  event: { ...event, atSeconds: seconds, by: 'scenario' } as TimelineEvent,
});
const npu = (id: string) => {
  const p = parseNode(cluster, id);
  if (!p.ok) throw new Error(p.reason);
  return p.node;
};

describe('FabricEngine', () => {
  it('fails an NPU: failed at once, then detected, isolated, backup in use; repaired later', () => {
    const e = engine();
    const victim = npu('cab-000/srv-0/npu-5');
    e.advance(1e6, [at(1, { kind: 'npu-fail', target: 'cab-000/srv-0/npu-5' })]);
    let frame = e.frame();
    // The instant it fails: dead, not yet known to the control plane.
    expect(frame.npuHealth[victim]).toBe(Health.Failed);
    expect(frame.npuLoad[victim]).toBe(0);
    expect(frame.npuHbmUsedGB[victim]).toBe(0);
    expect(frame.log.map((l) => [l.timeUs, l.level, l.message])).toEqual([
      [1e6, 'error', 'F1 cab-000/srv-0/npu-5 failed'],
    ]);
    // X-first relay for srv-0/npu-0 → srv-3/npu-5 is srv-0/npu-5, now down: the route goes Y first.
    const r = e.route(npu('cab-000/srv-0/npu-0'), npu('cab-000/srv-3/npu-5'), 0);
    expect(r.ok && r.nodes).toEqual([
      npu('cab-000/srv-0/npu-0'),
      npu('cab-000/srv-3/npu-0'),
      npu('cab-000/srv-3/npu-5'),
    ]);

    e.advance(3e6, []);
    frame = e.frame();
    expect(frame.npuHealth[victim]).toBe(Health.BackupInUse);
    expect(frame.nodeHealth?.[cluster.backupBase]).toBe(Health.BackupInUse);
    expect(frame.log.map((l) => l.step)).toEqual([
      'suspected',
      'detected',
      'isolated',
      'notified',
      'rerouted',
    ]);
    expect(frame.faults?.[0]).toMatchObject({
      id: 'F1',
      kind: 'npu-fail',
      current: 'rerouted',
      active: true,
      backup: 'cab-000/bak-0',
      granularity: 'device',
    });

    e.advance(5e6, [at(4, { kind: 'npu-repair', target: 'cab-000/srv-0/npu-5' })]);
    frame = e.frame();
    expect(frame.npuHealth[victim]).toBe(Health.Healthy);
    expect(frame.nodeHealth?.[cluster.backupBase]).toBe(Health.Healthy);
    expect(frame.log[0].message).toBe('F1 cab-000/srv-0/npu-5 repaired');
    expect(frame.faults?.[0]).toMatchObject({ current: 'repaired', active: false });
  });

  it('rejects impossible events without changing state', () => {
    const e = engine();
    const before = e.digest();
    e.advance(0, [
      at(0, { kind: 'npu-repair', target: 'cab-000/srv-0/npu-1' }),
      at(0, { kind: 'npu-fail', target: 'cab-009/srv-0/npu-1' }, 1),
      at(0, { kind: 'link-fail', target: 'cab-000/srv-0/npu-0~cab-000/srv-1/npu-1' }, 2),
      at(0, { kind: 'link-repair', target: 'cab-000/srv-0/npu-0~cab-000/srv-0/npu-1' }, 3),
      at(0, { kind: 'server-down', target: 'cab-000/srv-0/npu-0' }, 4),
      at(0, { kind: 'pod-cut', target: 'pod-0' }, 5),
      at(0, { kind: 'repair', target: 'cab-000' }, 6),
    ]);
    expect(e.digest()).toBe(before);
    const log = e.frame().log;
    expect(log.map((l) => l.level)).toEqual([
      'warn',
      'warn',
      'warn',
      'warn',
      'warn',
      'warn',
      'warn',
    ]);
    expect(log[0].message).toContain('already healthy');
    expect(log[1].message).toContain('1 compute cabinet(s)');
    expect(log[2].message).toContain('no link between');
    expect(log[3].message).toBe(
      'link-repair ignored: the link is already up (no active fault on it)',
    );
    expect(log[4].message).toBe('server-down ignored: "cab-000/srv-0/npu-0" is not a server');
    expect(log[5].message).toBe(
      'pod-cut ignored: this profile has no spine switches, so a pod cannot be cut off',
    );
    expect(log[6].message).toBe(
      'repair ignored: cab-000 is already healthy (no active fault on it)',
    );
    expect(e.faults()).toEqual([]);
  });

  it('refuses a second fault of the same kind on the same target while the first is active', () => {
    const e = engine();
    e.advance(2e6, [
      at(1, { kind: 'npu-fail', target: 'cab-000/srv-1/npu-1' }),
      at(2, { kind: 'npu-fail', target: 'cab-000/srv-1/npu-1' }, 1),
      at(2, { kind: 'agent-loss', target: 'cab-000' }, 2),
      at(2, { kind: 'agent-loss', target: 'cab-000' }, 3),
    ]);
    const log = e.frame().log.filter((l) => l.level === 'warn' && l.message.includes('ignored'));
    expect(log.map((l) => l.message)).toEqual([
      'npu-fail ignored: cab-000/srv-1/npu-1 is already failed',
      'agent-loss ignored: F2 on cab-000 is still active',
    ]);
    expect(e.faults()).toHaveLength(2);
  });

  it('follows the duty cycle: compute at utilisation × chip speed, 15 % of it while communicating', () => {
    const e = engine();
    e.advance(0, []);
    const frame = e.frame();
    // At t = 0 a chip is in its compute phase unless its straggler skew (≤ 3 % of 2 s) pushed it past 75 % of the step: never.
    for (let i = 0; i < cluster.npuCount; i++) {
      expect(frame.npuLoad[i]).toBeGreaterThan(0.9 * 0.93 - 1e-6);
      expect(frame.npuLoad[i]).toBeLessThanOrEqual(0.9 + 1e-6);
    }
    e.advance(1.8e6, []); // 90 % into the 2 s step: every chip is communicating
    const comm = e.frame();
    for (let i = 0; i < cluster.npuCount; i++)
      expect(comm.npuLoad[i]).toBeCloseTo(frame.npuLoad[i] * 0.15, 5);
    expect(Math.max(...comm.linkLoad)).toBeCloseTo(0.8, 6);
  });

  it('publishes one series point per simulated second', () => {
    const e = engine();
    e.advance(10e6, [
      at(2.5, { kind: 'link-fail', target: 'cab-000/srv-0/npu-0~cab-000/srv-0/npu-1' }),
    ]);
    const series = e.frame().series;
    const down = series.filter((p) => p.series === FABRIC_SERIES.linksDown);
    expect(down.map((p) => p.timeUs / 1e6)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(down.map((p) => p.value)).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    const active = series.filter((p) => p.series === FABRIC_SERIES.activeFaults);
    expect(active.map((p) => p.value)).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('counts the links of a device that is down as links down, though none failed itself', () => {
    const e = engine();
    e.advance(6e6, [
      at(2.5, { kind: 'server-down', target: 'cab-000/srv-1', durationSeconds: 5 } as Parameters<
        typeof at
      >[1]),
    ]);
    const during = e.frame();
    const out = (node: number) =>
      during.nodeHealth![node] === Health.Failed || during.nodeHealth![node] === Health.Isolated;
    let expected = 0;
    for (let l = 0; l < cluster.linkCount; l++)
      if (out(cluster.linkA[l]) || out(cluster.linkB[l])) expected++;
    // Eight accelerators and their server's switch, at least.
    expect(expected).toBeGreaterThanOrEqual(9);
    // Frames hand over the series points since the last frame.
    const linksDown = (frame: ReturnType<FabricEngine['frame']>) =>
      frame.series.filter((p) => p.series === FABRIC_SERIES.linksDown).map((p) => p.value);
    expect(linksDown(during).at(-1)).toBe(expected);
    e.advance(12e6, []);
    expect(linksDown(e.frame()).at(-1)).toBe(0);
  });
});
