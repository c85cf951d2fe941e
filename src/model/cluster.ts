import type { HardwareProfile, TopologyName } from './profile';

/**
 * The cluster as data. Every entity has a dense integer index; per-entity facts are
 * structure-of-arrays (typed arrays indexed by that integer) so frames are cheap to move and colour.
 *
 * Routing nodes share one index space, in this order:
 *   [0, npuCount)                      accelerators (NPUs or GPUs), index = (cabinet × serversPerCabinet + server) × perServer + slot
 *   [backupBase, serverSwitchBase)     backup NPUs, one block of `backupsPerCabinet` per compute cabinet
 *   [serverSwitchBase, cabinetSwitchBase) server switches (NVSwitch-style profiles only)
 *   [cabinetSwitchBase, spineSwitchBase)  switches standing in compute cabinets
 *   [spineSwitchBase, nodeCount)       switches standing in interconnect cabinets
 *
 * In the UB-Mesh family there is one switch of each range per cabinet (the LRS / rack switch, the
 * HRS / spine), so `cabinetSwitchBase + cabinet` is the cabinet's switch. A fat tree puts its edge
 * and aggregation switches in the compute cabinets and its core switches in the interconnect
 * cabinets, several to a cabinet; a custom topology puts each listed switch where it says. So the
 * cabinet of a switch is `switchCabinet[node − cabinetSwitchBase]` and its role `switchRole[…]`.
 */
export const NodeKind = {
  Accelerator: 0,
  Backup: 1,
  ServerSwitch: 2,
  CabinetSwitch: 3,
  SpineSwitch: 4,
} as const;
export type NodeKind = (typeof NodeKind)[keyof typeof NodeKind];

export const LinkKind = {
  /** Inside a server: UB X-link, HCCS link, or accelerator ↔ NVSwitch. */
  IntraServer: 0,
  /** Inside a cabinet, same slot on two servers: UB Y-link. */
  IntraCabinet: 1,
  /** Accelerator ↔ its cabinet switch (UB x16 inter-rack lanes, or a RoCE NIC). */
  Uplink: 2,
  /** Backup NPU ↔ its cabinet switch. */
  BackupUplink: 3,
  /** Cabinet switch ↔ cabinet switch in the same pod row or column. */
  CabinetMesh: 4,
  /** Cabinet switch ↔ spine switch in an interconnect cabinet. */
  Spine: 5,
  /** Fat tree: edge switch ↔ aggregation switch of the same pod. */
  Aggregation: 6,
  /** Fat tree: aggregation switch ↔ core switch. */
  Core: 7,
} as const;
export type LinkKind = (typeof LinkKind)[keyof typeof LinkKind];

export const LINK_KIND_NAMES: Readonly<Record<LinkKind, string>> = {
  0: 'intra-server',
  1: 'intra-cabinet',
  2: 'uplink',
  3: 'backup-uplink',
  4: 'cabinet-mesh',
  5: 'spine',
  6: 'edge-aggregation',
  7: 'aggregation-core',
};

/** What a switch does; `NodeKind` says only where it stands. */
export const SwitchRole = {
  /** UB LRS or RoCE rack switch: the one switch of a compute cabinet. */
  Cabinet: 0,
  /** UB HRS or RoCE spine: the one switch of an interconnect cabinet. */
  Spine: 1,
  Edge: 2,
  Aggregation: 3,
  Core: 4,
  /** Listed in a custom topology. */
  Custom: 5,
} as const;
export type SwitchRole = (typeof SwitchRole)[keyof typeof SwitchRole];

export const SWITCH_ROLE_NAMES: Readonly<Record<SwitchRole, string>> = {
  0: 'cabinet switch',
  1: 'spine switch',
  2: 'edge switch',
  3: 'aggregation switch',
  4: 'core switch',
  5: 'switch',
};

export interface Cluster {
  readonly profile: HardwareProfile;
  readonly topology: TopologyName;

  readonly npuCount: number;
  readonly serverCount: number;
  readonly computeCabinetCount: number;
  readonly interconnectCabinetCount: number;
  readonly podCount: number;
  readonly backupCount: number;
  readonly perServer: number;
  readonly serversPerCabinet: number;
  readonly perCabinet: number;

  /** Per accelerator. */
  readonly npuServer: Uint32Array;
  readonly npuCabinet: Uint32Array;
  readonly npuSlot: Uint8Array;
  /** Per server. */
  readonly serverCabinet: Uint32Array;
  /** Per compute cabinet: its pod and its row / column inside the pod grid. */
  readonly cabinetPod: Uint32Array;
  readonly cabinetRow: Uint8Array;
  readonly cabinetCol: Uint8Array;

  /** Routing nodes (see the index layout above). */
  readonly nodeCount: number;
  readonly backupBase: number;
  readonly serverSwitchBase: number;
  readonly cabinetSwitchBase: number;
  readonly spineSwitchBase: number;
  /**
   * Per switch (index `node − cabinetSwitchBase`): the compute cabinet it stands in (cabinet
   * range) or the interconnect cabinet (spine range), its role, and its name inside that cabinet
   * (`lrs`, `hrs`, `edge-2`, `core-07`, a custom name), so its id is `<cabinet id>/<name>`.
   */
  readonly switchCabinet: Uint32Array;
  readonly switchRole: Uint8Array;
  readonly switchName: readonly string[];

  /** Links, undirected, both directions with the same per-direction bandwidth. */
  readonly linkCount: number;
  readonly linkA: Uint32Array;
  readonly linkB: Uint32Array;
  readonly linkKind: Uint8Array;
  readonly linkBandwidthGBps: Float32Array;

  /** Adjacency in compressed sparse rows: the links of node n are adjLink[adjOffset[n] .. adjOffset[n+1]). */
  readonly adjOffset: Uint32Array;
  readonly adjLink: Uint32Array;
}

export function nodeKindOf(cluster: Cluster, node: number): NodeKind {
  if (node < cluster.backupBase) return NodeKind.Accelerator;
  if (node < cluster.serverSwitchBase) return NodeKind.Backup;
  if (node < cluster.cabinetSwitchBase) return NodeKind.ServerSwitch;
  if (node < cluster.spineSwitchBase) return NodeKind.CabinetSwitch;
  return NodeKind.SpineSwitch;
}

/** The role of a switch node (cabinet or spine range). */
export function switchRoleOf(cluster: Cluster, node: number): SwitchRole {
  return cluster.switchRole[node - cluster.cabinetSwitchBase] as SwitchRole;
}

/**
 * What a routing node is, in the words of its topology: "NPU", "backup NPU", "server switch", or its
 * switch role ("cabinet switch", "spine switch"; in a fat tree "edge switch", "aggregation switch",
 * "core switch"). The node ranges alone would call a fat tree's edge switch a cabinet switch.
 */
export function nodeRoleName(cluster: Cluster, node: number): string {
  switch (nodeKindOf(cluster, node)) {
    case NodeKind.Accelerator:
      return 'NPU';
    case NodeKind.Backup:
      return 'backup NPU';
    case NodeKind.ServerSwitch:
      return 'server switch';
    case NodeKind.CabinetSwitch:
    case NodeKind.SpineSwitch:
      return SWITCH_ROLE_NAMES[switchRoleOf(cluster, node)];
  }
}

/** How a group of switches reads: "spine switch", "16 core switches", or "3 switches" of mixed roles. */
export function switchesName(cluster: Cluster, nodes: readonly number[]): string {
  if (nodes.length === 0) return 'no switch';
  const roles = new Set(nodes.map((n) => nodeRoleName(cluster, n)));
  const role = roles.size === 1 ? nodeRoleName(cluster, nodes[0]) : 'switch';
  return nodes.length === 1 ? role : `${nodes.length} ${role}es`;
}

/**
 * The compute cabinet a routing node stands in (accelerator, backup, server switch, or a switch of
 * the cabinet range), or -1 for a switch in an interconnect cabinet.
 */
export function computeCabinetOfNode(cluster: Cluster, node: number): number {
  if (node < cluster.npuCount) return cluster.npuCabinet[node];
  if (node < cluster.serverSwitchBase)
    return Math.floor((node - cluster.backupBase) / cluster.profile.layout.backupsPerCabinet);
  if (node < cluster.cabinetSwitchBase)
    return cluster.serverCabinet[node - cluster.serverSwitchBase];
  if (node < cluster.spineSwitchBase)
    return cluster.switchCabinet[node - cluster.cabinetSwitchBase];
  return -1;
}

/** The interconnect cabinet a switch of the spine range stands in, or -1 for any other node. */
export function interconnectCabinetOfNode(cluster: Cluster, node: number): number {
  return node >= cluster.spineSwitchBase && node < cluster.nodeCount
    ? cluster.switchCabinet[node - cluster.cabinetSwitchBase]
    : -1;
}

/** The switches standing in a compute cabinet (one LRS in UB-Mesh; edge and aggregation in a fat tree). */
export function switchesInCabinet(cluster: Cluster, cabinet: number): number[] {
  return switchesWhere(cluster, cluster.cabinetSwitchBase, cluster.spineSwitchBase, cabinet);
}

/** The switches standing in an interconnect cabinet (one HRS in UB-Mesh; core switches in a fat tree). */
export function switchesInInterconnectCabinet(cluster: Cluster, icab: number): number[] {
  return switchesWhere(cluster, cluster.spineSwitchBase, cluster.nodeCount, icab);
}

function switchesWhere(cluster: Cluster, from: number, to: number, cabinet: number): number[] {
  const out: number[] = [];
  // Switches are sorted by cabinet within each range, so a binary search finds the first.
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cluster.switchCabinet[mid - cluster.cabinetSwitchBase] < cabinet) lo = mid + 1;
    else hi = mid;
  }
  for (let n = lo; n < to && cluster.switchCabinet[n - cluster.cabinetSwitchBase] === cabinet; n++)
    out.push(n);
  return out;
}

/** The other end of `link` seen from `node`. */
export function otherEnd(cluster: Cluster, link: number, node: number): number {
  const a = cluster.linkA[link];
  return a === node ? cluster.linkB[link] : a;
}

/** The link joining two nodes, or -1, by scanning the adjacency of `a` (switches have 100+ links: pass the end with fewer). */
export function linkBetween(cluster: Cluster, a: number, b: number): number {
  const end = cluster.adjOffset[a + 1];
  for (let k = cluster.adjOffset[a]; k < end; k++) {
    const link = cluster.adjLink[k];
    if (otherEnd(cluster, link, a) === b) return link;
  }
  return -1;
}
