import { LinkKind, type Cluster } from '../../model';
import { LinkState, type FabricFrame } from '../../sim/frame';

/**
 * Which links the room's overlay draws for a frame: every link that is not up (down, isolated,
 * degraded, flapping) and the busiest links the engine reports (`traffic.hotLinks`). Pure, and
 * written into arrays allocated once, so it runs on every frame without garbage.
 *
 * What is aggregated: the X-links (intra-server) of a cabinet that is not focused. A cabinet power
 * loss takes down 224 of them on one door, and drawn one by one they would be a blot of arcs
 * along each server row; instead the cabinet gets one marker in the colour of its worst faulted
 * X-link. Everything else is drawn link by link: Y-links on the door, NPU uplinks up to the roof,
 * cabinet-mesh and spine links between cabinets, and in the focused cabinet its X-links as well.
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
  /** Links drawn per `OverlayClass`. */
  readonly byClass = new Uint32Array(OVERLAY_CLASS_COUNT);
  /** Per compute cabinet: 0, or 1 + the loudest class of its aggregated X-links. */
  readonly cabinetMarks: Uint8Array;
  markedCabinets = 0;
  /** X-links folded into cabinet markers. */
  aggregated = 0;

  constructor(
    readonly capacity: number,
    cabinets: number,
  ) {
    this.links = new Uint32Array(capacity);
    this.classes = new Uint8Array(capacity);
    this.loads = new Float32Array(capacity);
    this.cabinetMarks = new Uint8Array(cabinets);
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
    if (this.count >= this.capacity) {
      this.dropped++;
      return;
    }
    this.links[this.count] = link;
    this.classes[this.count] = cls;
    this.loads[this.count] = load;
    this.count++;
    this.byClass[cls]++;
  }

  /** Fills the set for `frame`. */
  collect(cluster: Cluster, frame: FabricFrame, options: OverlayOptions): void {
    this.clear();
    const { linkState, linkUp, linkLoad } = frame;
    const { linkKind, linkA, npuCabinet } = cluster;
    const n = Math.min(cluster.linkCount, linkUp.length);
    if (options.faults) {
      for (let l = 0; l < n; l++) {
        // Frames without link states (older hand-built ones) still say up or down.
        const state: number = linkState ? linkState[l] : linkUp[l] ? LinkState.Up : LinkState.Down;
        if (state === LinkState.Up) continue;
        const cls: OverlayClass = STATE_CLASS[state as LinkState] ?? OverlayClass.Down;
        if (linkKind[l] === LinkKind.IntraServer && linkA[l] < cluster.npuCount) {
          const cabinet = npuCabinet[linkA[l]];
          if (cabinet !== options.focus) {
            const mark = this.cabinetMarks[cabinet];
            if (mark === 0) this.markedCabinets++;
            if (mark === 0 || cls + 1 < mark) this.cabinetMarks[cabinet] = cls + 1;
            this.aggregated++;
            continue;
          }
        }
        this.push(l, cls, linkLoad[l] ?? 0);
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
