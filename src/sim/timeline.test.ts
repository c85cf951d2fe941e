import { describe, expect, it } from 'vitest';
import type { Scenario, TimelineEvent } from './scenario';
import { scenarioSchema } from './scenario';
import { scheduleTimeline } from './timeline';

const scenario = (timeline: readonly unknown[]): Scenario =>
  scenarioSchema.parse({
    version: 1,
    name: 'timeline test',
    profile: 'ub-lab-1cab',
    seed: 1,
    timeline,
  });

const npuFail = (atSeconds: number, note: string, by: 'scenario' | 'operator' = 'operator') =>
  ({ atSeconds, kind: 'npu-fail', target: 'cab-000/srv-0/npu-0', by, note }) as TimelineEvent;

describe('scheduleTimeline', () => {
  it('converts seconds to integer microseconds and numbers the result 0…n-1', () => {
    const s = scenario([
      { atSeconds: 1.5, kind: 'npu-fail', target: 'cab-000/srv-0/npu-0', note: 'a' },
      { atSeconds: 0.0000004, kind: 'npu-repair', target: 'cab-000/srv-0/npu-0', note: 'b' },
      { atSeconds: 0.1 + 0.2, kind: 'npu-repair', target: 'cab-000/srv-0/npu-0', note: 'c' },
    ]);
    const scheduled = scheduleTimeline(s, []);
    expect(scheduled.map((e) => [e.timeUs, e.seq, e.event.note])).toEqual([
      [0, 0, 'b'],
      [300_000, 1, 'c'],
      [1_500_000, 2, 'a'],
    ]);
    for (const e of scheduled) expect(Number.isInteger(e.timeUs)).toBe(true);
  });

  it('puts scenario events before operator actions at the same instant, each in its own order', () => {
    const s = scenario([
      { atSeconds: 10, kind: 'npu-fail', target: 'cab-000/srv-0/npu-0', note: 's1' },
      { atSeconds: 5, kind: 'npu-fail', target: 'cab-000/srv-0/npu-0', note: 's0' },
      { atSeconds: 10, kind: 'npu-repair', target: 'cab-000/srv-0/npu-0', note: 's2' },
    ]);
    const actions = [npuFail(10, 'o0'), npuFail(2, 'o-early'), npuFail(10, 'o1')];
    const scheduled = scheduleTimeline(s, actions);
    expect(scheduled.map((e) => e.event.note)).toEqual(['o-early', 's0', 's1', 's2', 'o0', 'o1']);
    expect(scheduled.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(scheduled.map((e) => e.timeUs)).toEqual([
      2_000_000, 5_000_000, 10_000_000, 10_000_000, 10_000_000, 10_000_000,
    ]);
  });

  it('does not reorder or change its inputs', () => {
    const s = scenario([
      { atSeconds: 9, kind: 'npu-fail', target: 'cab-000/srv-0/npu-0', note: 'late' },
      { atSeconds: 1, kind: 'npu-fail', target: 'cab-000/srv-0/npu-0', note: 'early' },
    ]);
    const actions = [npuFail(3, 'x')];
    const before = JSON.stringify({ s, actions });
    const scheduled = scheduleTimeline(s, actions);
    expect(JSON.stringify({ s, actions })).toBe(before);
    expect(scheduled[0].event).toBe(s.timeline[1]);
  });

  it('is empty for an empty timeline and no actions', () => {
    expect(scheduleTimeline(scenario([]), [])).toEqual([]);
  });
});
