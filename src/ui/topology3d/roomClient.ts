import { PerspectiveCamera } from 'three';
import { floorLayout, type Cluster, type FloorLayout } from '../../model';
import type { FabricFrame, InferNexFrame } from '../../sim/frame';
import type { ColorMetric } from '../metrics';
import { faceLayoutFor, type FaceLayout } from './faceLayout';
import type { ForwardedPointer, RoomCall, RoomReply, RoomRequest, RoomState } from './roomProtocol';
import { nodeScreenPoint } from './screenPoint';
import {
  appendRoomCanvas,
  domSurface,
  markRoom,
  removeRoomCanvas,
  surfacePixelRatio,
} from './roomSurface';
import { offscreenSupported, takeRoomWorker } from './roomWorker';
import {
  CAMERA_FAR,
  CAMERA_FOV,
  CAMERA_NEAR,
  checkCabinet,
  checkCamera,
  checkFrame,
  type CameraState,
} from './roomContract';
import type { RerouteView, RoomView, RoomViewEvents, RouteView } from './RoomView';

/** What the console asks of the room, wherever it draws. */
export type Room = Omit<
  Pick<
    RoomView,
    | 'setFrame'
    | 'setMetric'
    | 'setSelection'
    | 'focusCabinet'
    | 'showRoute'
    | 'showRerouteSamples'
    | 'setOverlay'
    | 'drawnCounts'
    | 'screenPointOfNode'
    | 'cameraMoving'
    | 'getCamera'
    | 'setCamera'
    | 'stats'
    | 'resetStats'
    | 'dispose'
  >,
  'getCamera'
> & {
  /** Undefined while a room drawing in a worker has not reported its camera yet. */
  getCamera(): CameraState | undefined;
};

export interface RoomEvents extends RoomViewEvents {
  /** The room failed after it was created (the worker could not draw). */
  onError(message: string): void;
}

/**
 * Browsers that can hand a canvas to a worker draw the room there; others draw it on the page,
 * loading the renderer only then.
 */
export async function createRoom(
  container: HTMLElement,
  cluster: Cluster,
  events: RoomEvents,
): Promise<Room> {
  if (offscreenSupported()) return new RoomWorkerClient(container, cluster, events);
  const { RoomView } = await import('./RoomView');
  return new RoomView(domSurface(container), cluster, floorLayout(cluster), events);
}

/**
 * The part of a fabric frame the room draws from: the per-NPU and per-link arrays and the hot
 * links. The log, series and fault records are left out: copying them to the worker on every
 * frame cost the page more than the arrays.
 */
export function drawnPart(frame: FabricFrame): FabricFrame {
  const { engine, timeUs, npuHealth, npuLoad, npuHbmUsedGB, linkUp, linkLoad } = frame;
  return {
    engine,
    timeUs,
    npuHealth,
    npuLoad,
    npuHbmUsedGB,
    linkUp,
    linkLoad,
    series: [],
    log: [],
    ...(frame.nodeHealth ? { nodeHealth: frame.nodeHealth } : {}),
    ...(frame.linkState ? { linkState: frame.linkState } : {}),
    ...(frame.traffic ? { traffic: frame.traffic } : {}),
  };
}

const NOTHING_DRAWN: RoomState['counts'] = {
  links: 0,
  segments: 0,
  byClass: [],
  markedCabinets: 0,
  aggregatedLinks: 0,
  dropped: 0,
  paths: { route: 0, original: 0, sampleBefore: 0, sampleAfter: 0, failed: 0 },
};

const FORWARDED = [
  'pointerdown',
  'pointermove',
  'pointerup',
  'pointercancel',
  'pointerleave',
] as const;

/**
 * The page's side of a room drawn in `workers/room.worker.ts`: forwards calls and pointer input,
 * and answers the synchronous questions (camera, counts, where a node is on screen) from what the
 * worker reported after its last frame.
 */
class RoomWorkerClient implements Room {
  private readonly canvas: HTMLCanvasElement;
  private readonly worker: Worker;
  private readonly resizeObserver: ResizeObserver;
  private readonly camera = new PerspectiveCamera(CAMERA_FOV, 1, CAMERA_NEAR, CAMERA_FAR);
  private readonly face: FaceLayout;
  private readonly layout: FloorLayout;
  private state: RoomState | undefined;
  /** A camera the page set, until the worker reports having handled that call. */
  private requestedCamera: { readonly camera: CameraState; readonly seq: number } | undefined;
  private sent = 0;
  private disposed = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly cluster: Cluster,
    private readonly events: RoomEvents,
  ) {
    this.layout = floorLayout(cluster);
    this.face = faceLayoutFor(
      cluster.serversPerCabinet,
      cluster.perServer,
      cluster.profile.layout.backupsPerCabinet,
    );
    const canvas = appendRoomCanvas(container, 'worker');
    canvas.style.cursor = 'grab';
    this.canvas = canvas;
    const offscreen = canvas.transferControlToOffscreen();

    this.worker = takeRoomWorker();
    this.worker.onmessage = (event: MessageEvent<RoomReply>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.events.onError(event.message || 'the room worker failed to start');
    };
    const { width, height } = canvas.getBoundingClientRect();
    this.send(
      {
        kind: 'init',
        canvas: offscreen,
        profileId: cluster.profile.id,
        width,
        height,
        pixelRatio: surfacePixelRatio(window.devicePixelRatio, navigator.webdriver),
      },
      [offscreen],
    );
    for (const type of FORWARDED) canvas.addEventListener(type, this.onPointer);
    canvas.addEventListener('wheel', this.onWheel, { passive: false });
    canvas.addEventListener('contextmenu', this.onContextMenu);
    this.resizeObserver = new ResizeObserver(() => {
      const box = canvas.getBoundingClientRect();
      this.send({ kind: 'resize', width: box.width, height: box.height });
    });
    this.resizeObserver.observe(container);
  }

  setFrame(frame: FabricFrame, serving?: InferNexFrame): void {
    checkFrame(this.cluster, frame);
    this.call({ method: 'setFrame', args: [drawnPart(frame), serving] });
  }

  setMetric(metric: ColorMetric): void {
    this.call({ method: 'setMetric', args: [metric] });
  }

  setSelection(npus: readonly number[]): void {
    this.call({ method: 'setSelection', args: [npus] });
  }

  focusCabinet(cabinet: number | undefined): void {
    checkCabinet(this.cluster, cabinet);
    this.call({ method: 'focusCabinet', args: [cabinet] });
  }

  showRoute(route: RouteView | undefined): void {
    this.call({ method: 'showRoute', args: [route] });
  }

  showRerouteSamples(samples: readonly RerouteView[]): void {
    this.call({ method: 'showRerouteSamples', args: [samples] });
  }

  setOverlay(shown: { readonly faults: boolean; readonly hot: boolean }): void {
    this.call({ method: 'setOverlay', args: [{ faults: shown.faults, hot: shown.hot }] });
  }

  setCamera(camera: CameraState): void {
    checkCamera(camera);
    this.call({ method: 'setCamera', args: [camera] });
    this.requestedCamera = { camera, seq: this.sent };
  }

  drawnCounts(): RoomState['counts'] {
    return this.state?.counts ?? NOTHING_DRAWN;
  }

  /** Projected with the camera of the worker's last frame, so it matches what is on screen. */
  screenPointOfNode(node: number): { readonly x: number; readonly y: number } | undefined {
    const pose = this.getCamera();
    if (!pose) return undefined;
    const box = this.canvas.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return undefined;
    const camera = this.camera;
    camera.aspect = box.width / box.height;
    camera.position.set(...pose.position);
    camera.lookAt(...pose.target);
    camera.updateProjectionMatrix();
    camera.updateMatrixWorld();
    return nodeScreenPoint(this.cluster, this.layout, this.face, node, camera, box);
  }

  /** Moving until the worker has handled every call so far and drawn its camera at rest. */
  get cameraMoving(): boolean {
    return !this.state || this.state.seq < this.sent || this.state.cameraMoving;
  }

  getCamera(): CameraState | undefined {
    return this.requestedCamera?.camera ?? this.state?.camera;
  }

  stats(): RoomState['stats'] {
    return this.state?.stats ?? { frames: 0, meanFrameMs: 0, p95FrameMs: 0 };
  }

  resetStats(): void {
    this.call({ method: 'resetStats', args: [] });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.resizeObserver.disconnect();
    for (const type of FORWARDED) this.canvas.removeEventListener(type, this.onPointer);
    this.canvas.removeEventListener('wheel', this.onWheel);
    this.canvas.removeEventListener('contextmenu', this.onContextMenu);
    this.send({ kind: 'dispose' });
    removeRoomCanvas(this.container, this.canvas);
  }

  private call(call: RoomCall): void {
    if (this.disposed) return;
    this.sent++;
    this.send({ kind: 'call', seq: this.sent, ...call } as RoomRequest);
  }

  private send(request: RoomRequest, transfer: Transferable[] = []): void {
    this.worker.postMessage(request, transfer);
  }

  private receive(reply: RoomReply): void {
    if (this.disposed) return;
    switch (reply.kind) {
      case 'mark':
        return markRoom(this.container, reply.name, reply.value);
      case 'describe':
        this.canvas.setAttribute('aria-label', reply.label);
        return;
      case 'hover': {
        const box = this.canvas.getBoundingClientRect();
        return this.events.onHover(reply.hit, reply.x + box.left, reply.y + box.top);
      }
      case 'pick':
        return this.events.onPick(reply.hit, reply.additive);
      case 'camera':
        return this.events.onCameraChange?.(reply.camera);
      case 'state':
        this.state = reply;
        if (this.requestedCamera && reply.seq >= this.requestedCamera.seq)
          this.requestedCamera = undefined;
        return this.events.onRendered?.();
      case 'error':
        return this.events.onError(reply.message);
    }
  }

  private forward(type: string, event: PointerEvent | WheelEvent): void {
    const box = this.canvas.getBoundingClientRect();
    const pointer = event as PointerEvent;
    const wheel = event as WheelEvent;
    const forwarded: ForwardedPointer = {
      clientX: event.clientX - box.left,
      clientY: event.clientY - box.top,
      button: event.button,
      buttons: event.buttons,
      pointerId: pointer.pointerId ?? 1,
      pointerType: pointer.pointerType ?? 'mouse',
      isPrimary: pointer.isPrimary ?? true,
      shiftKey: event.shiftKey,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      altKey: event.altKey,
      deltaX: wheel.deltaX ?? 0,
      deltaY: wheel.deltaY ?? 0,
      deltaMode: wheel.deltaMode ?? 0,
    };
    this.send({ kind: 'pointer', type, event: forwarded });
  }

  private readonly onPointer = (event: PointerEvent): void => {
    // The drag goes on outside the canvas, as OrbitControls expects of its element.
    if (event.type === 'pointerdown') {
      this.canvas.setPointerCapture(event.pointerId);
      this.canvas.style.cursor = 'grabbing';
    } else if (event.type === 'pointerup' || event.type === 'pointercancel') {
      if (this.canvas.hasPointerCapture(event.pointerId))
        this.canvas.releasePointerCapture(event.pointerId);
      this.canvas.style.cursor = 'grab';
    }
    this.forward(event.type, event);
  };

  private readonly onWheel = (event: WheelEvent): void => {
    event.preventDefault();
    this.forward('wheel', event);
  };

  private readonly onContextMenu = (event: Event): void => event.preventDefault();
}
