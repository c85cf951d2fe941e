import { fatTreeNodes, fatTreeShape, otherEnd, type Cluster, type FatTreeShape } from '../../model';

/** What routing needs to know of the fabric now: which nodes and links are usable. */
export interface FabricState {
  /** Per routing node: 1 usable, 0 down or isolated. */
  readonly nodeUp: Uint8Array;
  /** Per link: 1 usable, 0 down or isolated. */
  readonly linkUp: Uint8Array;
  /**
   * Per accelerator: the backup NPU (a routing node) standing in for it since it failed, or -1.
   * Traffic for an accelerator with a stand-in goes to the stand-in (UB-Mesh §3.3.2).
   */
  readonly standIn?: Int32Array;
}

export type RouteResult =
  | {
      readonly ok: true;
      readonly from: number;
      readonly to: number;
      /** Routing node indices, both endpoints included. */
      readonly nodes: readonly number[];
      readonly links: readonly number[];
      readonly hops: number;
      readonly latencyUs: number;
      readonly bottleneckGBps: number;
      readonly bytes: number;
      /** How the path was found: the structured (dimension-ordered) route, an alternative of it, or a search around failures. */
      readonly method: 'structured' | 'alternate' | 'detour';
      /** Endpoints served by their cabinet's backup NPU: the path ends there instead. */
      readonly standIns?: readonly { readonly npu: number; readonly backup: number }[];
    }
  | { readonly ok: false; readonly reason: string };

/**
 * `endpoint + hops × per-hop + bytes / bottleneck`, constants from the profile
 * (reference: fabric-collectives.md §2.4). GB/s is 1e9 bytes per second, so bytes / (GB/s × 1e3) is µs.
 */
export function pathLatencyUs(
  cluster: Cluster,
  hops: number,
  bottleneckGBps: number,
  bytes: number,
): number {
  const { endpointUs, perHopUs } = cluster.profile.fabric.latency;
  const transferUs = bytes > 0 ? bytes / (bottleneckGBps * 1e3) : 0;
  return endpointUs.value + hops * perHopUs.value + transferUs;
}

/**
 * Candidate node sequences between two accelerators, best first. Inside a cabinet the UB 2D full
 * mesh routes X (within the server) then Y (across servers), or Y then X as the alternative;
 * across cabinets the path leaves through the cabinet switch, crosses the pod's cabinet mesh
 * (row then column, or column then row) or the spine, and enters through the far cabinet switch.
 * The spine switch is picked by a hash of the endpoints, as ECMP would, with the others as
 * alternatives. A backup NPU hangs off its cabinet switch only, so a path to it always ends
 * through that switch: one hop more than a direct mesh link (UB-Mesh §3.3.2, Fig. 9).
 */
export function structuredCandidates(cluster: Cluster, a: number, b: number): number[][] {
  if (cluster.topology === 'fat-tree') return fatTreeCandidates(cluster, a, b);
  // A custom graph has no structure to exploit: routes come from the shortest-path search.
  if (cluster.topology === 'custom') return [];
  const { profile } = cluster;
  const fabric = profile.fabric;
  const perServer = cluster.perServer;
  const backupA = isBackup(cluster, a);
  const backupB = isBackup(cluster, b);
  const cabA = cabinetOf(cluster, a);
  const cabB = cabinetOf(cluster, b);
  const lrsA = cluster.cabinetSwitchBase + cabA;
  const lrsB = cluster.cabinetSwitchBase + cabB;

  if (!backupA && !backupB) {
    const serverA = cluster.npuServer[a];
    const serverB = cluster.npuServer[b];
    if (serverA === serverB) {
      return fabric.intraServer === 'full-mesh'
        ? [[a, b]]
        : [[a, cluster.serverSwitchBase + serverA, b]];
    }
    if (cabA === cabB) {
      const viaSwitch = [a, lrsA, b];
      if (!fabric.intraCabinetMesh) return [viaSwitch];
      const slotA = cluster.npuSlot[a];
      const slotB = cluster.npuSlot[b];
      if (slotA === slotB) return [[a, b], viaSwitch];
      const xFirst = serverA * perServer + slotB; // same server as a, b's slot
      const yFirst = serverB * perServer + slotA; // b's server, a's slot
      return [[a, xFirst, b], [a, yFirst, b], viaSwitch];
    }
  } else if (cabA === cabB) {
    return [[a, lrsA, b]];
  }

  const middles: number[][] = [];
  const podA = cluster.cabinetPod[cabA];
  if (fabric.podCabinetMesh && podA === cluster.cabinetPod[cabB]) {
    const rowA = cluster.cabinetRow[cabA];
    const colA = cluster.cabinetCol[cabA];
    const rowB = cluster.cabinetRow[cabB];
    const colB = cluster.cabinetCol[cabB];
    const podFirst = podA * profile.layout.podRows * profile.layout.podCols;
    const lrsAt = (row: number, col: number) =>
      cluster.cabinetSwitchBase + podFirst + row * profile.layout.podCols + col;
    if (rowA === rowB || colA === colB) middles.push([]);
    else middles.push([lrsAt(rowA, colB)], [lrsAt(rowB, colA)]);
  }
  const spines = cluster.interconnectCabinetCount;
  if (spines > 0) {
    const first = endpointHash(a, b) % spines;
    for (let k = 0; k < spines; k++)
      middles.push([cluster.spineSwitchBase + ((first + k) % spines)]);
  }
  return middles.map((middle) => [a, lrsA, ...middle, lrsB, b]);
}

type FatTreeIndex = FatTreeShape & ReturnType<typeof fatTreeNodes>;
const fatTrees = new WeakMap<Cluster, FatTreeIndex>();

/** The fat tree's shape and switch numbering, once per cluster. */
export function fatTreeIndex(cluster: Cluster): FatTreeIndex | undefined {
  const cached = fatTrees.get(cluster);
  if (cached) return cached;
  const shape = fatTreeShape(cluster.profile);
  if (!shape) return undefined;
  const index = { ...shape, ...fatTreeNodes(cluster, shape) };
  fatTrees.set(cluster, index);
  return index;
}

/** How many minimal paths join two hosts of a fat tree, and the `i`-th of them (i < count). */
export function fatTreePaths(cluster: Cluster, a: number, b: number) {
  const t = fatTreeIndex(cluster);
  if (!t || a >= cluster.npuCount || b >= cluster.npuCount) return undefined;
  const podA = t.podOf(a);
  const podB = t.podOf(b);
  const edgeA = t.edge(podA, t.edgeOf(a));
  const edgeB = t.edge(podB, t.edgeOf(b));
  const { half } = t;
  const count = edgeA === edgeB ? 1 : podA === podB ? half : half * half;
  const path = (i: number): number[] => {
    if (edgeA === edgeB) return [a, edgeA, b];
    if (podA === podB) return [a, edgeA, t.aggregation(podA, i), edgeB, b];
    // Aggregation switch g of every pod reaches cores g·k/2 … g·k/2 + k/2 − 1: up through
    // aggregation g to core i, down through the far pod's aggregation g.
    const g = Math.floor(i / half);
    return [a, edgeA, t.aggregation(podA, g), t.core(i), t.aggregation(podB, g), edgeB, b];
  };
  return { count, path };
}

/**
 * Fat tree (Al-Fares): up to the lowest common level and down, every choice an equal-cost path —
 * 1 under one edge switch, k/2 inside a pod (one per aggregation switch), (k/2)² across pods (one
 * per core switch). The endpoint hash picks the first, as ECMP would; the rest follow in turn.
 */
function fatTreeCandidates(cluster: Cluster, a: number, b: number): number[][] {
  const paths = fatTreePaths(cluster, a, b);
  if (!paths) return [];
  const first = endpointHash(a, b) % paths.count;
  return Array.from({ length: paths.count }, (_, k) => paths.path((first + k) % paths.count));
}

const isBackup = (cluster: Cluster, node: number) =>
  node >= cluster.backupBase && node < cluster.serverSwitchBase;

/** The compute cabinet of an accelerator or a backup NPU. */
function cabinetOf(cluster: Cluster, node: number): number {
  if (node < cluster.npuCount) return cluster.npuCabinet[node];
  return Math.floor((node - cluster.backupBase) / cluster.profile.layout.backupsPerCabinet);
}

/** A small integer hash of a flow's endpoints (direction-independent), standing in for ECMP's 5-tuple hash. */
export function endpointHash(a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ hi ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The link joining two nodes, through a per-cluster map: switches have 100+ links, so scanning
 * their adjacency (model's `linkBetween`) dominated route computation.
 */
const linkMaps = new WeakMap<Cluster, Map<number, number>>();
export function linkJoining(cluster: Cluster, a: number, b: number): number {
  let map = linkMaps.get(cluster);
  if (!map) {
    map = new Map();
    for (let l = 0; l < cluster.linkCount; l++) {
      const x = cluster.linkA[l];
      const y = cluster.linkB[l];
      map.set(Math.min(x, y) * cluster.nodeCount + Math.max(x, y), l);
    }
    linkMaps.set(cluster, map);
  }
  return map.get(Math.min(a, b) * cluster.nodeCount + Math.max(a, b)) ?? -1;
}

export function linksAlong(
  cluster: Cluster,
  nodes: readonly number[],
  state: FabricState | undefined,
): number[] | undefined {
  const links: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (state && state.nodeUp[nodes[i]] === 0) return undefined;
    if (i === 0) continue;
    const link = linkJoining(cluster, nodes[i - 1], nodes[i]);
    if (link < 0) return undefined;
    if (state && state.linkUp[link] === 0) return undefined;
    links.push(link);
  }
  return links;
}

/**
 * The path a flow of `bytes` takes from one node to another: the structured route when it is
 * healthy, else its first healthy alternative, else the shortest path around failed elements
 * (breadth-first over up nodes and links). Never crosses a node or link that is down.
 */
export function findRoute(
  cluster: Cluster,
  state: FabricState | undefined,
  from: number,
  to: number,
  bytes = 0,
): RouteResult {
  for (const [name, node] of [
    ['source', from],
    ['destination', to],
  ] as const) {
    if (!Number.isInteger(node) || node < 0 || node >= cluster.nodeCount)
      return {
        ok: false,
        reason: `${name} ${node} is not a node of this cluster (0…${cluster.nodeCount - 1})`,
      };
  }
  if (!(bytes >= 0) || !Number.isFinite(bytes))
    return { ok: false, reason: `bytes must be a finite number ≥ 0, got ${bytes}` };
  if (from === to) return { ok: false, reason: 'source and destination are the same node' };
  const standIns: { npu: number; backup: number }[] = [];
  const physical = (node: number) => {
    const backup = node < cluster.npuCount && state?.standIn ? state.standIn[node] : -1;
    if (backup < 0) return node;
    standIns.push({ npu: node, backup });
    return backup;
  };
  const src = physical(from);
  const dst = physical(to);
  if (state && state.nodeUp[src] === 0) return { ok: false, reason: 'the source is down' };
  if (state && state.nodeUp[dst] === 0) return { ok: false, reason: 'the destination is down' };
  if (src === dst)
    return { ok: false, reason: 'source and destination are served by the same backup NPU' };

  const withStandIns = (r: RouteResult): RouteResult =>
    r.ok && standIns.length > 0 ? { ...r, from, to, standIns } : r;
  const bothAccelerators = isAccelerator(cluster, src) && isAccelerator(cluster, dst);
  if (bothAccelerators) {
    const candidates = candidateSequence(cluster, src, dst);
    for (let i = 0; i < candidates.count; i++) {
      const nodes = candidates.at(i);
      const links = linksAlong(cluster, nodes, state);
      if (links)
        return withStandIns(
          result(cluster, src, dst, nodes, links, bytes, i === 0 ? 'structured' : 'alternate'),
        );
    }
  }
  const detour = shortestPath(cluster, state, src, dst);
  if (!detour)
    return { ok: false, reason: 'no path: the failures cut the destination off from the source' };
  // Where there are no structured candidates (a custom graph), the search is the route; it is a
  // detour only when failures made it longer than on the healthy fabric.
  const searchIsRoute =
    !bothAccelerators ||
    (cluster.topology === 'custom' &&
      (!state || detour.links.length === shortestPath(cluster, undefined, src, dst)?.links.length));
  return withStandIns(
    result(
      cluster,
      src,
      dst,
      detour.nodes,
      detour.links,
      bytes,
      searchIsRoute ? 'structured' : 'detour',
    ),
  );
}

/**
 * The structured candidates one at a time: a fat tree has 256 between pods and a healthy route
 * needs only the first, so they are not all built.
 */
function candidateSequence(cluster: Cluster, a: number, b: number) {
  const paths = cluster.topology === 'fat-tree' ? fatTreePaths(cluster, a, b) : undefined;
  if (paths) {
    const first = endpointHash(a, b) % paths.count;
    return { count: paths.count, at: (k: number) => paths.path((first + k) % paths.count) };
  }
  const list = structuredCandidates(cluster, a, b);
  return { count: list.length, at: (k: number) => list[k] };
}

/** Accelerators and backup NPUs: the endpoints of structured routes. */
const isAccelerator = (cluster: Cluster, node: number) => node < cluster.serverSwitchBase;

function result(
  cluster: Cluster,
  from: number,
  to: number,
  nodes: number[],
  links: number[],
  bytes: number,
  method: 'structured' | 'alternate' | 'detour',
): RouteResult {
  let bottleneckGBps = Infinity;
  for (const link of links)
    bottleneckGBps = Math.min(bottleneckGBps, cluster.linkBandwidthGBps[link]);
  const hops = links.length;
  return {
    ok: true,
    from,
    to,
    nodes,
    links,
    hops,
    latencyUs: pathLatencyUs(cluster, hops, bottleneckGBps, bytes),
    bottleneckGBps,
    bytes,
    method,
  };
}

/** Breadth-first search over up nodes and links; ties broken by adjacency order, so it is deterministic. */
export function shortestPath(
  cluster: Cluster,
  state: FabricState | undefined,
  from: number,
  to: number,
) {
  // In UB every NPU is also a router (UB-Mesh §3.2.1), so detours may pass through other NPUs;
  // GPUs and HCCS-linked NPUs do not forward, so there only switches are transit nodes.
  const acceleratorsForward = cluster.profile.fabric.links.intraServer?.protocol === 'UB';
  const viaLink = new Int32Array(cluster.nodeCount).fill(-1);
  const seen = new Uint8Array(cluster.nodeCount);
  const queue = new Uint32Array(cluster.nodeCount);
  let head = 0;
  let tail = 0;
  queue[tail++] = from;
  seen[from] = 1;
  while (head < tail) {
    const node = queue[head++];
    if (node === to) break;
    if (node !== from && node < cluster.backupBase + cluster.backupCount && !acceleratorsForward)
      continue;
    for (let k = cluster.adjOffset[node]; k < cluster.adjOffset[node + 1]; k++) {
      const link = cluster.adjLink[k];
      if (state && state.linkUp[link] === 0) continue;
      const next = otherEnd(cluster, link, node);
      if (seen[next] || (state && state.nodeUp[next] === 0)) continue;
      seen[next] = 1;
      viaLink[next] = link;
      queue[tail++] = next;
    }
  }
  if (!seen[to]) return undefined;
  const nodes: number[] = [to];
  const links: number[] = [];
  for (let node = to; node !== from;) {
    const link = viaLink[node];
    links.push(link);
    node = otherEnd(cluster, link, node);
    nodes.push(node);
  }
  return { nodes: nodes.reverse(), links: links.reverse() };
}
