import { useEffect, useState } from 'react';
import { frameBus, servingFrameBus, type FrameBus } from '../store/frameBus';
import { refreshTick } from '../store/refreshTick';
import type { FabricFrame, InferNexFrame } from '../sim/frame';
import { liveFleet, type LiveFleet } from './infernex/liveFleet';

/**
 * What `derive` makes of a bus's latest frame, re-rendered on the page's refresh tick (so every
 * panel refreshes in the same task, and the last frame of a burst is always shown). `derive` must
 * be stable (module level): it runs once per refresh, not per frame, and its result is what React
 * keeps.
 */
export function useBusSample<F, T>(bus: FrameBus<F>, derive: (frame: F | undefined) => T): T {
  const [value, setValue] = useState<T>(() => derive(bus.latest()));
  useEffect(() => {
    const flush = () => setValue(derive(bus.latest()));
    const unsubscribe = bus.subscribe(() => refreshTick.request(flush));
    // A frame may have landed between the first render and this subscription.
    flush();
    return () => {
      unsubscribe();
      refreshTick.cancel(flush);
    };
  }, [bus, derive]);
  return value;
}

const sameFrame = (frame: FabricFrame | undefined) => frame;

/**
 * The latest fabric frame, re-rendering on the refresh tick. Components that print frame numbers
 * use this instead of per-frame state.
 */
export function useFrameSample(): FabricFrame | undefined {
  return useBusSample(frameBus, sameFrame);
}

const fleetOf = (frame: InferNexFrame | undefined) => (frame ? liveFleet(frame) : undefined);

/**
 * The serving fleet on the session clock (undefined before the first InferNex frame, or when the
 * scenario runs none), rebuilt from `servingFrameBus` on the refresh tick.
 */
export function useLiveFleet(): LiveFleet | undefined {
  return useBusSample(servingFrameBus, fleetOf);
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
