import type { HardwareProfile } from './profile';

/**
 * The cluster as data. Every entity has a dense integer index; per-entity facts are
 * structure-of-arrays (typed arrays indexed by that integer) so frames are cheap to move and colour.
 *
 * Routing nodes share one index space, in this order:
 *   [0, npuCount)                      accelerators (NPUs or GPUs), index = (cabinet × serversPerCabinet + server) × perServer + slot
 *   [backupBase, serverSwitchBase)     backup NPUs, one block of `backupsPerCabinet` per compute cabinet
 *   [serverSwitchBase, cabinetSwitchBase) server switches (NVSwitch-style profiles only)
 *   [cabinetSwitchBase, spineSwitchBase)  one cabinet switch (UB LRS / RoCE rack switch) per compute cabinet
 *   [spineSwitchBase, nodeCount)       one spine switch (UB HRS / RoCE spine) per interconnect cabinet
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
} as const;
export type LinkKind = (typeof LinkKind)[keyof typeof LinkKind];

export const LINK_KIND_NAMES: Readonly<Record<LinkKind, string>> = {
  0: 'intra-server',
  1: 'intra-cabinet',
  2: 'uplink',
  3: 'backup-uplink',
  4: 'cabinet-mesh',
  5: 'spine',
};

export interface Cluster {
  readonly profile: HardwareProfile;

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

/** The other end of `link` seen from `node`. */
export function otherEnd(cluster: Cluster, link: number, node: number): number {
  const a = cluster.linkA[link];
  return a === node ? cluster.linkB[link] : a;
}

/** The link joining two nodes, or -1. Degrees are small (≤ 40), so a scan is enough. */
export function linkBetween(cluster: Cluster, a: number, b: number): number {
  const end = cluster.adjOffset[a + 1];
  for (let k = cluster.adjOffset[a]; k < end; k++) {
    const link = cluster.adjLink[k];
    if (otherEnd(cluster, link, a) === b) return link;
  }
  return -1;
}
