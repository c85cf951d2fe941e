import {
  CABINET_DEPTH_M,
  CABINET_HEIGHT_M,
  CABINET_WIDTH_M,
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
      const cabinet = node - cluster.cabinetSwitchBase;
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
      const icab = node - cluster.spineSwitchBase;
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
