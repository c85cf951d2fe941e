import { describe, expect, it } from 'vitest';
import type { Cluster } from './cluster';
import { CABINET_DEPTH_M, CABINET_WIDTH_M, floorLayout, type FloorLayout } from './layout';
import { getProfile, PROFILES } from './profiles';
import { buildCluster } from './topology';

/** Float32 centres: allow a tenth of a millimetre. */
const EPS = 1e-4;

interface Footprint {
  readonly name: string;
  readonly x0: number;
  readonly x1: number;
  readonly z0: number;
  readonly z1: number;
}

function footprints(cluster: Cluster, layout: FloorLayout): Footprint[] {
  const out: Footprint[] = [];
  const add = (name: string, x: number, z: number) =>
    out.push({
      name,
      x0: x - CABINET_WIDTH_M / 2,
      x1: x + CABINET_WIDTH_M / 2,
      z0: z - CABINET_DEPTH_M / 2,
      z1: z + CABINET_DEPTH_M / 2,
    });
  for (let c = 0; c < cluster.computeCabinetCount; c++)
    add(`cab ${c}`, layout.computeCabinetXZ[2 * c], layout.computeCabinetXZ[2 * c + 1]);
  for (let i = 0; i < cluster.interconnectCabinetCount; i++)
    add(`icab ${i}`, layout.interconnectCabinetXZ[2 * i], layout.interconnectCabinetXZ[2 * i + 1]);
  return out;
}

const overlap = (a: Footprint, b: Footprint) =>
  a.x0 < b.x1 - EPS && b.x0 < a.x1 - EPS && a.z0 < b.z1 - EPS && b.z0 < a.z1 - EPS;

describe('floorLayout', () => {
  for (const id of PROFILES.keys()) {
    it(`${id}: every cabinet inside width × depth, no two overlapping`, () => {
      const cluster = buildCluster(getProfile(id));
      const layout = floorLayout(cluster);
      const all = footprints(cluster, layout);
      expect(all.length).toBe(cluster.computeCabinetCount + cluster.interconnectCabinetCount);
      expect(layout.computeCabinetXZ.length).toBe(2 * cluster.computeCabinetCount);
      expect(layout.interconnectCabinetXZ.length).toBe(2 * cluster.interconnectCabinetCount);
      for (const f of all) {
        const inside =
          f.x0 >= -layout.width / 2 - EPS &&
          f.x1 <= layout.width / 2 + EPS &&
          f.z0 >= -layout.depth / 2 - EPS &&
          f.z1 <= layout.depth / 2 + EPS;
        if (!inside) throw new Error(`${f.name} sticks out of ${layout.width} × ${layout.depth}`);
      }
      for (let i = 0; i < all.length; i++)
        for (let j = i + 1; j < all.length; j++)
          if (overlap(all[i], all[j])) throw new Error(`${all[i].name} overlaps ${all[j].name}`);
    });
  }

  it('the super-node: pods in two banks with the spine row between them', () => {
    const cluster = buildCluster(getProfile('ub-supernode-8k'));
    const layout = floorLayout(cluster);
    const z = (c: number) => layout.computeCabinetXZ[2 * c + 1];
    const spineZ = Array.from({ length: 32 }, (_, i) => layout.interconnectCabinetXZ[2 * i + 1]);
    const northMax = Math.max(...Array.from({ length: 64 }, (_, c) => z(c)));
    const southMin = Math.min(...Array.from({ length: 64 }, (_, c) => z(64 + c)));
    expect(northMax).toBeLessThan(Math.min(...spineZ));
    expect(Math.max(...spineZ)).toBeLessThan(southMin);
    // Within a pod, columns go east and rows go south.
    expect(layout.computeCabinetXZ[2 * 1]).toBeCloseTo(
      layout.computeCabinetXZ[0] + CABINET_WIDTH_M,
      4,
    );
    expect(z(4)).toBeGreaterThan(z(0));
    // The room is tens of metres, not kilometres: a camera sanity bound.
    expect(layout.width).toBeGreaterThan(10);
    expect(layout.width).toBeLessThan(60);
    expect(layout.depth).toBeGreaterThan(10);
    expect(layout.depth).toBeLessThan(60);
  });

  it('is deterministic', () => {
    const cluster = buildCluster(getProfile('ub-pod-1k'));
    expect(floorLayout(cluster)).toEqual(floorLayout(cluster));
  });

  it('the fat tree: 32 pods in rows of 8, two rows a bank, the core row between the banks', () => {
    const cluster = buildCluster(getProfile('fat-tree-8k'));
    const layout = floorLayout(cluster);
    const z = (c: number) => layout.computeCabinetXZ[2 * c + 1];
    // 8 pods × 4 cabinets × 0.6 m + 7 gaps × 2.4 m = 36 m, instead of a 74 m strip of 16 pods.
    expect(layout.width).toBeCloseTo(8 * 4 * CABINET_WIDTH_M + 7 * 2.4, 5);
    const spineZ = Array.from({ length: 16 }, (_, i) => layout.interconnectCabinetXZ[2 * i + 1]);
    // Pods 0–7 next to the core row, pods 8–15 behind them; pods 16–23 and 24–31 mirror them south.
    expect(z(8 * 4)).toBeLessThan(z(0));
    expect(z(0)).toBeLessThan(Math.min(...spineZ));
    expect(Math.max(...spineZ)).toBeLessThan(z(16 * 4));
    expect(z(16 * 4)).toBeLessThan(z(24 * 4));
  });
});
