import { describe, expect, it } from 'vitest';
import { clusterFor } from '../../engines/clusterCache';
import { findRoute } from '../../engines/fabric/routing';
import { routeTerms } from './routeTerms';

const cluster = clusterFor('ub-supernode-8k');

describe('routeTerms', () => {
  it('splits the latency into endpoint + hops × per-hop + bytes / bottleneck', () => {
    // 1 MiB over 4 hops with a 112 GB/s spine bottleneck: 0.6 + 0.8 + 1,048,576 / 112,000 µs.
    const terms = routeTerms(cluster, { hops: 4, bytes: 1 << 20, bottleneckGBps: 112 });
    expect(terms.endpointUs).toBe(0.6);
    expect(terms.perHopUs).toBe(0.2);
    expect(terms.hopsUs).toBeCloseTo(0.8, 12);
    expect(terms.transferUs).toBeCloseTo(9.362286, 5);
    expect(terms.totalUs).toBeCloseTo(10.762286, 5);
  });

  it('adds up to the fabric engine’s own latency for a real route', () => {
    const route = findRoute(cluster, undefined, 0, (17 * 8 + 3) * 8 + 5, 1 << 20);
    if (!route.ok) throw new Error(route.reason);
    expect(routeTerms(cluster, route).totalUs).toBeCloseTo(route.latencyUs, 9);
  });

  it('has no transfer term for an empty message', () => {
    expect(routeTerms(cluster, { hops: 1, bytes: 0, bottleneckGBps: 56 }).totalUs).toBeCloseTo(
      0.8,
      12,
    );
  });
});
