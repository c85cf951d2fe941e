import { describe, expect, it } from 'vitest';
import { defaultHeartbeatParams } from '../../engines/fabric/heartbeat';
import type { FaultRecord } from '../../sim/frame';
import {
  isolationScope,
  roundSpanUp,
  STEP_COLORS,
  stepOffsets,
  timelineLayout,
} from './faultTimeline';
import { designSeries, firstMiss, secondsDomain } from './heartbeatChart';

const fault = (id: string, steps: [string, number][], active: boolean): FaultRecord => ({
  id,
  kind: 'cabinet-power-loss',
  target: 'cab-010',
  by: 'operator',
  occurrence: 1,
  occurrences: 1,
  steps: steps.map(([step, timeUs]) => ({ step, timeUs }) as FaultRecord['steps'][number]),
  current: steps[steps.length - 1][0] as FaultRecord['current'],
  active,
  isolatedDevices: 0,
  isolatedLinks: 0,
  hostsNotified: 0,
  reroutedFlows: 0,
  unroutableFlows: 0,
  detail: '',
});

describe('timelineLayout', () => {
  const faults = [
    fault(
      'F1',
      [
        ['injected', 10e6],
        ['detected', 10.5e6],
        ['repaired', 20e6],
      ],
      false,
    ),
    fault(
      'F2',
      [
        ['injected', 30e6],
        ['detected', 30.52e6],
        ['isolated', 30.57e6],
      ],
      true,
    ),
  ];

  it('runs an active fault to now and an ended one to its repair, and counts every mark', () => {
    const layout = timelineLayout(faults, 40e6, 40);
    expect(layout.rows.map((r) => [r.startUs, r.endUs])).toEqual([
      [10e6, 20e6],
      [30e6, 40e6],
    ]);
    expect(layout.marks).toBe(6);
    expect(layout.hidden).toBe(0);
    // 30 s span padded by 5 % either side.
    expect(layout.domainUs).toEqual([8.5e6, 41.5e6]);
  });

  it('keeps the most recent rows when there are more faults than fit', () => {
    const layout = timelineLayout(faults, 40e6, 1);
    expect(layout.rows.map((r) => r.fault.id)).toEqual(['F2']);
    expect(layout.hidden).toBe(1);
    expect(layout.marks).toBe(3);
  });

  it('gives an empty timeline a one-second domain from 0', () => {
    expect(timelineLayout([], 0, 40).domainUs).toEqual([0, 1_050_000]);
  });

  it('reports each step after injection', () => {
    expect(stepOffsets(faults[1]).map((s) => s.afterS)).toEqual([0, 0.52, 0.57]);
    expect(STEP_COLORS.injected).not.toBe(STEP_COLORS.repaired);
  });
});

describe('isolationScope', () => {
  const isolated = (more: Partial<FaultRecord>): FaultRecord => ({
    ...fault('F1', [['isolated', 1e6]], true),
    ...more,
  });

  it("names the SLA granularity and counts, or a link fault's links, or nothing yet", () => {
    expect(
      isolationScope(isolated({ granularity: 'cabinet', isolatedDevices: 66, isolatedLinks: 3 })),
    ).toBe('cabinet · 66 dev · 3 links');
    expect(isolationScope(isolated({ granularity: 'device', isolatedDevices: 1 }))).toBe(
      'device · 1 dev',
    );
    expect(isolationScope(isolated({ kind: 'link-fail', isolatedLinks: 1 }))).toBe('1 link');
    expect(isolationScope(isolated({}))).toBe('—');
  });
});

describe('heartbeat chart series', () => {
  const series = designSeries(defaultHeartbeatParams('hierarchical'));

  it('has the four designs over 64 … 65,536 endpoints', () => {
    expect(series.map((s) => s.design)).toEqual([
      'hierarchical',
      'flat-async',
      'flat-sequential',
      'gossip',
    ]);
    expect(series[0].points.map((p) => p.endpoints)).toEqual([
      64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536,
    ]);
  });

  it('shows the sequential poller missing the 5 s target first and hierarchical never', () => {
    // Sequential: N · 0.5 ms round + 1 s cycle + 1 s deadline ≥ 5 s from 8,192 endpoints on.
    expect(firstMiss(series[2])).toBe(8192);
    expect(firstMiss(series[0])).toBeUndefined();
    const [lo, hi] = secondsDomain(series);
    // Whole decades around every value and the target.
    expect(lo).toBe(0.01);
    expect(hi).toBe(1000);
  });
});

describe('roundSpanUp', () => {
  it('steps the timeline span through round sizes, so it does not move with every frame', () => {
    expect(roundSpanUp(30e6)).toBe(30e6);
    expect(roundSpanUp(30.1e6)).toBe(40e6);
    expect(roundSpanUp(1e6)).toBe(1e6);
    expect(roundSpanUp(101e6)).toBe(125e6);
    expect(roundSpanUp(850e6)).toBe(1000e6);
    // Every span from 1 s to 1 h rounds up by at most a third (1.5 → 2), never down.
    for (let us = 1e6; us < 3.6e9; us *= 1.07) {
      const r = roundSpanUp(us);
      expect(r).toBeGreaterThanOrEqual(us);
      expect(r).toBeLessThanOrEqual(us * (4 / 3));
    }
  });
});
