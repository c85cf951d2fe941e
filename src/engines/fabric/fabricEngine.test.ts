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
    { id: 'job', kind: 'training', cabinets: ['cab-000'], utilisation: 0.9, hbmGB: 60, stepSeconds: 2, commFraction: 0.25, commLinkLoad: 0.8 },
  ],
});
const engine = () => new FabricEngine({ scenario, cluster, rng: createRng(5) });
const at = (seconds: number, event: Omit<TimelineEvent, 'atSeconds' | 'by'>, seq = 0): ScheduledEvent =>
  ({ timeUs: seconds * 1e6, seq, event: { ...event, atSeconds: seconds, by: 'scenario' } as TimelineEvent });
const npu = (id: string) => {
  const p = parseNode(cluster, id);
  if (!p.ok) throw new Error(p.reason);
  return p.node;
};

describe('FabricEngine', () => {
  it('fails and repairs an NPU: health, routing and log follow', () => {
    const e = engine();
    const victim = npu('cab-000/srv-0/npu-5');
    e.advance(3e6, [at(1, { kind: 'npu-fail', target: 'cab-000/srv-0/npu-5' })]);
    let frame = e.frame();
    expect(frame.npuHealth[victim]).toBe(Health.Failed);
    expect(frame.npuLoad[victim]).toBe(0);
    expect(frame.npuHbmUsedGB[victim]).toBe(0);
    expect(frame.log.map((l) => [l.timeUs, l.level, l.message])).toEqual([[1e6, 'error', 'cab-000/srv-0/npu-5 failed']]);
    // X-first relay for srv-0/npu-0 → srv-3/npu-5 is srv-0/npu-5, now down: the route goes Y first.
    const r = e.route(npu('cab-000/srv-0/npu-0'), npu('cab-000/srv-3/npu-5'), 0);
    expect(r.ok && r.nodes).toEqual([npu('cab-000/srv-0/npu-0'), npu('cab-000/srv-3/npu-0'), npu('cab-000/srv-3/npu-5')]);

    e.advance(5e6, [at(4, { kind: 'npu-repair', target: 'cab-000/srv-0/npu-5' })]);
    frame = e.frame();
    expect(frame.npuHealth[victim]).toBe(Health.Healthy);
    expect(frame.log[0].message).toBe('cab-000/srv-0/npu-5 repaired');
  });

  it('rejects impossible events without changing state', () => {
    const e = engine();
    const before = e.digest();
    e.advance(0, [
      at(0, { kind: 'npu-repair', target: 'cab-000/srv-0/npu-1' }),
      at(0, { kind: 'npu-fail', target: 'cab-009/srv-0/npu-1' }, 1),
      at(0, { kind: 'link-fail', target: 'cab-000/srv-0/npu-0~cab-000/srv-1/npu-1' }, 2),
    ]);
    expect(e.digest()).toBe(before);
    const log = e.frame().log;
    expect(log.map((l) => l.level)).toEqual(['warn', 'warn', 'warn']);
    expect(log[0].message).toContain('already healthy');
    expect(log[1].message).toContain('1 compute cabinet(s)');
    expect(log[2].message).toContain('no link between');
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
    for (let i = 0; i < cluster.npuCount; i++) expect(comm.npuLoad[i]).toBeCloseTo(frame.npuLoad[i] * 0.15, 5);
    expect(Math.max(...comm.linkLoad)).toBeCloseTo(0.8, 6);
  });

  it('publishes one series point per simulated second', () => {
    const e = engine();
    e.advance(10e6, [at(2.5, { kind: 'link-fail', target: 'cab-000/srv-0/npu-0~cab-000/srv-0/npu-1' })]);
    const down = e.frame().series.filter((p) => p.series === FABRIC_SERIES.linksDown);
    expect(down.map((p) => p.timeUs / 1e6)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(down.map((p) => p.value)).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  });
});
