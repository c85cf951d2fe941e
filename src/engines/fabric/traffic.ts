import type { Cluster } from '../../model';
import type { TrafficStatus } from '../../sim/frame';
import type { Rng } from '../../sim/rng';
import type { MultipathPolicy, TrafficPattern } from '../../sim/scenario';
import { choosePath } from './multipath';
import type { FabricState } from './routing';

/**
 * Background traffic (SR-2): a seeded set of flows between NPUs, each with a rate and a path, so
 * per-link utilisation, hot links and the effect of a fault and of its reroute are visible before
 * the collective and inference engines add their own flows.
 *
 * A flow follows its path until the control plane reroutes it: while an element on its path is
 * physically down the flow stalls (a black hole until the reroute step), and only the reroute step
 * moves it — exactly the window the fault life cycle measures.
 */

export interface FlowSet {
  readonly src: Int32Array;
  readonly dst: Int32Array;
  /** GB/s each flow offers. */
  readonly rate: Float64Array;
}

export interface TrafficSpec {
  readonly pattern: TrafficPattern;
  /** Offered load of each source NPU, GB/s, split over its flows. */
  readonly offeredGBps: number;
  /** hot-spot: the NPU index every source sends part of its traffic to. */
  readonly hotSpot: number;
  readonly hotSpotShare: number;
}

/** A uniformly random accelerator other than `not`. */
const otherThan = (rng: Rng, n: number, not: number) => {
  const j = rng.int(n - 1);
  return j >= not ? j + 1 : j;
};

/** The flows of a pattern, drawn from `rng` in a fixed order. */
export function generateFlows(cluster: Cluster, spec: TrafficSpec, rng: Rng): FlowSet {
  const n = cluster.npuCount;
  const capacity =
    spec.pattern === 'cabinet-all-to-all'
      ? n * cluster.perCabinet
      : spec.pattern === 'hot-spot'
        ? 2 * n
        : n;
  const src = new Int32Array(capacity);
  const dst = new Int32Array(capacity);
  const rate = new Float64Array(capacity);
  let count = 0;
  const add = (a: number, b: number, r: number) => {
    if (a === b || r <= 0) return;
    src[count] = a;
    dst[count] = b;
    rate[count] = r;
    count++;
  };
  if (n >= 2 && spec.offeredGBps > 0) {
    switch (spec.pattern) {
      case 'none':
        break;
      case 'uniform':
        for (let a = 0; a < n; a++) add(a, otherThan(rng, n, a), spec.offeredGBps);
        break;
      case 'permutation': {
        // Fisher–Yates, then every fixed point swaps with its successor: a derangement.
        const perm = Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [perm[i], perm[j]] = [perm[j], perm[i]];
        }
        for (let i = 0; i < n; i++) {
          if (perm[i] !== i) continue;
          const k = (i + 1) % n;
          [perm[i], perm[k]] = [perm[k], perm[i]];
        }
        for (let a = 0; a < n; a++) add(a, perm[a], spec.offeredGBps);
        break;
      }
      case 'cabinet-all-to-all': {
        const per = cluster.perCabinet;
        const share = spec.offeredGBps / Math.max(1, per - 1);
        for (let a = 0; a < n; a++) {
          const first = cluster.npuCabinet[a] * per;
          for (let b = first; b < first + per; b++) add(a, b, share);
        }
        break;
      }
      case 'hot-spot': {
        const hot = spec.hotSpot;
        for (let a = 0; a < n; a++) {
          if (a === hot) continue;
          add(a, hot, spec.offeredGBps * spec.hotSpotShare);
          add(a, otherThan(rng, n, a), spec.offeredGBps * (1 - spec.hotSpotShare));
        }
        break;
      }
    }
  }
  return { src: src.slice(0, count), dst: dst.slice(0, count), rate: rate.slice(0, count) };
}

/** What the flows physically meet now (as opposed to what the control plane believes). */
export interface PhysicalState {
  /** Per routing node: 1 alive. */
  readonly nodeAlive: Uint8Array;
  /** Per link: 1 carrying traffic (a flapping link in its down phase is 0). */
  readonly linkAlive: Uint8Array;
  /** Per link: share of its bandwidth left (a degraded link < 1). */
  readonly linkCapacity: Float32Array;
}

export interface FlowMove {
  readonly flow: number;
  readonly before: readonly number[];
  readonly after?: readonly number[];
}

export interface RerouteResult {
  readonly moved: number;
  readonly unroutable: number;
  readonly sourceServers: number;
  readonly samples: readonly FlowMove[];
}

export const FlowState = { Routed: 0, Rerouted: 1, NoPath: 2 } as const;

/** What the traffic model reports; the frame adds the pattern and policy it ran with. */
export type TrafficStats = Omit<TrafficStatus, 'pattern' | 'policy'>;

const HOT_LINKS = 16;

/**
 * Connected components of the usable part of `view`, so a flow whose ends are cut apart is known
 * to have no path without a search of the whole fabric for each such flow. Ends in one component
 * is necessary, not sufficient (where accelerators do not relay, the search still decides).
 */
function components(cluster: Cluster, view: FabricState): Int32Array {
  const parent = new Int32Array(cluster.nodeCount);
  for (let n = 0; n < parent.length; n++) parent[n] = n;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let l = 0; l < cluster.linkCount; l++) {
    if (view.linkUp[l] === 0) continue;
    const a = cluster.linkA[l];
    const b = cluster.linkB[l];
    if (view.nodeUp[a] === 0 || view.nodeUp[b] === 0) continue;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[ra] = rb;
  }
  const out = new Int32Array(cluster.nodeCount);
  for (let n = 0; n < out.length; n++) out[n] = find(n);
  return out;
}

/** The node that answers for accelerator `npu` in `view`: its backup stand-in, if it has one. */
function physicalEnd(view: FabricState, npu: number): number {
  const stand = view.standIn;
  return stand && stand[npu] >= 0 ? stand[npu] : npu;
}

/** The flow table: each flow's current path as (link, direction) codes in one growable buffer. */
export class TrafficModel {
  readonly flows: FlowSet;
  private codes: Int32Array;
  private used = 0;
  private readonly start: Uint32Array;
  private readonly length: Uint8Array;
  private readonly state: Uint8Array;
  /** Per link: GB/s of the flows routed over it, either direction (APR places by this). */
  private readonly placed: Float64Array;
  private utilisationCache: Float32Array | undefined;
  /** Connected component of every node in the view being routed over (see `components`). */
  private components: Int32Array | undefined;
  private statsCache: TrafficStats | undefined;

  constructor(
    private readonly cluster: Cluster,
    flows: FlowSet,
    private readonly policy: MultipathPolicy,
  ) {
    this.flows = flows;
    const count = flows.src.length;
    this.start = new Uint32Array(count);
    this.length = new Uint8Array(count);
    this.state = new Uint8Array(count);
    this.codes = new Int32Array(Math.max(16, count * 3));
    this.placed = new Float64Array(cluster.linkCount);
  }

  get count(): number {
    return this.flows.src.length;
  }

  /** Routes every flow over `view` (the control plane's picture of the fabric). */
  routeAll(view: FabricState): void {
    this.components = components(this.cluster, view);
    for (let f = 0; f < this.count; f++) this.place(f, view, FlowState.Routed);
    this.invalidate();
  }

  /**
   * Moves every routed flow whose path crosses an element `view` no longer allows, or whose
   * endpoint's stand-in changed. Returns how many moved, how many were left with no path, the distinct
   * source servers, and the first `samples` moves with their paths before and after.
   */
  rerouteAffected(view: FabricState, samples = 0): RerouteResult {
    let moved = 0;
    let unroutable = 0;
    const servers = new Set<number>();
    const sampled: FlowMove[] = [];
    this.components = components(this.cluster, view);
    for (let f = 0; f < this.count; f++) {
      // A flow with no path cannot gain one when the view loses elements; `restore` retries it.
      if (this.state[f] === FlowState.NoPath || this.pathUsable(f, view)) continue;
      const before = sampled.length < samples ? this.pathLinks(f) : undefined;
      this.unplace(f);
      this.place(f, view, FlowState.Rerouted);
      moved++;
      servers.add(this.cluster.npuServer[this.flows.src[f]]);
      if (this.state[f] === FlowState.NoPath) unroutable++;
      if (before)
        sampled.push({
          flow: f,
          before,
          after: this.state[f] === FlowState.NoPath ? undefined : this.pathLinks(f),
        });
    }
    if (moved > 0) this.invalidate();
    return { moved, unroutable, sourceServers: servers.size, samples: sampled };
  }

  /** Distinct source servers of the flows whose path crosses an element `view` excludes. */
  sourceServersCrossing(view: FabricState): number {
    const servers = new Set<number>();
    for (let f = 0; f < this.count; f++) {
      if (this.state[f] === FlowState.NoPath || this.pathUsable(f, view)) continue;
      servers.add(this.cluster.npuServer[this.flows.src[f]]);
    }
    return servers.size;
  }

  /** After a repair: every flow that was moved or had no path takes the best path again. */
  restore(view: FabricState): number {
    let moved = 0;
    this.components = components(this.cluster, view);
    for (let f = 0; f < this.count; f++) {
      if (this.state[f] === FlowState.Routed) continue;
      this.unplace(f);
      this.place(f, view, FlowState.Routed);
      moved++;
    }
    if (moved > 0) this.invalidate();
    return moved;
  }

  /** The links of a flow's current path, in order. */
  pathLinks(f: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.length[f]; i++) out.push(this.codes[this.start[f] + i] >> 1);
    return out;
  }

  flowState(f: number): number {
    return this.state[f];
  }

  /** Physical state changed (a link went down or came back): utilisation must be recomputed. */
  invalidate(): void {
    this.utilisationCache = undefined;
    this.statsCache = undefined;
  }

  /** Per link: utilisation 0… of the busier direction, over what is physically left of it. */
  utilisation(physical: PhysicalState): Float32Array {
    if (this.utilisationCache) return this.utilisationCache;
    const { cluster } = this;
    const dirLoad = new Float64Array(cluster.linkCount * 2);
    for (let f = 0; f < this.count; f++) {
      if (this.state[f] === FlowState.NoPath || !this.delivers(f, physical)) continue;
      const r = this.flows.rate[f];
      const s = this.start[f];
      for (let i = 0; i < this.length[f]; i++) dirLoad[this.codes[s + i]] += r;
    }
    const util = new Float32Array(cluster.linkCount);
    for (let l = 0; l < cluster.linkCount; l++) {
      const load = Math.max(dirLoad[2 * l], dirLoad[2 * l + 1]);
      if (load === 0) continue;
      const capacity = cluster.linkBandwidthGBps[l] * physical.linkCapacity[l];
      util[l] = capacity > 0 ? load / capacity : 0;
    }
    this.utilisationCache = util;
    return util;
  }

  stats(physical: PhysicalState): TrafficStats {
    if (this.statsCache) return this.statsCache;
    const util = this.utilisation(physical);
    let stalled = 0;
    let rerouted = 0;
    let unroutable = 0;
    for (let f = 0; f < this.count; f++) {
      if (this.state[f] === FlowState.NoPath) unroutable++;
      else if (!this.delivers(f, physical)) stalled++;
      if (this.state[f] === FlowState.Rerouted) rerouted++;
    }
    let sum = 0;
    let busy = 0;
    let max = 0;
    // The HOT_LINKS busiest links, kept sorted busiest first (a short insertion list).
    const hot: { link: number; load: number }[] = [];
    for (let l = 0; l < util.length; l++) {
      const u = util[l];
      if (u <= 0) continue;
      sum += u;
      busy++;
      if (u > max) max = u;
      if (hot.length < HOT_LINKS || u > hot[hot.length - 1].load) {
        let i = hot.length;
        while (i > 0 && hot[i - 1].load < u) i--;
        hot.splice(i, 0, { link: l, load: u });
        if (hot.length > HOT_LINKS) hot.pop();
      }
    }
    const mean = busy > 0 ? sum / busy : 0;
    this.statsCache = {
      flows: this.count,
      stalledFlows: stalled,
      reroutedFlows: rerouted,
      unroutableFlows: unroutable,
      meanLinkLoad: mean,
      maxLinkLoad: max,
      hotLinkFactor: mean > 0 ? max / mean : 0,
      hotLinks: hot,
    };
    return this.statsCache;
  }

  private place(f: number, view: FabricState, state: number): void {
    const { cluster } = this;
    const a = physicalEnd(view, this.flows.src[f]);
    const b = physicalEnd(view, this.flows.dst[f]);
    const reachable =
      a !== b &&
      view.nodeUp[a] === 1 &&
      view.nodeUp[b] === 1 &&
      (!this.components || this.components[a] === this.components[b]);
    const choice = reachable
      ? choosePath(cluster, view, this.policy, f, a, b, this.flows.rate[f], this.placed)
      : undefined;
    if (!choice) {
      this.length[f] = 0;
      this.state[f] = FlowState.NoPath;
      return;
    }
    const hops = choice.links.length;
    if (this.used + hops > this.codes.length) this.grow(hops);
    this.start[f] = this.used;
    this.length[f] = hops;
    for (let i = 0; i < hops; i++) {
      const link = choice.links[i];
      const dir = cluster.linkA[link] === choice.nodes[i] ? 0 : 1;
      this.codes[this.used++] = link * 2 + dir;
      this.placed[link] += this.flows.rate[f];
    }
    this.state[f] = state;
  }

  private unplace(f: number): void {
    const s = this.start[f];
    for (let i = 0; i < this.length[f]; i++)
      this.placed[this.codes[s + i] >> 1] -= this.flows.rate[f];
    this.length[f] = 0;
  }

  /** Usable in the control plane's view: every link and node allowed, endpoints as they should be. */
  private pathUsable(f: number, view: FabricState): boolean {
    const { cluster } = this;
    const len = this.length[f];
    if (len === 0) return false;
    const s = this.start[f];
    const a = physicalEnd(view, this.flows.src[f]);
    const b = physicalEnd(view, this.flows.dst[f]);
    const first = this.codes[s];
    const last = this.codes[s + len - 1];
    const firstFrom = first & 1 ? cluster.linkB[first >> 1] : cluster.linkA[first >> 1];
    const lastTo = last & 1 ? cluster.linkA[last >> 1] : cluster.linkB[last >> 1];
    if (firstFrom !== a || lastTo !== b) return false;
    for (let i = 0; i < len; i++) {
      const link = this.codes[s + i] >> 1;
      if (view.linkUp[link] === 0) return false;
      if (view.nodeUp[cluster.linkA[link]] === 0 || view.nodeUp[cluster.linkB[link]] === 0)
        return false;
    }
    return true;
  }

  /** The flow gets through: every link and node on its path is physically alive. */
  private delivers(f: number, physical: PhysicalState): boolean {
    const { cluster } = this;
    const s = this.start[f];
    for (let i = 0; i < this.length[f]; i++) {
      const link = this.codes[s + i] >> 1;
      if (physical.linkAlive[link] === 0) return false;
      if (
        physical.nodeAlive[cluster.linkA[link]] === 0 ||
        physical.nodeAlive[cluster.linkB[link]] === 0
      )
        return false;
    }
    return true;
  }

  /** Compacts the live paths into a buffer with room for `extra` more codes. */
  private grow(extra: number): void {
    let live = 0;
    for (let f = 0; f < this.count; f++) live += this.length[f];
    const next = new Int32Array(Math.max(this.codes.length, (live + extra) * 2));
    let at = 0;
    for (let f = 0; f < this.count; f++) {
      const len = this.length[f];
      next.set(this.codes.subarray(this.start[f], this.start[f] + len), at);
      this.start[f] = at;
      at += len;
    }
    this.codes = next;
    this.used = at;
  }
}
