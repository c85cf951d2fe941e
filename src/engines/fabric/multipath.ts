import { linkBetween, LinkKind, otherEnd, type Cluster } from '../../model';
import type { Rng } from '../../sim/rng';
import type { MultipathPolicy } from '../../sim/scenario';
import {
  endpointHash,
  fatTreePaths,
  linksAlong,
  shortestPath,
  structuredCandidates,
  type FabricState,
} from './routing';

/**
 * Multipath (SR-2; fabric-collectives.md §2.3): ECMP hashes each flow onto one of the equal-cost
 * (minimal-hop) paths; UB-Mesh's all-path routing (APR) also uses the non-minimal ones — the
 * detour through the cabinet switch and the borrowed spine inside a pod — and, being source
 * routed, can pick the least-loaded path per flow.
 */

/** Expected share of n paths that carry at least one of m flows hashed uniformly: 1 − (1 − 1/n)^m. */
export const ecmpExpectedUsedFraction = (n: number, m: number): number =>
  1 - Math.pow(1 - 1 / n, m);

/** The classic balls-into-bins estimate of the fullest path's load for m = n: ln n / ln ln n. */
export const ecmpExpectedMaxLoadApprox = (n: number): number => Math.log(n) / Math.log(Math.log(n));

export interface EcmpStats {
  readonly paths: number;
  readonly flows: number;
  readonly trials: number;
  /** Closed form: 1 − (1 − 1/n)^m. */
  readonly expectedUsedFraction: number;
  /** Mean over trials of the share of paths that carry a flow. */
  readonly usedFraction: number;
  /** Mean over trials of the fullest path's flow count. */
  readonly meanMaxLoad: number;
  /** Hot-link factor: fullest path ÷ mean path load (m / n), averaged over trials. */
  readonly hotLinkFactor: number;
  /** Share of flows that share their path with at least one other flow. */
  readonly collidingFlowFraction: number;
}

/** Hashes m flows onto n paths `trials` times with a seeded stream and measures the collisions. */
export function ecmpCollisions(n: number, m: number, trials: number, rng: Rng): EcmpStats {
  const counts = new Uint32Array(n);
  let used = 0;
  let max = 0;
  let colliding = 0;
  for (let t = 0; t < trials; t++) {
    counts.fill(0);
    for (let f = 0; f < m; f++) counts[rng.int(n)]++;
    let usedNow = 0;
    let maxNow = 0;
    for (let p = 0; p < n; p++) {
      const c = counts[p];
      if (c > 0) usedNow++;
      if (c > maxNow) maxNow = c;
      if (c > 1) colliding += c;
    }
    used += usedNow / n;
    max += maxNow;
  }
  const meanMax = max / trials;
  return {
    paths: n,
    flows: m,
    trials,
    expectedUsedFraction: ecmpExpectedUsedFraction(n, m),
    usedFraction: used / trials,
    meanMaxLoad: meanMax,
    hotLinkFactor: meanMax / (m / n),
    collidingFlowFraction: colliding / (trials * m),
  };
}

/** A flow's hash, standing in for ECMP's 5-tuple hash: the same flow always takes the same path. */
export function flowHash(flow: number, src: number, dst: number): number {
  let h = Math.imul(flow ^ 0x2545f491, 0x9e3779b1) >>> 0;
  h = Math.imul(h ^ src ^ (h >>> 15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ dst ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export interface PathChoice {
  readonly nodes: readonly number[];
  readonly links: readonly number[];
  /** Which structured candidate (0 = the preferred one), or -1 for a search around failures. */
  readonly candidate: number;
}

/**
 * Link indices the flow router needs in its inner loop, computed once per cluster: each
 * accelerator's and backup's uplink to its cabinet switch, each cabinet-switch ↔ spine link and
 * each cabinet-mesh link. Switches have 100+ links, so finding these by adjacency scans dominated.
 */
interface LinkIndex {
  readonly uplink: Int32Array;
  readonly spine: Int32Array;
  readonly cabinetMesh: Int32Array;
}

const indices = new WeakMap<Cluster, LinkIndex>();

function linkIndex(cluster: Cluster): LinkIndex {
  let ix = indices.get(cluster);
  if (ix) return ix;
  const cabinets = cluster.computeCabinetCount;
  const spines = cluster.interconnectCabinetCount;
  const uplink = new Int32Array(cluster.nodeCount).fill(-1);
  const spine = new Int32Array(cabinets * spines).fill(-1);
  const cabinetMesh = new Int32Array(cabinets * cabinets).fill(-1);
  for (let l = 0; l < cluster.linkCount; l++) {
    const a = cluster.linkA[l];
    const b = cluster.linkB[l];
    const kind = cluster.linkKind[l];
    if (kind === LinkKind.Uplink || kind === LinkKind.BackupUplink) uplink[a] = l;
    else if (kind === LinkKind.Spine)
      spine[(a - cluster.cabinetSwitchBase) * spines + (b - cluster.spineSwitchBase)] = l;
    else if (kind === LinkKind.CabinetMesh) {
      const x = a - cluster.cabinetSwitchBase;
      const y = b - cluster.cabinetSwitchBase;
      cabinetMesh[x * cabinets + y] = l;
      cabinetMesh[y * cabinets + x] = l;
    }
  }
  ix = { uplink, spine, cabinetMesh };
  indices.set(cluster, ix);
  return ix;
}

/**
 * The path one flow takes over what is usable in `state`. ECMP: the flow's hash picks among the
 * minimal-hop candidates, resiliently (the flow keeps its member while it is usable and rehashes
 * over the usable members only when it is not). APR: the usable candidate (minimal, detour or
 * borrowed) whose busiest link would be least loaded with this flow added, `load` being the GB/s
 * already placed per link (ties: fewer hops, then candidate order). Either falls back to the
 * shortest path around failures when no candidate is usable.
 */
export function choosePath(
  cluster: Cluster,
  state: FabricState,
  policy: MultipathPolicy,
  flow: number,
  src: number,
  dst: number,
  rateGBps: number,
  load: Float64Array,
): PathChoice | undefined {
  const accelerators = src < cluster.serverSwitchBase && dst < cluster.serverSwitchBase;
  if (cluster.topology === 'custom')
    return shortestPathChoice(cluster, state, policy, flow, src, dst, rateGBps, load);
  if (cluster.topology === 'fat-tree') {
    const choice = accelerators
      ? fatTreePath(cluster, state, policy, flow, src, dst, rateGBps, load)
      : undefined;
    if (choice) return choice;
  } else if (accelerators) {
    const fabric = cluster.profile.fabric;
    const meshed = fabric.intraServer === 'full-mesh';
    const sameCabinet = cabinetOf(cluster, src) === cabinetOf(cluster, dst);
    const choice = !meshed
      ? candidatePath(cluster, state, policy, flow, src, dst, rateGBps, load)
      : sameCabinet
        ? src < cluster.npuCount && dst < cluster.npuCount && fabric.intraCabinetMesh
          ? meshPath(cluster, state, policy, flow, src, dst, rateGBps, load)
          : candidatePath(cluster, state, policy, flow, src, dst, rateGBps, load)
        : crossCabinetPath(cluster, state, policy, flow, src, dst, rateGBps, load);
    if (choice) return choice;
  }
  const detour = shortestPath(cluster, state, src, dst);
  return detour ? { nodes: detour.nodes, links: detour.links, candidate: -1 } : undefined;
}

function cabinetOf(cluster: Cluster, node: number): number {
  if (node < cluster.npuCount) return cluster.npuCabinet[node];
  return Math.floor((node - cluster.backupBase) / cluster.profile.layout.backupsPerCabinet);
}

/** Inside a cabinet (few, short candidates): the structured candidates themselves. */
function candidatePath(
  cluster: Cluster,
  state: FabricState,
  policy: MultipathPolicy,
  flow: number,
  src: number,
  dst: number,
  rateGBps: number,
  load: Float64Array,
): PathChoice | undefined {
  const candidates = structuredCandidates(cluster, src, dst);
  let minHops = Infinity;
  for (const c of candidates) minHops = Math.min(minHops, c.length - 1);
  if (policy === 'ecmp') {
    const group: number[] = [];
    candidates.forEach((nodes, index) => {
      if (nodes.length - 1 === minHops) group.push(index);
    });
    const hash = flowHash(flow, src, dst);
    const first = group[hash % group.length];
    const links = linksAlong(cluster, candidates[first], state);
    if (links) return { nodes: candidates[first], links, candidate: first };
    const usable: { links: number[]; index: number }[] = [];
    for (const index of group) {
      const l = linksAlong(cluster, candidates[index], state);
      if (l) usable.push({ links: l, index });
    }
    if (usable.length === 0) return undefined;
    const pick = usable[hash % usable.length];
    return { nodes: candidates[pick.index], links: pick.links, candidate: pick.index };
  }
  let best: PathChoice | undefined;
  let bestCost = Infinity;
  let bestHops = Infinity;
  candidates.forEach((nodes, index) => {
    const links = linksAlong(cluster, nodes, state);
    if (!links) return;
    let cost = 0;
    for (const link of links)
      cost = Math.max(cost, (load[link] + rateGBps) / cluster.linkBandwidthGBps[link]);
    if (
      cost < bestCost - 1e-12 ||
      (Math.abs(cost - bestCost) <= 1e-12 && links.length < bestHops)
    ) {
      best = { nodes, links, candidate: index };
      bestCost = cost;
      bestHops = links.length;
    }
  });
  return best;
}

/**
 * Between two NPUs of one cabinet's 2D full mesh: the direct X or Y link, or X then Y, Y then X,
 * and the detour through the cabinet switch — `structuredCandidates`' order, without building them.
 * (No closures in these hot paths: flow routing runs them hundreds of thousands of times.)
 */
function meshPath(
  cluster: Cluster,
  state: FabricState,
  policy: MultipathPolicy,
  flow: number,
  src: number,
  dst: number,
  rateGBps: number,
  load: Float64Array,
): PathChoice | undefined {
  if (state.nodeUp[src] === 0 || state.nodeUp[dst] === 0) return undefined;
  const serverA = cluster.npuServer[src];
  const serverB = cluster.npuServer[dst];
  if (serverA === serverB) {
    const l = linkBetween(cluster, src, dst);
    return l >= 0 && state.linkUp[l] === 1
      ? { nodes: [src, dst], links: [l], candidate: 0 }
      : undefined;
  }
  const lrs = cluster.cabinetSwitchBase + cluster.npuCabinet[src];
  // Relays in candidate order: the X-first relay, the Y-first relay, the cabinet switch; or, for
  // the same slot, none (the direct Y link) and the cabinet switch.
  const direct = cluster.npuSlot[src] === cluster.npuSlot[dst];
  const relays = direct
    ? [-1, lrs]
    : [
        serverA * cluster.perServer + cluster.npuSlot[dst],
        serverB * cluster.perServer + cluster.npuSlot[src],
        lrs,
      ];
  const ix = linkIndex(cluster);
  if (policy === 'ecmp') {
    // Minimal hops: the direct link alone, or all three two-hop candidates.
    const group = direct ? 1 : 3;
    const hash = flowHash(flow, src, dst);
    const first = hash % group;
    const links = relayLinks(cluster, ix, state, src, dst, relays[first], lrs);
    if (links) return relayChoice(src, dst, relays[first], links, first);
    const usable: number[] = [];
    for (let i = 0; i < group; i++)
      if (relayLinks(cluster, ix, state, src, dst, relays[i], lrs)) usable.push(i);
    if (usable.length === 0) return undefined;
    const pick = usable[hash % usable.length];
    return relayChoice(
      src,
      dst,
      relays[pick],
      relayLinks(cluster, ix, state, src, dst, relays[pick], lrs) ?? [],
      pick,
    );
  }
  const bw = cluster.linkBandwidthGBps;
  let best = -1;
  let bestLinks: number[] = [];
  let bestCost = Infinity;
  let bestHops = Infinity;
  for (let i = 0; i < relays.length; i++) {
    const links = relayLinks(cluster, ix, state, src, dst, relays[i], lrs);
    if (!links) continue;
    let cost = 0;
    for (const l of links) cost = Math.max(cost, (load[l] + rateGBps) / bw[l]);
    if (
      cost < bestCost - 1e-12 ||
      (Math.abs(cost - bestCost) <= 1e-12 && links.length < bestHops)
    ) {
      best = i;
      bestLinks = links;
      bestCost = cost;
      bestHops = links.length;
    }
  }
  return best < 0 ? undefined : relayChoice(src, dst, relays[best], bestLinks, best);
}

/** The links of src → relay → dst (relay -1: the direct link), or undefined when unusable. */
function relayLinks(
  cluster: Cluster,
  ix: LinkIndex,
  state: FabricState,
  src: number,
  dst: number,
  relay: number,
  lrs: number,
): number[] | undefined {
  if (relay < 0) {
    const l = linkBetween(cluster, src, dst);
    return l >= 0 && state.linkUp[l] === 1 ? [l] : undefined;
  }
  if (state.nodeUp[relay] === 0) return undefined;
  const l1 = relay === lrs ? ix.uplink[src] : linkBetween(cluster, src, relay);
  const l2 = relay === lrs ? ix.uplink[dst] : linkBetween(cluster, dst, relay);
  return l1 >= 0 && l2 >= 0 && state.linkUp[l1] === 1 && state.linkUp[l2] === 1
    ? [l1, l2]
    : undefined;
}

function relayChoice(
  src: number,
  dst: number,
  relay: number,
  links: number[],
  index: number,
): PathChoice {
  return { nodes: relay < 0 ? [src, dst] : [src, relay, dst], links, candidate: index };
}

/**
 * Across cabinets the candidates share their first and last hop (the endpoints' uplinks) and
 * differ in the middle: the direct cabinet-mesh link (same pod row or column), the two corner
 * cabinets (row first, column first), or one spine switch each. The same order as
 * `structuredCandidates`, evaluated without building every path.
 */
function crossCabinetPath(
  cluster: Cluster,
  state: FabricState,
  policy: MultipathPolicy,
  flow: number,
  src: number,
  dst: number,
  rateGBps: number,
  load: Float64Array,
): PathChoice | undefined {
  const ix = linkIndex(cluster);
  const { profile } = cluster;
  const cabA = cabinetOf(cluster, src);
  const cabB = cabinetOf(cluster, dst);
  const lrsA = cluster.cabinetSwitchBase + cabA;
  const lrsB = cluster.cabinetSwitchBase + cabB;
  const upA = ix.uplink[src];
  const upB = ix.uplink[dst];
  const { nodeUp, linkUp } = state;
  if (upA < 0 || upB < 0) return undefined;
  if (nodeUp[src] === 0 || nodeUp[dst] === 0 || nodeUp[lrsA] === 0 || nodeUp[lrsB] === 0)
    return undefined;
  if (linkUp[upA] === 0 || linkUp[upB] === 0) return undefined;

  // Middles in candidate order: -1 = the direct mesh link; else a switch node (corner or spine).
  const middles: number[] = [];
  if (profile.fabric.podCabinetMesh && cluster.cabinetPod[cabA] === cluster.cabinetPod[cabB]) {
    const cols = profile.layout.podCols;
    const rowA = cluster.cabinetRow[cabA];
    const colA = cluster.cabinetCol[cabA];
    const rowB = cluster.cabinetRow[cabB];
    const colB = cluster.cabinetCol[cabB];
    const podFirst =
      cluster.cabinetSwitchBase + cluster.cabinetPod[cabA] * profile.layout.podRows * cols;
    if (rowA === rowB || colA === colB) middles.push(-1);
    else middles.push(podFirst + rowA * cols + colB, podFirst + rowB * cols + colA);
  }
  const spines = cluster.interconnectCabinetCount;
  if (spines > 0) {
    const first = endpointHash(src, dst) % spines;
    for (let k = 0; k < spines; k++) middles.push(cluster.spineSwitchBase + ((first + k) % spines));
  }
  if (middles.length === 0) return undefined;

  if (policy === 'ecmp') {
    // The direct mesh link is 3 hops, every other middle 4: the group is the direct link alone
    // when there is one, else every corner and spine.
    const group = middles[0] < 0 ? 1 : middles.length;
    const hash = flowHash(flow, src, dst);
    const first = hash % group;
    const mid = middleLinks(cluster, ix, state, cabA, cabB, middles[first]);
    if (mid) return middleChoice(src, dst, lrsA, lrsB, upA, upB, middles[first], mid, first);
    const usable: number[] = [];
    for (let i = 0; i < group; i++)
      if (middleLinks(cluster, ix, state, cabA, cabB, middles[i])) usable.push(i);
    if (usable.length === 0) return undefined;
    const pick = usable[hash % usable.length];
    const pickMid = middleLinks(cluster, ix, state, cabA, cabB, middles[pick]) ?? [];
    return middleChoice(src, dst, lrsA, lrsB, upA, upB, middles[pick], pickMid, pick);
  }
  const bw = cluster.linkBandwidthGBps;
  const endsCost = Math.max((load[upA] + rateGBps) / bw[upA], (load[upB] + rateGBps) / bw[upB]);
  let best = -1;
  let bestMid: number[] = [];
  let bestCost = Infinity;
  let bestHops = Infinity;
  for (let i = 0; i < middles.length; i++) {
    const mid = middleLinks(cluster, ix, state, cabA, cabB, middles[i]);
    if (!mid) continue;
    let cost = endsCost;
    for (const l of mid) cost = Math.max(cost, (load[l] + rateGBps) / bw[l]);
    const hops = mid.length + 2;
    if (cost < bestCost - 1e-12 || (Math.abs(cost - bestCost) <= 1e-12 && hops < bestHops)) {
      best = i;
      bestMid = mid;
      bestCost = cost;
      bestHops = hops;
    }
  }
  return best < 0
    ? undefined
    : middleChoice(src, dst, lrsA, lrsB, upA, upB, middles[best], bestMid, best);
}

/** The middle links of a cross-cabinet candidate, or undefined when it is unusable. */
function middleLinks(
  cluster: Cluster,
  ix: LinkIndex,
  state: FabricState,
  cabA: number,
  cabB: number,
  middle: number,
): number[] | undefined {
  const cabinets = cluster.computeCabinetCount;
  if (middle < 0) {
    const l = ix.cabinetMesh[cabA * cabinets + cabB];
    return l >= 0 && state.linkUp[l] === 1 ? [l] : undefined;
  }
  if (state.nodeUp[middle] === 0) return undefined;
  let l1: number;
  let l2: number;
  if (middle >= cluster.spineSwitchBase) {
    const spines = cluster.interconnectCabinetCount;
    const sp = middle - cluster.spineSwitchBase;
    l1 = ix.spine[cabA * spines + sp];
    l2 = ix.spine[cabB * spines + sp];
  } else {
    const corner = middle - cluster.cabinetSwitchBase;
    l1 = ix.cabinetMesh[cabA * cabinets + corner];
    l2 = ix.cabinetMesh[corner * cabinets + cabB];
  }
  return l1 >= 0 && l2 >= 0 && state.linkUp[l1] === 1 && state.linkUp[l2] === 1
    ? [l1, l2]
    : undefined;
}

function middleChoice(
  src: number,
  dst: number,
  lrsA: number,
  lrsB: number,
  upA: number,
  upB: number,
  middle: number,
  mid: number[],
  index: number,
): PathChoice {
  return {
    nodes: middle < 0 ? [src, lrsA, lrsB, dst] : [src, lrsA, middle, lrsB, dst],
    links: [upA, ...mid, upB],
    candidate: index,
  };
}

/**
 * Fat tree: the flow's hash picks one of the 1, k/2 or (k/2)² equal-cost paths (resiliently, as
 * above); APR takes the least loaded of them. A fat tree has no useful non-minimal path.
 */
function fatTreePath(
  cluster: Cluster,
  state: FabricState,
  policy: MultipathPolicy,
  flow: number,
  src: number,
  dst: number,
  rateGBps: number,
  load: Float64Array,
): PathChoice | undefined {
  const paths = fatTreePaths(cluster, src, dst);
  if (!paths) return undefined;
  // Candidate i is numbered as in `structuredCandidates`: rotated by the endpoint hash.
  const rotate = endpointHash(src, dst) % paths.count;
  const nodesOf = (i: number) => paths.path((rotate + i) % paths.count);
  if (policy === 'ecmp') {
    const hash = flowHash(flow, src, dst);
    const first = hash % paths.count;
    const nodes = nodesOf(first);
    const links = linksAlong(cluster, nodes, state);
    if (links) return { nodes, links, candidate: first };
    const usable: PathChoice[] = [];
    for (let i = 0; i < paths.count; i++) {
      const n = nodesOf(i);
      const l = linksAlong(cluster, n, state);
      if (l) usable.push({ nodes: n, links: l, candidate: i });
    }
    return usable.length > 0 ? usable[hash % usable.length] : undefined;
  }
  const bw = cluster.linkBandwidthGBps;
  let best: PathChoice | undefined;
  let bestCost = Infinity;
  for (let i = 0; i < paths.count; i++) {
    const nodes = nodesOf(i);
    const links = linksAlong(cluster, nodes, state);
    if (!links) continue;
    // The two host links are on every candidate, so only the links between them tell paths apart.
    let cost = 0;
    for (let h = 1; h < links.length - 1; h++)
      cost = Math.max(cost, (load[links[h]] + rateGBps) / bw[links[h]]);
    if (cost < bestCost - 1e-12) {
      best = { nodes, links, candidate: i };
      bestCost = cost;
    }
  }
  return best;
}

/**
 * Any graph (a custom topology): hop distances to the destination over what is usable, then a
 * walk from the source that takes, at each node, one of the next hops on a minimal path — by the
 * flow's hash (ECMP over every minimal path) or, for APR, the least loaded (ties by hash).
 * Accelerators relay only where the intra-server protocol is UB, as in `shortestPath`.
 */
export function shortestPathChoice(
  cluster: Cluster,
  state: FabricState | undefined,
  policy: MultipathPolicy,
  flow: number,
  src: number,
  dst: number,
  rateGBps: number,
  load: Float64Array | undefined,
): PathChoice | undefined {
  if (state && (state.nodeUp[src] === 0 || state.nodeUp[dst] === 0)) return undefined;
  const dist = distancesTo(cluster, state, dst);
  if (dist[src] < 0) return undefined;
  const nodes = [src];
  const links: number[] = [];
  const bw = cluster.linkBandwidthGBps;
  const forward = cluster.profile.fabric.links.intraServer?.protocol === 'UB';
  const relayEnd = cluster.backupBase + cluster.backupCount;
  let hash = flowHash(flow, src, dst);
  for (let node = src; node !== dst;) {
    let pick = -1;
    let options = 0;
    let bestCost = Infinity;
    for (let k = cluster.adjOffset[node]; k < cluster.adjOffset[node + 1]; k++) {
      const link = cluster.adjLink[k];
      if (state && state.linkUp[link] === 0) continue;
      const next = otherEnd(cluster, link, node);
      if (dist[next] !== dist[node] - 1) continue;
      if (next !== dst && next < relayEnd && !forward) continue;
      options++;
      if (policy === 'apr' && load) {
        const cost = (load[link] + rateGBps) / bw[link];
        if (
          cost < bestCost - 1e-12 ||
          (Math.abs(cost - bestCost) <= 1e-12 && hash % options === 0)
        ) {
          bestCost = cost;
          pick = link;
        }
      } else if (hash % options === 0) pick = link;
    }
    // The distances guarantee a next hop; the reservoir choice above makes each equally likely.
    hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 0;
    links.push(pick);
    node = otherEnd(cluster, pick, node);
    nodes.push(node);
  }
  return { nodes, links, candidate: 0 };
}

/** Breadth-first hop counts to `dst` over usable elements (-1: unreachable). */
function distancesTo(cluster: Cluster, state: FabricState | undefined, dst: number): Int32Array {
  const forward = cluster.profile.fabric.links.intraServer?.protocol === 'UB';
  const relayEnd = cluster.backupBase + cluster.backupCount;
  const dist = new Int32Array(cluster.nodeCount).fill(-1);
  const queue = new Uint32Array(cluster.nodeCount);
  let head = 0;
  let tail = 0;
  queue[tail++] = dst;
  dist[dst] = 0;
  while (head < tail) {
    const node = queue[head++];
    if (node !== dst && node < relayEnd && !forward) continue;
    for (let k = cluster.adjOffset[node]; k < cluster.adjOffset[node + 1]; k++) {
      const link = cluster.adjLink[k];
      if (state && state.linkUp[link] === 0) continue;
      const next = otherEnd(cluster, link, node);
      if (dist[next] >= 0 || (state && state.nodeUp[next] === 0)) continue;
      dist[next] = dist[node] + 1;
      queue[tail++] = next;
    }
  }
  return dist;
}

/** Direction of each hop: 0 when the path crosses the link from its A end to its B end. */
export function hopDirections(
  cluster: Cluster,
  nodes: readonly number[],
  links: readonly number[],
): number[] {
  return links.map((link, i) => (cluster.linkA[link] === nodes[i] ? 0 : 1));
}
