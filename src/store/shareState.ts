import { cabinetId, entityId, parseEntityId, type Cluster } from '../model';
import type { Scenario, TimelineEvent } from '../sim/scenario';
import type { ShareState, ViewState as ShareViewState } from '../sim/shareLink';
import type { ColorMetric } from '../ui/metrics';
import { decodeInferNexSettings, type InferNexSettings } from './infernexSettings';
import type { CameraPose, CenterTab, SelectedEntity, SidePanel } from './viewStore';

/** What a share link captures of the console. */
export interface ShareInputs {
  readonly scenario: Scenario;
  readonly actions: readonly TimelineEvent[];
  readonly timeUs: number;
  readonly camera: CameraPose | undefined;
  readonly selection: readonly SelectedEntity[];
  readonly focusedCabinet: number | undefined;
  readonly tab: CenterTab;
  readonly panel: SidePanel;
  readonly metric: ColorMetric;
  /** The InferNex panel's settings, encoded; empty when they are the defaults. */
  readonly infernex: string;
}

const TABS: readonly CenterTab[] = ['room', 'heatmap', 'infernex', 'faults'];
const PANELS: readonly SidePanel[] = ['inspector', 'scenario'];

/** The link's one `panel` field carries the centre tab and the side panel: `heatmap,scenario`. */
export function encodePanel(tab: CenterTab, panel: SidePanel): string {
  return `${tab},${panel}`;
}

/** Reads a `panel` field; unknown words are ignored, missing ones fall back to the defaults. */
export function decodePanel(value: string | undefined): { tab: CenterTab; panel: SidePanel } {
  const words = (value ?? '').split(',').map((w) => w.trim());
  return {
    tab: TABS.find((t) => words.includes(t)) ?? 'room',
    panel: PANELS.find((p) => words.includes(p)) ?? 'inspector',
  };
}

export function buildShareState(inputs: ShareInputs): ShareState {
  const view: ShareViewState = {
    simTimeUs: inputs.timeUs,
    selection: inputs.selection.map((e) => e.id),
    panel: encodePanel(inputs.tab, inputs.panel),
    metric: inputs.metric,
    ...(inputs.camera
      ? {
          camera: {
            position: [...inputs.camera.position] as [number, number, number],
            target: [...inputs.camera.target] as [number, number, number],
          },
        }
      : {}),
    ...(inputs.focusedCabinet !== undefined
      ? { focusedCabinet: cabinetId(inputs.focusedCabinet) }
      : {}),
    ...(inputs.infernex !== '' ? { infernex: inputs.infernex } : {}),
  };
  return { v: 1, scenario: inputs.scenario, actions: [...inputs.actions], view };
}

/** A share link's view, checked against the cluster it opens on. */
export interface ResolvedView {
  readonly timeUs: number;
  readonly selection: readonly SelectedEntity[];
  readonly focusedCabinet: number | undefined;
  readonly tab: CenterTab;
  readonly panel: SidePanel;
  readonly metric: ColorMetric | undefined;
  readonly camera: CameraPose | undefined;
  /** The InferNex panel's settings from the link, when it carries any. */
  readonly infernex: InferNexSettings | undefined;
  /** What was dropped and why (an id that does not exist on this profile, an unknown metric). */
  readonly problems: readonly string[];
}

const finiteTriple = (v: unknown): v is [number, number, number] =>
  Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

export function resolveView(
  cluster: Cluster,
  view: ShareViewState,
  isMetric: (metric: string) => metric is ColorMetric,
): ResolvedView {
  const problems: string[] = [];
  const selection: SelectedEntity[] = [];
  for (const raw of view.selection) {
    const parsed = parseEntityId(cluster, raw);
    if (!parsed.ok) problems.push(`selection: ${parsed.reason}`);
    else if (!selection.some((e) => e.id === raw))
      selection.push({ id: entityId(cluster, parsed.ref), ref: parsed.ref });
  }
  let focusedCabinet: number | undefined;
  if (view.focusedCabinet !== undefined) {
    const parsed = parseEntityId(cluster, view.focusedCabinet);
    if (parsed.ok && parsed.ref.kind === 'cabinet') focusedCabinet = parsed.ref.index;
    else
      problems.push(
        `focused cabinet: ${parsed.ok ? `"${view.focusedCabinet}" is not a compute cabinet` : parsed.reason}`,
      );
  }
  let metric: ColorMetric | undefined;
  if (view.metric !== undefined) {
    if (isMetric(view.metric)) metric = view.metric;
    else problems.push(`metric: "${view.metric}" is not a colour metric`);
  }
  let camera: CameraPose | undefined;
  if (view.camera !== undefined) {
    if (finiteTriple(view.camera.position) && finiteTriple(view.camera.target))
      camera = view.camera;
    else problems.push('camera: position and target must be three finite numbers each');
  }
  let infernex: InferNexSettings | undefined;
  if (view.infernex !== undefined) {
    const decoded = decodeInferNexSettings(view.infernex);
    infernex = decoded.settings;
    for (const problem of decoded.problems) problems.push(`InferNex settings: ${problem}`);
  }
  const { tab, panel } = decodePanel(view.panel);
  const timeUs =
    Number.isFinite(view.simTimeUs) && view.simTimeUs >= 0 ? Math.round(view.simTimeUs) : 0;
  return { timeUs, selection, focusedCabinet, tab, panel, metric, camera, infernex, problems };
}

/** Metrics that colour by the serving fleet (ui/metrics `needsFleet`): nothing to show without one. */
const FLEET_METRICS: readonly ColorMetric[] = ['serving'];

/**
 * The metric to colour by on a scenario: a fleet metric (from a share link, or kept from the
 * previous scenario) falls back to health when the scenario runs no serving fleet.
 */
export function metricOnScenario(metric: ColorMetric, serving: boolean): ColorMetric {
  return !serving && FLEET_METRICS.includes(metric) ? 'health' : metric;
}

/**
 * The file behind "Export" and "Download scenario file": the scenario with the operator's actions
 * appended to its timeline (marked `by: "operator"`), so importing it gives back the same session.
 */
export function sessionFileJson(scenario: Scenario, actions: readonly TimelineEvent[]): string {
  return `${JSON.stringify({ ...scenario, timeline: [...scenario.timeline, ...actions] }, null, 2)}\n`;
}

/** Splits an imported scenario's timeline back into the scenario's own events and operator actions. */
export function splitOperatorActions(scenario: Scenario): {
  scenario: Scenario;
  actions: TimelineEvent[];
} {
  return {
    scenario: { ...scenario, timeline: scenario.timeline.filter((e) => e.by !== 'operator') },
    actions: scenario.timeline.filter((e) => e.by === 'operator'),
  };
}

/** A file name for a scenario download: `supernode-twin-<name>-<time>.json`. */
export function sessionFileName(scenario: Scenario, timeUs: number): string {
  const slug =
    scenario.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'scenario';
  return `supernode-twin-${slug}-t${Math.round(timeUs / 1000)}ms.json`;
}
