import { describe, expect, it } from 'vitest';
import type { FabricFrame } from '../sim/frame';
import { createFrameBus } from './frameBus';
import {
  createPlaybackController,
  crossesSlice,
  nextPlaybackTarget,
  PLAY_FRAME_INTERVAL_MS,
  stepTarget,
  type PlaybackDeps,
} from './playback';
import { createPlaybackStore } from './playbackStore';
import type { RefreshTick } from './refreshTick';
import type { TwinRuntime } from './runtime';
import { SerialQueue } from './serialQueue';

const SLICE = 100_000;
const HOUR = 3_600_000_000;

describe('nextPlaybackTarget', () => {
  const base = {
    virtualUs: 0,
    engineUs: 0,
    wallDeltaMs: 16,
    speed: 1,
    durationUs: HOUR,
    sliceUs: SLICE,
  };

  it('accumulates wall time × speed on a continuous clock', () => {
    // ×1: 16 ms of wall time is 16 ms of sim time, less than a slice; the next tick adds to it.
    expect(nextPlaybackTarget(base)).toBe(16_000);
    expect(nextPlaybackTarget({ ...base, virtualUs: 96_000 })).toBe(112_000);
    expect(nextPlaybackTarget({ ...base, speed: 1000 })).toBe(16_000_000);
  });

  it('holds a bounded lead over slow engines', () => {
    // ×1000 allows 250 ms of wall time ahead: 250 s of sim time.
    const ahead = nextPlaybackTarget({
      ...base,
      speed: 1000,
      virtualUs: 400_000_000,
      engineUs: 100_000_000,
    });
    expect(ahead).toBe(350_000_000);
    // At ×1 the lead is 250 ms of sim time; at least two slices when slices are long.
    expect(nextPlaybackTarget({ ...base, virtualUs: 500_000, engineUs: 0 })).toBe(250_000);
    expect(nextPlaybackTarget({ ...base, virtualUs: 9e6, engineUs: 0, sliceUs: 1_000_000 })).toBe(
      2_000_000,
    );
  });

  it('never passes the end, and ignores long wall gaps (tab in background)', () => {
    expect(
      nextPlaybackTarget({ ...base, speed: 1000, engineUs: HOUR - 1, virtualUs: HOUR - 1 }),
    ).toBe(HOUR);
    expect(nextPlaybackTarget({ ...base, wallDeltaMs: 60_000 })).toBe(100_000);
    expect(nextPlaybackTarget({ ...base, wallDeltaMs: -5 })).toBe(0);
  });
});

describe('slice helpers', () => {
  it('tells whether a target reaches the next slice', () => {
    expect(crossesSlice(0, 99_999, SLICE)).toBe(false);
    expect(crossesSlice(0, 100_000, SLICE)).toBe(true);
    expect(crossesSlice(250_000, 299_000, SLICE)).toBe(false);
  });

  it('steps to the next slice boundary, capped at the end', () => {
    expect(stepTarget(0, SLICE, HOUR)).toBe(100_000);
    expect(stepTarget(150_000, SLICE, HOUR)).toBe(200_000);
    expect(stepTarget(HOUR, SLICE, HOUR)).toBe(HOUR);
  });
});

/** A runtime whose engines are a clock: advanceTo rounds down to the slice like the real one. */
function fakeRuntime() {
  let now = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const calls: number[] = [];
  const pending: (() => void)[] = [];
  const frameAt = (timeUs: number): FabricFrame => ({
    engine: 'fabric',
    timeUs,
    npuHealth: new Uint8Array(1),
    npuLoad: new Float32Array(1),
    npuHbmUsedGB: new Float32Array(1),
    linkUp: new Uint8Array(0),
    linkLoad: new Float32Array(0),
    series: [],
    log: [],
  });
  const runtime = {
    get timeUs() {
      return now;
    },
    advanceTo(target: number) {
      calls.push(target);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<FabricFrame>((resolve) => {
        pending.push(() => {
          inFlight--;
          now = Math.floor(target / SLICE) * SLICE;
          resolve(frameAt(now));
        });
      });
    },
  } as unknown as TwinRuntime;
  const ticks = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  /** Lets queued calls start, answers them one by one until none is left. */
  const settle = async () => {
    await ticks();
    while (pending.length > 0) {
      pending.shift()?.();
      await ticks();
    }
  };
  return { runtime, calls, settle, ticks, maxInFlight: () => maxInFlight };
}

function harness(durationUs = 2_000_000, refresh?: RefreshTick) {
  const fake = fakeRuntime();
  const store = createPlaybackStore();
  const bus = createFrameBus();
  const frames: number[] = [];
  bus.subscribe((f) => frames.push(f.timeUs));
  let raf: ((wallMs: number) => void) | undefined;
  let wall = 0;
  const errors: unknown[] = [];
  const deps: PlaybackDeps = {
    store,
    bus,
    queue: new SerialQueue(),
    runtime: () => fake.runtime,
    onError: (e) => errors.push(e),
    requestFrame: (cb) => {
      raf = cb;
      return 1;
    },
    cancelFrame: () => (raf = undefined),
    ...(refresh ? { refresh } : {}),
  };
  const controller = createPlaybackController(deps);
  controller.reset(durationUs, SLICE);
  /** One animation frame `ms` after the last, letting the runtime answer only if `answer`. */
  const frame = async (ms: number, answer = true) => {
    wall += ms;
    const cb = raf;
    raf = undefined;
    cb?.(wall);
    if (answer) await fake.settle();
  };
  return { fake, store, bus, frames, controller, frame, errors };
}

describe('playback controller', () => {
  it('advances by wall time × speed and stops at the end', async () => {
    const h = harness(2_000_000);
    h.controller.setSpeed(10);
    h.controller.play();
    expect(h.store.getState().playing).toBe(true);
    await h.frame(0);
    for (let i = 0; i < 30; i++) await h.frame(50); // 50 ms of wall = 0.5 s of sim at ×10
    expect(h.store.getState().playing).toBe(false);
    expect(h.bus.latest()?.timeUs).toBe(2_000_000);
    expect(h.store.getState().timeUs).toBe(2_000_000);
    // Frames only move forward, in whole slices.
    expect(h.frames.every((t, i) => t % SLICE === 0 && (i === 0 || t >= h.frames[i - 1]))).toBe(
      true,
    );
  });

  it('while playing, moves the shown clock on the refresh tick, and at once on pause', async () => {
    const jobs = new Set<() => void>();
    const refresh: RefreshTick = {
      request: (job) => jobs.add(job),
      cancel: (job) => jobs.delete(job),
    };
    const h = harness(60_000_000, refresh);
    h.controller.setSpeed(10);
    h.controller.play();
    await h.frame(0);
    for (let i = 0; i < 5; i++) await h.frame(50);
    expect(h.bus.latest()?.timeUs).toBe(2_500_000);
    expect(h.store.getState().timeUs).toBe(0);
    // However many frames arrived, the clock asked for one refresh.
    expect(jobs.size).toBe(1);
    for (const job of jobs) job();
    expect(h.store.getState().timeUs).toBe(2_500_000);
    await h.frame(50);
    h.controller.pause();
    expect(h.store.getState().timeUs).toBe(3_000_000);
  });

  it('asks the engines for at most one frame per PLAY_FRAME_INTERVAL_MS, and the sim keeps its speed', async () => {
    const h = harness(600_000_000);
    h.controller.setSpeed(100);
    h.controller.play();
    await h.frame(0);
    for (let i = 0; i < 60; i++) await h.frame(1000 / 60); // 1 s of wall at 60 animation frames/s
    // 60 animation frames, each answered at once: one call per 50 ms, not one per frame.
    expect(h.fake.calls.length).toBe(Math.floor(1000 / PLAY_FRAME_INTERVAL_MS));
    // 1 s × 100 = 100 s requested; the last call asked for all but the last < 50 ms of it.
    const engineS = (h.bus.latest()?.timeUs ?? 0) / 1e6;
    expect(engineS).toBeGreaterThanOrEqual(100 - (PLAY_FRAME_INTERVAL_MS / 1000) * 100);
    expect(engineS).toBeLessThanOrEqual(100);
  });

  it('never overlaps calls: ticks while the runtime is busy are skipped', async () => {
    const h = harness(60_000_000);
    h.controller.setSpeed(100);
    h.controller.play();
    await h.frame(0, false);
    for (let i = 0; i < 10; i++) await h.frame(16, false); // the runtime never answers
    expect(h.fake.calls.length).toBe(1);
    await h.fake.settle();
    expect(h.fake.maxInFlight()).toBe(1);
  });

  it('does not call the runtime at ×1 until the requested time reaches the next slice', async () => {
    const h = harness(60_000_000);
    h.controller.setSpeed(1);
    h.controller.play();
    await h.frame(0);
    for (let i = 0; i < 5; i++) await h.frame(16); // 80 ms of sim time
    expect(h.fake.calls).toEqual([]);
    await h.frame(16); // 96 ms
    await h.frame(16); // 112 ms: crosses 100 ms
    expect(h.fake.calls).toEqual([112_000]);
    expect(h.bus.latest()?.timeUs).toBe(100_000);
  });

  it('steps one slice at a time, also when pressed faster than the runtime answers', async () => {
    const h = harness(60_000_000);
    const a = h.controller.step();
    const b = h.controller.step();
    await h.fake.settle();
    await Promise.all([a, b]);
    expect(h.bus.latest()?.timeUs).toBe(200_000);
    expect(h.store.getState().timeUs).toBe(200_000);
  });

  it('coalesces seeks: only the newest target runs after the one in flight', async () => {
    const h = harness(60_000_000);
    const first = h.controller.seek(10_000_000);
    void h.controller.seek(20_000_000);
    void h.controller.seek(30_000_000);
    expect(h.store.getState().seeking).toBe(true);
    await h.fake.settle();
    await first;
    expect(h.fake.calls).toEqual([10_000_000, 30_000_000]);
    expect(h.store.getState().timeUs).toBe(30_000_000);
    expect(h.store.getState().seeking).toBe(false);
  });

  it('clamps seeks to the scenario and drops answers from before a reset', async () => {
    const h = harness(5_000_000);
    void h.controller.seek(9_000_000);
    await h.fake.ticks();
    expect(h.fake.calls).toEqual([5_000_000]);
    h.controller.reset(5_000_000, SLICE);
    await h.fake.settle();
    expect(h.bus.latest()).toBeUndefined();
  });
});
