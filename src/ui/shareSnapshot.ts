import { frameBus } from '../store/frameBus';
import { encodeInferNexSettings } from '../store/infernexSettings';
import { infernexStore } from '../store/infernexStore';
import { sessionStore } from '../store/sessionStore';
import { buildShareState } from '../store/shareState';
import { viewStore } from '../store/viewStore';
import type { ShareState } from '../sim/shareLink';
import { roomHandle } from './roomHandle';

/**
 * The console as a share link would capture it now: scenario, operator actions, sim time, camera,
 * selection, open tab and panel, metric and the InferNex panel's settings. Undefined before a
 * scenario is loaded.
 */
export function currentShareState(): ShareState | undefined {
  const session = sessionStore.getState();
  if (!session.scenario) return undefined;
  const view = viewStore.getState();
  return buildShareState({
    scenario: session.scenario,
    actions: session.actions,
    timeUs: frameBus.latest()?.timeUs ?? 0,
    camera: roomHandle.getCamera?.() ?? view.camera,
    selection: view.selection,
    focusedCabinet: view.focusedCabinet,
    tab: view.tab,
    panel: view.panel,
    metric: view.metric,
    infernex: encodeInferNexSettings(infernexStore.getState().settings),
  });
}
