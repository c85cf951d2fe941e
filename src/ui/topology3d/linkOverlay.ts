import {
  computeCabinetOfNode,
  interconnectCabinetOfNode,
  LinkKind,
  type Cluster,
} from '../../model';
import { Health, LinkState, type FabricFrame } from '../../sim/frame';

/**
 * Which links the room's overlay draws for a frame: every link that is not up (down, isolated,
 * degraded, flapping) and the busiest links the engine reports (`traffic.hotLinks`). Pure, and
 * written into arrays allocated once, so it runs on every frame without garbage.
 *
 * What is folded into one marker per cabinet instead of drawn link by link:
 * - every faulted link that is down or isolated only because a device at one of its ends is (the
 *   device's colour already says so): it goes to the cabinet of that device, compute or
 *   interconnect. A cabinet power loss takes hundreds of links down, a dead spine switch a link to
 *   every cabinet of its plane; drawn one by one they are a blot of arcs that hides the room and
 *   costs a software renderer hundreds of milliseconds a frame in a fault storm;
 * - the faulted X-links (inside a server) of a compute cabinet, which sit on top of each other at
 *   room scale.
 * In the focused cabinet everything is drawn link by link. A link's own fault (a link down, a Y-link
 * flapping, a pod's links cut) is always drawn. `byClass` counts every faulted link, drawn or
 * folded; a marker takes the colour of its loudest folded link.
 */

export const OverlayClass = {
  Down: 0,
  Isolated: 1,
  Flapping: 2,
  Degraded: 3,
  Hot: 4,
} as const;
export type OverlayClass = (typeof OverlayClass)[keyof typeof OverlayClass];
export const OVERLAY_CLASS_COUNT = 5;
export const OVERLAY_CLASS_NAMES: Readonly<Record<OverlayClass, string>> = {
  0: 'down',
  1: 'isolated',
  2: 'flapping',
  3: 'degraded',
  4: 'hot',
};

/** Link state → overlay class. Lower classes are louder. */
const STATE_CLASS: Readonly<Partial<Record<LinkState, OverlayClass>>> = {
  [LinkState.Down]: OverlayClass.Down,
  [LinkState.Degraded]: OverlayClass.Degraded,
  [LinkState.Flapping]: OverlayClass.Flapping,
  [LinkState.Isolated]: OverlayClass.Isolated,
};

export interface OverlayOptions {
  /** Draw links that are not up. */
  readonly faults: boolean;
  /** Draw the frame's hot links. */
  readonly hot: boolean;
  /** The focused compute cabinet (its X-links are drawn, not aggregated), or -1. */
  readonly focus: number;
}

/** The links to draw for one frame; reused frame after frame. */
export class OverlayLinks {
  readonly links: Uint32Array;
  readonly classes: Uint8Array;
  /** Utilisation of each drawn link (hot links are coloured by it). */
  readonly loads: Float32Array;
  count = 0;
  /** Links that qualified but did not fit in `capacity`. */
  dropped = 0;
  /** Links per `OverlayClass`, drawn or folded into a cabinet marker. */
  readonly byClass = new Uint32Array(OVERLAY_CLASS_COUNT);
  /**
   * Per cabinet, compute cabinets first then interconnect cabinets: 0, or 1 + the loudest class of
   * the links folded into its marker.
   */
  readonly cabinetMarks: Uint8Array;
  markedCabinets = 0;
  /** Links folded into cabinet markers. */
  aggregated = 0;

  constructor(
    readonly capacity: number,
    computeCabinets: number,
    interconnectCabinets = 0,
  ) {
    this.links = new Uint32Array(capacity);
    this.classes = new Uint8Array(capacity);
    this.loads = new Float32Array(capacity);
    this.cabinetMarks = new Uint8Array(computeCabinets + interconnectCabinets);
  }

  /** Empties the set (overlay off, no frame yet). */
  clear(): void {
    this.count = 0;
    this.dropped = 0;
    this.byClass.fill(0);
    this.cabinetMarks.fill(0);
    this.markedCabinets = 0;
    this.aggregated = 0;
  }

  private push(link: number, cls: OverlayClass, load: number): void {
    this.byClass[cls]++;
    if (this.count >= this.capacity) {
      this.dropped++;
      return;
    }
    this.links[this.count] = link;
    this.classes[this.count] = cls;
    this.loads[this.count] = load;
    this.count++;
  }

  private fold(marker: number, cls: OverlayClass): void {
    this.byClass[cls]++;
    const mark = this.cabinetMarks[marker];
    if (mark === 0) this.markedCabinets++;
    if (mark === 0 || cls + 1 < mark) this.cabinetMarks[marker] = cls + 1;
    this.aggregated++;
  }

  /** Fills the set for `frame`. */
  collect(cluster: Cluster, frame: FabricFrame, options: OverlayOptions): void {
    this.clear();
    const { linkState, linkUp, linkLoad, nodeHealth } = frame;
    const { linkKind, linkA, linkB } = cluster;
    const n = Math.min(cluster.linkCount, linkUp.length);
    const computeCabinets = cluster.computeCabinetCount;
    const interconnect = this.cabinetMarks.length > computeCabinets;
    const deviceDown = (node: number) =>
      nodeHealth !== undefined &&
      (nodeHealth[node] === Health.Failed || nodeHealth[node] === Health.Isolated);
    /** The marker of the cabinet `node` stands in, compute or interconnect, or -1. */
    const markerOf = (node: number) => {
      const cabinet = computeCabinetOfNode(cluster, node);
      if (cabinet >= 0) return cabinet;
      const ic = interconnect ? interconnectCabinetOfNode(cluster, node) : -1;
      return ic >= 0 ? computeCabinets + ic : -1;
    };
    const focused = (node: number) =>
      options.focus >= 0 && computeCabinetOfNode(cluster, node) === options.focus;
    if (options.faults) {
      for (let l = 0; l < n; l++) {
        // Frames without link states (older hand-built ones) still say up or down.
        const state: number = linkState ? linkState[l] : linkUp[l] ? LinkState.Up : LinkState.Down;
        if (state === LinkState.Up) continue;
        const cls: OverlayClass = STATE_CLASS[state as LinkState] ?? OverlayClass.Down;
        const a = linkA[l];
        const b = linkB[l];
        let marker = -1;
        if (focused(a) || focused(b)) marker = -1;
        else if (deviceDown(a)) marker = markerOf(a);
        else if (deviceDown(b)) marker = markerOf(b);
        else if (linkKind[l] === LinkKind.IntraServer && a < cluster.npuCount) marker = markerOf(a);
        if (marker >= 0) this.fold(marker, cls);
        else this.push(l, cls, linkLoad[l] ?? 0);
      }
    }
    const hot = frame.traffic?.hotLinks;
    if (options.hot && hot) {
      for (const { link, load } of hot) {
        if (!(link >= 0 && link < n) || !(load > 0)) continue;
        // A hot link that is also faulted is already drawn in its fault's colour.
        if (options.faults && (linkState ? linkState[link] !== LinkState.Up : linkUp[link] === 0))
          continue;
        this.push(link, OverlayClass.Hot, load);
      }
    }
  }
}

/** Overlay colours, loud against the dark room and apart from each other and the route's white. */
export const OVERLAY_COLORS: Readonly<Record<Exclude<OverlayClass, 4>, string>> = {
  [OverlayClass.Down]: '#ff3b3b',
  [OverlayClass.Isolated]: '#a78bfa',
  [OverlayClass.Flapping]: '#ff4fd8',
  [OverlayClass.Degraded]: '#ff8c1a',
};
/** Hot links run from sky blue (idle) to near white (at or over capacity). */
export const HOT_LOW = '#0ea5e9';
export const HOT_HIGH = '#f0f9ff';
