import { scaleSequential } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';
import {
  BoxGeometry,
  BufferAttribute,
  BufferGeometry,
  Color,
  DynamicDrawUsage,
  Group,
  InstancedBufferAttribute,
  InstancedMesh,
  LineBasicMaterial,
  LineSegments,
  Matrix4,
  MeshBasicMaterial,
  ShaderMaterial,
  SRGBColorSpace,
  Vector3,
  type Raycaster,
  type Sprite,
} from 'three';
import {
  CABINET_DEPTH_M,
  CABINET_HEIGHT_M,
  CABINET_WIDTH_M,
  cabinetId,
  LinkKind,
  podId,
  type Cluster,
  type FloorLayout,
} from '../../model';
import type { FabricFrame } from '../../sim/frame';
import { parseColor } from '../metrics';
import { arcPointInto, nodePlace, type RouteArc, type Vec3 } from './anchors';
import { faceBoardRect, faceCellRect, type FaceLayout, type FaceRect } from './faceLayout';
import { createTextSprite, disposeSprite } from './labels';

/**
 * What a focused cabinet shows up close: its NPUs as small boxes standing off the door (selected
 * ones further out), its server boards, and its X-links (inside a server) and Y-links (same slot,
 * between servers) as arcs coloured by load, dimmed when down. Everything is allocated once for
 * the profile's cabinet shape; focusing another cabinet only rewrites positions.
 */

const NPU_DEPTH_M = 0.03;

/**
 * NPU boxes show the exact metric colour on their front (as the door cells and the legend do),
 * darker sides for depth, a white outline when selected and a light-blue one under the pointer.
 */
const NPU_VERTEX = /* glsl */ `
attribute float aSelected;
flat varying vec3 vColor;
flat varying float vSelected;
flat varying float vSlot;
varying vec3 vPos;
varying vec3 vNormal;
void main() {
  vColor = instanceColor;
  vSelected = aSelected;
  vSlot = float(gl_InstanceID);
  vPos = position;
  vNormal = normal;
  gl_Position = projectionMatrix * modelViewMatrix * instanceMatrix * vec4(position, 1.0);
}
`;
const NPU_FRAGMENT = /* glsl */ `
precision highp float;
uniform vec3 uHalf;
uniform float uHover;
flat varying vec3 vColor;
flat varying float vSelected;
flat varying float vSlot;
varying vec3 vPos;
varying vec3 vNormal;
void main() {
  vec3 n = normalize(vNormal);
  float shade = n.z > 0.5 ? 1.0 : n.y > 0.5 ? 0.8 : 0.62;
  vec3 col = vColor * shade;
  vec3 e = uHalf - abs(vPos);
  float edgeDist = e.x + e.y + e.z - min(e.x, min(e.y, e.z)) - max(e.x, max(e.y, e.z));
  float w = max(fwidth(edgeDist), 1e-5);
  bool hovered = uHover == vSlot;
  if (vSelected > 0.5 || hovered) {
    float ring = 1.0 - smoothstep(0.006, 0.006 + w, edgeDist);
    col = mix(col, hovered ? vec3(0.62, 0.83, 1.0) : vec3(1.0), ring);
  } else {
    col = mix(col, col * 0.55, 1.0 - smoothstep(0.0015, 0.0015 + w, edgeDist));
  }
  gl_FragColor = vec4(col, 1.0);
}
`;
const SELECTED_STANDOFF_M = 0.035;
const ARC_SEGMENTS = 8;
const LINK_DOWN = '#5b2227';

export type DetailHit =
  | { readonly kind: 'npu'; readonly index: number; readonly distance: number }
  | { readonly kind: 'backup'; readonly index: number; readonly distance: number };

/** Link colours: viridis from a quarter up, so an idle link is faint but visible on the dark room. */
function linkRampLinear(): Float32Array {
  const scale = scaleSequential(interpolateViridis).domain([-0.35, 1]);
  const lut = new Float32Array(256 * 3);
  const c = new Color();
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = parseColor(scale(i / 255));
    c.setRGB(r / 255, g / 255, b / 255, SRGBColorSpace);
    lut[i * 3] = c.r;
    lut[i * 3 + 1] = c.g;
    lut[i * 3 + 2] = c.b;
  }
  return lut;
}

export class CabinetDetail {
  readonly group = new Group();
  private cabinet = -1;
  private readonly slots: number;
  private readonly npuMesh: InstancedMesh;
  private readonly npuMaterial: ShaderMaterial;
  private readonly npuSelected: InstancedBufferAttribute;
  private readonly npuColors: InstancedBufferAttribute;
  private readonly boardMesh: InstancedMesh;
  private readonly links: LineSegments;
  private readonly linkIds: Uint32Array;
  private linkCount = 0;
  private frame: FabricFrame | undefined;
  private hoverNode = -1;
  private readonly linkPositions: Float32Array;
  private readonly linkColors: Float32Array;
  private readonly linkLut = linkRampLinear();
  private readonly linkDown = new Color().setRGB(
    ...(parseColor(LINK_DOWN).map((x) => x / 255) as [number, number, number]),
    SRGBColorSpace,
  );
  private readonly serverLabels: Sprite[] = [];
  private title: Sprite | undefined;
  private readonly selected = new Set<number>();
  private readonly matrix = new Matrix4();
  private readonly cellRects: FaceRect[];

  constructor(
    private readonly cluster: Cluster,
    private readonly floor: FloorLayout,
    private readonly face: FaceLayout,
  ) {
    this.group.name = 'cabinet-detail';
    this.group.visible = false;
    this.slots = cluster.perCabinet + face.backups;
    this.cellRects = [];
    for (let s = 0; s < face.servers; s++)
      for (let k = 0; k < face.perServer; k++)
        this.cellRects.push(faceCellRect({ kind: 'npu', server: s, slot: k }, face));
    for (let b = 0; b < face.backups; b++)
      this.cellRects.push(faceCellRect({ kind: 'backup', index: b }, face));

    const cell = this.cellRects[0];
    const size = new Vector3(
      (cell.u1 - cell.u0) * CABINET_WIDTH_M * 0.8,
      (cell.v1 - cell.v0) * CABINET_HEIGHT_M * 0.84,
      NPU_DEPTH_M,
    );
    this.npuMaterial = new ShaderMaterial({
      vertexShader: NPU_VERTEX,
      fragmentShader: NPU_FRAGMENT,
      uniforms: { uHalf: { value: size.clone().multiplyScalar(0.5) }, uHover: { value: -1 } },
    });
    const npuGeometry = new BoxGeometry(size.x, size.y, size.z);
    this.npuSelected = new InstancedBufferAttribute(new Float32Array(this.slots), 1);
    npuGeometry.setAttribute('aSelected', this.npuSelected);
    this.npuMesh = new InstancedMesh(npuGeometry, this.npuMaterial, this.slots);
    this.npuMesh.name = 'detail-npus';
    // Raw sRGB bytes / 255: the shader writes them out unconverted, like the door cells.
    this.npuColors = new InstancedBufferAttribute(new Float32Array(this.slots * 3).fill(0.2), 3);
    this.npuMesh.instanceColor = this.npuColors;

    const bands = face.servers + (face.backups > 0 ? 1 : 0);
    const board = faceBoardRect(0, face);
    const boardGeometry = new BoxGeometry(
      (board.u1 - board.u0) * CABINET_WIDTH_M,
      (board.v1 - board.v0) * CABINET_HEIGHT_M,
      0.012,
    );
    this.boardMesh = new InstancedMesh(
      boardGeometry,
      new MeshBasicMaterial({ color: '#262e38' }),
      bands,
    );
    this.boardMesh.name = 'detail-boards';
    this.boardMesh.raycast = () => {};

    // Every cabinet of a profile has the same links, so cabinet 0 sizes the buffers.
    const maxLinks = this.collectLinks(0, undefined);
    this.linkIds = new Uint32Array(Math.max(1, maxLinks));
    const vertices = Math.max(1, maxLinks) * ARC_SEGMENTS * 2;
    this.linkPositions = new Float32Array(vertices * 3);
    this.linkColors = new Float32Array(vertices * 3);
    const linkGeometry = new BufferGeometry();
    linkGeometry.setAttribute('position', new BufferAttribute(this.linkPositions, 3));
    const colorAttr = new BufferAttribute(this.linkColors, 3);
    colorAttr.setUsage(DynamicDrawUsage);
    linkGeometry.setAttribute('color', colorAttr);
    this.links = new LineSegments(
      linkGeometry,
      new LineBasicMaterial({
        vertexColors: true,
        transparent: true,
        opacity: 0.6,
        depthWrite: false,
      }),
    );
    this.links.name = 'detail-links';
    this.links.raycast = () => {};
    this.links.frustumCulled = false;

    for (let s = 0; s < face.servers; s++) {
      const label = createTextSprite(`srv-${s}`, {
        height: 0.062,
        color: '#b4c3d4',
        background: 'rgba(10, 13, 18, 0.88)',
        weight: 500,
      });
      this.serverLabels.push(label);
    }
    if (face.backups > 0)
      this.serverLabels.push(
        createTextSprite('backup', {
          height: 0.062,
          color: '#7fd6e6',
          background: 'rgba(10, 13, 18, 0.88)',
          weight: 500,
        }),
      );
    this.group.add(this.boardMesh, this.npuMesh, this.links, ...this.serverLabels);
  }

  get focused(): number | undefined {
    return this.cabinet < 0 ? undefined : this.cabinet;
  }

  /** Intra-cabinet links of `cabinet` (both ends in it, X or Y kind), written into `out` when given. */
  private collectLinks(cabinet: number, out: Uint32Array | undefined): number {
    const { cluster } = this;
    let n = 0;
    const first = cabinet * cluster.perCabinet;
    for (let node = first; node < first + cluster.perCabinet; node++) {
      for (let k = cluster.adjOffset[node]; k < cluster.adjOffset[node + 1]; k++) {
        const link = cluster.adjLink[k];
        const kind = cluster.linkKind[link];
        if (kind !== LinkKind.IntraServer && kind !== LinkKind.IntraCabinet) continue;
        // Count each link once, from its lower end; a link to a server switch counts from the NPU.
        const other = cluster.linkA[link] === node ? cluster.linkB[link] : cluster.linkA[link];
        if (other < cluster.npuCount && other < node) continue;
        if (out) out[n] = link;
        n++;
      }
    }
    return n;
  }

  show(cabinet: number): void {
    const { cluster, floor, face } = this;
    this.cabinet = cabinet;
    this.hoverNode = -1;
    this.npuMaterial.uniforms.uHover.value = -1;
    const cx = floor.computeCabinetXZ[2 * cabinet];
    const cz = floor.computeCabinetXZ[2 * cabinet + 1];
    const front = cz + CABINET_DEPTH_M / 2;
    this.placeNpus();

    const bands = face.servers + (face.backups > 0 ? 1 : 0);
    for (let b = 0; b < bands; b++) {
      const r = faceBoardRect(b, face);
      const y = ((r.v0 + r.v1) / 2) * CABINET_HEIGHT_M;
      this.matrix.makeTranslation(
        cx + ((r.u0 + r.u1) / 2 - 0.5) * CABINET_WIDTH_M,
        y,
        front + 0.006,
      );
      this.boardMesh.setMatrixAt(b, this.matrix);
      const label = this.serverLabels[b];
      // Right-aligned against the door's left edge.
      label?.position.set(cx - CABINET_WIDTH_M / 2 - label.scale.x / 2 + 0.03, y, front + 0.02);
    }
    this.boardMesh.instanceMatrix.needsUpdate = true;
    this.boardMesh.computeBoundingSphere();

    this.linkCount = this.collectLinks(cabinet, this.linkIds);
    const p = this.linkPositions;
    for (let i = 0; i < this.linkCount; i++) {
      const arc = this.linkArc(this.linkIds[i]);
      for (let s = 0; s < ARC_SEGMENTS; s++) {
        const o = (i * ARC_SEGMENTS + s) * 6;
        arcPointInto(arc, s / ARC_SEGMENTS, p, o);
        arcPointInto(arc, (s + 1) / ARC_SEGMENTS, p, o + 3);
      }
    }
    const geometry = this.links.geometry;
    geometry.setDrawRange(0, this.linkCount * ARC_SEGMENTS * 2);
    geometry.getAttribute('position').needsUpdate = true;

    if (this.title) disposeSprite(this.title);
    this.title = createTextSprite(`${cabinetId(cabinet)} · ${podId(cluster.cabinetPod[cabinet])}`, {
      height: 0.12,
      background: 'rgba(12, 16, 22, 0.8)',
    });
    this.title.position.set(cx, CABINET_HEIGHT_M + 0.16, front);
    this.group.add(this.title);
    this.group.visible = true;
  }

  hide(): void {
    this.cabinet = -1;
    this.hoverNode = -1;
    this.npuMaterial.uniforms.uHover.value = -1;
    this.group.visible = false;
    if (this.title) disposeSprite(this.title);
    this.title = undefined;
  }

  /** X-links arc up and out; Y-links arc out and to the right, so the two meshes separate. */
  private linkArc(link: number): RouteArc {
    const { cluster, floor, face } = this;
    const a = nodePlace(cluster, floor, face, cluster.linkA[link]).point;
    const b = nodePlace(cluster, floor, face, cluster.linkB[link]).point;
    const d = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const mid: Vec3 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
    const control: Vec3 =
      cluster.linkKind[link] === LinkKind.IntraServer
        ? [mid[0], mid[1] + 0.1 * d, mid[2] + 0.04 + 0.45 * d]
        : [mid[0] + 0.06 * d, mid[1], mid[2] + 0.04 + 0.3 * d];
    return { from: a, control, to: b };
  }

  private placeNpus(): void {
    if (this.cabinet < 0) return;
    const cx = this.floor.computeCabinetXZ[2 * this.cabinet];
    const front = this.floor.computeCabinetXZ[2 * this.cabinet + 1] + CABINET_DEPTH_M / 2;
    const base = this.cabinet * this.cluster.perCabinet;
    for (let i = 0; i < this.slots; i++) {
      const r = this.cellRects[i];
      const lifted = i < this.cluster.perCabinet && this.selected.has(base + i);
      this.npuSelected.array[i] = lifted ? 1 : 0;
      this.matrix.makeTranslation(
        cx + ((r.u0 + r.u1) / 2 - 0.5) * CABINET_WIDTH_M,
        ((r.v0 + r.v1) / 2) * CABINET_HEIGHT_M,
        front + NPU_DEPTH_M / 2 + 0.004 + (lifted ? SELECTED_STANDOFF_M : 0),
      );
      this.npuMesh.setMatrixAt(i, this.matrix);
    }
    this.npuMesh.instanceMatrix.needsUpdate = true;
    this.npuSelected.needsUpdate = true;
    this.npuMesh.computeBoundingSphere();
  }

  /** Outlines the box of `slot` (0…perCabinet − 1 NPUs, then backups), or none with -1. */
  setHoverSlot(slot: number): void {
    if (this.npuMaterial.uniforms.uHover.value === slot) return;
    this.npuMaterial.uniforms.uHover.value = slot;
    // Pointing at an NPU brings its own links forward and sends the rest of the mesh back.
    const { cluster } = this;
    this.hoverNode =
      slot < 0 || this.cabinet < 0
        ? -1
        : slot < cluster.perCabinet
          ? this.cabinet * cluster.perCabinet + slot
          : cluster.backupBase + this.cabinet * this.face.backups + (slot - cluster.perCabinet);
    this.writeLinkColors();
  }

  setSelection(npus: readonly number[]): void {
    this.selected.clear();
    for (const n of npus) this.selected.add(n);
    this.placeNpus();
  }

  /** Colours from the room's state bytes (the metric colours), links from the frame. No allocation. */
  update(
    rgba: Uint8Array,
    frame: FabricFrame | undefined,
    backupInUse: boolean,
    backupColor: readonly [number, number, number],
  ): void {
    if (this.cabinet < 0) return;
    const base = this.cabinet * this.cluster.perCabinet;
    const colors = this.npuColors.array as Float32Array;
    for (let i = 0; i < this.cluster.perCabinet; i++) {
      const o = (base + i) * 4;
      colors[i * 3] = rgba[o] / 255;
      colors[i * 3 + 1] = rgba[o + 1] / 255;
      colors[i * 3 + 2] = rgba[o + 2] / 255;
    }
    for (let i = this.cluster.perCabinet; i < this.slots; i++) {
      colors[i * 3] = backupInUse ? backupColor[0] : 0.16;
      colors[i * 3 + 1] = backupInUse ? backupColor[1] : 0.2;
      colors[i * 3 + 2] = backupInUse ? backupColor[2] : 0.24;
    }
    this.npuColors.needsUpdate = true;

    if (frame) this.frame = frame;
    this.writeLinkColors();
  }

  private writeLinkColors(): void {
    const frame = this.frame;
    if (!frame || this.cabinet < 0) return;
    const c = this.linkColors;
    const lut = this.linkLut;
    const hover = this.hoverNode;
    const { linkA, linkB } = this.cluster;
    for (let i = 0; i < this.linkCount; i++) {
      const link = this.linkIds[i];
      let r: number;
      let g: number;
      let b: number;
      if (frame.linkUp[link] === 0) {
        r = this.linkDown.r;
        g = this.linkDown.g;
        b = this.linkDown.b;
      } else {
        const load = frame.linkLoad[link];
        const k = ((load > 0 ? (load < 1 ? load : 1) : 0) * 255 + 0.5) | 0;
        r = lut[k * 3];
        g = lut[k * 3 + 1];
        b = lut[k * 3 + 2];
      }
      if (hover >= 0) {
        if (linkA[link] !== hover && linkB[link] !== hover) {
          r *= 0.18;
          g *= 0.18;
          b *= 0.18;
        } else {
          // The pointed NPU's own links, lifted toward white so even idle ones stand out.
          r += (1 - r) * 0.4;
          g += (1 - g) * 0.4;
          b += (1 - b) * 0.4;
        }
      }
      const o = i * ARC_SEGMENTS * 6;
      for (let v = 0; v < ARC_SEGMENTS * 2; v++) {
        c[o + v * 3] = r;
        c[o + v * 3 + 1] = g;
        c[o + v * 3 + 2] = b;
      }
    }
    this.links.geometry.getAttribute('color').needsUpdate = true;
  }

  pick(raycaster: Raycaster): DetailHit | undefined {
    if (this.cabinet < 0) return undefined;
    const hits = raycaster.intersectObject(this.npuMesh, false);
    const hit = hits[0];
    if (!hit || hit.instanceId === undefined) return undefined;
    const i = hit.instanceId;
    if (i < this.cluster.perCabinet)
      return {
        kind: 'npu',
        index: this.cabinet * this.cluster.perCabinet + i,
        distance: hit.distance,
      };
    return {
      kind: 'backup',
      index:
        this.cluster.backupBase + this.cabinet * this.face.backups + (i - this.cluster.perCabinet),
      distance: hit.distance,
    };
  }

  dispose(): void {
    this.hide();
    for (const label of this.serverLabels) disposeSprite(label);
    for (const mesh of [this.npuMesh, this.boardMesh]) {
      mesh.geometry.dispose();
      (mesh.material as ShaderMaterial | MeshBasicMaterial).dispose();
      mesh.dispose();
    }
    this.links.geometry.dispose();
    (this.links.material as LineBasicMaterial).dispose();
  }
}
