import { createStore } from 'zustand/vanilla';
import { entityId, type EntityRef } from '../model';
import type { FaultFormKind } from './faults';
import { editFaultForm, faultsStore } from './faultsStore';
import { frameBus } from './frameBus';
import { sessionStore } from './sessionStore';
import { pickTarget, type PickOutcome } from './targetPick';
import { viewStore, type CenterTab } from './viewStore';

/**
 * The armed "Pick in 3D" of the inject form: one place that the form (arm), the room (clicks,
 * banner, cursor) and the keyboard (Esc) all read, so no panel holds a piece of it.
 */
export interface TargetPick {
  /** The kind the pick is for, fixed when armed. */
  readonly kind: FaultFormKind;
  /** A link's end chosen by the first click. */
  readonly firstEnd: string | undefined;
  /** Why the last click did not pick anything (the banner shows it; still armed). */
  readonly message: string | undefined;
  /** The tab to return to with the target. */
  readonly returnTab: CenterTab;
}

export const targetPickStore = createStore<{ readonly armed: TargetPick | undefined }>()(() => ({
  armed: undefined,
}));

let stopWatching: (() => void) | undefined;

/** Arms the pick for the form's kind and shows the room. */
export function armTargetPick(): void {
  const { kind } = faultsStore.getState().form;
  const { tab } = viewStore.getState();
  stopWatching?.();
  targetPickStore.setState({
    armed: {
      kind,
      firstEnd: undefined,
      message: undefined,
      returnTab: tab === 'room' ? 'faults' : tab,
    },
  });
  viewStore.setState({ tab: 'room' });
  // Leaving the room or loading another scenario ends the pick: its clicks would mean nothing.
  const stops = [
    viewStore.subscribe((s) => {
      if (s.tab !== 'room') disarm();
    }),
    sessionStore.subscribe((s, p) => {
      if (s.generation !== p.generation || s.cluster !== p.cluster) disarm();
    }),
  ];
  stopWatching = () => stops.forEach((stop) => stop());
}

function disarm(): void {
  stopWatching?.();
  stopWatching = undefined;
  if (targetPickStore.getState().armed) targetPickStore.setState({ armed: undefined });
}

/** Esc or the banner's Cancel: disarms and goes back to the form as it was. */
export function cancelTargetPick(): void {
  const armed = targetPickStore.getState().armed;
  disarm();
  if (armed && viewStore.getState().tab === 'room') viewStore.setState({ tab: armed.returnTab });
}

/** What a click on `ref` would do now, for the room's hover text; undefined when not armed. */
export function previewPick(ref: EntityRef | undefined): PickOutcome | undefined {
  const armed = targetPickStore.getState().armed;
  if (!armed) return undefined;
  const { scenario, cluster } = sessionStore.getState();
  if (!scenario || !cluster) return undefined;
  const frame = frameBus.latest();
  const form = { ...faultsStore.getState().form, kind: armed.kind };
  return pickTarget(form, ref, armed.firstEnd, {
    scenario,
    cluster,
    nowUs: frame?.timeUs ?? 0,
    faults: frame?.faults ?? [],
  });
}

/**
 * A click in the room while armed: fills the target and returns to the form, remembers a link's
 * first end, or says why nothing was picked. Returns false when not armed (the click selects).
 */
export function pickInRoom(ref: EntityRef | undefined): boolean {
  const armed = targetPickStore.getState().armed;
  if (!armed) return false;
  const outcome = previewPick(ref);
  if (!outcome) return true;
  switch (outcome.kind) {
    case 'refuse':
      targetPickStore.setState({ armed: { ...armed, message: outcome.message } });
      return true;
    case 'first-end':
      targetPickStore.setState({ armed: { ...armed, firstEnd: outcome.id, message: undefined } });
      return true;
    case 'target': {
      const cluster = sessionStore.getState().cluster;
      const clicked = ref && cluster ? entityId(cluster, ref) : outcome.id;
      disarm();
      editFaultForm({ target: outcome.id });
      faultsStore.setState({
        notice: {
          kind: 'ok',
          message:
            clicked === outcome.id || armed.firstEnd !== undefined
              ? `Target ${outcome.id} picked in the 3D room`
              : `Target ${outcome.id} picked in the 3D room (clicked ${clicked})`,
        },
      });
      viewStore.setState({ tab: armed.returnTab });
      return true;
    }
  }
}
