import type { Cluster } from '../../model';
import type { FabricFrame } from '../../sim/frame';

/**
 * What the room and the page agree on, wherever the room draws: the camera's lens and pose, and
 * the checks on what the page asks (made on the page, so a bad request fails where it was made).
 * Kept apart from RoomView so the page need not load the renderer when a worker draws.
 */

export interface CameraState {
  readonly position: readonly [number, number, number];
  readonly target: readonly [number, number, number];
}

export const CAMERA_FOV = 42;
export const CAMERA_NEAR = 0.05;
export const CAMERA_FAR = 250;

/** A frame must cover every NPU of the room's cluster. */
export function checkFrame(cluster: Cluster, frame: FabricFrame): void {
  if (frame.npuHealth.length < cluster.npuCount)
    throw new Error(`frame has ${frame.npuHealth.length} NPUs, the cluster ${cluster.npuCount}`);
}

/** Only compute cabinets can be focused. */
export function checkCabinet(cluster: Cluster, cabinet: number | undefined): void {
  if (
    cabinet !== undefined &&
    !(Number.isInteger(cabinet) && cabinet >= 0 && cabinet < cluster.computeCabinetCount)
  )
    throw new Error(
      `cabinet ${cabinet} is not a compute cabinet (0…${cluster.computeCabinetCount - 1})`,
    );
}

export function checkCamera(camera: CameraState): void {
  const values = [...camera.position, ...camera.target];
  if (values.length !== 6 || !values.every(Number.isFinite))
    throw new Error('camera needs finite position and target');
}
