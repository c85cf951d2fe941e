import type { ForwardedPointer } from './roomProtocol';
import type { RoomSurface, SurfaceRect } from './roomSurface';

type Listener = (event: unknown) => void;

/**
 * Stands in, inside the room worker, for the canvas element on the page: OrbitControls and the
 * room's picking listen to it, and the page's pointer events are replayed on it. It is its own
 * `ownerDocument`, since OrbitControls follows a drag on the document. Pointer capture is taken
 * on the page, where the real element is.
 */
export class ForwardedElement {
  readonly style: Record<string, string> = {};
  clientWidth = 0;
  clientHeight = 0;
  private readonly listeners = new Map<string, Set<Listener>>();

  get ownerDocument(): ForwardedElement {
    return this;
  }

  getRootNode(): ForwardedElement {
    return this;
  }

  addEventListener(type: string, listener: Listener): void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  setPointerCapture(): void {}
  releasePointerCapture(): void {}
  hasPointerCapture(): boolean {
    return false;
  }
  focus(): void {}

  getBoundingClientRect(): SurfaceRect & { x: number; y: number; right: number; bottom: number } {
    const width = this.clientWidth;
    const height = this.clientHeight;
    return { left: 0, top: 0, x: 0, y: 0, width, height, right: width, bottom: height };
  }

  /** Replays a page event; handlers may call the usual event methods, which do nothing here. */
  dispatch(type: string, event: ForwardedPointer): void {
    const replay = { ...event, type, preventDefault() {}, stopPropagation() {} };
    for (const listener of [...(this.listeners.get(type) ?? [])]) listener(replay);
  }
}

/** The room's surface inside the worker: the transferred canvas and the stand-in element. */
export function workerSurface(
  canvas: OffscreenCanvas,
  element: ForwardedElement,
  pixelRatio: number,
  report: (name: 'ready' | 'npuCount', value: string | undefined) => void,
  describe: (label: string) => void,
): RoomSurface & { resized(width: number, height: number): void } {
  let onResize: (() => void) | undefined;
  return {
    canvas,
    element: element as unknown as HTMLElement,
    pixelRatio,
    rect: () => element.getBoundingClientRect(),
    onResize(listener) {
      onResize = listener;
    },
    mark: report,
    describe,
    release() {
      onResize = undefined;
    },
    resized(width, height) {
      element.clientWidth = width;
      element.clientHeight = height;
      onResize?.();
    },
  };
}
