import { useStore } from 'zustand';
import { infernexStore, setInferNexOpen } from '../../store/infernexStore';
import { viewStore, type CenterTab } from '../../store/viewStore';

/**
 * The InferNex panel is a centre tab beside the room and the heatmap. Until `CenterTab` (and the
 * share link's panel field) know it, its open state lives in the panel's own store; these helpers
 * keep the shell's tab bar in step with both.
 */
export type CenterTabWithInferNex = CenterTab | 'infernex';

export const INFERNEX_TAB = { id: 'infernex', label: 'InferNex' } as const;

/** The centre tab shown now. */
export function useCenterTab(): CenterTabWithInferNex {
  const tab = useStore(viewStore, (s) => s.tab);
  const open = useStore(infernexStore, (s) => s.open);
  return open ? 'infernex' : tab;
}

export function selectCenterTab(id: CenterTabWithInferNex): void {
  setInferNexOpen(id === 'infernex');
  if (id !== 'infernex') viewStore.setState({ tab: id });
}
