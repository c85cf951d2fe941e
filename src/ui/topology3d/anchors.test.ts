import { describe, expect, it } from 'vitest';
import {
  buildCluster,
  CABINET_DEPTH_M,
  CABINET_HEIGHT_M,
  floorLayout,
  getProfile,
} from '../../model';
import { arcPointInto, DOOR_ANCHOR_OFFSET_M, nodePlace, routeArcs, SWITCH_LIFT_M } from './anchors';
import { faceCellRect, faceLayoutFor } from './faceLayout';

const cluster = buildCluster(getProfile('ub-supernode-8k'));
const floor = floorLayout(cluster);
const face = faceLayoutFor(cluster.serversPerCabinet, cluster.perServer, 1);

describe('nodePlace', () => {
  it('puts cab-017/srv-3/npu-5 at the centre of its cell on the door of cabinet 17', () => {
    const npu = (17 * 8 + 3) * 8 + 5;
    const place = nodePlace(cluster, floor, face, npu);
    const rect = faceCellRect({ kind: 'npu', server: 3, slot: 5 }, face);
    const cx = floor.computeCabinetXZ[34];
    const cz = floor.computeCabinetXZ[35];
    expect(place.cabinet).toBe('cab:17');
    expect(place.onDoor).toBe(true);
    expect(place.point[0]).toBeCloseTo(cx + ((rect.u0 + rect.u1) / 2 - 0.5) * 0.6, 5);
    expect(place.point[1]).toBeCloseTo(((rect.v0 + rect.v1) / 2) * CABINET_HEIGHT_M, 5);
    expect(place.point[2]).toBeCloseTo(cz + CABINET_DEPTH_M / 2 + DOOR_ANCHOR_OFFSET_M, 5);
  });

  it('puts the backup of cabinet 5 on its door, centred, below the last server', () => {
    const place = nodePlace(cluster, floor, face, cluster.backupBase + 5);
    expect(place.cabinet).toBe('cab:5');
    expect(place.point[0]).toBeCloseTo(floor.computeCabinetXZ[10], 5);
    const lastServer = nodePlace(cluster, floor, face, (5 * 8 + 7) * 8);
    expect(place.point[1]).toBeLessThan(lastServer.point[1]);
  });

  it('puts cabinet and spine switches above their cabinets', () => {
    const lrs = nodePlace(cluster, floor, face, cluster.cabinetSwitchBase + 100);
    expect(lrs).toEqual({
      point: [
        floor.computeCabinetXZ[200],
        CABINET_HEIGHT_M + SWITCH_LIFT_M,
        floor.computeCabinetXZ[201],
      ],
      cabinet: 'cab:100',
      onDoor: false,
    });
    const hrs = nodePlace(cluster, floor, face, cluster.spineSwitchBase + 31);
    expect(hrs.cabinet).toBe('icab:31');
    expect(hrs.point[0]).toBeCloseTo(floor.interconnectCabinetXZ[62], 6);
    expect(hrs.point[2]).toBeCloseTo(floor.interconnectCabinetXZ[63], 6);
  });
});

describe('routeArcs', () => {
  // NPU in cabinet 0 → its cabinet switch → spine 3 → cabinet 77's switch → an NPU of cabinet 77.
  const from = 0;
  const to = 77 * 64 + 9;
  const nodes = [
    from,
    cluster.cabinetSwitchBase,
    cluster.spineSwitchBase + 3,
    cluster.cabinetSwitchBase + 77,
    to,
  ];
  const arcs = routeArcs(cluster, floor, face, nodes);

  it('has one arc per hop, joined end to start', () => {
    expect(arcs).toHaveLength(4);
    for (let i = 1; i < arcs.length; i++) expect(arcs[i].from).toEqual(arcs[i - 1].to);
    expect(arcs[0].from).toEqual(nodePlace(cluster, floor, face, from).point);
    expect(arcs[3].to).toEqual(nodePlace(cluster, floor, face, to).point);
  });

  it('lifts hops between cabinets above the roofs, and door-to-roof hops in front of the door', () => {
    const roof = CABINET_HEIGHT_M + SWITCH_LIFT_M;
    for (const arc of arcs.slice(1, 3)) {
      const p = new Float32Array(3);
      arcPointInto(arc, 0.5, p, 0);
      expect(p[1]).toBeGreaterThan(roof + 0.2);
    }
    const door = arcs[0].from;
    expect(arcs[0].control[2]).toBeGreaterThan(door[2]);
    expect(arcs[0].control[1]).toBeGreaterThan(roof);
  });

  it('bulges a hop between two cells of one door out in front of it', () => {
    const [arc] = routeArcs(cluster, floor, face, [0, 7]);
    const p = new Float32Array(3);
    arcPointInto(arc, 0.5, p, 0);
    expect(p[2]).toBeGreaterThan(arc.from[2] + 0.1);
    arcPointInto(arc, 0, p, 0);
    expect([...p].map((x) => +x.toFixed(4))).toEqual(arc.from.map((x) => +x.toFixed(4)));
  });
});
