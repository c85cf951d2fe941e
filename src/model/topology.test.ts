import { describe, expect, it } from 'vitest';
import {
  computeCabinetOfNode,
  interconnectCabinetOfNode,
  LinkKind,
  linkBetween,
  nodeKindOf,
  NodeKind,
  nodeRoleName,
  otherEnd,
  SwitchRole,
  switchesInCabinet,
  switchesInInterconnectCabinet,
  switchRoleOf,
  type Cluster,
} from './cluster';
import { linkId, nodeId, parseNode } from './ids';
import { PROFILES, getProfile } from './profiles';
import { buildCluster, countLinks } from './topology';

const clusters = new Map<string, Cluster>(
  [...PROFILES.keys()].map((id) => [id, buildCluster(getProfile(id))]),
);
const cluster = (id: string): Cluster => {
  const c = clusters.get(id);
  if (!c) throw new Error(`no profile ${id}`);
  return c;
};

const countKind = (c: Cluster, kind: LinkKind) => c.linkKind.filter((k) => k === kind).length;

/** Counts worked out by hand from each profile's layout (see the comments). */
const EXPECTED: Readonly<
  Record<
    string,
    {
      npus: number;
      servers: number;
      computeCabinets: number;
      interconnectCabinets: number;
      pods: number;
      backups: number;
      nodes: number;
      links: Readonly<Record<LinkKind, number>>;
      total: number;
    }
  >
> = {
  // 8 pods × 4 × 4 cabinets × 8 servers × 8 NPUs. X: 1,024 servers × C(8,2) = 28,672;
  // Y: 128 cabinets × 8 slots × C(8,2) = 28,672; pod mesh: 8 × (4 rows + 4 columns) × C(4,2) = 384;
  // spine: 128 × 32 = 4,096.
  'ub-supernode-8k': {
    npus: 8192,
    servers: 1024,
    computeCabinets: 128,
    interconnectCabinets: 32,
    pods: 8,
    backups: 128,
    nodes: 8192 + 128 + 128 + 32,
    links: { 0: 28_672, 1: 28_672, 2: 8192, 3: 128, 4: 384, 5: 4096, 6: 0, 7: 0 },
    total: 70_144,
  },
  // One pod: 16 cabinets. X: 128 × 28 = 3,584; Y: 16 × 8 × 28 = 3,584; pod mesh 8 × 6 = 48.
  'ub-pod-1k': {
    npus: 1024,
    servers: 128,
    computeCabinets: 16,
    interconnectCabinets: 0,
    pods: 1,
    backups: 16,
    nodes: 1024 + 16 + 16,
    links: { 0: 3584, 1: 3584, 2: 1024, 3: 16, 4: 48, 5: 0, 6: 0, 7: 0 },
    total: 8256,
  },
  // One cabinet: X 8 × 28 = 224, Y 8 × 28 = 224, no pod mesh (a 1 × 1 pod has no pairs).
  'ub-lab-1cab': {
    npus: 64,
    servers: 8,
    computeCabinets: 1,
    interconnectCabinets: 0,
    pods: 1,
    backups: 1,
    nodes: 64 + 1 + 1,
    links: { 0: 224, 1: 224, 2: 64, 3: 1, 4: 0, 5: 0, 6: 0, 7: 0 },
    total: 513,
  },
  // 4 racks × 4 servers × 8 NPUs, HCCS full mesh in a server (16 × 28 = 448), RoCE uplinks,
  // 4 rack switches × 1 spine.
  'ascend-910b-infer': {
    npus: 128,
    servers: 16,
    computeCabinets: 4,
    interconnectCabinets: 1,
    pods: 1,
    backups: 0,
    nodes: 128 + 4 + 1,
    links: { 0: 448, 1: 0, 2: 128, 3: 0, 4: 0, 5: 4, 6: 0, 7: 0 },
    total: 580,
  },
  // 16 HGX servers: each GPU to its NVSwitch (128 links), one NIC per GPU, 4 racks × 1 spine.
  'h100-roce': {
    npus: 128,
    servers: 16,
    computeCabinets: 4,
    interconnectCabinets: 1,
    pods: 1,
    backups: 0,
    nodes: 128 + 16 + 4 + 1,
    links: { 0: 128, 1: 0, 2: 128, 3: 0, 4: 0, 5: 4, 6: 0, 7: 0 },
    total: 260,
  },
  // k = 32 fat tree (1:1): k³/4 = 8,192 hosts, k pods × k/2 = 512 edge and 512 aggregation
  // switches, (k/2)² = 256 core; k³/4 host links + k pods × (k/2)² edge–aggregation + 512 × k/2
  // aggregation–core = 3 × 8,192 = 24,576. 32 pods × 4 cabinets; 16 interconnect cabinets.
  'fat-tree-8k': {
    npus: 8192,
    servers: 1024,
    computeCabinets: 128,
    interconnectCabinets: 16,
    pods: 32,
    backups: 0,
    nodes: 8192 + 512 + 512 + 256,
    links: { 0: 0, 1: 0, 2: 8192, 3: 0, 4: 0, 5: 0, 6: 32 * 16 * 16, 7: 512 * 16 },
    total: 24_576,
  },
  // 9 cabinets × 2 servers × 8 NPUs, full mesh in a server (18 × 28 = 504), one uplink per NPU to
  // its cabinet's tor (144), and a 3 × 3 torus of tors: 9 right + 9 down neighbours = 18.
  'lab-torus-3x3': {
    npus: 144,
    servers: 18,
    computeCabinets: 9,
    interconnectCabinets: 0,
    pods: 1,
    backups: 0,
    nodes: 144 + 9,
    links: { 0: 504, 1: 0, 2: 144, 3: 0, 4: 18, 5: 0, 6: 0, 7: 0 },
    total: 666,
  },
};

describe('buildCluster counts, from first principles', () => {
  it('covers every shipped profile', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...PROFILES.keys()].sort());
  });

  for (const [id, expected] of Object.entries(EXPECTED)) {
    it(`${id}: entities and links per kind`, () => {
      const c = cluster(id);
      expect({
        npus: c.npuCount,
        servers: c.serverCount,
        computeCabinets: c.computeCabinetCount,
        interconnectCabinets: c.interconnectCabinetCount,
        pods: c.podCount,
        backups: c.backupCount,
        nodes: c.nodeCount,
      }).toEqual({
        npus: expected.npus,
        servers: expected.servers,
        computeCabinets: expected.computeCabinets,
        interconnectCabinets: expected.interconnectCabinets,
        pods: expected.pods,
        backups: expected.backups,
        nodes: expected.nodes,
      });
      const perKind = Object.fromEntries(
        Object.values(LinkKind).map((kind) => [kind, countKind(c, kind)]),
      );
      expect(perKind).toEqual(expected.links);
      expect(c.linkCount).toBe(expected.total);
      expect(countLinks(c.profile)).toBe(c.linkCount);
      expect(c.linkA.length).toBe(expected.total);
    });
  }

  it('the super-node has 160 cabinets: 128 compute and 32 interconnect', () => {
    const c = cluster('ub-supernode-8k');
    expect(c.computeCabinetCount + c.interconnectCabinetCount).toBe(160);
    expect(c.perCabinet).toBe(64);
  });
});

describe('the UB super-node mesh', () => {
  const c = cluster('ub-supernode-8k');

  it('gives every NPU exactly 7 X-links, 7 Y-links and 1 uplink', () => {
    for (let npu = 0; npu < c.npuCount; npu++) {
      let x = 0;
      let y = 0;
      let up = 0;
      for (let k = c.adjOffset[npu]; k < c.adjOffset[npu + 1]; k++) {
        const kind = c.linkKind[c.adjLink[k]];
        if (kind === LinkKind.IntraServer) x++;
        else if (kind === LinkKind.IntraCabinet) y++;
        else if (kind === LinkKind.Uplink) up++;
      }
      if (x !== 7 || y !== 7 || up !== 1) throw new Error(`NPU ${npu}: ${x} X, ${y} Y, ${up} up`);
    }
    expect(c.adjOffset[1] - c.adjOffset[0]).toBe(15);
  });

  it('X-links join the NPUs of one server, Y-links the same slot of one cabinet', () => {
    for (let l = 0; l < c.linkCount; l++) {
      const a = c.linkA[l];
      const b = c.linkB[l];
      if (c.linkKind[l] === LinkKind.IntraServer) {
        expect(c.npuServer[a] === c.npuServer[b] && a !== b).toBe(true);
      } else if (c.linkKind[l] === LinkKind.IntraCabinet) {
        const ok =
          c.npuCabinet[a] === c.npuCabinet[b] &&
          c.npuSlot[a] === c.npuSlot[b] &&
          c.npuServer[a] !== c.npuServer[b];
        if (!ok) throw new Error(`Y-link ${l} joins ${a} and ${b}`);
      }
    }
  });

  it('pod mesh links join cabinet switches of one pod in the same row or column', () => {
    let checked = 0;
    for (let l = 0; l < c.linkCount; l++) {
      if (c.linkKind[l] !== LinkKind.CabinetMesh) continue;
      const ca = c.linkA[l] - c.cabinetSwitchBase;
      const cb = c.linkB[l] - c.cabinetSwitchBase;
      expect(c.cabinetPod[ca]).toBe(c.cabinetPod[cb]);
      expect(c.cabinetRow[ca] === c.cabinetRow[cb] || c.cabinetCol[ca] === c.cabinetCol[cb]).toBe(
        true,
      );
      checked++;
    }
    expect(checked).toBe(384);
    // Each cabinet switch: 3 row + 3 column neighbours, 64 NPU uplinks, 1 backup, 32 spines.
    const lrs = c.cabinetSwitchBase + 17;
    expect(c.adjOffset[lrs + 1] - c.adjOffset[lrs]).toBe(6 + 64 + 1 + 32);
    // Each spine switch reaches all 128 cabinet switches.
    const hrs = c.spineSwitchBase + 31;
    expect(c.adjOffset[hrs + 1] - c.adjOffset[hrs]).toBe(128);
  });

  it('places NPUs, servers, cabinets and pods by index', () => {
    // cab-017/srv-3/npu-5 = (17 × 8 + 3) × 8 + 5.
    const npu = (17 * 8 + 3) * 8 + 5;
    expect([c.npuCabinet[npu], c.npuServer[npu], c.npuSlot[npu]]).toEqual([17, 139, 5]);
    expect(c.serverCabinet[139]).toBe(17);
    // cab-017 is the second cabinet of pod 1: row 0, column 1.
    expect([c.cabinetPod[17], c.cabinetRow[17], c.cabinetCol[17]]).toEqual([1, 0, 1]);
    expect([c.cabinetPod[127], c.cabinetRow[127], c.cabinetCol[127]]).toEqual([7, 3, 3]);
    expect(nodeKindOf(c, 8191)).toBe(NodeKind.Accelerator);
    expect(nodeKindOf(c, 8192)).toBe(NodeKind.Backup);
    expect(nodeKindOf(c, c.cabinetSwitchBase)).toBe(NodeKind.CabinetSwitch);
    expect(nodeKindOf(c, c.nodeCount - 1)).toBe(NodeKind.SpineSwitch);
    expect(c.serverSwitchBase).toBe(c.cabinetSwitchBase); // UB servers have no switch
  });
});

describe('link bandwidths come from the profile', () => {
  for (const id of PROFILES.keys()) {
    it(id, () => {
      const c = cluster(id);
      const links = c.profile.fabric.links;
      const expected: Record<LinkKind, number | undefined> = {
        0: links.intraServer?.bandwidthGBps.value,
        1: links.intraCabinet?.bandwidthGBps.value,
        2: links.uplink.bandwidthGBps.value,
        3: links.backupUplink?.bandwidthGBps.value,
        4: links.cabinetMesh?.bandwidthGBps.value,
        5: links.spine?.bandwidthGBps.value,
        6: links.aggregation?.bandwidthGBps.value,
        7: links.core?.bandwidthGBps.value,
      };
      for (let l = 0; l < c.linkCount; l++) {
        const want = expected[c.linkKind[l] as LinkKind];
        if (want === undefined || c.linkBandwidthGBps[l] !== Math.fround(want)) {
          throw new Error(`${id} link ${l}: ${c.linkBandwidthGBps[l]} GB/s, profile says ${want}`);
        }
      }
    });
  }

  it('the super-node numbers: 56 GB/s X/Y, 224 GB/s uplinks, 1,792 GB/s pod mesh, 112 GB/s spine', () => {
    const c = cluster('ub-supernode-8k');
    const byKind = (kind: LinkKind) => c.linkBandwidthGBps[c.linkKind.indexOf(kind)];
    expect([0, 1, 2, 3, 4, 5].map((k) => byKind(k as LinkKind))).toEqual([
      56, 56, 224, 224, 1792, 112,
    ]);
    // Per NPU: 7 × 56 + 7 × 56 + 224 = 1,008 GB/s per direction, the "~1 TB/s" of the design.
    expect(7 * 56 + 7 * 56 + 224).toBe(1008);
  });
});

describe('adjacency', () => {
  for (const id of PROFILES.keys()) {
    it(`${id}: symmetric, complete, with no self-loops or duplicate links`, () => {
      const c = cluster(id);
      expect(c.adjOffset[c.nodeCount]).toBe(2 * c.linkCount);
      const seenPairs = new Set<number>();
      for (let l = 0; l < c.linkCount; l++) {
        const a = c.linkA[l];
        const b = c.linkB[l];
        if (a === b || a >= c.nodeCount || b >= c.nodeCount)
          throw new Error(`link ${l}: ${a}–${b}`);
        const key = Math.min(a, b) * c.nodeCount + Math.max(a, b);
        if (seenPairs.has(key)) throw new Error(`duplicate link ${a}–${b}`);
        seenPairs.add(key);
      }
      for (let n = 0; n < c.nodeCount; n++) {
        for (let k = c.adjOffset[n]; k < c.adjOffset[n + 1]; k++) {
          const link = c.adjLink[k];
          const other = otherEnd(c, link, n);
          // The link is listed at both of its ends, and found from either side.
          if (c.linkA[link] !== n && c.linkB[link] !== n)
            throw new Error(`node ${n} lists link ${link}`);
          if (linkBetween(c, other, n) !== link || linkBetween(c, n, other) !== link)
            throw new Error(`link ${link} not found between ${n} and ${other}`);
        }
      }
    });
  }

  it('linkBetween is -1 for nodes that are not neighbours', () => {
    const c = cluster('ub-supernode-8k');
    // cab-000/srv-0/npu-5 and cab-001/srv-0/npu-5: same slot, different cabinets, no direct link.
    expect(linkBetween(c, 5, 64 + 5)).toBe(-1);
    expect(linkBetween(c, 0, 8191)).toBe(-1);
  });
});

describe('the fat tree k = 32', () => {
  const c = cluster('fat-tree-8k');
  const degree = (n: number) => c.adjOffset[n + 1] - c.adjOffset[n];
  const roleCount = (role: SwitchRole) => c.switchRole.filter((r) => r === role).length;

  it('has 512 edge, 512 aggregation and 256 core switches, as k²/2, k²/2 and (k/2)²', () => {
    expect([roleCount(SwitchRole.Edge), roleCount(SwitchRole.Aggregation)]).toEqual([512, 512]);
    expect(roleCount(SwitchRole.Core)).toBe(256);
    expect(c.spineSwitchBase - c.cabinetSwitchBase).toBe(1024);
    expect(c.nodeCount - c.spineSwitchBase).toBe(256);
  });

  it('gives every switch k = 32 ports: edge 16 hosts + 16 up, aggregation 16 down + 16 up, core one per pod', () => {
    for (let n = c.cabinetSwitchBase; n < c.nodeCount; n++) {
      if (degree(n) !== 32) throw new Error(`${nodeId(c, n)} has ${degree(n)} links`);
      const role = switchRoleOf(c, n);
      let hosts = 0;
      const pods = new Set<number>();
      for (let k = c.adjOffset[n]; k < c.adjOffset[n + 1]; k++) {
        const other = otherEnd(c, c.adjLink[k], n);
        if (other < c.npuCount) hosts++;
        else if (role === SwitchRole.Core) pods.add(c.cabinetPod[computeCabinetOfNode(c, other)]);
      }
      if (role === SwitchRole.Edge && hosts !== 16)
        throw new Error(`${nodeId(c, n)}: ${hosts} hosts`);
      if (role === SwitchRole.Core && pods.size !== 32)
        throw new Error(`${nodeId(c, n)} reaches ${pods.size} pods`);
    }
    for (let h = 0; h < c.npuCount; h++) if (degree(h) !== 1) throw new Error(`host ${h}`);
  });

  it('keeps a host, its edge switch and its aggregation switches in its pod', () => {
    for (let l = 0; l < c.linkCount; l++) {
      const kind = c.linkKind[l];
      if (kind !== LinkKind.Uplink && kind !== LinkKind.Aggregation) continue;
      const pa = c.cabinetPod[computeCabinetOfNode(c, c.linkA[l])];
      const pb = c.cabinetPod[computeCabinetOfNode(c, c.linkB[l])];
      if (pa !== pb) throw new Error(`link ${linkId(c, l)} leaves its pod`);
    }
    // An edge switch's 16 hosts stand in its own cabinet.
    const edge = c.cabinetSwitchBase + 17 * 8 + 2; // cab-017/edge-2
    expect(nodeId(c, edge)).toBe('cab-017/edge-2');
    for (let k = c.adjOffset[edge]; k < c.adjOffset[edge + 1]; k++) {
      const other = otherEnd(c, c.adjLink[k], edge);
      if (other < c.npuCount) expect(c.npuCabinet[other]).toBe(17);
    }
  });

  it('puts 4 edge and 4 aggregation switches in each cabinet and 16 cores in each interconnect cabinet', () => {
    expect(switchesInCabinet(c, 17).map((n) => nodeId(c, n))).toEqual([
      'cab-017/edge-0',
      'cab-017/edge-1',
      'cab-017/edge-2',
      'cab-017/edge-3',
      'cab-017/agg-0',
      'cab-017/agg-1',
      'cab-017/agg-2',
      'cab-017/agg-3',
    ]);
    const cores = switchesInInterconnectCabinet(c, 4);
    expect(cores.length).toBe(16);
    expect(nodeId(c, cores[7])).toBe('icab-04/core-7');
    expect(interconnectCabinetOfNode(c, cores[7])).toBe(4);
    expect(computeCabinetOfNode(c, cores[7])).toBe(-1);
  });

  it('names its switches by their role, not by the node range they share with UB-Mesh', () => {
    const roleOf = (on: Cluster, id: string) => {
      const p = parseNode(on, id);
      if (!p.ok) throw new Error(p.reason);
      return nodeRoleName(on, p.node);
    };
    expect(roleOf(c, 'cab-017/edge-2')).toBe('edge switch');
    expect(roleOf(c, 'cab-017/agg-1')).toBe('aggregation switch');
    expect(roleOf(c, 'icab-04/core-7')).toBe('core switch');
    expect(roleOf(c, 'cab-017/srv-0/npu-3')).toBe('NPU');
    const ub = cluster('ub-supernode-8k');
    expect(roleOf(ub, 'cab-017/lrs')).toBe('cabinet switch');
    expect(roleOf(ub, 'icab-04/hrs')).toBe('spine switch');
    expect(roleOf(ub, 'cab-017/bak-0')).toBe('backup NPU');
    const h100 = cluster('h100-roce');
    expect(nodeRoleName(h100, h100.serverSwitchBase + 3)).toBe('server switch');
  });
});
