import { describe, expect, it } from 'vitest';
import type { WindowPoint } from '../../workers/infernex.worker';
import { InferNexSeries } from './infernexSeries';

const dist = (mean: number) => ({
  mean,
  p50: mean / 2,
  p90: mean * 2,
  p99: mean * 3,
  max: mean * 4,
});

function point(timeUs: number, completed: number, ttft: number): WindowPoint {
  return {
    timeUs,
    completed,
    ttftS: dist(ttft),
    tpotS: dist(0.02),
    e2eS: dist(ttft * 10),
    queueDepth: timeUs / 1e6,
    batchMean: 3,
    kvUtilisation: 0.5,
    hitRate: 0.25,
    inFlight: 7,
    completedPerS: completed / 5,
  };
}

describe('InferNexSeries', () => {
  it('appends windows as columns, grows past its first capacity and notifies once per append', () => {
    const series = new InferNexSeries();
    let calls = 0;
    series.subscribe(() => calls++);
    const points = Array.from({ length: 300 }, (_, i) => point((i + 1) * 5e6, i % 3, i / 10));
    series.append(points.slice(0, 200));
    series.append(points.slice(200));
    expect(calls).toBe(2);
    expect(series.length).toBe(300);
    expect(series.timesUs()[299]).toBe(1.5e9);
    expect(series.column('ttftP99')[10]).toBeCloseTo(3, 12);
    expect(series.column('e2eMean')[10]).toBeCloseTo(10, 12);
    expect(series.column('queueDepth')[0]).toBe(5);
  });

  it('takes the maximum over windows with completions only when asked', () => {
    const series = new InferNexSeries();
    // The window with nothing completed carries zeros from the worker, but here a large value
    // shows that it is skipped.
    series.append([point(5e6, 2, 1), point(10e6, 0, 9), point(15e6, 1, 2)]);
    expect(series.max(['ttftMean'], true)).toBe(2);
    expect(series.max(['ttftMean'])).toBe(9);
    expect(series.max(['ttftMean', 'ttftP99'], true)).toBe(6);
  });

  it('replaces a repeated window and forgets everything on clear', () => {
    const series = new InferNexSeries();
    series.append([point(5e6, 1, 1), point(10e6, 1, 2)]);
    series.append([point(10e6, 1, 4)]);
    expect(series.length).toBe(2);
    expect(series.column('ttftMean')[1]).toBe(4);
    const version = series.version;
    series.clear();
    expect(series.length).toBe(0);
    expect(series.version).toBe(version + 1);
  });
});
