import { describe, expect, it } from 'vitest';
import {
  buildCluster,
  getProfile,
  linkBetween,
  nodeId,
  parseNode,
  type Cluster,
} from '../../model';
import { createRng } from '../../sim/rng';
import { findRoute, type FabricState } from './routing';

const superNode = buildCluster(getProfile('ub-supernode-8k'));
const MIB = 1_048_576;

function node(cluster: Cluster, id: string): number {
  const parsed = parseNode(cluster, id);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.node;
}

function route(cluster: Cluster, from: string, to: string, bytes = 0, state?: FabricState) {
  const r = findRoute(cluster, state, node(cluster, from), node(cluster, to), bytes);
  if (!r.ok) throw new Error(r.reason);
  return { ...r, ids: r.nodes.map((n) => nodeId(cluster, n)) };
}

function healthy(cluster: Cluster) {
  return {
    nodeUp: new Uint8Array(cluster.nodeCount).fill(1),
    linkUp: new Uint8Array(cluster.linkCount).fill(1),
  };
}

describe('structured routes on the UB super-node (endpoint 0.6 µs, 0.2 µs per hop)', () => {
  it('same server: one X hop; 1 MiB at 56 GB/s adds 18.72 µs', () => {
    const r = route(superNode, 'cab-000/srv-0/npu-0', 'cab-000/srv-0/npu-5', MIB);
    expect(r.ids).toEqual(['cab-000/srv-0/npu-0', 'cab-000/srv-0/npu-5']);
    expect(r.hops).toBe(1);
    expect(r.bottleneckGBps).toBe(56);
    // 0.6 + 1 × 0.2 + 1,048,576 B / 56e9 B/s = 0.8 + 18.7246 µs
    expect(r.latencyUs).toBeCloseTo(0.8 + MIB / 56e3, 9);
  });

  it('same slot on two servers of a cabinet: one Y hop', () => {
    const r = route(superNode, 'cab-003/srv-1/npu-4', 'cab-003/srv-6/npu-4');
    expect(r.ids).toEqual(['cab-003/srv-1/npu-4', 'cab-003/srv-6/npu-4']);
    expect(r.latencyUs).toBeCloseTo(0.8, 12);
  });

  it('same cabinet, other server and slot: X then Y, two hops, 1.0 µs', () => {
    const r = route(superNode, 'cab-000/srv-0/npu-0', 'cab-000/srv-3/npu-5');
    expect(r.ids).toEqual(['cab-000/srv-0/npu-0', 'cab-000/srv-0/npu-5', 'cab-000/srv-3/npu-5']);
    expect(r.hops).toBe(2);
    expect(r.latencyUs).toBeCloseTo(1.0, 12);
    expect(r.method).toBe('structured');
  });

  it('cabinets in one pod row: uplink, rack-to-rack link, downlink — 3 hops, 224 GB/s bottleneck', () => {
    const r = route(superNode, 'cab-000/srv-0/npu-0', 'cab-002/srv-7/npu-7', MIB);
    expect(r.ids).toEqual([
      'cab-000/srv-0/npu-0',
      'cab-000/lrs',
      'cab-002/lrs',
      'cab-002/srv-7/npu-7',
    ]);
    expect(r.bottleneckGBps).toBe(224);
    expect(r.latencyUs).toBeCloseTo(0.6 + 3 * 0.2 + MIB / 224e3, 9);
  });

  it('other row and column of a pod: row first through the corner cabinet — 4 hops', () => {
    // cab-005 is row 1, column 1 of pod 0; the corner in cab-000's row and cab-005's column is cab-001.
    const r = route(superNode, 'cab-000/srv-0/npu-0', 'cab-005/srv-0/npu-0');
    expect(r.ids).toEqual([
      'cab-000/srv-0/npu-0',
      'cab-000/lrs',
      'cab-001/lrs',
      'cab-005/lrs',
      'cab-005/srv-0/npu-0',
    ]);
    expect(r.hops).toBe(4);
  });

  it('across pods: through one spine switch at 112 GB/s — 4 hops, 1.4 µs + bytes / 112 GB/s', () => {
    const r = route(superNode, 'cab-000/srv-0/npu-0', 'cab-100/srv-2/npu-3', MIB);
    expect(r.hops).toBe(4);
    expect(r.ids[2]).toMatch(/^icab-\d\d\/hrs$/);
    expect(r.bottleneckGBps).toBe(112);
    expect(r.latencyUs).toBeCloseTo(1.4 + MIB / 112e3, 9);
  });

  it('spreads flows over spine switches by endpoint hash, the same both ways', () => {
    const spines = new Set<string>();
    for (let k = 0; k < 64; k++) {
      const a = `cab-000/srv-0/npu-${k % 8}`;
      const b = `cab-0${20 + (k >> 3)}/srv-1/npu-2`;
      const there = route(superNode, a, b);
      const back = route(superNode, b, a);
      expect(back.ids[2]).toBe(there.ids[2]);
      spines.add(there.ids[2]);
    }
    expect(spines.size).toBeGreaterThan(16);
  });
});

describe('routes around failures', () => {
  it('takes Y then X when the X-first relay is down', () => {
    const state = healthy(superNode);
    state.nodeUp[node(superNode, 'cab-000/srv-0/npu-5')] = 0;
    const r = route(superNode, 'cab-000/srv-0/npu-0', 'cab-000/srv-3/npu-5', 0, state);
    expect(r.ids).toEqual(['cab-000/srv-0/npu-0', 'cab-000/srv-3/npu-0', 'cab-000/srv-3/npu-5']);
    expect(r.method).toBe('alternate');
  });

  it('detours around a failed direct link and never uses it', () => {
    const state = healthy(superNode);
    const a = node(superNode, 'cab-000/srv-0/npu-0');
    const b = node(superNode, 'cab-000/srv-0/npu-1');
    const direct = linkBetween(superNode, a, b);
    state.linkUp[direct] = 0;
    const r = findRoute(superNode, state, a, b, 0);
    expect(r.ok && r.hops).toBe(2);
    expect(r.ok && r.links.includes(direct)).toBe(false);
  });

  it('refuses failed endpoints and unknown nodes with a reason', () => {
    const state = healthy(superNode);
    state.nodeUp[7] = 0;
    expect(findRoute(superNode, state, 0, 7)).toEqual({
      ok: false,
      reason: 'the destination is down',
    });
    expect(findRoute(superNode, undefined, 0, superNode.nodeCount)).toMatchObject({ ok: false });
    expect(findRoute(superNode, undefined, 3, 3)).toMatchObject({ ok: false });
  });

  it('never crosses a failed node or link (random failures, random pairs)', () => {
    const rng = createRng(7);
    const state = healthy(superNode);
    for (let i = 0; i < 3000; i++) state.linkUp[rng.int(superNode.linkCount)] = 0;
    for (let i = 0; i < 300; i++) state.nodeUp[rng.int(superNode.npuCount)] = 0;
    for (let trial = 0; trial < 400; trial++) {
      const from = rng.int(superNode.npuCount);
      const to = rng.int(superNode.npuCount);
      const r = findRoute(superNode, state, from, to, 4096);
      if (!r.ok) continue;
      for (const n of r.nodes) expect(state.nodeUp[n]).toBe(1);
      for (const l of r.links) expect(state.linkUp[l]).toBe(1);
      expect(r.nodes[0]).toBe(from);
      expect(r.nodes[r.nodes.length - 1]).toBe(to);
      expect(r.hops).toBe(r.links.length);
    }
  });
});

describe('other profiles', () => {
  it('Ascend 910B: HCCS inside a server, RoCE through the rack switch between servers', () => {
    const c = buildCluster(getProfile('ascend-910b-infer'));
    const inServer = route(c, 'cab-000/srv-0/npu-0', 'cab-000/srv-0/npu-7', MIB);
    expect(inServer.hops).toBe(1);
    expect(inServer.latencyUs).toBeCloseTo(2.2 + 0.5 + MIB / 56e3, 9);
    const acrossServers = route(c, 'cab-000/srv-0/npu-0', 'cab-000/srv-1/npu-0', MIB);
    expect(acrossServers.ids).toEqual([
      'cab-000/srv-0/npu-0',
      'cab-000/lrs',
      'cab-000/srv-1/npu-0',
    ]);
    expect(acrossServers.latencyUs).toBeCloseTo(2.2 + 2 * 0.5 + MIB / 25e3, 9);
    const acrossRacks = route(c, 'cab-000/srv-0/npu-0', 'cab-003/srv-0/npu-0');
    expect(acrossRacks.ids).toEqual([
      'cab-000/srv-0/npu-0',
      'cab-000/lrs',
      'icab-00/hrs',
      'cab-003/lrs',
      'cab-003/srv-0/npu-0',
    ]);
  });

  it('H100: NVLink through the server switch; GPUs never relay a detour', () => {
    const c = buildCluster(getProfile('h100-roce'));
    const r = route(c, 'cab-000/srv-0/npu-0', 'cab-000/srv-0/npu-3', MIB);
    expect(r.ids).toEqual(['cab-000/srv-0/npu-0', 'cab-000/srv-0/nvs', 'cab-000/srv-0/npu-3']);
    expect(r.bottleneckGBps).toBe(450);
    const state = healthy(c);
    state.nodeUp[node(c, 'cab-000/lrs')] = 0;
    const cut = findRoute(c, state, node(c, 'cab-000/srv-0/npu-0'), node(c, 'cab-000/srv-1/npu-0'));
    expect(cut.ok).toBe(false);
  });
});
