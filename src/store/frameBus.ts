import type { FabricFrame, InferNexFrame } from '../sim/frame';

export type FrameListener<F = FabricFrame> = (frame: F) => void;

/**
 * The latest fabric frame, handed to imperative consumers (3D view, heatmap, event log) without
 * going through React state: frames arrive up to once per animation frame and carry ~0.5 MB of
 * typed arrays, so they must never trigger a React render on their own.
 */
export interface FrameBus<F = FabricFrame> {
  publish(frame: F): void;
  latest(): F | undefined;
  /** Returns the unsubscribe function. */
  subscribe(listener: FrameListener<F>): () => void;
  /** Forgets the latest frame (a new scenario is loading); listeners stay. */
  clear(): void;
}

export function createFrameBus<F = FabricFrame>(): FrameBus<F> {
  let current: F | undefined;
  const listeners = new Set<FrameListener<F>>();
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

/** The console's fabric bus. */
export const frameBus = createFrameBus();

/**
 * The serving fleet's InferNex frame, published beside each fabric frame when the scenario has
 * `engines.infernex` (empty otherwise). Its `log` and `series` hold what happened since the
 * previous frame, so a consumer that keeps history accumulates them itself.
 */
export const servingFrameBus = createFrameBus<InferNexFrame>();
