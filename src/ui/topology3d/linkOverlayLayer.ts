import {
  BufferAttribute,
  BufferGeometry,
  Color,
  DynamicDrawUsage,
  Group,
  LineBasicMaterial,
  LineSegments,
  Points,
  PointsMaterial,
  SRGBColorSpace,
  type Camera,
  type InterleavedBufferAttribute,
  type Scene,
  type WebGLRenderer,
  type Texture,
} from 'three';
import { LineMaterial } from 'three/addons/lines/LineMaterial.js';
import { LineSegments2 } from 'three/addons/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/addons/lines/LineSegmentsGeometry.js';
import { CABINET_DEPTH_M, CABINET_HEIGHT_M, type Cluster, type FloorLayout } from '../../model';
import type { FabricFrame } from '../../sim/frame';
import { parseColor } from '../metrics';
import { linkArcPointInto, linkControlInto, nodePositions } from './anchors';
import type { FaceLayout } from './faceLayout';
import {
  HOT_HIGH,
  HOT_LOW,
  OVERLAY_CLASS_COUNT,
  OVERLAY_COLORS,
  OverlayClass,
  OverlayLinks,
  type OverlayOptions,
} from './linkOverlay';

/** Links the overlay can draw at once (a pod cut is ~600; more are counted as not drawn). */
export const OVERLAY_CAPACITY = 4096;
/** Straight pieces per link arc: enough to read as a curve, few enough for thousands of links. */
export const OVERLAY_SEGMENTS_PER_LINK = 6;
const LINE_PX = 2.5;
/**
 * Above this many links the overlay is drawn with plain one-pixel lines instead of fat ones: a
 * software renderer spends ~25 ms a frame on ~500 fat arcs, and that many read as a mesh anyway.
 */
export const OVERLAY_DENSE_LINKS = 160;
const MARKER_PX = 10;

/** What the overlay drew last, for the legend and browser tests. */
export interface OverlayCounts {
  readonly links: number;
  readonly segments: number;
  /** Drawn links per class: down, isolated, flapping, degraded, hot. */
  readonly byClass: readonly number[];
  readonly markedCabinets: number;
  readonly aggregatedLinks: number;
  readonly dropped: number;
}

const linear = (hex: string): Color => {
  const [r, g, b] = parseColor(hex);
  return new Color().setRGB(r / 255, g / 255, b / 255, SRGBColorSpace);
};

/**
 * The failed-and-hot-links overlay as fat line segments and cabinet markers. Every buffer is
 * allocated once for `OVERLAY_CAPACITY` links; a frame rewrites the used part and the draw count,
 * so playing a fault storm allocates nothing per frame.
 */
export class LinkOverlayLayer {
  readonly group = new Group();
  private readonly positions: Float32Array;
  private readonly set: OverlayLinks;
  private readonly geometry = new LineSegmentsGeometry();
  private readonly material = new LineMaterial({
    vertexColors: true,
    linewidth: LINE_PX,
    transparent: true,
    opacity: 0.95,
  });
  private readonly lines: LineSegments2;
  /** The same segments as plain lines, for dense overlays; shares `segStart` and `segColor`. */
  private readonly thinGeometry = new BufferGeometry();
  private readonly thinMaterial = new LineBasicMaterial({
    vertexColors: true,
    transparent: true,
    opacity: 0.95,
  });
  private readonly thin: LineSegments;
  private readonly segStart: Float32Array;
  private readonly segColor: Float32Array;
  private readonly markerPositions: Float32Array;
  private readonly markerColors: Float32Array;
  private readonly markerGeometry = new BufferGeometry();
  private readonly markerMaterial: PointsMaterial;
  private readonly markers: Points;
  private readonly control = new Float32Array(3);
  private readonly classColor: Color[];
  private readonly hotLow = linear(HOT_LOW);
  private readonly hotHigh = linear(HOT_HIGH);
  private readonly scratch = new Color();
  private drawnSegments = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly floor: FloorLayout,
    face: FaceLayout,
    markerTexture: Texture,
  ) {
    this.group.name = 'link-overlay';
    this.positions = nodePositions(cluster, floor, face);
    this.set = new OverlayLinks(
      OVERLAY_CAPACITY,
      cluster.computeCabinetCount,
      cluster.interconnectCabinetCount,
    );
    this.classColor = [
      linear(OVERLAY_COLORS[OverlayClass.Down]),
      linear(OVERLAY_COLORS[OverlayClass.Isolated]),
      linear(OVERLAY_COLORS[OverlayClass.Flapping]),
      linear(OVERLAY_COLORS[OverlayClass.Degraded]),
    ];

    const segments = OVERLAY_CAPACITY * OVERLAY_SEGMENTS_PER_LINK;
    this.segStart = new Float32Array(segments * 6);
    this.segColor = new Float32Array(segments * 6);
    this.geometry.setPositions(this.segStart);
    this.geometry.setColors(this.segColor);
    for (const name of ['instanceStart', 'instanceColorStart'])
      (this.geometry.getAttribute(name) as InterleavedBufferAttribute).data.setUsage(
        DynamicDrawUsage,
      );
    this.geometry.instanceCount = 0;
    this.lines = new LineSegments2(this.geometry, this.material);
    this.lines.name = 'overlay-links';
    this.lines.frustumCulled = false;
    this.lines.raycast = () => {};
    this.lines.renderOrder = 3;
    this.thinGeometry.setAttribute(
      'position',
      new BufferAttribute(this.segStart, 3).setUsage(DynamicDrawUsage),
    );
    this.thinGeometry.setAttribute(
      'color',
      new BufferAttribute(this.segColor, 3).setUsage(DynamicDrawUsage),
    );
    this.thinGeometry.setDrawRange(0, 0);
    this.thin = new LineSegments(this.thinGeometry, this.thinMaterial);
    this.thin.name = 'overlay-links-thin';
    this.thin.frustumCulled = false;
    this.thin.raycast = () => {};
    this.thin.renderOrder = 3;
    this.thin.visible = false;

    const cabinets = cluster.computeCabinetCount + cluster.interconnectCabinetCount;
    this.markerPositions = new Float32Array(cabinets * 3);
    this.markerColors = new Float32Array(cabinets * 3);
    const pos = new BufferAttribute(this.markerPositions, 3).setUsage(DynamicDrawUsage);
    const col = new BufferAttribute(this.markerColors, 3).setUsage(DynamicDrawUsage);
    this.markerGeometry.setAttribute('position', pos);
    this.markerGeometry.setAttribute('color', col);
    this.markerGeometry.setDrawRange(0, 0);
    this.markerMaterial = new PointsMaterial({
      size: MARKER_PX,
      sizeAttenuation: false,
      vertexColors: true,
      map: markerTexture,
      transparent: true,
      alphaTest: 0.1,
    });
    this.markers = new Points(this.markerGeometry, this.markerMaterial);
    this.markers.name = 'overlay-cabinet-markers';
    this.markers.frustumCulled = false;
    this.markers.raycast = () => {};
    this.markers.renderOrder = 4;
    this.group.add(this.lines, this.thin, this.markers);
  }

  setViewportSize(width: number, height: number): void {
    this.material.resolution.set(width, height);
  }

  /** Rewrites the overlay for `frame`; no allocation. */
  update(frame: FabricFrame | undefined, options: OverlayOptions): void {
    const set = this.set;
    if (!frame || (!options.faults && !options.hot)) set.clear();
    else set.collect(this.cluster, frame, options);
    this.writeLines();
    this.writeMarkers();
    this.group.visible = set.count > 0 || set.markedCabinets > 0;
  }

  /** Compiles the materials of every part of the overlay, drawn or not, for `scene`. */
  precompile(renderer: WebGLRenderer, scene: Scene, camera: Camera): void {
    const parts = [this.group, this.lines, this.thin, this.markers];
    const shown = parts.map((o) => o.visible);
    for (const o of parts) o.visible = true;
    renderer.compile(scene, camera);
    parts.forEach((o, i) => (o.visible = shown[i]));
  }

  counts(): OverlayCounts {
    const set = this.set;
    return {
      links: set.count,
      segments: this.drawnSegments,
      byClass: Array.from(set.byClass.subarray(0, OVERLAY_CLASS_COUNT)),
      markedCabinets: set.markedCabinets,
      aggregatedLinks: set.aggregated,
      dropped: set.dropped,
    };
  }

  private writeLines(): void {
    const { cluster, positions, control, set } = this;
    const p = this.segStart;
    const c = this.segColor;
    const S = OVERLAY_SEGMENTS_PER_LINK;
    for (let i = 0; i < set.count; i++) {
      const link = set.links[i];
      const a = cluster.linkA[link];
      const b = cluster.linkB[link];
      linkControlInto(cluster, positions, link, control, 0);
      const color = this.colorOf(set.classes[i], set.loads[i]);
      for (let s = 0; s < S; s++) {
        const o = (i * S + s) * 6;
        linkArcPointInto(positions, a, b, control, s / S, p, o);
        linkArcPointInto(positions, a, b, control, (s + 1) / S, p, o + 3);
        c[o] = c[o + 3] = color.r;
        c[o + 1] = c[o + 4] = color.g;
        c[o + 2] = c[o + 5] = color.b;
      }
    }
    this.drawnSegments = set.count * S;
    const dense = set.count > OVERLAY_DENSE_LINKS;
    this.lines.visible = !dense;
    this.thin.visible = dense;
    this.geometry.instanceCount = dense ? 0 : this.drawnSegments;
    this.thinGeometry.setDrawRange(0, dense ? this.drawnSegments * 2 : 0);
    const fat = ['instanceStart', 'instanceColorStart'].map(
      (name) => (this.geometry.getAttribute(name) as InterleavedBufferAttribute).data,
    );
    const plain = ['position', 'color'].map(
      (name) => this.thinGeometry.getAttribute(name) as BufferAttribute,
    );
    for (const data of dense ? plain : fat) {
      data.clearUpdateRanges();
      if (this.drawnSegments > 0) {
        data.addUpdateRange(0, this.drawnSegments * 6);
        data.needsUpdate = true;
      }
    }
  }

  private colorOf(cls: number, load: number): Color {
    if (cls !== OverlayClass.Hot) return this.classColor[cls];
    const t = load > 0 ? (load < 1 ? load : 1) : 0;
    return this.scratch.copy(this.hotLow).lerp(this.hotHigh, t);
  }

  private writeMarkers(): void {
    const { set, floor } = this;
    const p = this.markerPositions;
    const c = this.markerColors;
    let k = 0;
    for (let cab = 0; cab < set.cabinetMarks.length; cab++) {
      const mark = set.cabinetMarks[cab];
      if (mark === 0) continue;
      // Top centre of the door, where a lamp would be: seen from the whole-room view.
      const compute = cab < this.cluster.computeCabinetCount;
      const xz = compute ? floor.computeCabinetXZ : floor.interconnectCabinetXZ;
      const i = compute ? cab : cab - this.cluster.computeCabinetCount;
      p[k * 3] = xz[2 * i];
      p[k * 3 + 1] = CABINET_HEIGHT_M - 0.06;
      p[k * 3 + 2] = xz[2 * i + 1] + CABINET_DEPTH_M / 2 + 0.08;
      const color = this.classColor[mark - 1];
      c[k * 3] = color.r;
      c[k * 3 + 1] = color.g;
      c[k * 3 + 2] = color.b;
      k++;
    }
    this.markerGeometry.setDrawRange(0, k);
    if (k > 0) {
      for (const name of ['position', 'color']) {
        const attr = this.markerGeometry.getAttribute(name) as BufferAttribute;
        attr.clearUpdateRanges();
        attr.addUpdateRange(0, k * 3);
        attr.needsUpdate = true;
      }
    }
  }

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
    this.thinGeometry.dispose();
    this.thinMaterial.dispose();
    this.markerGeometry.dispose();
    this.markerMaterial.dispose();
  }
}
