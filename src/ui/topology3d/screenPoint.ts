import { type Camera, Vector3 } from 'three';
import type { Cluster, FloorLayout } from '../../model';
import { nodePlace } from './anchors';
import type { FaceLayout } from './faceLayout';
import type { SurfaceRect } from './roomSurface';

/**
 * Client coordinates where a routing node is drawn through `camera` on a canvas occupying `box`;
 * undefined when it is off screen. The room and, for a room drawn in a worker, the page use it.
 */
export function nodeScreenPoint(
  cluster: Cluster,
  layout: FloorLayout,
  face: FaceLayout,
  node: number,
  camera: Camera,
  box: SurfaceRect,
): { readonly x: number; readonly y: number } | undefined {
  const { point } = nodePlace(cluster, layout, face, node);
  const ndc = new Vector3(...point).project(camera);
  if (ndc.z > 1 || Math.abs(ndc.x) > 1 || Math.abs(ndc.y) > 1) return undefined;
  return {
    x: box.left + ((ndc.x + 1) / 2) * box.width,
    y: box.top + ((1 - ndc.y) / 2) * box.height,
  };
}
