import { createStore } from 'zustand/vanilla';

/** Speeds the console offers, sim seconds per wall second. */
export const PLAYBACK_SPEEDS: readonly number[] = [1, 10, 100, 1000];

export interface PlaybackState {
  readonly playing: boolean;
  readonly speed: number;
  /**
   * Sim time the console shows. While playing it is refreshed at most ~4×/s (React reads it);
   * the exact time of every frame is on the frame bus.
   */
  readonly timeUs: number;
  readonly durationUs: number;
  readonly sliceUs: number;
  /** A seek, step or action is being computed by the runtime. */
  readonly seeking: boolean;
}

export const initialPlaybackState: PlaybackState = {
  playing: false,
  speed: 10,
  timeUs: 0,
  durationUs: 0,
  sliceUs: 100_000,
  seeking: false,
};

export const createPlaybackStore = () => createStore<PlaybackState>()(() => initialPlaybackState);

export type PlaybackStore = ReturnType<typeof createPlaybackStore>;

/** The console's clock controls. */
export const playbackStore = createPlaybackStore();
