import type { CameraPose } from '../store/viewStore';

/**
 * What the mounted 3D view offers the rest of the console: its live camera, read when a share
 * link is built (the store's copy only updates when the view reports camera changes); undefined
 * until a room drawing in a worker has reported one.
 */
export const roomHandle: { getCamera: (() => CameraPose | undefined) | undefined } = {
  getCamera: undefined,
};
