import {
  BufferGeometry,
  CanvasTexture,
  type Texture,
  Float32BufferAttribute,
  Group,
  Points,
  PointsMaterial,
  SRGBColorSpace,
  type Sprite,
} from 'three';
import { Line2 } from 'three/addons/lines/Line2.js';
import { LineGeometry } from 'three/addons/lines/LineGeometry.js';
import { LineMaterial } from 'three/addons/lines/LineMaterial.js';
import type { Cluster, FloorLayout } from '../../model';
import { arcPointInto, nodePlace, routeArcs } from './anchors';
import type { FaceLayout } from './faceLayout';
import { createTextSprite, disposeSprite } from './labels';
import type { FailedElement, RerouteView, RouteView } from './RoomView';
import { canvas2d } from './canvas2d';

const ROUTE_COLOR = '#fbfcff';
const SEGMENTS_PER_ARC = 24;
const LINE_PX = 4;
const HOP_PX = 11;
const END_PX = 17;

/** A round dot for the hop markers, dark-rimmed so it reads on light cells too. */
function dotTexture(): Texture {
  const { canvas, ctx } = canvas2d(64, 64);
  ctx.beginPath();
  ctx.arc(32, 32, 27, 0, Math.PI * 2);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.lineWidth = 6;
  ctx.strokeStyle = '#0a0d12';
  ctx.stroke();
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return texture;
}

const ORIGINAL_COLOR = '#9aa7b8';
const SAMPLE_AFTER_COLOR = '#7dd3fc';
const FAILED_COLOR = '#ff3b3b';

/** A path drawn from node to node, a material, and a render order. */
type PathStyle = 'route' | 'original' | 'sampleBefore' | 'sampleAfter';

/**
 * A route as a bright line of arcs through the room (constant width on screen, so it reads from the
 * whole-room view and up close alike), dots at its hops (larger at the ends), a faint copy drawn
 * through the cabinets so hidden stretches stay traceable, and a label with hops and latency.
 * When a fault moved the route, the path it had on the healthy fabric is drawn dashed beside it,
 * with the failed element marked in red. A selected fault's reroute samples (flows its reroute
 * moved) are drawn the same way: before dashed, after in blue.
 * Rebuilt when the route or the samples change, which is rare (on request, not per frame).
 */
export class RouteLayer {
  readonly group = new Group();
  private readonly routeGroup = new Group();
  private readonly sampleGroup = new Group();
  private label: Sprite | undefined;
  private readonly lineMaterial = new LineMaterial({ color: ROUTE_COLOR, linewidth: LINE_PX });
  private readonly ghostMaterial = new LineMaterial({
    color: ROUTE_COLOR,
    linewidth: 2,
    transparent: true,
    opacity: 0.35,
    depthTest: false,
    depthWrite: false,
  });
  private readonly originalMaterial = dashedMaterial(ORIGINAL_COLOR);
  private readonly afterMaterial = new LineMaterial({
    color: SAMPLE_AFTER_COLOR,
    linewidth: 3,
    transparent: true,
    opacity: 0.95,
  });
  private readonly dot = dotTexture();
  private readonly hopMaterial = this.pointsMaterial(HOP_PX, ROUTE_COLOR);
  private readonly endMaterial = this.pointsMaterial(END_PX, ROUTE_COLOR);
  private readonly failedMaterial = this.pointsMaterial(END_PX + 4, FAILED_COLOR);
  /** Paths drawn now, for browser tests: the route, its original, and the fault samples. */
  private drawn = { route: 0, original: 0, sampleBefore: 0, sampleAfter: 0, failed: 0 };
  private sampleDrawn = { sampleBefore: 0, sampleAfter: 0, failed: 0 };

  constructor(
    private readonly cluster: Cluster,
    private readonly floor: FloorLayout,
    private readonly face: FaceLayout,
  ) {
    this.group.name = 'route';
    this.group.add(this.routeGroup, this.sampleGroup);
  }

  /** The round dot texture the hop markers use, shared with other layers' markers. */
  get dotTexture(): Texture {
    return this.dot;
  }

  private pointsMaterial(px: number, color: string): PointsMaterial {
    return new PointsMaterial({
      size: px,
      sizeAttenuation: false,
      map: this.dot,
      color,
      transparent: true,
      alphaTest: 0.1,
      depthTest: false,
      depthWrite: false,
    });
  }

  /** Line widths are in CSS pixels of the view. */
  setViewportSize(width: number, height: number): void {
    for (const m of [
      this.lineMaterial,
      this.ghostMaterial,
      this.originalMaterial,
      this.afterMaterial,
    ])
      m.resolution.set(width, height);
  }

  /** How many paths and failed-element marks are drawn now. */
  counts(): {
    readonly route: number;
    readonly original: number;
    readonly sampleBefore: number;
    readonly sampleAfter: number;
    readonly failed: number;
  } {
    return {
      route: this.drawn.route,
      original: this.drawn.original,
      sampleBefore: this.sampleDrawn.sampleBefore,
      sampleAfter: this.sampleDrawn.sampleAfter,
      failed: this.drawn.failed + this.sampleDrawn.failed,
    };
  }

  set(route: RouteView | undefined): void {
    clearGroup(this.routeGroup);
    if (this.label) disposeSprite(this.label);
    this.label = undefined;
    this.drawn = { route: 0, original: 0, sampleBefore: 0, sampleAfter: 0, failed: 0 };
    if (!route) return;
    this.checkNodes(route.nodes);
    if (route.original) {
      this.checkNodes(route.original.nodes);
      if (this.addPath(this.routeGroup, route.original.nodes, 'original')) this.drawn.original++;
      if (route.original.failed && this.addFailed(this.routeGroup, route.original.failed))
        this.drawn.failed++;
    }
    if (route.nodes.length === 0) return;
    const arcs = routeArcs(this.cluster, this.floor, this.face, route.nodes);
    if (this.addPath(this.routeGroup, route.nodes, 'route')) this.drawn.route++;

    const places = arcs.length > 0 ? [arcs[0].from, ...arcs.map((a) => a.to)] : [];
    const hops = places.slice(1, -1).flat();
    const ends = [places[0], places[places.length - 1]].filter((p) => p !== undefined).flat();
    for (const [coords, material] of [
      [hops, this.hopMaterial],
      [ends, this.endMaterial],
    ] as const)
      this.addPoints(this.routeGroup, coords, material);

    const last = places[places.length - 1];
    if (last) {
      this.label = createTextSprite(
        `${route.hops} hop${route.hops === 1 ? '' : 's'} · ${route.latencyUs.toFixed(2)} µs`,
        { height: 0.02, background: 'rgba(12, 16, 22, 0.85)', color: '#ffffff', fixedSize: true },
      );
      this.label.center.set(0.5, -0.6);
      this.label.position.set(last[0], last[1], last[2]);
      this.routeGroup.add(this.label);
    }
  }

  /** A selected fault's moved flows, before (dashed) and after (blue); none with an empty list. */
  setSamples(samples: readonly RerouteView[]): void {
    clearGroup(this.sampleGroup);
    this.sampleDrawn = { sampleBefore: 0, sampleAfter: 0, failed: 0 };
    for (const s of samples) {
      this.checkNodes(s.before);
      if (this.addPath(this.sampleGroup, s.before, 'sampleBefore')) this.sampleDrawn.sampleBefore++;
      if (s.after) {
        this.checkNodes(s.after);
        if (this.addPath(this.sampleGroup, s.after, 'sampleAfter')) this.sampleDrawn.sampleAfter++;
      }
      if (s.failed && this.addFailed(this.sampleGroup, s.failed)) this.sampleDrawn.failed++;
    }
  }

  private checkNodes(nodes: readonly number[]): void {
    for (const n of nodes)
      if (!Number.isInteger(n) || n < 0 || n >= this.cluster.nodeCount)
        throw new Error(
          `route node ${n} is not a node of this cluster (0…${this.cluster.nodeCount - 1})`,
        );
  }

  /** Draws a path of arcs through `nodes`; false when it has no hop. */
  private addPath(group: Group, nodes: readonly number[], style: PathStyle): boolean {
    const arcs = routeArcs(this.cluster, this.floor, this.face, nodes);
    if (arcs.length === 0) return false;
    const points = new Float32Array((arcs.length * SEGMENTS_PER_ARC + 1) * 3);
    arcs.forEach((a, i) => {
      for (let s = 0; s < SEGMENTS_PER_ARC; s++)
        arcPointInto(a, s / SEGMENTS_PER_ARC, points, (i * SEGMENTS_PER_ARC + s) * 3);
    });
    arcPointInto(arcs[arcs.length - 1], 1, points, arcs.length * SEGMENTS_PER_ARC * 3);
    const geometry = new LineGeometry();
    geometry.setPositions(points);
    const lines: Line2[] = [];
    if (style === 'route') {
      const ghost = new Line2(geometry, this.ghostMaterial);
      ghost.renderOrder = 5;
      lines.push(new Line2(geometry, this.lineMaterial), ghost);
    } else if (style === 'sampleAfter') lines.push(new Line2(geometry, this.afterMaterial));
    else {
      const line = new Line2(geometry, this.originalMaterial);
      line.renderOrder = 4;
      lines.push(line);
    }
    for (const l of lines) {
      l.computeLineDistances();
      l.raycast = () => {};
      group.add(l);
    }
    return true;
  }

  /** A red dot on the failed node, or on the middle of the failed link's arc. */
  private addFailed(group: Group, failed: FailedElement): boolean {
    const { cluster } = this;
    const point = new Float32Array(3);
    if (failed.kind === 'node') {
      if (!(failed.node >= 0 && failed.node < cluster.nodeCount)) return false;
      point.set(nodePlace(cluster, this.floor, this.face, failed.node).point);
    } else {
      if (!(failed.link >= 0 && failed.link < cluster.linkCount)) return false;
      const [arc] = routeArcs(cluster, this.floor, this.face, [
        cluster.linkA[failed.link],
        cluster.linkB[failed.link],
      ]);
      arcPointInto(arc, 0.5, point, 0);
    }
    this.addPoints(group, Array.from(point), this.failedMaterial, 7);
    return true;
  }

  private addPoints(
    group: Group,
    coords: readonly number[],
    material: PointsMaterial,
    order = 6,
  ): void {
    if (coords.length === 0) return;
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new Float32BufferAttribute(coords, 3));
    const points = new Points(geometry, material);
    points.renderOrder = order;
    points.raycast = () => {};
    group.add(points);
  }

  dispose(): void {
    clearGroup(this.routeGroup);
    clearGroup(this.sampleGroup);
    if (this.label) disposeSprite(this.label);
    for (const m of [
      this.lineMaterial,
      this.ghostMaterial,
      this.originalMaterial,
      this.afterMaterial,
      this.hopMaterial,
      this.endMaterial,
      this.failedMaterial,
    ])
      m.dispose();
    this.dot.dispose();
  }
}

/** A faint dashed line: a path as it was before a fault moved it. */
function dashedMaterial(color: string): LineMaterial {
  const m = new LineMaterial({
    color,
    linewidth: 2.5,
    transparent: true,
    opacity: 0.7,
    dashed: true,
    dashSize: 0.14,
    gapSize: 0.09,
    depthWrite: false,
  });
  return m;
}

/** Removes and frees a group's lines and points (labels are freed by their owner). */
function clearGroup(group: Group): void {
  const geometries = new Set<BufferGeometry>();
  for (const child of [...group.children]) {
    child.removeFromParent();
    if (child instanceof Line2 || child instanceof Points) geometries.add(child.geometry);
  }
  for (const g of geometries) g.dispose();
}
