/** A 2D drawing context, on the page or in the room's worker. */
export type Context2d = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * A canvas to draw label and marker textures on. The room may be built in a worker, which has no
 * document: there it is an OffscreenCanvas, which three.js uploads like a canvas element.
 */
export function canvas2d(
  width: number,
  height: number,
): { canvas: HTMLCanvasElement | OffscreenCanvas; ctx: Context2d } {
  let canvas: HTMLCanvasElement | OffscreenCanvas;
  if (typeof document !== 'undefined') {
    canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
  } else canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d') as Context2d | null;
  if (!ctx) throw new Error('2D canvas unavailable');
  return { canvas, ctx };
}
