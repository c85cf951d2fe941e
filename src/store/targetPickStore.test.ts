import { beforeEach, describe, expect, it } from 'vitest';
import { clusterFor } from '../engines/clusterCache';
import { parseEntityId, type EntityRef } from '../model';
import { defaultScenario } from '../scenarios';
import { DEFAULT_FAULT_FORM } from './faults';
import { editFaultForm, faultsStore } from './faultsStore';
import { initialSessionState, sessionStore } from './sessionStore';
import { armTargetPick, cancelTargetPick, pickInRoom, targetPickStore } from './targetPickStore';
import { initialViewState, viewStore } from './viewStore';

const scenario = defaultScenario();
const cluster = clusterFor(scenario.profile);
const ref = (id: string): EntityRef => {
  const parsed = parseEntityId(cluster, id);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.ref;
};

beforeEach(() => {
  cancelTargetPick();
  sessionStore.setState({ ...initialSessionState, scenario, cluster });
  viewStore.setState({ ...initialViewState, tab: 'faults' });
  faultsStore.setState({ form: DEFAULT_FAULT_FORM, notice: undefined });
  editFaultForm({ kind: 'server-down', end: 'after', durationText: '90s' });
});

describe('the armed pick', () => {
  it('shows the room, then fills only the target and brings the form back', () => {
    armTargetPick();
    expect(viewStore.getState().tab).toBe('room');
    expect(targetPickStore.getState().armed?.kind).toBe('server-down');
    // A click the kind cannot use is explained and keeps the pick armed.
    expect(pickInRoom(ref('cab-010'))).toBe(true);
    expect(targetPickStore.getState().armed?.message).toContain('click an NPU of the server');
    expect(viewStore.getState().selection).toEqual([]);

    expect(pickInRoom(ref('cab-010/srv-2/npu-3'))).toBe(true);
    expect(targetPickStore.getState().armed).toBeUndefined();
    expect(viewStore.getState().tab).toBe('faults');
    expect(faultsStore.getState().form).toEqual({
      ...DEFAULT_FAULT_FORM,
      kind: 'server-down',
      end: 'after',
      durationText: '90s',
      target: 'cab-010/srv-2',
    });
    // Disarmed, a click in the room is the room's again (selection).
    expect(pickInRoom(ref('cab-010/srv-2/npu-3'))).toBe(false);
  });

  it('Cancel goes back to the form unchanged; leaving the room disarms where the operator went', () => {
    editFaultForm({ target: 'cab-001/srv-0' });
    armTargetPick();
    cancelTargetPick();
    expect(targetPickStore.getState().armed).toBeUndefined();
    expect(viewStore.getState().tab).toBe('faults');
    expect(faultsStore.getState().form.target).toBe('cab-001/srv-0');

    armTargetPick();
    viewStore.setState({ tab: 'heatmap' });
    expect(targetPickStore.getState().armed).toBeUndefined();
    expect(viewStore.getState().tab).toBe('heatmap');
    expect(faultsStore.getState().form.target).toBe('cab-001/srv-0');
  });
});
