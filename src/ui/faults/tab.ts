import { useStore } from 'zustand';
import { faultsStore, setFaultsOpen } from '../../store/faultsStore';
import { selectCenterTab, useCenterTab, type CenterTabWithInferNex } from '../infernex/tab';

/**
 * The Faults console is a centre tab beside the room, the heatmap and InferNex. As with InferNex,
 * its open state lives in its own store until `CenterTab` (and the share link) know it; these
 * helpers layer it over the InferNex helpers so the tab bar shows exactly one tab as current.
 */
export type CenterTabWithFaults = CenterTabWithInferNex | 'faults';

export const FAULTS_TAB = { id: 'faults', label: 'Faults' } as const;

export function useCenterTabWithFaults(): CenterTabWithFaults {
  const inner = useCenterTab();
  const open = useStore(faultsStore, (s) => s.open);
  return open ? 'faults' : inner;
}

export function selectCenterTabWithFaults(id: CenterTabWithFaults): void {
  setFaultsOpen(id === 'faults');
  if (id !== 'faults') selectCenterTab(id);
}
