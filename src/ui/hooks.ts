import { useEffect, useState } from 'react';
import { frameBus } from '../store/frameBus';
import type { FabricFrame } from '../sim/frame';

/** How often React-rendered, frame-derived numbers refresh. */
export const FRAME_SAMPLE_MS = 250;

/**
 * The latest frame, re-rendering at most every `intervalMs` (trailing, so the last frame of a
 * burst is always shown). Components that print frame numbers use this instead of per-frame state.
 */
export function useFrameSample(intervalMs = FRAME_SAMPLE_MS): FabricFrame | undefined {
  const [frame, setFrame] = useState<FabricFrame | undefined>(() => frameBus.latest());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const flush = () => {
      timer = undefined;
      last = performance.now();
      setFrame(frameBus.latest());
    };
    const unsubscribe = frameBus.subscribe(() => {
      if (timer !== undefined) return;
      timer = setTimeout(flush, Math.max(0, last + intervalMs - performance.now()));
    });
    // A frame may have landed between the first render and this subscription.
    setFrame(frameBus.latest());
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [intervalMs]);
  return frame;
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
