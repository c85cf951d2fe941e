import { createStore } from 'zustand/vanilla';
import type { EntityRef } from '../model';
import type { RouteResult } from '../engines/fabric/routing';
import type { ColorMetric } from '../ui/metrics';

/** A selected entity: its printable id and its dense index. */
export interface SelectedEntity {
  readonly id: string;
  readonly ref: EntityRef;
}

/** Where the camera of the 3D room stands and looks (same shape as the room view's). */
export interface CameraPose {
  readonly position: readonly [number, number, number];
  readonly target: readonly [number, number, number];
}

export type CenterTab = 'room' | 'heatmap' | 'infernex' | 'faults';
export type SidePanel = 'inspector' | 'scenario';

export type RouteState =
  | { readonly status: 'idle' }
  | {
      readonly status: 'pending';
      readonly from: number;
      readonly to: number;
      readonly bytes: number;
    }
  | {
      readonly status: 'done';
      readonly from: number;
      readonly to: number;
      readonly bytes: number;
      readonly result: RouteResult;
    }
  | { readonly status: 'error'; readonly message: string };

export const DEFAULT_ROUTE_BYTES = 1 << 20;

export interface ViewStoreState {
  readonly selection: readonly SelectedEntity[];
  /** Compute cabinet the 3D room is zoomed into. */
  readonly focusedCabinet: number | undefined;
  readonly metric: ColorMetric;
  readonly tab: CenterTab;
  readonly panel: SidePanel;
  /** Last camera pose the 3D view reported. */
  readonly camera: CameraPose | undefined;
  /** A pose to apply when the 3D view is (re)created, e.g. from a share link. */
  readonly pendingCamera: CameraPose | undefined;
  readonly routeBytes: number;
  readonly route: RouteState;
  /** Asks the navigator to expand to and scroll to this id; the counter makes repeats count. */
  readonly reveal: { readonly id: string; readonly n: number } | undefined;
}

export const initialViewState: ViewStoreState = {
  selection: [],
  focusedCabinet: undefined,
  metric: 'health',
  tab: 'room',
  panel: 'inspector',
  camera: undefined,
  pendingCamera: undefined,
  routeBytes: DEFAULT_ROUTE_BYTES,
  route: { status: 'idle' },
  reveal: undefined,
};

export const createViewStore = () => createStore<ViewStoreState>()(() => initialViewState);

export type ViewStore = ReturnType<typeof createViewStore>;

/** The console's view state. */
export const viewStore = createViewStore();

/**
 * The selection after a click. A plain click selects one entity (or clears on empty space);
 * an additive click (shift) toggles an entity in, and once two are selected a further one
 * replaces the second, so click → shift-click → shift-click walks routes from one source.
 */
export function nextSelection(
  current: readonly SelectedEntity[],
  picked: SelectedEntity | undefined,
  additive: boolean,
): readonly SelectedEntity[] {
  if (!picked) return additive ? current : [];
  if (!additive) return [picked];
  const present = current.findIndex((e) => e.id === picked.id);
  if (present >= 0) return current.filter((_, i) => i !== present);
  if (current.length >= 2) return [current[0], picked];
  return [...current, picked];
}

/** The two NPUs a route is asked for, when exactly two NPUs are selected. */
export function routeEndpoints(
  selection: readonly SelectedEntity[],
): readonly [number, number] | undefined {
  if (selection.length !== 2) return undefined;
  const [a, b] = selection;
  if (a.ref.kind !== 'npu' || b.ref.kind !== 'npu') return undefined;
  return [a.ref.index, b.ref.index];
}

/** NPU indices the 3D view and heatmap should outline. */
export function selectedNpus(selection: readonly SelectedEntity[]): number[] {
  const out: number[] = [];
  for (const { ref } of selection) if (ref.kind === 'npu') out.push(ref.index);
  return out;
}
