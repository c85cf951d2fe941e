import { describe, expect, it } from 'vitest';
import { clusterFor } from '../../engines/clusterCache';
import { LinkKind, linkBetween } from '../../model';
import { Health, type FabricFrame } from '../../sim/frame';
import {
  cabinetNodes,
  linkCounts,
  meshNeighbours,
  npuGroupStats,
  npuNodes,
  npuPosition,
  npuRange,
  podNodes,
  serverNodes,
  spineNodes,
  worstHealth,
} from './entityFacts';

const cluster = clusterFor('ub-supernode-8k');
const npuAt = (cab: number, srv: number, slot: number) => (cab * 8 + srv) * 8 + slot;

const blankFrame = (): FabricFrame => ({
  engine: 'fabric',
  timeUs: 0,
  npuHealth: new Uint8Array(cluster.npuCount),
  npuLoad: new Float32Array(cluster.npuCount),
  npuHbmUsedGB: new Float32Array(cluster.npuCount),
  linkUp: new Uint8Array(cluster.linkCount).fill(1),
  linkLoad: new Float32Array(cluster.linkCount),
  series: [],
  log: [],
});

const byKind = (counts: ReturnType<typeof linkCounts>) =>
  Object.fromEntries(counts.map((c) => [c.name, [c.count, c.down]]));

describe('npuPosition', () => {
  it('places cab-017/srv-3/npu-5 in pod 1, row 0, col 1', () => {
    expect(npuPosition(cluster, npuAt(17, 3, 5))).toEqual({
      pod: 1,
      cabinet: 17,
      row: 0,
      col: 1,
      server: 3,
      slot: 5,
    });
    expect(npuPosition(cluster, npuAt(127, 7, 7))).toEqual({
      pod: 7,
      cabinet: 127,
      row: 3,
      col: 3,
      server: 7,
      slot: 7,
    });
  });
});

describe('meshNeighbours', () => {
  it('gives an NPU its 7 X (same server) and 7 Y (same slot) neighbours', () => {
    const npu = npuAt(17, 3, 5);
    const neighbours = meshNeighbours(cluster, npu);
    expect(neighbours).toHaveLength(14);
    expect(neighbours.filter((n) => n.axis === 'X').map((n) => n.npu)).toEqual(
      [0, 1, 2, 3, 4, 6, 7].map((slot) => npuAt(17, 3, slot)),
    );
    expect(neighbours.filter((n) => n.axis === 'Y').map((n) => n.npu)).toEqual(
      [0, 1, 2, 4, 5, 6, 7].map((srv) => npuAt(17, srv, 5)),
    );
    for (const n of neighbours) expect(linkBetween(cluster, npu, n.npu)).toBe(n.link);
  });
});

describe('linkCounts', () => {
  it('counts an NPU’s 15 links by kind and the ones down', () => {
    const npu = npuAt(17, 3, 5);
    const frame = blankFrame();
    frame.linkUp[linkBetween(cluster, npu, npuAt(17, 6, 5))] = 0;
    expect(byKind(linkCounts(cluster, frame, npuNodes(npu)))).toEqual({
      'intra-server': [7, 0],
      'intra-cabinet': [7, 1],
      uplink: [1, 0],
    });
  });

  it('counts links inside an entity once', () => {
    // A server: 28 X-links inside, 8 × 7 Y-links and 8 uplinks leaving it.
    expect(byKind(linkCounts(cluster, undefined, serverNodes(cluster, 17 * 8 + 3)))).toEqual({
      'intra-server': [28, 0],
      'intra-cabinet': [56, 0],
      uplink: [8, 0],
    });
    // A cabinet: 8 servers × 28 X, 8 slots × 28 Y, 64 + 1 uplinks, 6 pod-mesh links, 32 spine links.
    expect(byKind(linkCounts(cluster, undefined, cabinetNodes(cluster, 17)))).toEqual({
      'intra-server': [224, 0],
      'intra-cabinet': [224, 0],
      uplink: [64, 0],
      'backup-uplink': [1, 0],
      'cabinet-mesh': [6, 0],
      spine: [32, 0],
    });
    // A pod: its 4 × 4 cabinet mesh has 48 links, all inside.
    expect(
      linkCounts(cluster, undefined, podNodes(cluster, 2)).find(
        (c) => c.kind === LinkKind.CabinetMesh,
      )?.count,
    ).toBe(48);
    // A spine switch reaches all 128 cabinet switches.
    expect(byKind(linkCounts(cluster, undefined, spineNodes(cluster, 4)))).toEqual({
      spine: [128, 0],
    });
  });
});

describe('npuGroupStats', () => {
  it('counts health, averages load and sums HBM against the profile capacity', () => {
    const frame = blankFrame();
    const [first, end] = npuRange(cluster, 'server', 17 * 8 + 3);
    expect([first, end]).toEqual([npuAt(17, 3, 0), npuAt(17, 4, 0)]);
    for (let n = first; n < end; n++) {
      frame.npuLoad[n] = 0.5;
      frame.npuHbmUsedGB[n] = 100;
    }
    frame.npuHealth[first] = Health.Failed;
    frame.npuLoad[first] = 0;
    const stats = npuGroupStats(cluster, frame, first, end);
    expect(stats.npus).toBe(8);
    expect(stats.byHealth).toEqual([7, 0, 1, 0, 0]);
    expect(stats.meanLoad).toBeCloseTo(3.5 / 8, 10);
    expect(stats.hbmUsedGB).toBe(800);
    expect(stats.hbmCapacityGB).toBe(8 * 144);
    expect(worstHealth(stats.byHealth)).toBe(Health.Failed);
    expect(npuRange(cluster, 'pod', 1)).toEqual([1024, 2048]);
  });
});
