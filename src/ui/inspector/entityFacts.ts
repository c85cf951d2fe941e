import {
  LINK_KIND_NAMES,
  LinkKind,
  otherEnd,
  switchesInInterconnectCabinet,
  type Cluster,
} from '../../model';
import { Health, type FabricFrame } from '../../sim/frame';
import { worseHealth } from '../health';

/** Where an NPU sits: its pod, its cabinet's row and column in the pod grid, server and slot. */
export interface NpuPosition {
  readonly pod: number;
  readonly cabinet: number;
  readonly row: number;
  readonly col: number;
  /** Server number inside the cabinet. */
  readonly server: number;
  readonly slot: number;
}

export function npuPosition(cluster: Cluster, npu: number): NpuPosition {
  const cabinet = cluster.npuCabinet[npu];
  return {
    pod: cluster.cabinetPod[cabinet],
    cabinet,
    row: cluster.cabinetRow[cabinet],
    col: cluster.cabinetCol[cabinet],
    server: cluster.npuServer[npu] - cabinet * cluster.serversPerCabinet,
    slot: cluster.npuSlot[npu],
  };
}

/** The routing nodes that make up an entity (for link counts). */
export interface NodeSet {
  readonly nodes: readonly number[];
  has(node: number): boolean;
}

const rangeSet = (ranges: readonly (readonly [number, number])[]): NodeSet => {
  const nodes: number[] = [];
  for (const [start, end] of ranges) for (let n = start; n < end; n++) nodes.push(n);
  return { nodes, has: (node) => ranges.some(([start, end]) => node >= start && node < end) };
};

export const npuNodes = (npu: number): NodeSet => rangeSet([[npu, npu + 1]]);

export function serverNodes(cluster: Cluster, server: number): NodeSet {
  const first = server * cluster.perServer;
  const ranges: [number, number][] = [[first, first + cluster.perServer]];
  if (cluster.serverSwitchBase < cluster.cabinetSwitchBase)
    ranges.push([cluster.serverSwitchBase + server, cluster.serverSwitchBase + server + 1]);
  return rangeSet(ranges);
}

/** A compute cabinet: its NPUs, backup NPUs, server switches and cabinet switch. */
export function cabinetNodes(cluster: Cluster, cabinet: number): NodeSet {
  return cabinetRangeNodes(cluster, cabinet, cabinet + 1);
}

export function podNodes(cluster: Cluster, pod: number): NodeSet {
  const perPod = cluster.computeCabinetCount / cluster.podCount;
  return cabinetRangeNodes(cluster, pod * perPod, (pod + 1) * perPod);
}

function cabinetRangeNodes(cluster: Cluster, firstCabinet: number, endCabinet: number): NodeSet {
  const backups = cluster.profile.layout.backupsPerCabinet;
  const spc = cluster.serversPerCabinet;
  const ranges: [number, number][] = [
    [firstCabinet * cluster.perCabinet, endCabinet * cluster.perCabinet],
    [cluster.backupBase + firstCabinet * backups, cluster.backupBase + endCabinet * backups],
    [firstSwitchOf(cluster, firstCabinet), firstSwitchOf(cluster, endCabinet)],
  ];
  if (cluster.serverSwitchBase < cluster.cabinetSwitchBase)
    ranges.push([
      cluster.serverSwitchBase + firstCabinet * spc,
      cluster.serverSwitchBase + endCabinet * spc,
    ]);
  return rangeSet(ranges.filter(([a, b]) => b > a));
}

/** The first switch standing in `cabinet` or a later one (switches are sorted by cabinet). */
function firstSwitchOf(cluster: Cluster, cabinet: number): number {
  let n = cluster.cabinetSwitchBase;
  while (
    n < cluster.spineSwitchBase &&
    cluster.switchCabinet[n - cluster.cabinetSwitchBase] < cabinet
  )
    n++;
  return n;
}

/** An interconnect cabinet's switches (one spine switch, or a fat tree's core switches). */
export const spineNodes = (cluster: Cluster, icab: number): NodeSet =>
  rangeSet(switchesInInterconnectCabinet(cluster, icab).map((n): [number, number] => [n, n + 1]));

export interface LinkCount {
  readonly kind: LinkKind;
  readonly name: string;
  /** Links of this kind with at least one end in the entity (links inside it counted once). */
  readonly count: number;
  readonly down: number;
  /** Mean utilisation of the links that are up, 0…1. */
  readonly meanLoad: number;
}

/** The entity's links by kind, how many are down, and how loaded the rest are. */
export function linkCounts(
  cluster: Cluster,
  frame: FabricFrame | undefined,
  set: NodeSet,
): LinkCount[] {
  const count = new Map<LinkKind, { count: number; down: number; load: number }>();
  for (const node of set.nodes) {
    const end = cluster.adjOffset[node + 1];
    for (let k = cluster.adjOffset[node]; k < end; k++) {
      const link = cluster.adjLink[k];
      const other = otherEnd(cluster, link, node);
      // A link inside the entity is met from both ends: count it from its A end only.
      if (set.has(other) && cluster.linkA[link] !== node) continue;
      const kind = cluster.linkKind[link] as LinkKind;
      const entry = count.get(kind) ?? { count: 0, down: 0, load: 0 };
      entry.count++;
      if (frame) {
        if (frame.linkUp[link] === 0) entry.down++;
        else entry.load += frame.linkLoad[link];
      }
      count.set(kind, entry);
    }
  }
  return [...count.entries()]
    .sort(([a], [b]) => a - b)
    .map(([kind, { count: n, down, load }]) => ({
      kind,
      name: LINK_KIND_NAMES[kind],
      count: n,
      down,
      meanLoad: n - down > 0 ? load / (n - down) : 0,
    }));
}

export interface MeshNeighbour {
  readonly npu: number;
  /** X: same server (intra-server link); Y: same slot on another server of the cabinet. */
  readonly axis: 'X' | 'Y';
  readonly link: number;
}

/** The NPU's direct neighbours in the cabinet's 2D full mesh (7 X + 7 Y on the UB profiles). */
export function meshNeighbours(cluster: Cluster, npu: number): MeshNeighbour[] {
  const out: MeshNeighbour[] = [];
  const end = cluster.adjOffset[npu + 1];
  for (let k = cluster.adjOffset[npu]; k < end; k++) {
    const link = cluster.adjLink[k];
    const kind = cluster.linkKind[link];
    if (kind !== LinkKind.IntraServer && kind !== LinkKind.IntraCabinet) continue;
    const other = otherEnd(cluster, link, npu);
    if (other >= cluster.npuCount) continue;
    out.push({ npu: other, axis: kind === LinkKind.IntraServer ? 'X' : 'Y', link });
  }
  return out.sort((a, b) => (a.axis === b.axis ? a.npu - b.npu : a.axis === 'X' ? -1 : 1));
}

export interface NpuGroupStats {
  readonly npus: number;
  /** NPUs per `Health` value. */
  readonly byHealth: readonly number[];
  readonly meanLoad: number;
  readonly hbmUsedGB: number;
  readonly hbmCapacityGB: number;
}

/** Health counts, mean load and HBM of the NPUs `first … end-1` (a server, cabinet or pod). */
export function npuGroupStats(
  cluster: Cluster,
  frame: FabricFrame | undefined,
  first: number,
  end: number,
): NpuGroupStats {
  const byHealth = [0, 0, 0, 0, 0];
  let load = 0;
  let hbm = 0;
  for (let n = first; n < end; n++) {
    if (frame) {
      byHealth[frame.npuHealth[n]] = (byHealth[frame.npuHealth[n]] ?? 0) + 1;
      load += frame.npuLoad[n];
      hbm += frame.npuHbmUsedGB[n];
    } else byHealth[Health.Healthy]++;
  }
  const npus = end - first;
  return {
    npus,
    byHealth,
    meanLoad: npus > 0 ? load / npus : 0,
    hbmUsedGB: hbm,
    hbmCapacityGB: npus * cluster.profile.accelerator.hbmGB.value,
  };
}

/** The NPU range of an entity with NPUs, `[first, end)`. */
export function npuRange(
  cluster: Cluster,
  kind: 'server' | 'cabinet' | 'pod' | 'supernode',
  index: number,
): readonly [number, number] {
  switch (kind) {
    case 'server':
      return [index * cluster.perServer, (index + 1) * cluster.perServer];
    case 'cabinet':
      return [index * cluster.perCabinet, (index + 1) * cluster.perCabinet];
    case 'pod': {
      const perPod = (cluster.computeCabinetCount / cluster.podCount) * cluster.perCabinet;
      return [index * perPod, (index + 1) * perPod];
    }
    case 'supernode':
      return [0, cluster.npuCount];
  }
}

/** The most severe health among counted NPUs, for a marker on a group. */
export function worstHealth(byHealth: readonly number[]): Health {
  let worst: number = Health.Healthy;
  for (let h = 0; h < byHealth.length; h++) if (byHealth[h] > 0) worst = worseHealth(worst, h);
  return worst as Health;
}
