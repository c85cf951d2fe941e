/** A rectangle in CSS pixels. */
export interface SurfaceRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Where the room draws and where its pointer input comes from. On the page it is a canvas element
 * in the room's container; in the room worker it is an OffscreenCanvas and a stand-in element that
 * replays the pointer events the page forwards (`workerSurface` in `forwardedElement.ts`). RoomView sees only this.
 */
export interface RoomSurface {
  readonly canvas: HTMLCanvasElement | OffscreenCanvas;
  /** What OrbitControls and the pointer listeners attach to. */
  readonly element: HTMLElement;
  readonly pixelRatio: number;
  /** The drawn area in CSS pixels; pointer events' clientX / clientY are in the same frame. */
  rect(): SurfaceRect;
  /** Calls `listener` whenever the drawn area changes size. */
  onResize(listener: () => void): void;
  /** Sets (or with undefined, removes) a `data-` attribute of the room for tests and tools. */
  mark(name: 'ready' | 'npuCount', value: string | undefined): void;
  /** The accessible name of the drawing. */
  describe(label: string): void;
  /** The room is gone: stop observing, take the canvas away. */
  release(): void;
}

/** Device pixels per CSS pixel: capped at 2, and 1 under automation, where pixels cost software rendering. */
export function surfacePixelRatio(
  devicePixelRatio: number | undefined,
  automated: boolean,
): number {
  return automated ? 1 : Math.min(2, devicePixelRatio || 1);
}

/** The room's canvas, filling `container`, which says where the room draws (`data-drawn-in`). */
export function appendRoomCanvas(
  container: HTMLElement,
  drawnIn: 'page' | 'worker',
): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.style.display = 'block';
  canvas.style.width = '100%';
  canvas.style.height = '100%';
  canvas.style.touchAction = 'none';
  container.appendChild(canvas);
  container.dataset.drawnIn = drawnIn;
  return canvas;
}

/** Sets (or with undefined, removes) one of the room's `data-` attributes on its container. */
export function markRoom(
  container: HTMLElement,
  name: 'ready' | 'npuCount',
  value: string | undefined,
): void {
  if (value === undefined) delete container.dataset[name];
  else container.dataset[name] = value;
}

/** Takes the room's canvas out of `container`, with the marks that said it was drawn. */
export function removeRoomCanvas(container: HTMLElement, canvas: HTMLCanvasElement): void {
  canvas.remove();
  delete container.dataset.ready;
  delete container.dataset.drawnIn;
}

/** The room drawn on the main thread into a canvas element appended to `container`. */
export function domSurface(container: HTMLElement): RoomSurface {
  const canvas = appendRoomCanvas(container, 'page');
  let observer: ResizeObserver | undefined;
  return {
    canvas,
    element: canvas,
    pixelRatio: surfacePixelRatio(window.devicePixelRatio, navigator.webdriver),
    rect: () => canvas.getBoundingClientRect(),
    onResize(listener) {
      observer?.disconnect();
      observer = new ResizeObserver(listener);
      observer.observe(container);
    },
    mark: (name, value) => markRoom(container, name, value),
    describe: (label) => canvas.setAttribute('aria-label', label),
    release() {
      observer?.disconnect();
      removeRoomCanvas(container, canvas);
    },
  };
}
