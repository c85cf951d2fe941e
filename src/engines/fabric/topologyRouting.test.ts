import { describe, expect, it } from 'vitest';
import {
  buildCluster,
  getProfile,
  nodeId,
  otherEnd,
  parseNode,
  SwitchRole,
  switchRoleOf,
  type Cluster,
} from '../../model';
import { createRng } from '../../sim/rng';
import { availabilityEstimate, interconnectInventory } from './availability';
import { clusterHeartbeatScale } from './detection';
import { choosePath, shortestPathChoice } from './multipath';
import { fatTreePaths, findRoute, structuredCandidates, type FabricState } from './routing';
import { fatTree, fatTreeFlatTableSizes, fatTreeTablesOf, fatTreeTableSizes } from './tables';

const tree = buildCluster(getProfile('fat-tree-8k'));
const torus = buildCluster(getProfile('lab-torus-3x3'));

const node = (c: Cluster, id: string) => {
  const p = parseNode(c, id);
  if (!p.ok) throw new Error(p.reason);
  return p.node;
};
const healthy = (c: Cluster) => ({
  nodeUp: new Uint8Array(c.nodeCount).fill(1),
  linkUp: new Uint8Array(c.linkCount).fill(1),
});

/**
 * Number of minimal paths between two nodes counted on the graph itself (breadth-first layers,
 * path counts summed layer by layer), with only switches relaying: an independent check of the
 * structured candidates.
 */
function countShortestPaths(c: Cluster, from: number, to: number) {
  const dist = new Int32Array(c.nodeCount).fill(-1);
  const ways = new Float64Array(c.nodeCount);
  const queue = [from];
  dist[from] = 0;
  ways[from] = 1;
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head];
    if (n !== from && n < c.serverSwitchBase) continue;
    for (let k = c.adjOffset[n]; k < c.adjOffset[n + 1]; k++) {
      const m = otherEnd(c, c.adjLink[k], n);
      if (dist[m] < 0) {
        dist[m] = dist[n] + 1;
        queue.push(m);
      }
      if (dist[m] === dist[n] + 1) ways[m] += ways[n];
    }
  }
  return { hops: dist[to], paths: ways[to] };
}

describe('fat tree routing (k = 32)', () => {
  const host = (id: string) => node(tree, id);
  const pairs = {
    'same edge switch': [host('cab-000/srv-0/npu-0'), host('cab-000/srv-1/npu-7')],
    'same pod, other edge switch': [host('cab-000/srv-0/npu-0'), host('cab-003/srv-7/npu-7')],
    'other pod': [host('cab-000/srv-0/npu-0'), host('cab-127/srv-7/npu-7')],
  } as const;

  it('gives 1, k/2 = 16 and (k/2)² = 256 equal-cost paths, as counted on the graph', () => {
    const counts = Object.values(pairs).map(([a, b]) => {
      const candidates = structuredCandidates(tree, a, b);
      const distinct = new Set(candidates.map((p) => p.join(',')));
      const graph = countShortestPaths(tree, a, b);
      for (const p of candidates) expect(p.length - 1).toBe(graph.hops);
      expect(distinct.size).toBe(candidates.length);
      expect(graph.paths).toBe(candidates.length);
      return [candidates.length, graph.hops];
    });
    expect(counts).toEqual([
      [1, 2],
      [16, 4],
      [256, 6],
    ]);
  });

  it('crosses pods through a core switch, up and down through aggregation switches of one column', () => {
    const [a, b] = pairs['other pod'];
    const r = findRoute(tree, undefined, a, b, 0);
    if (!r.ok) throw new Error(r.reason);
    expect(r.method).toBe('structured');
    expect(r.nodes.map((n) => (n < tree.npuCount ? 'host' : switchRoleOf(tree, n)))).toEqual([
      'host',
      SwitchRole.Edge,
      SwitchRole.Aggregation,
      SwitchRole.Core,
      SwitchRole.Aggregation,
      SwitchRole.Edge,
      'host',
    ]);
    // 2.2 µs endpoint + 6 hops × 0.5 µs (fat-tree-8k profile).
    expect(r.latencyUs).toBeCloseTo(5.2, 9);
    expect(r.bottleneckGBps).toBeCloseTo(48.5, 5);
  });

  it('ECMP hashes flows over all 256 cores between two pods; a flow keeps its path', () => {
    const state = healthy(tree);
    const load = new Float64Array(tree.linkCount);
    const cores = new Set<number>();
    const [a, b] = pairs['other pod'];
    for (let flow = 0; flow < 4096; flow++) {
      const p = choosePath(tree, state, 'ecmp', flow, a, b, 1, load);
      if (!p) throw new Error('no path');
      cores.add(p.nodes[3]);
      expect(choosePath(tree, state, 'ecmp', flow, a, b, 1, load)?.nodes).toEqual(p.nodes);
    }
    // 4,096 flows over 256 paths leave a path unused with probability (255/256)^4096 ≈ 1e-7.
    expect(cores.size).toBe(256);
  });

  it('APR spreads equal flows one per path until every core carries one', () => {
    const state = healthy(tree);
    const load = new Float64Array(tree.linkCount);
    const [a, b] = pairs['other pod'];
    const cores = new Set<number>();
    for (let flow = 0; flow < 16; flow++) {
      const p = choosePath(tree, state, 'apr', flow, a, b, 10, load);
      if (!p) throw new Error('no path');
      for (const l of p.links) load[l] += 10;
      cores.add(p.nodes[3]);
    }
    // The host links are shared by all; above them APR takes a fresh aggregation switch each time.
    expect(new Set([...cores].map((c) => Math.floor((c - tree.spineSwitchBase) / 16))).size).toBe(
      16,
    );
  });

  it('never crosses a failed switch or link (random failures, random pairs, both policies)', () => {
    const rng = createRng(32);
    const state: FabricState = healthy(tree);
    for (let i = 0; i < 1500; i++) state.linkUp[tree.npuCount + rng.int(2 * tree.npuCount)] = 0;
    for (let i = 0; i < 60; i++)
      state.nodeUp[tree.cabinetSwitchBase + rng.int(tree.nodeCount - tree.cabinetSwitchBase)] = 0;
    const load = new Float64Array(tree.linkCount);
    let routed = 0;
    for (let trial = 0; trial < 400; trial++) {
      const from = rng.int(tree.npuCount);
      const to = rng.int(tree.npuCount);
      const r = findRoute(tree, state, from, to, 4096);
      const choices = [
        choosePath(tree, state, 'ecmp', trial, from, to, 1, load),
        choosePath(tree, state, 'apr', trial, from, to, 1, load),
      ];
      if (!r.ok) {
        // Only a failure that really cuts the pair off may leave it unrouted.
        expect(choices).toEqual([undefined, undefined]);
        continue;
      }
      routed++;
      for (const path of [r, ...choices]) {
        if (!path) throw new Error(`${nodeId(tree, from)} → ${nodeId(tree, to)}: no multipath`);
        for (const n of path.nodes) expect(state.nodeUp[n]).toBe(1);
        for (const l of path.links) expect(state.linkUp[l]).toBe(1);
        expect(path.nodes[0]).toBe(from);
        expect(path.nodes[path.nodes.length - 1]).toBe(to);
      }
    }
    expect(routed).toBeGreaterThan(300);
  });

  it('falls back to the next equal-cost path when the hashed core is down', () => {
    const [a, b] = pairs['other pod'];
    const first = findRoute(tree, undefined, a, b);
    if (!first.ok) throw new Error(first.reason);
    const state = healthy(tree);
    state.nodeUp[first.nodes[3]] = 0;
    const r = findRoute(tree, state, a, b);
    if (!r.ok) throw new Error(r.reason);
    expect(r.method).toBe('alternate');
    expect(r.hops).toBe(6);
    expect(r.nodes).not.toContain(first.nodes[3]);
    // An edge switch down cuts its 16 hosts off: a fat tree has one uplink per host.
    state.nodeUp[first.nodes[1]] = 0;
    expect(findRoute(tree, state, a, b).ok).toBe(false);
  });

  it('counts its tables on the built cluster, agreeing with the closed forms', () => {
    const built = fatTreeTablesOf(tree);
    const closed = fatTreeTableSizes(32);
    expect(built.structured).toMatchObject({
      entriesPerNode: closed.entriesPerNode,
      tables: closed.tables,
      totalEntries: closed.totalEntries,
    });
    expect(built.structured.totalEntries).toBe(1280 * 32);
    const flat = fatTreeFlatTableSizes(32);
    expect([built.flat.tables, built.flat.totalEntries]).toEqual([flat.tables, flat.totalEntries]);
    expect(fatTree(32).links).toBe(tree.linkCount);
    expect(fatTreePaths(tree, 0, 8191)?.count).toBe(256);
  });

  it('heartbeat and availability see hosts, 144 cabinet agents, 1,280 switches', () => {
    expect(clusterHeartbeatScale(tree)).toEqual({
      endpoints: 8192,
      agents: 128 + 16,
      endpointsPerAgent: 64,
    });
    const inventory = interconnectInventory(tree);
    // Optical: every aggregation–core link (8,192) and the edge–aggregation links between two
    // cabinets of a pod (3 of 4 of them: 6,144), one 400G module at each end.
    expect(inventory.map((c) => [c.name, c.count])).toEqual([
      ['optical modules', 2 * (8192 + 6144)],
      ['electrical links', 8192 + 2048],
      ['switches', 1280],
    ]);
    expect(availabilityEstimate(tree).mtbfHours).toBeGreaterThan(0);
  });
});

describe('custom topology routing (3 × 3 torus)', () => {
  it('routes by shortest path over the torus and labels it as the route', () => {
    const a = node(torus, 'cab-000/srv-0/npu-0');
    const b = node(torus, 'cab-004/srv-1/npu-3');
    const r = findRoute(torus, undefined, a, b);
    if (!r.ok) throw new Error(r.reason);
    expect(r.method).toBe('structured');
    // Up, two torus hops (diagonal neighbour), down.
    expect(r.hops).toBe(4);
    expect(countShortestPaths(torus, a, b)).toEqual({ hops: 4, paths: 2 });
  });

  it('ECMP uses both minimal paths; a failed torus link turns the route into a detour', () => {
    const a = node(torus, 'cab-000/srv-0/npu-0');
    const b = node(torus, 'cab-004/srv-1/npu-3');
    const state = healthy(torus);
    const via = new Set<string>();
    for (let flow = 0; flow < 64; flow++) {
      const p = shortestPathChoice(torus, state, 'ecmp', flow, a, b, 1, undefined);
      if (!p) throw new Error('no path');
      expect(p.links.length).toBe(4);
      via.add(nodeId(torus, p.nodes[2]));
    }
    expect([...via].sort()).toEqual(['cab-001/tor', 'cab-003/tor']);

    // Cut cab-000's right and lower torus links: the route must go round the other way.
    for (const [x, y] of [
      ['cab-000/tor', 'cab-001/tor'],
      ['cab-000/tor', 'cab-003/tor'],
    ]) {
      const ix = node(torus, x);
      const iy = node(torus, y);
      for (let l = 0; l < torus.linkCount; l++)
        if (
          (torus.linkA[l] === ix && torus.linkB[l] === iy) ||
          (torus.linkA[l] === iy && torus.linkB[l] === ix)
        )
          state.linkUp[l] = 0;
    }
    const r = findRoute(torus, state, a, b);
    if (!r.ok) throw new Error(r.reason);
    expect(r.method).toBe('detour');
    expect(r.hops).toBe(5);
    for (const l of r.links) expect(state.linkUp[l]).toBe(1);
    const p = choosePath(torus, state, 'apr', 1, a, b, 1, new Float64Array(torus.linkCount));
    expect(p?.links.length).toBe(5);
    for (const l of p?.links ?? []) expect(state.linkUp[l]).toBe(1);
  });
});
