import { computeCabinetOfNode, entityId, parseEntityId, type EntityRef } from '../model';
import { sessionStore } from './sessionStore';
import { nextSelection, viewStore, type SelectedEntity } from './viewStore';

/** Selects what was clicked (undefined: empty space); `additive` is shift-click. */
export function selectRef(ref: EntityRef | undefined, additive = false): void {
  const cluster = sessionStore.getState().cluster;
  if (!cluster) return;
  const picked = ref ? { id: entityId(cluster, ref), ref } : undefined;
  const { selection } = viewStore.getState();
  const next = nextSelection(selection, picked, additive);
  viewStore.setState({
    selection: next,
    ...(next.length > 0 ? { panel: 'inspector' as const } : {}),
  });
}

export type SelectIdsResult =
  | { readonly ok: true; readonly selection: readonly SelectedEntity[] }
  | { readonly ok: false; readonly reason: string };

/** Selects entities by id (search box, log lines); nothing changes if any id does not parse. */
export function selectIds(ids: readonly string[], reveal = false): SelectIdsResult {
  const cluster = sessionStore.getState().cluster;
  if (!cluster) return { ok: false, reason: 'no scenario is loaded' };
  const selection: SelectedEntity[] = [];
  for (const raw of ids) {
    const parsed = parseEntityId(cluster, raw);
    if (!parsed.ok) return { ok: false, reason: parsed.reason };
    const id = entityId(cluster, parsed.ref);
    if (!selection.some((e) => e.id === id)) selection.push({ id, ref: parsed.ref });
  }
  const previous = viewStore.getState().reveal;
  viewStore.setState({
    selection,
    ...(selection.length > 0 ? { panel: 'inspector' as const } : {}),
    ...(reveal && selection.length > 0
      ? { reveal: { id: selection[0].id, n: (previous?.n ?? 0) + 1 } }
      : {}),
  });
  return { ok: true, selection };
}

export function focusCabinet(cabinet: number | undefined): void {
  viewStore.setState({ focusedCabinet: cabinet });
}

/** The compute cabinet an entity sits in, if any (what "Focus cabinet" and double-click zoom to). */
export function cabinetOf(ref: EntityRef): number | undefined {
  const cluster = sessionStore.getState().cluster;
  if (!cluster) return undefined;
  switch (ref.kind) {
    case 'cabinet':
      return ref.index;
    case 'server':
      return cluster.serverCabinet[ref.index];
    case 'npu':
      return cluster.npuCabinet[ref.index];
    case 'node': {
      const n = ref.index;
      if (n < cluster.npuCount) return cluster.npuCabinet[n];
      if (n < cluster.serverSwitchBase) {
        const per = cluster.profile.layout.backupsPerCabinet;
        return per > 0 ? Math.floor((n - cluster.backupBase) / per) : undefined;
      }
      const cabinet = computeCabinetOfNode(cluster, n);
      return cabinet >= 0 ? cabinet : undefined;
    }
    case 'supernode':
    case 'pod':
    case 'icabinet':
    case 'link':
      return undefined;
  }
}

/** Escape: first clears the selection, then leaves the focused cabinet. */
export function escapeSelection(): void {
  const { selection, focusedCabinet } = viewStore.getState();
  if (selection.length > 0) viewStore.setState({ selection: [] });
  else if (focusedCabinet !== undefined) viewStore.setState({ focusedCabinet: undefined });
}
