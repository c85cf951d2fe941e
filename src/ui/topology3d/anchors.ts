import {
  CABINET_DEPTH_M,
  CABINET_HEIGHT_M,
  CABINET_WIDTH_M,
  computeCabinetOfNode,
  interconnectCabinetOfNode,
  LinkKind,
  nodeKindOf,
  NodeKind,
  type Cluster,
  type FloorLayout,
} from '../../model';
import { faceCellRect, type FaceLayout, type FaceRect } from './faceLayout';

export type Vec3 = readonly [number, number, number];

/** Route anchors float just in front of the door, clear of the focused cabinet's NPU boxes. */
export const DOOR_ANCHOR_OFFSET_M = 0.05;
/** Switches are drawn as a point above the cabinet roof. */
export const SWITCH_LIFT_M = 0.12;

/** Where a routing node is in the room, and which cabinet it belongs to (for choosing arc shapes). */
export interface NodePlace {
  readonly point: Vec3;
  /** `cab:<n>` or `icab:<n>`. */
  readonly cabinet: string;
  /** On the door (NPU, backup, server switch) rather than on the roof. */
  readonly onDoor: boolean;
}

function doorPoint(floor: FloorLayout, cabinet: number, rect: FaceRect): Vec3 {
  const cx = floor.computeCabinetXZ[2 * cabinet];
  const cz = floor.computeCabinetXZ[2 * cabinet + 1];
  const u = (rect.u0 + rect.u1) / 2;
  const v = (rect.v0 + rect.v1) / 2;
  return [
    cx + (u - 0.5) * CABINET_WIDTH_M,
    v * CABINET_HEIGHT_M,
    cz + CABINET_DEPTH_M / 2 + DOOR_ANCHOR_OFFSET_M,
  ];
}

/**
 * Position of a routing node: an accelerator or backup at its cell on its cabinet's door, a server
 * switch at the right end of its server board, a cabinet switch above its cabinet, a spine switch
 * above its interconnect cabinet.
 */
export function nodePlace(
  cluster: Cluster,
  floor: FloorLayout,
  face: FaceLayout,
  node: number,
): NodePlace {
  switch (nodeKindOf(cluster, node)) {
    case NodeKind.Accelerator: {
      const cabinet = cluster.npuCabinet[node];
      const server = cluster.npuServer[node] - cabinet * cluster.serversPerCabinet;
      const rect = faceCellRect({ kind: 'npu', server, slot: cluster.npuSlot[node] }, face);
      return { point: doorPoint(floor, cabinet, rect), cabinet: `cab:${cabinet}`, onDoor: true };
    }
    case NodeKind.Backup: {
      const perCabinet = cluster.profile.layout.backupsPerCabinet;
      const b = node - cluster.backupBase;
      const cabinet = Math.floor(b / perCabinet);
      const rect = faceCellRect({ kind: 'backup', index: b % perCabinet }, face);
      return { point: doorPoint(floor, cabinet, rect), cabinet: `cab:${cabinet}`, onDoor: true };
    }
    case NodeKind.ServerSwitch: {
      const server = node - cluster.serverSwitchBase;
      const cabinet = cluster.serverCabinet[server];
      const band = server - cabinet * cluster.serversPerCabinet;
      const top = face.vTop - band * face.pitchV;
      const right = face.u0 + face.perServer * face.pitchU;
      const rect = { u0: right, u1: 1, v0: top - face.pitchV, v1: top };
      return { point: doorPoint(floor, cabinet, rect), cabinet: `cab:${cabinet}`, onDoor: true };
    }
    case NodeKind.CabinetSwitch: {
      const cabinet = computeCabinetOfNode(cluster, node);
      return {
        point: [
          floor.computeCabinetXZ[2 * cabinet],
          CABINET_HEIGHT_M + SWITCH_LIFT_M,
          floor.computeCabinetXZ[2 * cabinet + 1],
        ],
        cabinet: `cab:${cabinet}`,
        onDoor: false,
      };
    }
    case NodeKind.SpineSwitch: {
      const icab = interconnectCabinetOfNode(cluster, node);
      return {
        point: [
          floor.interconnectCabinetXZ[2 * icab],
          CABINET_HEIGHT_M + SWITCH_LIFT_M,
          floor.interconnectCabinetXZ[2 * icab + 1],
        ],
        cabinet: `icab:${icab}`,
        onDoor: false,
      };
    }
  }
}

/** One hop of a drawn route: a quadratic Bézier from one node to the next. */
export interface RouteArc {
  readonly from: Vec3;
  readonly control: Vec3;
  readonly to: Vec3;
}

/**
 * The arcs of a route through the room. Hops on one door bulge out in front of it (a straight line
 * would run along the row of cells it connects); a hop from a door up to its own cabinet switch
 * rises in front of the door and hooks over the roof; hops between cabinets arc above the roofs,
 * higher the farther they go, so they read as cables over the rows rather than through them.
 */
export function routeArcs(
  cluster: Cluster,
  floor: FloorLayout,
  face: FaceLayout,
  nodes: readonly number[],
): RouteArc[] {
  const places = nodes.map((n) => nodePlace(cluster, floor, face, n));
  const arcs: RouteArc[] = [];
  for (let i = 1; i < places.length; i++) {
    const a = places[i - 1];
    const b = places[i];
    arcs.push({ from: a.point, control: arcControl(a, b), to: b.point });
  }
  return arcs;
}

function arcControl(a: NodePlace, b: NodePlace): Vec3 {
  const [ax, ay, az] = a.point;
  const [bx, by, bz] = b.point;
  const mid: Vec3 = [(ax + bx) / 2, (ay + by) / 2, (az + bz) / 2];
  const distance = Math.hypot(bx - ax, by - ay, bz - az);
  if (a.cabinet === b.cabinet) {
    if (a.onDoor && b.onDoor) return [mid[0], mid[1], mid[2] + 0.1 + 0.3 * distance];
    const door = a.onDoor ? a.point : b.point;
    return [door[0], CABINET_HEIGHT_M + 0.3, door[2] + 0.3];
  }
  const lift = 0.5 + 0.25 * Math.hypot(bx - ax, bz - az);
  return [mid[0], Math.max(ay, by) + lift, mid[2]];
}

/** A point of a quadratic Bézier arc at t ∈ [0, 1], written into `out` at `offset`. */
export function arcPointInto(arc: RouteArc, t: number, out: Float32Array, offset: number): void {
  const s = 1 - t;
  const w0 = s * s;
  const w1 = 2 * s * t;
  const w2 = t * t;
  for (let k = 0; k < 3; k++)
    out[offset + k] = w0 * arc.from[k] + w1 * arc.control[k] + w2 * arc.to[k];
}

/** Every routing node's anchor (`nodePlace`), as x, y, z per node: computed once per room. */
export function nodePositions(
  cluster: Cluster,
  floor: FloorLayout,
  face: FaceLayout,
): Float32Array {
  const out = new Float32Array(cluster.nodeCount * 3);
  for (let n = 0; n < cluster.nodeCount; n++)
    out.set(nodePlace(cluster, floor, face, n).point, n * 3);
  return out;
}

/**
 * The Bézier control point of a link's arc, from its ends' anchors (`positions`, see
 * `nodePositions`), written into `out` at `offset`: X-links (inside a server) arc up and out of the
 * door, Y-links (same slot, across servers) out and to the right, so the two meshes separate; a
 * link from a door to its own cabinet's switch rises in front of the door and hooks over the roof;
 * links between cabinets arc above the roofs, higher the farther they go. No allocation.
 */
export function linkControlInto(
  cluster: Cluster,
  positions: Float32Array,
  link: number,
  out: Float32Array,
  offset: number,
): void {
  const a = cluster.linkA[link] * 3;
  const b = cluster.linkB[link] * 3;
  const ax = positions[a];
  const ay = positions[a + 1];
  const az = positions[a + 2];
  const bx = positions[b];
  const by = positions[b + 1];
  const bz = positions[b + 2];
  const mx = (ax + bx) / 2;
  const my = (ay + by) / 2;
  const mz = (az + bz) / 2;
  const kind = cluster.linkKind[link];
  if (kind === LinkKind.IntraServer || kind === LinkKind.IntraCabinet) {
    const d = Math.hypot(bx - ax, by - ay);
    const x = kind === LinkKind.IntraServer;
    out[offset] = x ? mx : mx + 0.06 * d;
    out[offset + 1] = x ? my + 0.1 * d : my;
    out[offset + 2] = mz + 0.04 + (x ? 0.45 : 0.3) * d;
    return;
  }
  const sameCabinet =
    computeCabinetOfNode(cluster, cluster.linkA[link]) ===
      computeCabinetOfNode(cluster, cluster.linkB[link]) &&
    computeCabinetOfNode(cluster, cluster.linkA[link]) >= 0;
  if (sameCabinet) {
    // A door ↔ roof link: the end lower down is the one on the door.
    const door = ay < by ? a : b;
    out[offset] = positions[door];
    out[offset + 1] = CABINET_HEIGHT_M + 0.3;
    out[offset + 2] = positions[door + 2] + 0.3;
    return;
  }
  out[offset] = mx;
  out[offset + 1] = Math.max(ay, by) + 0.5 + 0.25 * Math.hypot(bx - ax, bz - az);
  out[offset + 2] = mz;
}

/** A point at t ∈ [0, 1] of the arc from `positions[from]` through `control` to `positions[to]`. */
export function linkArcPointInto(
  positions: Float32Array,
  from: number,
  to: number,
  control: Float32Array,
  t: number,
  out: Float32Array,
  offset: number,
): void {
  const s = 1 - t;
  const w0 = s * s;
  const w1 = 2 * s * t;
  const w2 = t * t;
  for (let k = 0; k < 3; k++)
    out[offset + k] = w0 * positions[from * 3 + k] + w1 * control[k] + w2 * positions[to * 3 + k];
}
