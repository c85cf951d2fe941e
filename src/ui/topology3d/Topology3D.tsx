import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import {
  cabinetId,
  interconnectCabinetId,
  nodeId,
  npuId,
  parseNode,
  type Cluster,
  type EntityRef,
} from '../../model';
import { reportError } from '../../store/errors';
import { faultsStore } from '../../store/faultsStore';
import { frameBus, servingFrameBus } from '../../store/frameBus';
import { refreshTick } from '../../store/refreshTick';
import { failedElementOn, healthyRoute, nodesAlongLinks, routeChange } from '../../store/route';
import { cabinetOf, focusCabinet, selectRef } from '../../store/selection';
import { sessionStore } from '../../store/sessionStore';
import { pickInRoom, previewPick, targetPickStore } from '../../store/targetPickStore';
import { viewStore, type SelectedEntity, type ViewStoreState } from '../../store/viewStore';
import { formatPercent } from '../format';
import { frameOf } from '../frameGuard';
import { healthName } from '../health';
import { npuGroupStats, npuRange } from '../inspector/entityFacts';
import { outlinedNpus } from '../selectionOutline';
import { roomHandle } from '../roomHandle';
import { MetricControls } from '../widgets/MetricControls';
import type { FabricFrame } from '../../sim/frame';
import { OverlayLegend, overlaySettings } from './OverlayLegend';
import { createRoom, type Room, type RoomEvents } from './roomClient';
import type { CameraState } from './roomContract';
import type { PickHit, RerouteView } from './RoomView';
import { TargetPickBanner } from './TargetPickBanner';

/** The 3D machine room: a React shell around RoomView, fed imperatively from the frame bus and the stores. */
export default function Topology3D() {
  // The room is built from the cluster, which the session has before the engine worker is up, so
  // WebGL start-up and shader compilation overlap the worker's loading; frames arrive on the bus.
  const cluster = useStore(sessionStore, (s) => s.cluster);
  const generation = useStore(sessionStore, (s) => s.generation);
  const containerRef = useRef<HTMLDivElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);
  const [counts, setCounts] = useState<DrawnCounts | undefined>(undefined);
  const picking = useStore(targetPickStore, (s) => s.armed !== undefined);

  useEffect(() => {
    const container = containerRef.current;
    const tooltip = tooltipRef.current;
    if (!cluster || !container || !tooltip) return;
    let lastHover: PickHit | undefined;

    const hideTooltip = () => {
      tooltip.hidden = true;
    };
    let room: Room | undefined;
    let disconnect: (() => void) | undefined;
    let unmounted = false;
    // The legend refreshes with the rest of the page, and re-renders only when a count changed.
    let countsKey = '';
    const showCounts = () => {
      if (!room) return;
      const drawn = room.drawnCounts();
      const key = JSON.stringify(drawn);
      if (key === countsKey) return;
      countsKey = key;
      setCounts(drawn);
    };
    const events: RoomEvents = {
      onHover(hit, clientX, clientY) {
        lastHover = hit;
        if (!hit) return hideTooltip();
        tooltip.textContent = hoverText(cluster, hit) + pickHint(pickRef(hit));
        const box = container.getBoundingClientRect();
        // Keep the tooltip inside the view: flip to the left/top near the far edges.
        const x = clientX - box.left;
        const y = clientY - box.top;
        tooltip.hidden = false;
        const w = tooltip.offsetWidth;
        const h = tooltip.offsetHeight;
        const left = x + 14 + w > box.width ? x - 14 - w : x + 14;
        const top = y + 14 + h > box.height ? y - 10 - h : y + 14;
        tooltip.style.transform = `translate(${Math.max(0, left)}px, ${Math.max(0, top)}px)`;
      },
      onPick(hit, additive) {
        // An armed "Pick in 3D" takes the click for the inject form instead of the selection.
        if (pickInRoom(hit ? pickRef(hit) : undefined)) return;
        selectRef(hit ? pickRef(hit) : undefined, additive);
      },
      onCameraChange(camera) {
        viewStore.setState({ camera });
      },
      // After each frame drawn: its counts (a room in a worker reports them then).
      onRendered: () => refreshTick.request(showCounts),
      onError: (message) => reportError('The 3D room stopped drawing', new Error(message)),
    };

    // Wires the room to the stores and the frame bus; returns how to unwire it.
    const connect = (view: Room): (() => void) => {
      const applySelection = (selection: readonly SelectedEntity[]) =>
        view.setSelection(outlinedNpus(cluster, selection));
      const applyRoute = (route: ViewStoreState['route']) => {
        if (route.status !== 'done') return view.showRoute(undefined);
        // A route a fault moved (or cut) is drawn with its healthy-fabric path dashed beside it.
        const healthy = healthyRoute(cluster, route.from, route.to, route.bytes);
        const change = routeChange(
          cluster,
          healthy,
          route.result,
          frameOf(cluster, frameBus.latest()),
        );
        const original =
          change.kind === 'unchanged'
            ? undefined
            : { nodes: change.original.nodes, ...(change.failed ? { failed: change.failed } : {}) };
        if (!route.result.ok)
          return view.showRoute(
            original ? { nodes: [], hops: 0, latencyUs: 0, original } : undefined,
          );
        view.showRoute({
          nodes: route.result.nodes,
          hops: route.result.hops,
          latencyUs: route.result.latencyUs,
          ...(original ? { original } : {}),
        });
      };
      // The selected fault's reroute samples, redrawn only when they change.
      let samplesKey = '';
      const applySamples = (frame: FabricFrame | undefined) => {
        const id = faultsStore.getState().selectedFault;
        const samples = id && frame?.reroutes ? frame.reroutes.filter((r) => r.faultId === id) : [];
        const key = samples
          .map((r) => `${r.fromNode}:${r.before.join(',')}>${r.after?.join(',') ?? 'x'}`)
          .join('|');
        if (key === samplesKey) return;
        samplesKey = key;
        const views: RerouteView[] = [];
        for (const r of samples) {
          const before = nodesAlongLinks(cluster, r.fromNode, r.before);
          if (!before) continue;
          const after = r.after ? nodesAlongLinks(cluster, r.fromNode, r.after) : undefined;
          const failed = failedElementOn(cluster, before, r.before, frame);
          views.push({ before, ...(after ? { after } : {}), ...(failed ? { failed } : {}) });
        }
        view.showRerouteSamples(views);
      };

      const initial = viewStore.getState();
      view.setMetric(initial.metric);
      applySelection(initial.selection);
      view.focusCabinet(initial.focusedCabinet);
      applyRoute(initial.route);
      if (initial.pendingCamera) {
        view.setCamera(initial.pendingCamera);
        viewStore.setState({ pendingCamera: undefined });
      }
      const latest = frameOf(cluster, frameBus.latest());
      if (latest) view.setFrame(latest, servingFrameBus.latest());
      applySamples(latest);
      view.setOverlay(overlaySettings.getState());
      roomHandle.getCamera = () => view.getCamera();

      const stopFrames = frameBus.subscribe((frame) => {
        if (!frameOf(cluster, frame)) return;
        view.setFrame(frame, servingFrameBus.latest());
        applySamples(frame);
      });
      // The counts follow from `onRendered`: a new frame or overlay setting is drawn, then counted.
      const stopOverlay = overlaySettings.subscribe((s) => view.setOverlay(s));
      const stopFaults = faultsStore.subscribe((s, p) => {
        if (s.selectedFault !== p.selectedFault) applySamples(frameOf(cluster, frameBus.latest()));
      });
      const stopView = viewStore.subscribe((s, p) => {
        if (s.metric !== p.metric) view.setMetric(s.metric);
        if (s.selection !== p.selection) applySelection(s.selection);
        if (s.focusedCabinet !== p.focusedCabinet) view.focusCabinet(s.focusedCabinet);
        if (s.route !== p.route) applyRoute(s.route);
        if (s.pendingCamera && s.pendingCamera !== p.pendingCamera) {
          view.setCamera(s.pendingCamera);
          viewStore.setState({ pendingCamera: undefined });
        }
      });
      const onDoubleClick = () => {
        if (!lastHover) return;
        const cabinet = cabinetOf(pickRef(lastHover));
        if (cabinet !== undefined) focusCabinet(cabinet);
      };
      container.addEventListener('dblclick', onDoubleClick);
      container.addEventListener('pointerleave', hideTooltip);
      const stopTools = exposeRoomTools(cluster, view);
      refreshTick.request(showCounts);

      return () => {
        container.removeEventListener('dblclick', onDoubleClick);
        container.removeEventListener('pointerleave', hideTooltip);
        stopTools();
        stopFrames();
        stopOverlay();
        stopFaults();
        stopView();
        // Switching tabs keeps the camera for when the room comes back; a new scenario does not.
        const camera = view.getCamera();
        if (camera && sessionStore.getState().generation === generation)
          viewStore.setState({ camera, pendingCamera: camera });
        if (roomHandle.getCamera) roomHandle.getCamera = undefined;
        refreshTick.cancel(showCounts);
        view.dispose();
        hideTooltip();
      };
    };

    createRoom(container, cluster, events).then(
      (created) => {
        if (unmounted) return created.dispose();
        room = created;
        disconnect = connect(created);
      },
      (error: unknown) => reportError('The 3D room could not start', error),
    );
    return () => {
      unmounted = true;
      disconnect?.();
      hideTooltip();
    };
  }, [cluster, generation]);

  return (
    <div className={picking ? 'tw-room tw-room-picking' : 'tw-room'}>
      <div ref={containerRef} className="tw-room-canvas" data-testid="room-view" />
      <div
        ref={tooltipRef}
        className="tw-tooltip"
        data-testid="room-tooltip"
        hidden
        role="tooltip"
      />
      <TargetPickBanner />
      {cluster && (
        <div className="tw-overlay tw-overlay-top-right">
          <MetricControls cluster={cluster} />
          <OverlayLegend counts={counts} />
        </div>
      )}
      {!picking && (
        <div className="tw-room-hint">
          drag to orbit · wheel to zoom · click an NPU · shift-click a second to route ·
          double-click to focus
        </div>
      )}
    </div>
  );
}

function pickRef(hit: PickHit): EntityRef {
  switch (hit.kind) {
    case 'npu':
      return { kind: 'npu', index: hit.index };
    case 'backup':
      return { kind: 'node', index: hit.index };
    case 'cabinet':
      return { kind: 'cabinet', index: hit.index };
    case 'icabinet':
      return { kind: 'icabinet', index: hit.index };
  }
}

/** While picking a fault target, what a click here would pick (a second line of the tooltip). */
function pickHint(ref: EntityRef): string {
  const outcome = previewPick(ref);
  if (!outcome || outcome.kind === 'refuse') return '';
  return outcome.kind === 'first-end'
    ? `\nclick: first end ${outcome.id}`
    : `\nclick: target ${outcome.id}`;
}

function hoverText(cluster: Cluster, hit: PickHit): string {
  const frame = frameOf(cluster, frameBus.latest());
  switch (hit.kind) {
    case 'npu': {
      const id = npuId(cluster, hit.index);
      if (!frame) return id;
      return `${id} · ${healthName(frame.npuHealth[hit.index])} · load ${formatPercent(frame.npuLoad[hit.index], 0)}`;
    }
    case 'backup':
      return `${nodeId(cluster, hit.index)} · backup NPU`;
    case 'cabinet': {
      const id = cabinetId(hit.index);
      if (!frame) return id;
      const [first, end] = npuRange(cluster, 'cabinet', hit.index);
      const stats = npuGroupStats(cluster, frame, first, end);
      const bad = stats.npus - stats.byHealth[0];
      return `${id} · ${bad === 0 ? 'all healthy' : `${bad} not healthy`} · load ${formatPercent(stats.meanLoad, 0)}`;
    }
    case 'icabinet':
      return `${interconnectCabinetId(hit.index)} · interconnect (spine switch)`;
  }
}

type DrawnCounts = ReturnType<Room['drawnCounts']>;

/** What browser tests and benchmark scripts may ask the room, like `data-ready` but for positions. */
export interface RoomTools {
  /** Client coordinates of a node's cell (e.g. `cab-017/srv-3/npu-5`) as drawn now. */
  npuScreenPoint(id: string): { readonly x: number; readonly y: number } | undefined;
  /** False while the camera is flying to a focus pose. */
  cameraSettled(): boolean;
  /** The camera now (position and orbit target, metres); undefined until the room has one. */
  camera(): CameraState | undefined;
  /** What the failed/hot-links overlay and the route layer draw now. */
  drawn(): DrawnCounts;
  /** Frame times of the room's renders (mean, p95) since the last reset (at most 600 frames). */
  frameStats(): ReturnType<Room['stats']>;
  /** Starts a new frame-time window. */
  resetFrameStats(): void;
}

function exposeRoomTools(cluster: Cluster, view: Room): () => void {
  const tools: RoomTools = {
    npuScreenPoint(id) {
      const parsed = parseNode(cluster, id);
      return parsed.ok ? view.screenPointOfNode(parsed.node) : undefined;
    },
    cameraSettled: () => !view.cameraMoving,
    camera: () => view.getCamera(),
    drawn: () => view.drawnCounts(),
    frameStats: () => view.stats(),
    resetFrameStats: () => view.resetStats(),
  };
  const host = window as unknown as { supernodeTwin?: RoomTools };
  host.supernodeTwin = tools;
  return () => {
    if (host.supernodeTwin === tools) host.supernodeTwin = undefined;
  };
}
