import { useEffect, useState } from 'react';
import { frameBus, servingFrameBus, type FrameBus } from '../store/frameBus';
import type { FabricFrame, InferNexFrame } from '../sim/frame';
import { liveFleet, type LiveFleet } from './infernex/liveFleet';

/** How often React-rendered, frame-derived numbers refresh. */
export const FRAME_SAMPLE_MS = 250;

/**
 * What `derive` makes of a bus's latest frame, re-rendered at most every `intervalMs` (trailing,
 * so the last frame of a burst is always shown). `derive` must be stable (module level): it runs
 * once per render window, not per frame, and its result is what React keeps.
 */
export function useBusSample<F, T>(
  bus: FrameBus<F>,
  derive: (frame: F | undefined) => T,
  intervalMs = FRAME_SAMPLE_MS,
): T {
  const [value, setValue] = useState<T>(() => derive(bus.latest()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const flush = () => {
      timer = undefined;
      last = performance.now();
      setValue(derive(bus.latest()));
    };
    const unsubscribe = bus.subscribe(() => {
      if (timer !== undefined) return;
      timer = setTimeout(flush, Math.max(0, last + intervalMs - performance.now()));
    });
    // A frame may have landed between the first render and this subscription.
    setValue(derive(bus.latest()));
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [bus, derive, intervalMs]);
  return value;
}

const sameFrame = (frame: FabricFrame | undefined) => frame;

/**
 * The latest fabric frame, re-rendering at most every `intervalMs`. Components that print frame
 * numbers use this instead of per-frame state.
 */
export function useFrameSample(intervalMs = FRAME_SAMPLE_MS): FabricFrame | undefined {
  return useBusSample(frameBus, sameFrame, intervalMs);
}

const fleetOf = (frame: InferNexFrame | undefined) => (frame ? liveFleet(frame) : undefined);

/**
 * The serving fleet on the session clock (undefined before the first InferNex frame, or when the
 * scenario runs none), rebuilt from `servingFrameBus` at most every `intervalMs`.
 */
export function useLiveFleet(intervalMs = FRAME_SAMPLE_MS): LiveFleet | undefined {
  return useBusSample(servingFrameBus, fleetOf, intervalMs);
}

/** Saves text as a file through a temporary link. */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
