import type { FabricFrame } from '../sim/frame';

export type FrameListener = (frame: FabricFrame) => void;

/**
 * The latest fabric frame, handed to imperative consumers (3D view, heatmap, event log) without
 * going through React state: frames arrive up to once per animation frame and carry ~0.5 MB of
 * typed arrays, so they must never trigger a React render on their own.
 */
export interface FrameBus {
  publish(frame: FabricFrame): void;
  latest(): FabricFrame | undefined;
  /** Returns the unsubscribe function. */
  subscribe(listener: FrameListener): () => void;
  /** Forgets the latest frame (a new scenario is loading); listeners stay. */
  clear(): void;
}

export function createFrameBus(): FrameBus {
  let current: FabricFrame | undefined;
  const listeners = new Set<FrameListener>();
  return {
    publish(frame) {
      current = frame;
      for (const listener of listeners) listener(frame);
    },
    latest: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      current = undefined;
    },
  };
}

/** The console's one bus. */
export const frameBus = createFrameBus();
