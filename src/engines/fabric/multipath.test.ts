import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile, LinkKind } from '../../model';
import { createRng } from '../../sim/rng';
import { ecmpCollisions, ecmpExpectedMaxLoadApprox, ecmpExpectedUsedFraction } from './multipath';
import { generateFlows, TrafficModel, type PhysicalState } from './traffic';

const superNode = buildCluster(getProfile('ub-supernode-8k'));
const healthyView = () => ({
  nodeUp: new Uint8Array(superNode.nodeCount).fill(1),
  linkUp: new Uint8Array(superNode.linkCount).fill(1),
});
const physical = (): PhysicalState => ({
  nodeAlive: new Uint8Array(superNode.nodeCount).fill(1),
  linkAlive: new Uint8Array(superNode.linkCount).fill(1),
  linkCapacity: new Float32Array(superNode.linkCount).fill(1),
});

describe('ECMP collisions against the closed form (reference §2.3)', () => {
  it('m = n flows use ≈ 63 % of the paths: 64.4 % at n = 16, 63.3 % at n = 256', () => {
    expect(ecmpExpectedUsedFraction(16, 16)).toBeCloseTo(0.644, 3);
    expect(ecmpExpectedUsedFraction(256, 256)).toBeCloseTo(0.633, 3);
    expect(ecmpExpectedUsedFraction(1e6, 1e6)).toBeCloseTo(1 - 1 / Math.E, 5);
  });

  it('seeded hashing reproduces the closed form within sampling error', () => {
    for (const [n, m] of [
      [16, 16],
      [32, 64],
      [256, 256],
    ]) {
      const stats = ecmpCollisions(n, m, 4000, createRng(n * 31 + m));
      // Standard error of a mean of 4,000 shares is < 0.2 %.
      expect(Math.abs(stats.usedFraction - stats.expectedUsedFraction)).toBeLessThan(0.005);
    }
  });

  it('the fullest path carries several flows: hot-link factor ≈ ln n / ln ln n at m = n', () => {
    const stats = ecmpCollisions(256, 256, 2000, createRng(4));
    // Balls into bins: the max load at m = n grows like ln n / ln ln n (≈ 3.2 at 256) — within a
    // constant factor; the measured mean max is about 4.4.
    expect(stats.meanMaxLoad).toBeGreaterThan(ecmpExpectedMaxLoadApprox(256));
    expect(stats.meanMaxLoad).toBeLessThan(2 * ecmpExpectedMaxLoadApprox(256));
    expect(stats.hotLinkFactor).toBeCloseTo(stats.meanMaxLoad, 12);
    // ≈ 1 − 1/e² of the flows collide when m = n: P(another flow shares the path) = 1 − (1 − 1/n)^(m−1).
    expect(stats.collidingFlowFraction).toBeCloseTo(1 - Math.pow(1 - 1 / 256, 255), 2);
  });
});

describe('background traffic under ECMP and all-path routing', () => {
  it('cross-pod flows hashed over the 32 spines use them as the closed form says', () => {
    // One flow from each NPU of cab-000 to an NPU in another pod: 64 flows, 32 equal-cost spines.
    const flows = {
      src: Int32Array.from({ length: 64 }, (_, i) => i),
      dst: Int32Array.from({ length: 64 }, (_, i) => 64 * 64 + i * 7),
      rate: new Float64Array(64).fill(10),
    };
    const model = new TrafficModel(superNode, flows, 'ecmp');
    model.routeAll(healthyView());
    const spines = new Set<number>();
    for (let f = 0; f < 64; f++) {
      const links = model.pathLinks(f);
      expect(links).toHaveLength(4);
      spines.add(superNode.linkB[links[1]]);
    }
    // Expected 32 × (1 − (1 − 1/32)^64) = 27.9 spines; a seeded hash lands near it.
    expect(Math.abs(spines.size - 32 * ecmpExpectedUsedFraction(32, 64))).toBeLessThan(4);
  });

  it('all-path routing evens out the spine load that ECMP piles up', () => {
    const flows = generateFlows(
      superNode,
      { pattern: 'uniform', offeredGBps: 20, hotSpot: 0, hotSpotShare: 0 },
      createRng(8),
    );
    const stats = (policy: 'ecmp' | 'apr') => {
      const model = new TrafficModel(superNode, flows, policy);
      model.routeAll(healthyView());
      return model.stats(physical());
    };
    const ecmp = stats('ecmp');
    const apr = stats('apr');
    expect(ecmp.flows).toBe(8192);
    expect(apr.hotLinkFactor).toBeLessThan(ecmp.hotLinkFactor);
    expect(apr.maxLinkLoad).toBeLessThan(ecmp.maxLinkLoad);
    // The hottest links are spine links under ECMP (112 GB/s, shared by hashing).
    expect(superNode.linkKind[ecmp.hotLinks[0].link]).toBe(LinkKind.Spine);
  });

  it('patterns: uniform and permutation send one flow per NPU, all-to-all 63 per NPU inside its cabinet', () => {
    const spec = { offeredGBps: 63, hotSpot: 5, hotSpotShare: 0.1 };
    const uniform = generateFlows(superNode, { ...spec, pattern: 'uniform' }, createRng(1));
    expect(uniform.src.length).toBe(8192);
    for (let f = 0; f < uniform.src.length; f++) expect(uniform.dst[f]).not.toBe(uniform.src[f]);
    const perm = generateFlows(superNode, { ...spec, pattern: 'permutation' }, createRng(1));
    expect(new Set(perm.dst).size).toBe(8192);
    for (let f = 0; f < perm.src.length; f++) expect(perm.dst[f]).not.toBe(perm.src[f]);
    const a2a = generateFlows(superNode, { ...spec, pattern: 'cabinet-all-to-all' }, createRng(1));
    expect(a2a.src.length).toBe(8192 * 63);
    expect(a2a.rate[0]).toBe(1);
    for (let f = 0; f < a2a.src.length; f += 997)
      expect(superNode.npuCabinet[a2a.dst[f]]).toBe(superNode.npuCabinet[a2a.src[f]]);
    const hot = generateFlows(superNode, { ...spec, pattern: 'hot-spot' }, createRng(1));
    expect(hot.src.length).toBe(2 * 8191);
    expect(hot.dst.filter((d) => d === 5).length).toBeGreaterThanOrEqual(8191);
    expect(generateFlows(superNode, { ...spec, pattern: 'none' }, createRng(1)).src.length).toBe(0);
    // Seeded: the same stream gives the same flows.
    expect(generateFlows(superNode, { ...spec, pattern: 'uniform' }, createRng(1)).dst).toEqual(
      uniform.dst,
    );
  });
});
