import {
  BufferGeometry,
  Float32BufferAttribute,
  Group,
  LineBasicMaterial,
  LineSegments,
} from 'three';
import {
  CABINET_DEPTH_M,
  CABINET_WIDTH_M,
  cabinetId,
  interconnectCabinetId,
  podId,
  type Cluster,
  type FloorLayout,
} from '../../model';
import { createFloorSigns, type Sign } from './labels';

/**
 * The raised floor: a grid of 600 mm tile pairs (a tile is the cabinet width, as in a real machine room), an outline
 * around each pod and around the interconnect rows, and signs naming them. Lines only: the floor
 * covers most of the screen, and software WebGL pays for every pixel it shades.
 */

const MARGIN_M = 4;
/** Grid every two 600 mm floor tiles: half the lines of a per-tile grid, and still reads as tiles. */
const TILE_M = 2 * CABINET_WIDTH_M;

interface Zone {
  readonly x0: number;
  readonly z0: number;
  readonly x1: number;
  readonly z1: number;
}

function bounds(xz: Float32Array, indices: readonly number[], pad: number): Zone {
  let x0 = Infinity;
  let z0 = Infinity;
  let x1 = -Infinity;
  let z1 = -Infinity;
  for (const i of indices) {
    x0 = Math.min(x0, xz[2 * i] - CABINET_WIDTH_M / 2);
    x1 = Math.max(x1, xz[2 * i] + CABINET_WIDTH_M / 2);
    z0 = Math.min(z0, xz[2 * i + 1] - CABINET_DEPTH_M / 2);
    z1 = Math.max(z1, xz[2 * i + 1] + CABINET_DEPTH_M / 2);
  }
  return { x0: x0 - pad, z0: z0 - pad, x1: x1 + pad, z1: z1 + pad };
}

export function createFloor(cluster: Cluster, floor: FloorLayout): Group {
  const group = new Group();
  group.name = 'floor';
  const zones: Zone[] = [];
  const signs: Sign[] = [];

  for (let pod = 0; pod < cluster.podCount; pod++) {
    const cabinets: number[] = [];
    for (let c = 0; c < cluster.computeCabinetCount; c++)
      if (cluster.cabinetPod[c] === pod) cabinets.push(c);
    if (cabinets.length === 0) continue;
    const zone = bounds(floor.computeCabinetXZ, cabinets, 0.3);
    zones.push(zone);
    const first = cabinetId(cabinets[0]);
    const last = cabinetId(cabinets[cabinets.length - 1]);
    signs.push({
      title: podId(pod),
      subtitle: cabinets.length > 1 ? `${first} … ${last}` : first,
      x: (zone.x0 + zone.x1) / 2,
      z: zone.z1 + 0.55,
      width: Math.min(3, Math.max(1.6, zone.x1 - zone.x0)),
    });
  }
  const icabs = cluster.interconnectCabinetCount;
  if (icabs > 0) {
    const all = Array.from({ length: icabs }, (_, i) => i);
    const zone = bounds(floor.interconnectCabinetXZ, all, 0.3);
    zones.push(zone);
    signs.push({
      title: 'interconnect',
      subtitle:
        icabs > 1
          ? `${interconnectCabinetId(0)} … ${interconnectCabinetId(icabs - 1)}`
          : interconnectCabinetId(0),
      x: (zone.x0 + zone.x1) / 2,
      z: zone.z1 + 0.55,
      width: 3.2,
    });
  }

  // The floor extent, snapped to whole tiles so the grid meets the cabinets' edges.
  const x0 = Math.floor((-floor.width / 2 - MARGIN_M) / TILE_M) * TILE_M;
  const x1 = Math.ceil((floor.width / 2 + MARGIN_M) / TILE_M) * TILE_M;
  const z0 = Math.floor((-floor.depth / 2 - MARGIN_M) / TILE_M) * TILE_M;
  const z1 = Math.ceil((floor.depth / 2 + MARGIN_M + 2) / TILE_M) * TILE_M;

  // No floor plane: the clear colour is the floor. A plane would cover most of the screen, and
  // software WebGL pays for every pixel of it; the tile lines and pod outlines carry the floor.
  if (zones.length > 0) {
    const outline: number[] = [];
    for (const z of zones) {
      const c = [
        [z.x0, z.z0],
        [z.x1, z.z0],
        [z.x1, z.z1],
        [z.x0, z.z1],
      ];
      for (let i = 0; i < 4; i++)
        outline.push(c[i][0], 0.004, c[i][1], c[(i + 1) % 4][0], 0.004, c[(i + 1) % 4][1]);
    }
    const edges = new BufferGeometry();
    edges.setAttribute('position', new Float32BufferAttribute(outline, 3));
    const edgeLines = new LineSegments(edges, new LineBasicMaterial({ color: '#2a3442' }));
    edgeLines.name = 'floor-zone-edges';
    group.add(edgeLines);
  }

  const grid: number[] = [];
  const gy = 0.003;
  for (let x = x0; x <= x1 + 1e-6; x += TILE_M) grid.push(x, gy, z0, x, gy, z1);
  for (let z = z0; z <= z1 + 1e-6; z += TILE_M) grid.push(x0, gy, z, x1, gy, z);
  const gridGeometry = new BufferGeometry();
  gridGeometry.setAttribute('position', new Float32BufferAttribute(grid, 3));
  const gridLines = new LineSegments(gridGeometry, new LineBasicMaterial({ color: '#151a22' }));
  gridLines.name = 'floor-grid';
  group.add(gridLines);
  for (const child of group.children) child.raycast = () => {};

  if (signs.length > 0) group.add(createFloorSigns(signs));
  return group;
}
