import { describe, expect, it } from 'vitest';
import { findRoute, type RouteResult } from '../engines/fabric/routing';
import { buildCluster, getProfile, linkId } from '../model';
import { Health } from '../sim/frame';
import { failedElementId, healthyRoute, nodesAlongLinks, routeChange, sameRoute } from './route';

const ok = (nodes: number[], latencyUs = 10.76): RouteResult => ({
  ok: true,
  from: nodes[0],
  to: nodes[nodes.length - 1],
  nodes,
  links: nodes.slice(1).map((_, i) => i),
  hops: nodes.length - 1,
  latencyUs,
  bottleneckGBps: 112,
  bytes: 1 << 20,
  method: 'structured',
});

describe('sameRoute', () => {
  it('matches answers that draw and read the same', () => {
    expect(sameRoute(ok([1, 2, 3]), ok([1, 2, 3]))).toBe(true);
    expect(sameRoute(ok([1, 2, 3]), ok([1, 4, 3]))).toBe(false);
    expect(sameRoute(ok([1, 2, 3]), ok([1, 2, 3], 11))).toBe(false);
    expect(sameRoute({ ok: false, reason: 'down' }, { ok: false, reason: 'down' })).toBe(true);
    expect(sameRoute({ ok: false, reason: 'down' }, ok([1, 2]))).toBe(false);
  });
});

describe('routeChange', () => {
  const cluster = buildCluster(getProfile('ub-supernode-8k'));
  const a = (42 * 8 + 1) * 8 + 2;
  const b = (42 * 8 + 5) * 8 + 2;
  const healthy = healthyRoute(cluster, a, b, 1 << 20);
  const frameWith = (downLinks: number[]) => {
    const linkUp = new Uint8Array(cluster.linkCount).fill(1);
    for (const l of downLinks) linkUp[l] = 0;
    return {
      engine: 'fabric' as const,
      timeUs: 0,
      npuHealth: new Uint8Array(cluster.npuCount).fill(Health.Healthy),
      npuLoad: new Float32Array(cluster.npuCount),
      npuHbmUsedGB: new Float32Array(cluster.npuCount),
      linkUp,
      linkLoad: new Float32Array(cluster.linkCount),
      series: [],
      log: [],
    };
  };

  it('says what a failed Y-link moved the route around, and by how much', () => {
    expect(healthy.ok && healthy.hops).toBe(1);
    if (!healthy.ok) return;
    const frame = frameWith([healthy.links[0]]);
    const state = { nodeUp: new Uint8Array(cluster.nodeCount).fill(1), linkUp: frame.linkUp };
    const now = findRoute(cluster, state, a, b, 1 << 20);
    const change = routeChange(cluster, healthy, now, frame);
    expect(change.kind).toBe('rerouted');
    if (change.kind !== 'rerouted' || !now.ok) return;
    expect(change.extraHops).toBe(now.hops - 1);
    expect(change.extraHops).toBeGreaterThan(0);
    expect(change.extraUs).toBeCloseTo(now.latencyUs - healthy.latencyUs, 6);
    expect(change.failed && failedElementId(cluster, change.failed)).toBe(
      linkId(cluster, healthy.links[0]),
    );
    // Back before the fault: the same path as on the healthy fabric.
    expect(routeChange(cluster, healthy, healthy, frameWith([])).kind).toBe('unchanged');
    expect(routeChange(cluster, healthy, { ok: false, reason: 'no path' }, frame).kind).toBe(
      'no-path',
    );
  });

  it('turns a sample given as links back into its nodes', () => {
    if (!healthy.ok) return;
    expect(nodesAlongLinks(cluster, a, healthy.links)).toEqual([...healthy.nodes]);
    expect(nodesAlongLinks(cluster, b + 1, healthy.links)).toBeUndefined();
  });
});
