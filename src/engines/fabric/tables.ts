import {
  computeCabinetOfNode,
  otherEnd,
  SwitchRole,
  switchRoleOf,
  type Cluster,
} from '../../model';
import { fatTreeIndex } from './routing';

/**
 * Routing-table sizes and path counts (SR-1, SR-2; fabric-collectives.md §2.1–2.2), as pure
 * functions. The UB-Mesh figures come from the cluster's own dimensions; the fat tree (k-ary,
 * Al-Fares et al., SIGCOMM 2008) has closed forms in k here, and `fatTreeTablesOf` counts the
 * same tables on a built fat-tree cluster, switch by switch, so the two can be checked against
 * each other.
 */

export interface TableSizes {
  readonly scheme: string;
  readonly endpoints: number;
  /** Entries one routing node holds. */
  readonly entriesPerNode: number;
  /** Routing nodes that hold a table. */
  readonly tables: number;
  /** Entries across the system. */
  readonly totalEntries: number;
  readonly note: string;
}

/** One entry per destination at every endpoint: N − 1 per node, N(N − 1) in all. */
export function flatTableSizes(endpoints: number): TableSizes {
  return {
    scheme: 'flat host routes',
    endpoints,
    entriesPerNode: endpoints - 1,
    tables: endpoints,
    totalEntries: endpoints * (endpoints - 1),
    note: 'every endpoint routes to every other by its own entry: O(N²)',
  };
}

/** The brief's "aggregated" table: one shared table keyed by destination (plus ECMP groups). */
export function aggregatedTableSizes(endpoints: number): TableSizes {
  return {
    scheme: 'aggregated (one entry per destination)',
    endpoints,
    entriesPerNode: endpoints,
    tables: 1,
    totalEntries: endpoints,
    note: 'one table keyed by destination, shared; ECMP groups come on top',
  };
}

/** Segment sizes of the UB-Mesh structured address: server (X), cabinet (Y), pod row, pod column, pod. */
export interface AddressSegments {
  readonly x: number;
  readonly y: number;
  readonly podRow: number;
  readonly podCol: number;
  readonly pod: number;
}

export function addressSegments(cluster: Cluster): AddressSegments {
  const { layout } = cluster.profile;
  return {
    x: cluster.perServer,
    y: cluster.serversPerCabinet,
    podRow: layout.podCols,
    podCol: layout.podRows,
    pod: cluster.podCount,
  };
}

/**
 * UB-Mesh structured addressing (§4.1): a node holds one entry per peer segment at each level
 * (the other members of its X group, its Y group, its pod row, its pod column, and the other
 * pods) and reaches a node inside a segment by offset arithmetic: 7 + 7 + 3 + 3 + 7 = 27 at 8K.
 */
export function structuredTableSizes(cluster: Cluster): TableSizes {
  const s = addressSegments(cluster);
  const perNode = s.x - 1 + (s.y - 1) + (s.podRow - 1) + (s.podCol - 1) + (s.pod - 1);
  return {
    scheme: 'structured (segment + offset)',
    endpoints: cluster.npuCount,
    entriesPerNode: perNode,
    tables: cluster.npuCount,
    totalEntries: perNode * cluster.npuCount,
    note: `segments X ${s.x}, Y ${s.y}, pod row ${s.podRow}, pod column ${s.podCol}, pods ${s.pod}: one entry per peer segment`,
  };
}

export interface FatTree {
  readonly k: number;
  readonly hosts: number;
  readonly edgeSwitches: number;
  readonly aggregationSwitches: number;
  readonly coreSwitches: number;
  readonly switches: number;
  /** Switch-to-switch and host links. */
  readonly links: number;
}

/** A k-ary fat tree: k pods of k/2 edge + k/2 aggregation switches, (k/2)² core, k³/4 hosts. */
export function fatTree(k: number): FatTree {
  if (!Number.isInteger(k) || k < 2 || k % 2 !== 0)
    throw new Error(`k must be an even integer ≥ 2, got ${k}`);
  const half = k / 2;
  const edge = k * half;
  const aggregation = k * half;
  const core = half * half;
  const hosts = (k * k * k) / 4;
  return {
    k,
    hosts,
    edgeSwitches: edge,
    aggregationSwitches: aggregation,
    coreSwitches: core,
    switches: edge + aggregation + core,
    // hosts ↔ edge, edge ↔ aggregation (k/2 × k/2 per pod), aggregation ↔ core
    links: hosts + k * half * half + aggregation * half,
  };
}

/**
 * Al-Fares two-level tables: an edge switch holds k/2 host entries and k/2 suffix entries for its
 * uplinks; an aggregation switch k/2 pod-subnet prefixes and k/2 suffixes; a core switch k pod
 * prefixes. Every switch holds k entries (32 at k = 32).
 */
export function fatTreeTableSizes(k: number): TableSizes {
  const tree = fatTree(k);
  const half = k / 2;
  const total =
    tree.edgeSwitches * (half + half) +
    tree.aggregationSwitches * (half + half) +
    tree.coreSwitches * k;
  return {
    scheme: `fat tree k = ${k} (two-level prefix/suffix)`,
    endpoints: tree.hosts,
    entriesPerNode: k,
    tables: tree.switches,
    totalEntries: total,
    note: `${tree.switches} switches (${tree.coreSwitches} core), ${tree.hosts} hosts`,
  };
}

/** Flat host routes in a fat tree: every switch holds one entry per host, (5k²/4) × k³/4 in all. */
export function fatTreeFlatTableSizes(k: number): TableSizes {
  const tree = fatTree(k);
  return {
    scheme: `fat tree k = ${k} (flat host routes)`,
    endpoints: tree.hosts,
    entriesPerNode: tree.hosts,
    tables: tree.switches,
    totalEntries: tree.switches * tree.hosts,
    note: 'every switch holds a route to every host',
  };
}

/**
 * The two-level tables of a built fat tree, counted from its links: an edge switch one entry per
 * attached host and one suffix per uplink; an aggregation switch one prefix per edge switch below
 * and one suffix per uplink; a core switch one prefix per pod it reaches. Flat: one host route per
 * host at every switch.
 */
export function fatTreeTablesOf(cluster: Cluster): { structured: TableSizes; flat: TableSizes } {
  let total = 0;
  let most = 0;
  let switches = 0;
  for (let node = cluster.cabinetSwitchBase; node < cluster.nodeCount; node++) {
    const role = switchRoleOf(cluster, node);
    let entries = 0;
    const pods = new Set<number>();
    for (let k = cluster.adjOffset[node]; k < cluster.adjOffset[node + 1]; k++) {
      const other = otherEnd(cluster, cluster.adjLink[k], node);
      if (role === SwitchRole.Core)
        pods.add(cluster.cabinetPod[computeCabinetOfNode(cluster, other)]);
      else entries++;
    }
    if (role === SwitchRole.Core) entries = pods.size;
    total += entries;
    most = Math.max(most, entries);
    switches++;
  }
  const k = fatTreeIndex(cluster)?.k ?? 0;
  return {
    structured: {
      scheme: `fat tree k = ${k} (two-level prefix/suffix), counted on the built cluster`,
      endpoints: cluster.npuCount,
      entriesPerNode: most,
      tables: switches,
      totalEntries: total,
      note: `${switches} switches, ${cluster.npuCount} hosts`,
    },
    flat: {
      scheme: `fat tree k = ${k} (flat host routes), counted on the built cluster`,
      endpoints: cluster.npuCount,
      entriesPerNode: cluster.npuCount,
      tables: switches,
      totalEntries: switches * cluster.npuCount,
      note: 'every switch holds a route to every host',
    },
  };
}

/**
 * A custom graph has no address structure to exploit, so its tables are counted as switch
 * prefixes: a switch holds one entry per other switch (covering the accelerators behind it) and
 * one per accelerator attached to it. An assumption of this model, not a published scheme.
 */
export function switchPrefixTablesOf(cluster: Cluster): TableSizes {
  const switches = cluster.nodeCount - cluster.cabinetSwitchBase;
  let total = 0;
  let most = 0;
  for (let node = cluster.cabinetSwitchBase; node < cluster.nodeCount; node++) {
    let attached = 0;
    for (let k = cluster.adjOffset[node]; k < cluster.adjOffset[node + 1]; k++)
      if (otherEnd(cluster, cluster.adjLink[k], node) < cluster.serverSwitchBase) attached++;
    const entries = switches - 1 + attached;
    total += entries;
    most = Math.max(most, entries);
  }
  return {
    scheme: 'switch prefixes (one per switch + attached accelerators) [assumption]',
    endpoints: cluster.npuCount,
    entriesPerNode: most,
    tables: switches,
    totalEntries: total,
    note: `${switches} switches; a custom graph has no segment structure`,
  };
}

export interface PathCount {
  readonly pair: string;
  readonly minimal: number;
  /** Useful non-minimal paths (detours), where the topology has them. */
  readonly nonMinimal: number;
  readonly minimalHops: number;
}

/** Equal-cost paths between hosts of a k-ary fat tree, by how far apart they sit. */
export function fatTreePathCounts(k: number): PathCount[] {
  const half = k / 2;
  return [
    { pair: 'same edge switch', minimal: 1, nonMinimal: 0, minimalHops: 2 },
    { pair: 'same pod, other edge switch', minimal: half, nonMinimal: 0, minimalHops: 4 },
    { pair: 'other pod', minimal: half * half, nonMinimal: 0, minimalHops: 6 },
  ];
}

/**
 * Paths between NPUs of one cabinet's a × b 2D full mesh (a = X size, b = Y size): same X group:
 * 1 direct, a − 2 two-hop via X peers, b − 1 three-hop Y–X–Y; X and Y both differ: 2 minimal
 * (X then Y, Y then X) and (a − 2) + (b − 2) three-hop detours. Plus the detour through the
 * cabinet switch (2 hops) where the profile has one.
 */
export function meshPathCounts(cluster: Cluster): PathCount[] {
  const a = cluster.perServer;
  const b = cluster.serversPerCabinet;
  return [
    { pair: 'same server (X)', minimal: 1, nonMinimal: a - 2 + (b - 1), minimalHops: 1 },
    {
      pair: 'same slot, other server (Y)',
      minimal: 1,
      nonMinimal: b - 2 + (a - 1),
      minimalHops: 1,
    },
    { pair: 'other server and slot', minimal: 2, nonMinimal: a - 2 + (b - 2), minimalHops: 2 },
  ];
}

/**
 * Everything `twin fabric tables` prints: the cluster's own tables against the alternatives. On a
 * fat-tree cluster the fat-tree figures are those of its own k, and `builtFatTree` holds the
 * tables counted on the built cluster; on a custom graph the structured figure is the switch
 * prefix count.
 */
export function tableComparison(cluster: Cluster, fatTreeK = 32) {
  const k = fatTreeIndex(cluster)?.k ?? fatTreeK;
  const built = cluster.topology === 'fat-tree' ? fatTreeTablesOf(cluster) : undefined;
  return {
    topology: cluster.topology,
    flat: flatTableSizes(cluster.npuCount),
    aggregated: aggregatedTableSizes(cluster.npuCount),
    structured:
      built?.structured ??
      (cluster.topology === 'custom'
        ? switchPrefixTablesOf(cluster)
        : structuredTableSizes(cluster)),
    builtFatTree: built,
    fatTree: fatTreeTableSizes(k),
    fatTreeFlat: fatTreeFlatTableSizes(k),
    fatTreeTopology: fatTree(k),
    meshPaths: cluster.topology === 'ub-mesh' ? meshPathCounts(cluster) : [],
    fatTreePaths: fatTreePathCounts(k),
  };
}
