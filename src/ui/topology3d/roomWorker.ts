/** True when this browser can hand a canvas to a worker to draw in. */
export function offscreenSupported(): boolean {
  return (
    typeof OffscreenCanvas !== 'undefined' &&
    typeof HTMLCanvasElement !== 'undefined' &&
    typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function'
  );
}

let spare: Worker | undefined;

function startRoomWorker(): Worker {
  return new Worker(new URL('../../../workers/room.worker.ts', import.meta.url), {
    type: 'module',
    name: 'room',
  });
}

/**
 * Starts the room's worker before the room is shown, so that its script (three.js and the room,
 * the biggest download) loads and compiles while the page itself starts up.
 */
export function prestartRoomWorker(): void {
  if (!spare && offscreenSupported()) spare = startRoomWorker();
}

/** The worker started ahead, or a new one. */
export function takeRoomWorker(): Worker {
  const worker = spare ?? startRoomWorker();
  spare = undefined;
  return worker;
}
