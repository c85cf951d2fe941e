import {
  AmbientLight,
  DataTexture,
  DirectionalLight,
  InstancedMesh,
  Line,
  type LineSegments,
  type Material,
  Mesh,
  MeshBasicMaterial,
  NearestFilter,
  NoColorSpace,
  PerspectiveCamera,
  Raycaster,
  RGBAFormat,
  Scene,
  SRGBColorSpace,
  UnsignedByteType,
  Vector2,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import {
  CABINET_DEPTH_M,
  CABINET_HEIGHT_M,
  CABINET_WIDTH_M,
  type Cluster,
  type FloorLayout,
} from '../../model';
import { Health, type FabricFrame, type InferNexFrame } from '../../sim/frame';
import { HEALTH_COLORS, parseColor, writeMetricColors, type ColorMetric } from '../metrics';
import { CabinetDetail } from './cabinetDetail';
import { CabinetEdges, createCabinetOutline } from './cabinetEdges';
import {
  createBodyMaterial,
  createDoorMaterial,
  createSwitchDoorMaterial,
  FLAG_HIDDEN,
  FLAG_SELECTED,
  pixelScale,
  SELECTED_ALPHA,
} from './cabinetMaterial';
import { CabinetSet } from './cabinetSet';
import { faceCellAt, faceLayoutFor, frontFaceUv, type FaceLayout } from './faceLayout';
import { createFloor } from './floor';
import { FrameStats } from './frameStats';
import { LinkOverlayLayer, type OverlayCounts } from './linkOverlayLayer';
import { MotionBlit } from './motionBlit';
import {
  CAMERA_FAR,
  CAMERA_FOV,
  CAMERA_NEAR,
  checkCabinet,
  checkCamera,
  checkFrame,
  type CameraState,
} from './roomContract';
import type { RoomSurface } from './roomSurface';
import { RouteLayer } from './routeLayer';
import { nodeScreenPoint } from './screenPoint';

export type PickHit =
  | { readonly kind: 'npu'; readonly index: number }
  | { readonly kind: 'backup'; readonly index: number }
  | { readonly kind: 'cabinet'; readonly index: number }
  | { readonly kind: 'icabinet'; readonly index: number };

export interface RoomViewEvents {
  onHover(hit: PickHit | undefined, clientX: number, clientY: number): void;
  /** `additive` for shift-, ctrl- or meta-click. */
  onPick(hit: PickHit | undefined, additive: boolean): void;
  /** After an orbit, zoom or camera flight has come to rest. */
  onCameraChange?(camera: CameraState): void;
  /** After each frame drawn (the room worker reports camera and counts to the page then). */
  onRendered?(): void;
}

/** The element a fault took out of a path: a routing node or a link. */
export type FailedElement =
  | { readonly kind: 'node'; readonly node: number }
  | { readonly kind: 'link'; readonly link: number };

/**
 * A route to draw: routing node indices (endpoints included; empty when there is no path now), its
 * hop count and latency, and, when a fault moved it, the path it had on the healthy fabric.
 */
export interface RouteView {
  readonly nodes: readonly number[];
  readonly hops: number;
  readonly latencyUs: number;
  readonly original?: { readonly nodes: readonly number[]; readonly failed?: FailedElement };
}

/** A flow a fault's reroute moved: its nodes before and after (none: left without a path). */
export interface RerouteView {
  readonly before: readonly number[];
  readonly after?: readonly number[];
  readonly failed?: FailedElement;
}

/**
 * Engine frames closer together than this mean the clock is playing: the room then draws at the
 * motion resolution, and at full resolution again once they stop (one step or seek stays sharp).
 */
const LIVE_MS = 300;
/**
 * While the clock plays, a software rasteriser draws the room at most this often (8 per second).
 * Each draw and its composite cost the GPU process ~80 ms of CPU at 1440 × 900; drawing every
 * engine frame (~15 per second in the ×100 fault storm) took ~11 of 18 CPU-seconds per 10 s on two
 * cores and starved the page (its frames: mean 31–34 ms, p95 67–83 ms). At 8 per second: ~7 s,
 * and the page's frames 20–23 ms mean, p95 33–50 ms. A GPU draws every engine frame.
 */
const SOFTWARE_LIVE_RENDER_MS = 125;
const BACKGROUND = '#0a0d12';
const FLIGHT_MS = 700;
/** Orbit damping per 1/60 s: how much of the remaining glide is spent each frame. */
const DAMPING_PER_60HZ_FRAME = 0.14;
/** A pointer that moves less than this between down and up is a click, not a drag. */
const CLICK_SLOP_PX = 5;
/** Health ranked by how loudly a cabinet should report it: failed > suspect > isolated > backup in use. */
const ALARM_RANK = (() => {
  const rank = new Uint8Array(256);
  rank[Health.BackupInUse] = 1;
  rank[Health.Isolated] = 2;
  rank[Health.Suspect] = 3;
  rank[Health.Failed] = 4;
  return rank;
})();

interface Flight {
  readonly start: number;
  readonly fromPosition: Vector3;
  readonly fromTarget: Vector3;
  readonly toPosition: Vector3;
  readonly toTarget: Vector3;
}

const easeInOut = (t: number) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2);
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The machine room in three.js, imperative and React-free. The whole room is two instanced draws:
 * compute cabinets whose doors sample a per-NPU state texture (64 × 128 texels for the super-node),
 * and interconnect cabinets. Picking maps the door hit point through `FaceLayout`, the same layout
 * the shader draws, down to the NPU. Up close, a focused cabinet gets instanced NPU boxes and its
 * X/Y links. Renders on demand: after a change, and every animation frame while the camera moves.
 */
export class RoomView {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera: PerspectiveCamera;
  private readonly controls: OrbitControls;
  private readonly face: FaceLayout;
  private readonly rgba: Uint8Array;
  private readonly stateTexture: DataTexture;
  private readonly compute: CabinetSet;
  private readonly interconnect: CabinetSet | undefined;
  private readonly edges: CabinetEdges;
  private readonly hoverOutline: LineSegments;
  private readonly focusOutline: LineSegments;
  private readonly detail: CabinetDetail;
  private readonly route: RouteLayer;
  private readonly overlay: LinkOverlayLayer;
  /** Mutated in place: the overlay is rewritten on every frame and must not allocate. */
  private readonly overlayOptions: { faults: boolean; hot: boolean; focus: number } = {
    faults: true,
    hot: true,
    focus: -1,
  };
  private readonly raycaster = new Raycaster();
  private readonly ndc = new Vector2();
  private readonly localPoint = new Vector3();
  private readonly prevPosition = new Vector3();
  private readonly prevTarget = new Vector3();
  private readonly frameStats = new FrameStats(600);
  /** The backup-in-use colour as sRGB 0…1, for the focused cabinet's backup box. */
  private readonly backupColor = (() => {
    const [r, g, b] = parseColor(HEALTH_COLORS[Health.BackupInUse]);
    return [r / 255, g / 255, b / 255] as const;
  })();
  private readonly backupInUse: Uint8Array;

  private frame: FabricFrame | undefined;
  /** The serving fleet's frame of the same instant, for the Serving colour metric. */
  private serving: InferNexFrame | undefined;
  private metric: ColorMetric = 'health';
  private selection: readonly number[] = [];
  private focus = -1;
  private flight: Flight | undefined;
  private raf = 0;
  private dirty = true;
  private ready = false;
  private disposed = false;
  private interacting = false;
  private cameraMoved = false;
  /** Set while the view moves the camera itself, so that does not count as the user's move. */
  private programmaticMove = false;
  /** False until anyone but the initial overview places the camera; until then resizes refit the room. */
  private cameraPlaced = false;
  private lastTick = -1;
  private renderedLastTick = false;
  private hoverPending = false;
  private pointerInside = false;
  private pointerX = 0;
  private pointerY = 0;
  private downX = 0;
  private downY = 0;
  private downButton = -1;
  private hoverKey = '';
  /** Resolution scale while the camera moves; adapted to the frame times of the last move. */
  private motionScale: number;
  private lowResolution = false;
  private readonly motionBlit = new MotionBlit();
  private wasAnimating = false;
  /** When the last engine frame arrived, and how many arrived in a row less than `LIVE_MS` apart. */
  private lastFrameAt = Number.NEGATIVE_INFINITY;
  private frameStreak = 0;
  /** Least time between two draws while only engine frames change the room (0: every frame). */
  private readonly liveRenderIntervalMs: number;
  private lastRenderAt = Number.NEGATIVE_INFINITY;
  private motionFrames = 0;
  private motionMs = 0;

  constructor(
    private readonly surface: RoomSurface,
    private readonly cluster: Cluster,
    private readonly layout: FloorLayout,
    private readonly events: RoomViewEvents,
  ) {
    surface.mark('npuCount', String(cluster.npuCount));
    surface.mark('ready', undefined);

    this.renderer = new WebGLRenderer({
      canvas: surface.canvas,
      antialias: false,
      powerPreference: 'high-performance',
      alpha: false,
    });
    this.renderer.setPixelRatio(surface.pixelRatio);
    // Software rasterisers pay per pixel: start them at a reduced resolution while the camera moves.
    const software = isSoftwareRenderer(this.renderer);
    this.motionScale = software ? 0.6 : 1;
    this.liveRenderIntervalMs = software ? SOFTWARE_LIVE_RENDER_MS : 0;
    this.renderer.outputColorSpace = SRGBColorSpace;
    this.renderer.setClearColor(BACKGROUND, 1);
    surface.describe(`machine room: ${cluster.computeCabinetCount} compute cabinets`);

    this.camera = new PerspectiveCamera(CAMERA_FOV, 1, CAMERA_NEAR, CAMERA_FAR);
    this.controls = new OrbitControls(this.camera, surface.element);
    this.controls.enableDamping = true;
    this.controls.dampingFactor = DAMPING_PER_60HZ_FRAME;
    this.controls.maxPolarAngle = Math.PI * 0.495;
    this.controls.minDistance = 0.6;
    this.controls.maxDistance = Math.max(60, 3 * Math.max(layout.width, layout.depth));
    this.controls.zoomToCursor = true;

    this.face = faceLayoutFor(
      cluster.serversPerCabinet,
      cluster.perServer,
      cluster.profile.layout.backupsPerCabinet,
    );
    this.rgba = new Uint8Array(cluster.npuCount * 4);
    for (let i = 0; i < cluster.npuCount; i++) this.rgba.set([40, 46, 54, 255], i * 4);
    this.stateTexture = new DataTexture(
      this.rgba,
      cluster.perCabinet,
      cluster.computeCabinetCount,
      RGBAFormat,
      UnsignedByteType,
    );
    this.stateTexture.magFilter = NearestFilter;
    this.stateTexture.minFilter = NearestFilter;
    this.stateTexture.generateMipmaps = false;
    this.stateTexture.colorSpace = NoColorSpace;
    this.stateTexture.needsUpdate = true;
    this.backupInUse = new Uint8Array(cluster.computeCabinetCount);

    this.stateTexture.name = 'npu-state';
    this.compute = new CabinetSet(
      'compute-cabinets',
      layout.computeCabinetXZ,
      createBodyMaterial(BACKGROUND, '#1c2129'),
      createDoorMaterial(this.stateTexture, this.face, BACKGROUND),
    );
    this.scene.add(this.compute.group);
    if (cluster.interconnectCabinetCount > 0) {
      this.interconnect = new CabinetSet(
        'interconnect-cabinets',
        layout.interconnectCabinetXZ,
        createBodyMaterial(BACKGROUND, '#1b2433'),
        createSwitchDoorMaterial(this.face, BACKGROUND),
      );
      this.scene.add(this.interconnect.group);
    }

    this.edges = new CabinetEdges(layout.computeCabinetXZ, layout.interconnectCabinetXZ, '#3a4452');
    this.hoverOutline = createCabinetOutline('#9fd3ff');
    this.focusOutline = createCabinetOutline('#e6f0ff');
    this.scene.add(this.edges.lines, this.hoverOutline, this.focusOutline);
    this.scene.add(createFloor(cluster, layout));
    // Lights only reach the focused cabinet's NPU boxes and boards; the cabinet shader lights itself.
    this.scene.add(new AmbientLight(0xffffff, 1.1));
    const key = new DirectionalLight(0xffffff, 1.6);
    key.position.set(4, 8, 6);
    this.scene.add(key);

    this.detail = new CabinetDetail(cluster, layout, this.face);
    this.scene.add(this.detail.group);
    this.route = new RouteLayer(cluster, layout, this.face);
    this.scene.add(this.route.group);
    this.overlay = new LinkOverlayLayer(cluster, layout, this.face, this.route.dotTexture);
    this.scene.add(this.overlay.group);

    this.applyCamera(this.overviewPose());

    this.controls.addEventListener('change', this.onControlsChange);
    this.controls.addEventListener('start', this.onControlsStart);
    this.controls.addEventListener('end', this.onControlsEnd);
    const element = surface.element;
    element.addEventListener('pointermove', this.onPointerMove);
    element.addEventListener('pointerdown', this.onPointerDown);
    element.addEventListener('pointerup', this.onPointerUp);
    element.addEventListener('pointerleave', this.onPointerLeave);
    surface.canvas.addEventListener('webglcontextlost', this.onContextLost);

    surface.onResize(() => this.resize());
    this.resize();
  }

  // ---------------------------------------------------------------------------------------------
  // Public API

  setFrame(frame: FabricFrame, serving?: InferNexFrame): void {
    if (this.disposed) return;
    checkFrame(this.cluster, frame);
    this.frame = frame;
    this.serving = serving;
    const at = performance.now();
    this.frameStreak = at - this.lastFrameAt < LIVE_MS ? this.frameStreak + 1 : 0;
    this.lastFrameAt = at;
    this.writeColors();
    this.writeStatus(frame);
    this.updateOverlay();
    this.detail.update(
      this.rgba,
      frame,
      this.focus >= 0 && this.backupInUse[this.focus] === 1,
      this.backupColor,
    );
    this.requestRender();
  }

  setMetric(metric: ColorMetric): void {
    if (this.disposed || metric === this.metric) return;
    this.metric = metric;
    if (!this.frame) return;
    this.writeColors();
    this.detail.update(
      this.rgba,
      undefined,
      this.focus >= 0 && this.backupInUse[this.focus] === 1,
      this.backupColor,
    );
    this.requestRender();
  }

  setSelection(npus: readonly number[]): void {
    if (this.disposed) return;
    for (const n of this.selection) this.rgba[n * 4 + 3] = 255;
    this.selection = npus.filter((n) => Number.isInteger(n) && n >= 0 && n < this.cluster.npuCount);
    this.applySelectionAlpha();
    const flags = this.compute.flagArray;
    for (let c = 0; c < flags.length; c++) flags[c] = flags[c] & ~FLAG_SELECTED;
    for (const n of this.selection) {
      const c = this.cluster.npuCabinet[n];
      flags[c] = flags[c] | FLAG_SELECTED;
    }
    this.compute.flags.needsUpdate = true;
    this.stateTexture.needsUpdate = true;
    this.detail.setSelection(this.selection);
    this.requestRender();
  }

  focusCabinet(cabinet: number | undefined): void {
    if (this.disposed) return;
    checkCabinet(this.cluster, cabinet);
    // Asking for what is already shown leaves the camera where the user put it.
    if ((cabinet ?? -1) === this.focus) return;
    this.focus = cabinet ?? -1;
    // The focused cabinet's X-links are drawn one by one instead of folded into its marker.
    this.updateOverlay();
    this.compute.setFocus(this.focus, this.focus >= 0);
    this.interconnect?.setFocus(-1, this.focus >= 0);
    this.updateCutaway();
    if (cabinet === undefined) {
      this.detail.hide();
      this.flyTo(this.overviewPose());
    } else {
      this.detail.show(cabinet);
      this.detail.setSelection(this.selection);
      this.detail.update(this.rgba, this.frame, this.backupInUse[cabinet] === 1, this.backupColor);
      this.flyTo(this.cabinetPose(cabinet));
    }
  }

  showRoute(route: RouteView | undefined): void {
    if (this.disposed) return;
    this.route.set(route);
    this.requestRender();
  }

  /** The selected fault's reroute samples (empty: none). */
  showRerouteSamples(samples: readonly RerouteView[]): void {
    if (this.disposed) return;
    this.route.setSamples(samples);
    this.requestRender();
  }

  /** Which parts of the failed-and-hot-links overlay are on. */
  setOverlay(shown: { readonly faults: boolean; readonly hot: boolean }): void {
    if (this.disposed) return;
    const o = this.overlayOptions;
    if (shown.faults === o.faults && shown.hot === o.hot) return;
    o.faults = shown.faults;
    o.hot = shown.hot;
    this.updateOverlay();
    this.requestRender();
  }

  /** What the overlay and the route layer draw now (legend counts, browser tests). */
  drawnCounts(): OverlayCounts & { readonly paths: ReturnType<RouteLayer['counts']> } {
    return { ...this.overlay.counts(), paths: this.route.counts() };
  }

  /**
   * Client (viewport) coordinates where a routing node is drawn now, for tools and browser tests
   * that click on the room like a person would; undefined when the node is off screen.
   */
  screenPointOfNode(node: number): { readonly x: number; readonly y: number } | undefined {
    const { cluster, layout, face, camera } = this;
    return nodeScreenPoint(cluster, layout, face, node, camera, this.surface.rect());
  }

  /** True while the camera is flying to a focus pose. */
  get cameraMoving(): boolean {
    return this.flight !== undefined;
  }

  getCamera(): CameraState {
    const p = this.camera.position;
    const t = this.controls.target;
    return {
      position: [round3(p.x), round3(p.y), round3(p.z)],
      target: [round3(t.x), round3(t.y), round3(t.z)],
    };
  }

  setCamera(camera: CameraState): void {
    if (this.disposed) return;
    checkCamera(camera);
    this.flight = undefined;
    this.cameraPlaced = true;
    this.applyCamera(camera);
    this.requestRender();
  }

  stats(): { readonly frames: number; readonly meanFrameMs: number; readonly p95FrameMs: number } {
    return this.frameStats.summary();
  }

  /** Starts the frame-time window afresh (a benchmark phase begins). */
  resetStats(): void {
    this.frameStats.reset();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    const element = this.surface.element;
    element.removeEventListener('pointermove', this.onPointerMove);
    element.removeEventListener('pointerdown', this.onPointerDown);
    element.removeEventListener('pointerup', this.onPointerUp);
    element.removeEventListener('pointerleave', this.onPointerLeave);
    this.surface.canvas.removeEventListener('webglcontextlost', this.onContextLost);
    this.controls.removeEventListener('change', this.onControlsChange);
    this.controls.removeEventListener('start', this.onControlsStart);
    this.controls.removeEventListener('end', this.onControlsEnd);
    this.controls.dispose();
    this.detail.dispose();
    this.route.dispose();
    this.overlay.dispose();
    this.edges.dispose();
    this.compute.dispose();
    this.interconnect?.dispose();
    // Whatever else the scene holds (floor lines and signs, outlines): geometry, material, texture.
    this.scene.traverse((object) => {
      if (!(object instanceof Mesh || object instanceof Line)) return;
      object.geometry.dispose();
      const materials: Material[] = Array.isArray(object.material)
        ? object.material
        : [object.material];
      for (const m of materials) {
        if (m instanceof MeshBasicMaterial) m.map?.dispose();
        m.dispose();
      }
      if (object instanceof InstancedMesh) object.dispose();
    });
    this.stateTexture.dispose();
    this.motionBlit.dispose();
    this.renderer.dispose();
    this.surface.release();
  }

  // ---------------------------------------------------------------------------------------------
  // State → GPU buffers (no allocation on the per-frame path)

  private writeColors(): void {
    if (!this.frame) return;
    writeMetricColors(this.metric, this.cluster, this.frame, this.rgba, this.serving);
    this.applySelectionAlpha();
    this.stateTexture.needsUpdate = true;
  }

  private updateOverlay(): void {
    this.overlayOptions.focus = this.focus;
    this.overlay.update(this.frame, this.overlayOptions);
  }

  private applySelectionAlpha(): void {
    for (const n of this.selection) this.rgba[n * 4 + 3] = SELECTED_ALPHA;
  }

  /** Per cabinet: the loudest health among its NPUs (for the door lamp and roof rim) and whether its backup is in use. */
  private writeStatus(frame: FabricFrame): void {
    const status = this.compute.statusArray;
    const { perCabinet, computeCabinetCount } = this.cluster;
    const health = frame.npuHealth;
    for (let c = 0; c < computeCabinetCount; c++) {
      let worst: number = Health.Healthy;
      let worstRank = 0;
      let backup = 0;
      const end = (c + 1) * perCabinet;
      for (let i = c * perCabinet; i < end; i++) {
        const h = health[i];
        if (h === Health.BackupInUse) backup = 1;
        const rank = ALARM_RANK[h];
        if (rank > worstRank) {
          worstRank = rank;
          worst = h;
        }
      }
      status[2 * c] = worst;
      status[2 * c + 1] = backup;
      this.backupInUse[c] = backup;
    }
    this.compute.status.needsUpdate = true;
  }

  /** Hides the cabinets standing between the focused cabinet's door and the camera. */
  private updateCutaway(): void {
    const hide = (xz: Float32Array, flags: Float32Array, self: number) => {
      const fx = this.focus >= 0 ? this.layout.computeCabinetXZ[2 * this.focus] : 0;
      const fz = this.focus >= 0 ? this.layout.computeCabinetXZ[2 * this.focus + 1] : 0;
      for (let i = 0; i < flags.length; i++) {
        const inFront =
          this.focus >= 0 &&
          i !== self &&
          xz[2 * i + 1] > fz + 0.01 &&
          xz[2 * i + 1] < fz + 6 &&
          Math.abs(xz[2 * i] - fx) < 2.6;
        flags[i] = inFront ? flags[i] | FLAG_HIDDEN : flags[i] & ~FLAG_HIDDEN;
      }
    };
    hide(this.layout.computeCabinetXZ, this.compute.flagArray, this.focus);
    this.compute.flags.needsUpdate = true;
    if (this.interconnect) {
      hide(this.layout.interconnectCabinetXZ, this.interconnect.flagArray, -1);
      this.interconnect.flags.needsUpdate = true;
    }
    this.edges.setHidden(this.compute.flagArray, this.interconnect?.flagArray);
    this.placeOutline(this.focusOutline, this.focus, this.layout.computeCabinetXZ);
  }

  private placeOutline(outline: LineSegments, index: number, xz: Float32Array): void {
    outline.visible = index >= 0;
    if (index >= 0) outline.position.set(xz[2 * index], 0, xz[2 * index + 1]);
  }

  // ---------------------------------------------------------------------------------------------
  // Camera

  /**
   * The whole room at a machine-room angle (from the south-east, 38° above the floor, where the
   * doors face), pulled back just far enough that every cabinet is in view.
   */
  private overviewPose(): CameraState {
    const { width, depth } = this.layout;
    const elevation = (40 * Math.PI) / 180;
    const azimuth = (14 * Math.PI) / 180;
    const direction = new Vector3(
      Math.cos(elevation) * Math.sin(azimuth),
      Math.sin(elevation),
      Math.cos(elevation) * Math.cos(azimuth),
    );
    // Every cabinet's footprint, plus room in front (south) for the pod signs.
    let minX = Infinity;
    let maxX = -Infinity;
    let minZ = Infinity;
    let maxZ = -Infinity;
    for (const xz of [this.layout.computeCabinetXZ, this.layout.interconnectCabinetXZ])
      for (let i = 0; i < xz.length; i += 2) {
        minX = Math.min(minX, xz[i] - CABINET_WIDTH_M / 2);
        maxX = Math.max(maxX, xz[i] + CABINET_WIDTH_M / 2);
        minZ = Math.min(minZ, xz[i + 1] - CABINET_DEPTH_M / 2);
        maxZ = Math.max(maxZ, xz[i + 1] + CABINET_DEPTH_M / 2 + 1.2);
      }
    if (!Number.isFinite(minX))
      [minX, maxX, minZ, maxZ] = [-width / 2, width / 2, -depth / 2, depth / 2];
    const corners: Vector3[] = [];
    for (const x of [minX, maxX])
      for (const z of [minZ, maxZ])
        for (const y of [0, CABINET_HEIGHT_M]) corners.push(new Vector3(x, y, z));
    const probe = this.camera.clone();
    const target = new Vector3((minX + maxX) / 2, 0, (minZ + maxZ) / 2);
    const projected = new Vector3();
    /** NDC bounds of the room seen from `distance`. */
    const bounds = (distance: number) => {
      probe.position.copy(target).addScaledVector(direction, distance);
      probe.lookAt(target);
      probe.updateMatrixWorld();
      let minX = Infinity;
      let maxX = -Infinity;
      let minY = Infinity;
      let maxY = -Infinity;
      for (const c of corners) {
        projected.copy(c).project(probe);
        minX = Math.min(minX, projected.x);
        maxX = Math.max(maxX, projected.x);
        minY = Math.min(minY, projected.y);
        maxY = Math.max(maxY, projected.y);
      }
      return { minX, maxX, minY, maxY };
    };
    let distance = 4;
    // Fit, then slide the target so the room sits centred on screen, and fit again.
    for (let pass = 0; pass < 4; pass++) {
      let lo = 1;
      let hi = 400;
      for (let i = 0; i < 40; i++) {
        const mid = (lo + hi) / 2;
        const b = bounds(mid);
        if (b.minX >= -0.96 && b.maxX <= 0.96 && b.minY >= -0.9 && b.maxY <= 0.9) hi = mid;
        else lo = mid;
      }
      distance = Math.max(hi, 4);
      const b = bounds(distance);
      const halfH = distance * Math.tan((probe.fov * Math.PI) / 360);
      // Slide the target along the floor: sideways for the horizontal offset, and along the
      // viewing direction (which moves it up the screen by sin(elevation)) for the vertical one.
      const sideways = new Vector3(Math.cos(azimuth), 0, -Math.sin(azimuth));
      const ahead = new Vector3(-Math.sin(azimuth), 0, -Math.cos(azimuth));
      target.addScaledVector(sideways, ((b.minX + b.maxX) / 2) * halfH * probe.aspect);
      target.addScaledVector(ahead, (((b.minY + b.maxY) / 2) * halfH) / Math.sin(elevation));
    }
    const position = target.clone().addScaledVector(direction, distance);
    return {
      target: [target.x, target.y, target.z],
      position: [position.x, position.y, position.z],
    };
  }

  private cabinetPose(cabinet: number): CameraState {
    const x = this.layout.computeCabinetXZ[2 * cabinet];
    const z = this.layout.computeCabinetXZ[2 * cabinet + 1] + CABINET_DEPTH_M / 2;
    // Front-right of the door: the links, which bulge out of the door, open up to the side.
    const target: [number, number, number] = [x + 0.05, CABINET_HEIGHT_M * 0.57, z];
    return { target, position: [x + 1.15, CABINET_HEIGHT_M * 0.8, z + 3.2] };
  }

  private applyCamera(state: CameraState): void {
    this.camera.position.set(...state.position);
    this.controls.target.set(...state.target);
    this.camera.lookAt(this.controls.target);
    this.programmaticMove = true;
    this.controls.update();
    this.programmaticMove = false;
  }

  private flyTo(goal: CameraState): void {
    this.cameraPlaced = true;
    this.flight = {
      start: -1,
      fromPosition: this.camera.position.clone(),
      fromTarget: this.controls.target.clone(),
      toPosition: new Vector3(...goal.position),
      toTarget: new Vector3(...goal.target),
    };
    this.controls.enabled = false;
    this.requestRender();
  }

  /** Advances the flight; true while it is under way. */
  private stepFlight(now: number): boolean {
    const f = this.flight;
    if (!f) return false;
    const start = f.start < 0 ? now : f.start;
    if (f.start < 0) this.flight = { ...f, start: now };
    const t = Math.min(1, (now - start) / FLIGHT_MS);
    const k = easeInOut(t);
    this.camera.position.lerpVectors(f.fromPosition, f.toPosition, k);
    this.controls.target.lerpVectors(f.fromTarget, f.toTarget, k);
    this.camera.lookAt(this.controls.target);
    if (t >= 1) {
      this.flight = undefined;
      this.controls.enabled = true;
      this.controls.update();
      this.cameraMoved = true;
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Render loop

  private requestRender(): void {
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.raf === 0 && !this.disposed) this.raf = requestAnimationFrame(this.tick);
  }

  private readonly tick = (now: number): void => {
    this.raf = 0;
    if (this.disposed) return;
    let animating = false;
    if (this.flight) {
      animating = this.stepFlight(now);
      this.dirty = true;
    } else if (this.interacting || this.cameraMoved) {
      // Damping keeps the camera gliding after the pointer lets go: keep ticking until it rests.
      // OrbitControls reports motion down to a millimetre, which at software frame rates means
      // seconds of invisible gliding; a move of under ~1/8 pixel counts as rest.
      this.prevPosition.copy(this.camera.position);
      this.prevTarget.copy(this.controls.target);
      // OrbitControls damps per call; scale it to the frame interval so the glide lasts as long
      // in wall time at 15 fps as at 60.
      const frames =
        this.lastTick >= 0 ? Math.min(6, Math.max(1, (now - this.lastTick) / (1000 / 60))) : 1;
      this.controls.dampingFactor = 1 - (1 - DAMPING_PER_60HZ_FRAME) ** frames;
      const changed = this.controls.update();
      const step =
        this.camera.position.distanceTo(this.prevPosition) +
        this.controls.target.distanceTo(this.prevTarget);
      const moved = changed && step > 1e-4 * this.camera.position.distanceTo(this.controls.target);
      animating = this.interacting || moved;
      if (changed) this.dirty = true;
    }
    if (this.hoverPending && !this.interacting && !this.flight) this.updateHover();
    // Playing: engine frames keep arriving and every one redraws the room, like a camera move.
    const live = this.frameStreak >= 2 && now - this.lastFrameAt < LIVE_MS;
    // Low resolution for the whole move, not per frame: each switch reallocates the drawing buffer.
    this.setLowResolution(animating || live);
    if (this.wasAnimating && !animating) this.adaptMotionScale();
    this.wasAnimating = animating;

    let rendered = false;
    // A camera move draws every frame; engine frames alone wait for the live interval.
    const held = !animating && live && now - this.lastRenderAt < this.liveRenderIntervalMs;
    if (this.dirty && !held && this.renderer.domElement.width > 0) {
      this.lastRenderAt = now;
      this.dirty = false;
      const t0 = performance.now();
      if (this.lowResolution)
        this.motionBlit.render(this.renderer, this.scene, this.camera, this.motionScale);
      else this.renderer.render(this.scene, this.camera);
      const renderMs = performance.now() - t0;
      // Back-to-back animation frames: the rAF interval includes the GPU work the render call only
      // queued. Otherwise the render call itself is the best measure there is.
      const frameMs =
        this.renderedLastTick && this.lastTick >= 0
          ? Math.max(renderMs, now - this.lastTick)
          : renderMs;
      this.frameStats.record(frameMs);
      if (this.renderedLastTick) {
        this.motionFrames++;
        this.motionMs += frameMs;
      }
      rendered = true;
      if (!this.ready && this.frame) {
        this.ready = true;
        this.surface.mark('ready', 'true');
        // With the room on screen, compile the overlay's shaders while nothing plays, instead of
        // in the first frame of a storm (a long task of ~0.1 s in a software renderer).
        setTimeout(() => {
          if (this.disposed) return;
          this.overlay.precompile(this.renderer, this.scene, this.camera);
          if (this.motionScale < 1) this.motionBlit.prepare(this.renderer, this.motionScale);
        }, 0);
      }
    }
    this.renderedLastTick = rendered && animating;
    if (rendered) this.events.onRendered?.();
    this.lastTick = now;

    // While live, keep ticking so the room turns sharp again once the frames stop.
    if (animating || this.dirty || live) this.schedule();
    else {
      if (this.cameraMoved && !this.interacting) {
        this.cameraMoved = false;
        this.events.onCameraChange?.(this.getCamera());
        // The room moved under a resting pointer: say what is under it now.
        if (this.pointerInside) {
          this.hoverPending = true;
          this.schedule();
        }
      }
    }
  };

  /** Switches drawing between motion and rest resolution; the drawing buffer keeps its size. */
  private setLowResolution(low: boolean): void {
    const want = low && this.motionScale < 1;
    if (want === this.lowResolution) return;
    this.lowResolution = want;
    this.applyPxScale();
    this.dirty = true;
  }

  /** After a move: lower the motion resolution if frames ran slower than 30 fps, raise it if well above. */
  private adaptMotionScale(): void {
    if (this.motionFrames >= 8) {
      const mean = this.motionMs / this.motionFrames;
      if (mean > 30) this.motionScale = Math.max(0.5, this.motionScale - 0.1);
      else if (mean < 16) this.motionScale = Math.min(1, this.motionScale + 0.1);
    }
    this.motionFrames = 0;
    this.motionMs = 0;
    // Still playing: the next frames draw at the new scale.
    if (this.lowResolution) this.applyPxScale();
  }

  private resize(): void {
    if (!this.applySize()) return;
    const { width, height } = this.surface.rect();
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    if (!this.cameraPlaced) this.applyCamera(this.overviewPose());
    this.requestRender();
  }

  /** Sizes the drawing buffer to the container at the current pixel ratio; false while it has no size. */
  private applySize(): boolean {
    const { width: w, height: h } = this.surface.rect();
    if (w === 0 || h === 0) return false;
    this.renderer.setSize(w, h, false);
    this.route.setViewportSize(w, h);
    this.overlay.setViewportSize(w, h);
    this.applyPxScale();
    return true;
  }

  /** The door shaders pick their detail by pixels per metre, so they follow the drawn resolution. */
  private applyPxScale(): void {
    const height = this.lowResolution
      ? this.motionBlit.partSize(this.renderer, this.motionScale).height
      : this.renderer.domElement.height;
    const scale = pixelScale(this.camera.fov, height);
    this.compute.doorMaterial.uniforms.uPxScale.value = scale;
    if (this.interconnect) this.interconnect.doorMaterial.uniforms.uPxScale.value = scale;
  }

  // ---------------------------------------------------------------------------------------------
  // Pointer: hover (one raycast per animation frame) and click picking

  private readonly onControlsChange = (): void => {
    if (!this.programmaticMove) this.cameraMoved = true;
    this.requestRender();
  };

  private readonly onControlsStart = (): void => {
    this.interacting = true;
    this.cameraPlaced = true;
    // What was under the pointer moves away with the room; the hover comes back when it rests.
    if (this.hoverKey !== '') {
      this.setHoverHighlight(undefined);
      this.events.onHover(undefined, this.pointerX, this.pointerY);
    }
    this.schedule();
  };

  private readonly onControlsEnd = (): void => {
    this.interacting = false;
    this.schedule();
  };

  private readonly onPointerMove = (event: PointerEvent): void => {
    this.pointerInside = true;
    this.pointerX = event.clientX;
    this.pointerY = event.clientY;
    this.hoverPending = true;
    this.schedule();
  };

  private readonly onPointerLeave = (): void => {
    this.pointerInside = false;
    this.hoverPending = false;
    this.setHoverHighlight(undefined);
    this.events.onHover(undefined, this.pointerX, this.pointerY);
  };

  private readonly onPointerDown = (event: PointerEvent): void => {
    this.downX = event.clientX;
    this.downY = event.clientY;
    this.downButton = event.button;
  };

  private readonly onPointerUp = (event: PointerEvent): void => {
    const moved = Math.hypot(event.clientX - this.downX, event.clientY - this.downY);
    if (event.button !== 0 || this.downButton !== 0 || moved > CLICK_SLOP_PX) return;
    this.downButton = -1;
    const hit = this.pickAt(event.clientX, event.clientY);
    this.events.onPick(hit, event.shiftKey || event.ctrlKey || event.metaKey);
  };

  private readonly onContextLost = (event: Event): void => {
    // Keep the context restorable; three rebuilds its GPU state on restore.
    event.preventDefault();
  };

  private updateHover(): void {
    this.hoverPending = false;
    if (!this.pointerInside) return;
    const hit = this.pickAt(this.pointerX, this.pointerY);
    this.setHoverHighlight(hit);
    this.events.onHover(hit, this.pointerX, this.pointerY);
  }

  private setHoverHighlight(hit: PickHit | undefined): void {
    const key = hit ? `${hit.kind}:${hit.index}` : '';
    if (key === this.hoverKey) return;
    this.hoverKey = key;
    const hover = this.compute.doorMaterial.uniforms.uHover.value as Vector2;
    hover.set(-1, -1);
    const { perCabinet } = this.cluster;
    const backups = this.face.backups;
    let detailSlot = -1;
    if (hit?.kind === 'npu' && this.cluster.npuCabinet[hit.index] === this.focus)
      detailSlot = hit.index % perCabinet;
    if (
      hit?.kind === 'backup' &&
      backups > 0 &&
      Math.floor((hit.index - this.cluster.backupBase) / backups) === this.focus
    )
      detailSlot = perCabinet + ((hit.index - this.cluster.backupBase) % backups);
    this.detail.setHoverSlot(detailSlot);
    if (hit?.kind === 'npu') hover.set(this.cluster.npuCabinet[hit.index], hit.index % perCabinet);
    else if (hit?.kind === 'backup' && backups > 0) {
      const b = hit.index - this.cluster.backupBase;
      hover.set(Math.floor(b / backups), perCabinet + (b % backups));
    } else if (hit?.kind === 'cabinet') hover.set(hit.index, -1);
    if (hit?.kind === 'icabinet')
      this.placeOutline(this.hoverOutline, hit.index, this.layout.interconnectCabinetXZ);
    else
      this.placeOutline(
        this.hoverOutline,
        hover.x === this.focus ? -1 : hover.x,
        this.layout.computeCabinetXZ,
      );
    this.requestRender();
  }

  /** The exact thing under a client point: an NPU or backup cell, a cabinet body, or nothing. */
  private pickAt(clientX: number, clientY: number): PickHit | undefined {
    const rect = this.surface.rect();
    if (rect.width === 0 || rect.height === 0) return undefined;
    this.ndc.set(
      ((clientX - rect.left) / rect.width) * 2 - 1,
      -((clientY - rect.top) / rect.height) * 2 + 1,
    );
    this.raycaster.setFromCamera(this.ndc, this.camera);

    let best: { hit: PickHit; distance: number } | undefined;
    const detailHit = this.detail.pick(this.raycaster);
    if (detailHit)
      best = {
        hit: { kind: detailHit.kind, index: detailHit.index },
        distance: detailHit.distance,
      };

    const cabinet = this.compute.pick(this.raycaster);
    if (cabinet && (!best || cabinet.distance < best.distance))
      best = { hit: this.cabinetHit(cabinet.index, cabinet.point), distance: cabinet.distance };
    const icab = this.interconnect?.pick(this.raycaster);
    if (icab && (!best || icab.distance < best.distance))
      best = { hit: { kind: 'icabinet', index: icab.index }, distance: icab.distance };
    return best?.hit;
  }

  /** A hit on compute cabinet `c` at world `point`: through the door layout to an NPU or backup cell. */
  private cabinetHit(c: number, point: Vector3): PickHit {
    const local = this.localPoint.set(
      point.x - this.layout.computeCabinetXZ[2 * c],
      point.y,
      point.z - this.layout.computeCabinetXZ[2 * c + 1],
    );
    const uv = frontFaceUv(local.x, local.y, local.z);
    if (!uv) return { kind: 'cabinet', index: c };
    const cell = faceCellAt(uv.u, uv.v, this.face);
    switch (cell.kind) {
      case 'npu':
        return {
          kind: 'npu',
          index: c * this.cluster.perCabinet + cell.server * this.cluster.perServer + cell.slot,
        };
      case 'backup':
        return {
          kind: 'backup',
          index: this.cluster.backupBase + c * this.face.backups + cell.index,
        };
      case 'none':
        return { kind: 'cabinet', index: c };
    }
  }
}

function isSoftwareRenderer(renderer: WebGLRenderer): boolean {
  const gl = renderer.getContext();
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return /swiftshader|llvmpipe|software|basic render/i.test(name);
}
