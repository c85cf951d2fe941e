import { describe, expect, it } from 'vitest';
import { FrameStats } from './frameStats';

describe('FrameStats', () => {
  it('reports zeros before any frame', () => {
    expect(new FrameStats(10).summary()).toEqual({ frames: 0, meanFrameMs: 0, p95FrameMs: 0 });
  });

  it('gives the mean and the nearest-rank p95 of 1…100 ms', () => {
    const stats = new FrameStats(100);
    for (let ms = 100; ms >= 1; ms--) stats.record(ms);
    expect(stats.summary()).toEqual({ frames: 100, meanFrameMs: 50.5, p95FrameMs: 95 });
  });

  it('keeps only the last `capacity` frames in the window but counts all', () => {
    const stats = new FrameStats(4);
    for (const ms of [1000, 1000, 10, 20, 30, 40]) stats.record(ms);
    expect(stats.summary()).toEqual({ frames: 6, meanFrameMs: 25, p95FrameMs: 40 });
    stats.reset();
    expect(stats.summary().frames).toBe(0);
  });
});
