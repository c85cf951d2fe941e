import type { FabricFrame } from '../sim/frame';
import { logFrame } from './eventLog';
import { reportError } from './errors';
import { frameBus, type FrameBus } from './frameBus';
import { playbackStore, type PlaybackStore } from './playbackStore';
import { refreshTick, type RefreshTick } from './refreshTick';
import type { TwinRuntime } from './runtime';
import { runtimeQueue, type SerialQueue } from './serialQueue';
import { sessionStore } from './sessionStore';

/** A wall-clock gap longer than this (tab in background, debugger) does not turn into a sim jump. */
const MAX_WALL_STEP_MS = 100;
/** How far ahead of the engines the requested time may run when they cannot keep up, in wall ms. */
const MAX_LEAD_WALL_MS = 250;
/**
 * While playing, the engines are asked for a frame at most this often (20 a second). Each frame
 * carries every NPU's and link's state (~0.5 MB of typed arrays) that the worker builds and copies,
 * the page publishes and the room uploads; at ×100 and above, one per animation frame meant up to
 * 60 of them a second for colours that change in discrete steps. Each call covers more slices
 * instead, so the sim advances just as fast.
 */
export const PLAY_FRAME_INTERVAL_MS = 50;
/** Animation frames land on vsync (16.7 ms at 60 Hz): one a little early still counts as due. */
const VSYNC_SLACK_MS = 2;

export interface PlaybackStepInput {
  /** Requested sim time so far (may be ahead of the engines, not slice-aligned). */
  readonly virtualUs: number;
  /** Sim time of the latest frame. */
  readonly engineUs: number;
  readonly wallDeltaMs: number;
  readonly speed: number;
  readonly durationUs: number;
  readonly sliceUs: number;
}

/**
 * Next requested sim time while playing: wall time × speed accumulated on a continuous clock
 * (the runtime rounds down to whole slices, so accumulating on the engine's time would never
 * cross a slice at ×1), held to a bounded lead over the engines so a slow worker does not build
 * up a backlog, and stopped at the scenario's end.
 */
export function nextPlaybackTarget(input: PlaybackStepInput): number {
  const { virtualUs, engineUs, wallDeltaMs, speed, durationUs, sliceUs } = input;
  const step = Math.min(Math.max(wallDeltaMs, 0), MAX_WALL_STEP_MS) * 1_000 * speed;
  const lead = Math.max(2 * sliceUs, MAX_LEAD_WALL_MS * 1_000 * speed);
  const base = Math.max(virtualUs, engineUs);
  return Math.min(base + step, engineUs + lead, durationUs);
}

/** Whether asking for `targetUs` would move the engines (they only stop on whole slices). */
export function crossesSlice(engineUs: number, targetUs: number, sliceUs: number): boolean {
  return Math.floor(targetUs / sliceUs) !== Math.floor(engineUs / sliceUs);
}

/** The sim time one slice after `fromUs`, on the slice grid, capped at the end. */
export function stepTarget(fromUs: number, sliceUs: number, durationUs: number): number {
  return Math.min((Math.floor(fromUs / sliceUs) + 1) * sliceUs, durationUs);
}

export interface PlaybackDeps {
  readonly store: PlaybackStore;
  readonly bus: FrameBus;
  readonly queue: SerialQueue;
  readonly runtime: () => TwinRuntime | undefined;
  /** Every frame the runtime returns, before it is published (the event log). */
  readonly onFrame?: (frame: FabricFrame) => void;
  readonly onError: (error: unknown) => void;
  readonly requestFrame?: (callback: (wallMs: number) => void) => number;
  readonly cancelFrame?: (handle: number) => void;
  /** When the React-visible clock follows the frames while playing (the page's refresh tick). */
  readonly refresh?: RefreshTick;
}

export interface PlaybackController {
  play(): void;
  pause(): void;
  toggle(): void;
  /** Pauses and moves one slice forward. */
  step(): Promise<void>;
  /** Moves to a sim time (clamped to the scenario); backwards replays from 0 in the worker. */
  seek(timeUs: number): Promise<void>;
  setSpeed(speed: number): void;
  /** A new runtime: stop, and take the scenario's clock limits. */
  reset(durationUs: number, sliceUs: number): void;
  /** Runs a clock-changing call (set actions) in turn and publishes the frame it returns. */
  apply(task: (runtime: TwinRuntime) => Promise<FabricFrame>): Promise<void>;
  /** Publishes the React-visible clock now. */
  syncClock(): void;
}

/**
 * The playback loop. While playing, each animation frame asks the runtime for the time the wall
 * clock says we should be at — unless a call is still in flight, then it skips that tick: the
 * worker does the work, the main thread only forwards frames.
 */
export function createPlaybackController(deps: PlaybackDeps): PlaybackController {
  const { store, bus, queue } = deps;
  const requestFrame = deps.requestFrame ?? ((cb) => requestAnimationFrame(cb));
  const cancelFrame = deps.cancelFrame ?? ((h) => cancelAnimationFrame(h));
  const refresh = deps.refresh ?? refreshTick;

  let generation = 0;
  let virtualUs = 0;
  let lastWallMs: number | undefined;
  let lastAdvanceWallMs = Number.NEGATIVE_INFINITY;
  let rafHandle: number | undefined;
  let pendingSeekUs: number | undefined;
  let lastSeekUs = 0;
  let seekInFlight: Promise<void> | undefined;

  const engineUs = () => bus.latest()?.timeUs ?? 0;

  function syncClock() {
    const timeUs = engineUs();
    if (store.getState().timeUs !== timeUs) store.setState({ timeUs });
  }

  function publish(frame: FabricFrame, gen: number) {
    if (gen !== generation) return false;
    deps.onFrame?.(frame);
    bus.publish(frame);
    const { playing, durationUs } = store.getState();
    if (playing) refresh.request(syncClock);
    else syncClock();
    if (playing && frame.timeUs >= durationUs) pause();
    return true;
  }

  async function advance(targetUs: number): Promise<void> {
    const runtime = deps.runtime();
    if (!runtime) return;
    const gen = generation;
    try {
      const frame = await queue.run(() => runtime.advanceTo(targetUs));
      publish(frame, gen);
    } catch (error) {
      if (gen !== generation) return;
      pause();
      deps.onError(error);
    }
  }

  function tick(wallMs: number) {
    rafHandle = undefined;
    const state = store.getState();
    if (!state.playing) return;
    const delta = lastWallMs === undefined ? 0 : wallMs - lastWallMs;
    lastWallMs = wallMs;
    const engine = engineUs();
    if (engine >= state.durationUs) {
      pause();
      return;
    }
    virtualUs = nextPlaybackTarget({
      virtualUs,
      engineUs: engine,
      wallDeltaMs: delta,
      speed: state.speed,
      durationUs: state.durationUs,
      sliceUs: state.sliceUs,
    });
    if (
      !queue.busy &&
      seekInFlight === undefined &&
      wallMs - lastAdvanceWallMs >= PLAY_FRAME_INTERVAL_MS - VSYNC_SLACK_MS &&
      crossesSlice(engine, virtualUs, state.sliceUs)
    ) {
      lastAdvanceWallMs = wallMs;
      void advance(virtualUs);
    }
    rafHandle = requestFrame(tick);
  }

  function play() {
    const state = store.getState();
    if (state.playing || !deps.runtime()) return;
    if (engineUs() >= state.durationUs) return;
    virtualUs = engineUs();
    lastWallMs = undefined;
    lastAdvanceWallMs = Number.NEGATIVE_INFINITY;
    store.setState({ playing: true });
    if (rafHandle === undefined) rafHandle = requestFrame(tick);
  }

  function pause() {
    if (rafHandle !== undefined) cancelFrame(rafHandle);
    rafHandle = undefined;
    if (store.getState().playing) store.setState({ playing: false });
    syncClock();
  }

  /** Seeks coalesce: while one runs, only the newest requested time is kept for afterwards. */
  function seek(timeUs: number): Promise<void> {
    const { durationUs } = store.getState();
    const target = Math.min(Math.max(0, Math.round(timeUs)), durationUs);
    virtualUs = target;
    pendingSeekUs = target;
    lastSeekUs = target;
    if (seekInFlight) return seekInFlight;
    store.setState({ seeking: true });
    const gen = generation;
    seekInFlight = (async () => {
      try {
        while (pendingSeekUs !== undefined && gen === generation) {
          const next = pendingSeekUs;
          pendingSeekUs = undefined;
          await advance(next);
        }
      } finally {
        if (gen === generation) {
          seekInFlight = undefined;
          store.setState({ seeking: false });
          syncClock();
        }
      }
    })();
    return seekInFlight;
  }

  function step(): Promise<void> {
    pause();
    const { sliceUs, durationUs } = store.getState();
    // Steps pressed faster than the runtime answers still count one slice each.
    const from = seekInFlight ? lastSeekUs : engineUs();
    return seek(stepTarget(from, sliceUs, durationUs));
  }

  async function apply(task: (runtime: TwinRuntime) => Promise<FabricFrame>): Promise<void> {
    const runtime = deps.runtime();
    if (!runtime) throw new Error('no scenario is loaded');
    const gen = generation;
    const frame = await queue.run(() => task(runtime));
    if (publish(frame, gen)) syncClock();
  }

  return {
    play,
    pause,
    toggle: () => (store.getState().playing ? pause() : play()),
    step,
    seek,
    setSpeed: (speed) => {
      if (speed > 0 && Number.isFinite(speed)) store.setState({ speed });
    },
    reset(durationUs, sliceUs) {
      generation++;
      if (rafHandle !== undefined) cancelFrame(rafHandle);
      rafHandle = undefined;
      virtualUs = 0;
      pendingSeekUs = undefined;
      lastSeekUs = 0;
      seekInFlight = undefined;
      store.setState({ playing: false, seeking: false, timeUs: 0, durationUs, sliceUs });
    },
    apply,
    syncClock,
  };
}

/** The console's playback loop, wired to its stores. */
export const playback = createPlaybackController({
  store: playbackStore,
  bus: frameBus,
  queue: runtimeQueue,
  runtime: () => sessionStore.getState().runtime,
  onFrame: logFrame,
  onError: (error) => reportError('The runtime failed', error),
});
