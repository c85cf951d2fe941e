import {
  BufferGeometry,
  CanvasTexture,
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
import { arcPointInto, routeArcs } from './anchors';
import type { FaceLayout } from './faceLayout';
import { createTextSprite, disposeSprite } from './labels';
import type { RouteView } from './RoomView';

const ROUTE_COLOR = '#fbfcff';
const SEGMENTS_PER_ARC = 24;
const LINE_PX = 4;
const HOP_PX = 11;
const END_PX = 17;

/** A round dot for the hop markers, dark-rimmed so it reads on light cells too. */
function dotTexture(): CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 64;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable');
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

/**
 * A route as a bright line of arcs through the room (constant width on screen, so it reads from the
 * whole-room view and up close alike), dots at its hops (larger at the ends), a faint copy drawn
 * through the cabinets so hidden stretches stay traceable, and a label with hops and latency.
 * Rebuilt when the route changes, which is rare (on request, not per frame).
 */
export class RouteLayer {
  readonly group = new Group();
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
  private readonly dot = dotTexture();
  private readonly hopMaterial = this.pointsMaterial(HOP_PX);
  private readonly endMaterial = this.pointsMaterial(END_PX);

  constructor(
    private readonly cluster: Cluster,
    private readonly floor: FloorLayout,
    private readonly face: FaceLayout,
  ) {
    this.group.name = 'route';
  }

  private pointsMaterial(px: number): PointsMaterial {
    return new PointsMaterial({
      size: px,
      sizeAttenuation: false,
      map: this.dot,
      color: ROUTE_COLOR,
      transparent: true,
      alphaTest: 0.1,
      depthTest: false,
      depthWrite: false,
    });
  }

  /** Line widths are in CSS pixels of the view. */
  setViewportSize(width: number, height: number): void {
    this.lineMaterial.resolution.set(width, height);
    this.ghostMaterial.resolution.set(width, height);
  }

  set(route: RouteView | undefined): void {
    this.clear();
    if (!route || route.nodes.length === 0) return;
    for (const n of route.nodes)
      if (!Number.isInteger(n) || n < 0 || n >= this.cluster.nodeCount)
        throw new Error(
          `route node ${n} is not a node of this cluster (0…${this.cluster.nodeCount - 1})`,
        );
    const arcs = routeArcs(this.cluster, this.floor, this.face, route.nodes);

    if (arcs.length > 0) {
      const points = new Float32Array((arcs.length * SEGMENTS_PER_ARC + 1) * 3);
      arcs.forEach((a, i) => {
        for (let s = 0; s < SEGMENTS_PER_ARC; s++)
          arcPointInto(a, s / SEGMENTS_PER_ARC, points, (i * SEGMENTS_PER_ARC + s) * 3);
      });
      arcPointInto(arcs[arcs.length - 1], 1, points, arcs.length * SEGMENTS_PER_ARC * 3);
      const geometry = new LineGeometry();
      geometry.setPositions(points);
      const line = new Line2(geometry, this.lineMaterial);
      const ghost = new Line2(geometry, this.ghostMaterial);
      for (const l of [line, ghost]) {
        l.computeLineDistances();
        l.raycast = () => {};
      }
      ghost.renderOrder = 5;
      this.group.add(line, ghost);
    }

    const places = arcs.length > 0 ? [arcs[0].from, ...arcs.map((a) => a.to)] : [];
    const hops = places.slice(1, -1).flat();
    const ends = [places[0], places[places.length - 1]].filter((p) => p !== undefined).flat();
    for (const [coords, material] of [
      [hops, this.hopMaterial],
      [ends, this.endMaterial],
    ] as const) {
      if (coords.length === 0) continue;
      const geometry = new BufferGeometry();
      geometry.setAttribute('position', new Float32BufferAttribute(coords, 3));
      const points = new Points(geometry, material);
      points.renderOrder = 6;
      points.raycast = () => {};
      this.group.add(points);
    }

    const last = places[places.length - 1];
    if (last) {
      this.label = createTextSprite(
        `${route.hops} hop${route.hops === 1 ? '' : 's'} · ${route.latencyUs.toFixed(2)} µs`,
        { height: 0.02, background: 'rgba(12, 16, 22, 0.85)', color: '#ffffff', fixedSize: true },
      );
      this.label.center.set(0.5, -0.6);
      this.label.position.set(last[0], last[1], last[2]);
      this.group.add(this.label);
    }
  }

  private clear(): void {
    if (this.label) disposeSprite(this.label);
    this.label = undefined;
    const geometries = new Set<BufferGeometry>();
    for (const child of [...this.group.children]) {
      child.removeFromParent();
      if (child instanceof Line2 || child instanceof Points) geometries.add(child.geometry);
    }
    for (const g of geometries) g.dispose();
  }

  dispose(): void {
    this.clear();
    for (const m of [this.lineMaterial, this.ghostMaterial, this.hopMaterial, this.endMaterial])
      m.dispose();
    this.dot.dispose();
  }
}
