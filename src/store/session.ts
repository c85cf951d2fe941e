import { clusterFor } from '../engines/clusterCache';
import type { Cluster } from '../model';
import { DEFAULT_SCENARIO_ID, SCENARIO_LIBRARY, defaultScenario } from '../scenarios';
import type { Scenario, TimelineEvent, TimelineEventKind } from '../sim/scenario';
import { decodeShareFragment, type ViewState as ShareViewState } from '../sim/shareLink';
import { US_PER_MS, formatSimTime, secondsToUs, usToSeconds } from '../sim/time';
import type { ColorMetric } from '../ui/metrics';
import { reportError } from './errors';
import { clearLog, logConsole } from './eventLog';
import { frameBus } from './frameBus';
import { infernexStore } from './infernexStore';
import { playback } from './playback';
import { createTwinRuntime } from './runtime';
import { runtimeQueue } from './serialQueue';
import { sessionStore } from './sessionStore';
import { metricOnScenario, resolveView } from './shareState';
import { viewStore } from './viewStore';

const knownCluster = (profileId: string): Cluster | undefined => {
  try {
    return clusterFor(profileId);
  } catch {
    return undefined;
  }
};

const noMetric = (_metric: string): _metric is ColorMetric => false;

export interface LoadRequest {
  readonly scenario: Scenario;
  readonly actions: readonly TimelineEvent[];
  readonly libraryId?: string;
  /** The moment to land on (from a share link). */
  readonly view?: ShareViewState;
  /** Validates the link's metric name against the metrics the console draws. */
  readonly isMetric?: (metric: string) => metric is ColorMetric;
  /** Where the scenario came from, for the log: "from the library", "from a share link". */
  readonly origin: string;
}

/** Library id of a scenario when it is one of the library's, unchanged. */
export function libraryIdOf(scenario: Scenario): string | undefined {
  const text = JSON.stringify(scenario);
  return SCENARIO_LIBRARY.find((entry) => JSON.stringify(entry.scenario) === text)?.id;
}

/**
 * Replaces the session: stops playback, disposes the old runtime, starts one for `scenario +
 * actions`, restores the requested view and lands on its time. Returns false (with the reason in
 * the banner and the log) when the runtime could not start.
 */
export async function loadSession(request: LoadRequest): Promise<boolean> {
  const { scenario, actions } = request;
  const previous = sessionStore.getState();
  const generation = previous.generation + 1;
  playback.reset(secondsToUs(scenario.durationSeconds), scenario.sliceMs * US_PER_MS);
  runtimeQueue.reset();
  frameBus.clear();
  clearLog();
  // The cluster is built on the main thread too (cached per profile, shared with the runtime), so
  // the navigator and inspector work while the worker is still loading.
  let cluster: Cluster | undefined;
  let clusterError: unknown;
  try {
    cluster = clusterFor(scenario.profile);
  } catch (error) {
    clusterError = error;
  }
  sessionStore.setState({
    generation,
    status: 'loading',
    scenario,
    actions,
    libraryId: request.libraryId ?? libraryIdOf(scenario),
    runtime: undefined,
    cluster,
    layout: undefined,
  });
  viewStore.setState({
    selection: [],
    focusedCabinet: undefined,
    route: { status: 'idle' },
    camera: undefined,
    pendingCamera: undefined,
  });
  previous.runtime?.dispose();

  let runtime;
  try {
    if (clusterError !== undefined) throw clusterError;
    runtime = await createTwinRuntime(scenario, actions);
  } catch (error) {
    if (sessionStore.getState().generation === generation) {
      sessionStore.setState({ status: 'error' });
      reportError(`Scenario "${scenario.name}" could not start`, error);
    }
    return false;
  }
  if (sessionStore.getState().generation !== generation) {
    runtime.dispose();
    return false;
  }

  let landAtUs = 0;
  if (request.view) {
    const resolved = resolveView(runtime.cluster, request.view, request.isMetric ?? noMetric);
    landAtUs = resolved.timeUs;
    viewStore.setState({
      selection: resolved.selection,
      focusedCabinet: resolved.focusedCabinet,
      tab: resolved.tab,
      panel: resolved.panel,
      pendingCamera: resolved.camera,
      ...(resolved.metric ? { metric: resolved.metric } : {}),
    });
    if (resolved.infernex) infernexStore.setState({ settings: resolved.infernex });
    for (const problem of resolved.problems)
      logConsole('warn', 'console', 0, `Share link view: ${problem} (ignored)`);
    if (resolved.metric && metricOnScenario(resolved.metric, runtime.serving) !== resolved.metric)
      logConsole(
        'info',
        'console',
        0,
        `Share link view: colouring by ${resolved.metric} needs a serving fleet (engines.infernex), which this scenario does not run; colouring by health`,
      );
  }
  // A fleet metric, from the link or kept from the previous scenario, needs a fleet to colour by.
  const metric = viewStore.getState().metric;
  if (metricOnScenario(metric, runtime.serving) !== metric)
    viewStore.setState({ metric: metricOnScenario(metric, runtime.serving) });
  // The view is in place before the runtime appears, so the 3D view starts with the right camera.
  sessionStore.setState({
    runtime,
    cluster: runtime.cluster,
    layout: runtime.layout,
    status: 'ready',
  });
  logConsole(
    'info',
    'console',
    0,
    `Loaded "${scenario.name}" on ${runtime.cluster.profile.name} ${request.origin}` +
      (actions.length > 0 ? ` with ${actions.length} operator action(s)` : ''),
  );
  await playback.seek(landAtUs);
  if (landAtUs > 0) logConsole('info', 'console', landAtUs, `Landed at ${formatSimTime(landAtUs)}`);
  return true;
}

export async function loadDefaultScenario(origin: string): Promise<boolean> {
  return loadSession({
    scenario: defaultScenario(),
    actions: [],
    libraryId: DEFAULT_SCENARIO_ID,
    origin,
  });
}

/**
 * Opens the console from the URL fragment: a share link lands on its moment; a corrupt link is
 * explained in a banner (its payload kept for download) and the default scenario opens instead.
 */
export async function openFromFragment(
  hash: string,
  isMetric: (metric: string) => metric is ColorMetric,
): Promise<boolean> {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment.length === 0) return loadDefaultScenario('');
  // With the profile's cluster the decoder also checks the link's ids exist, so a tampered id is
  // refused with its path instead of half-loading.
  const decoded = decodeShareFragment(fragment, { clusterFor: knownCluster });
  if (decoded.ok) {
    sessionStore.setState({ linkError: undefined });
    const { scenario, actions, view } = decoded.state;
    const loaded = await loadSession({
      scenario,
      actions,
      view,
      isMetric,
      origin: 'from a share link',
    });
    if (decoded.migratedFrom !== undefined)
      logConsole(
        'info',
        'console',
        0,
        `The link was written by format v${decoded.migratedFrom} and was upgraded`,
      );
    if (loaded) return true;
    sessionStore.setState({
      linkError: {
        reason: 'the scenario in the link could not start (see the error above)',
        payload: fragment,
      },
    });
    return loadDefaultScenario('instead of the share link');
  }
  sessionStore.setState({ linkError: { reason: decoded.reason, payload: decoded.payload } });
  const loaded = await loadDefaultScenario('instead of the share link');
  logConsole('error', 'console', 0, `The share link could not be opened: ${decoded.reason}`);
  return loaded;
}

/** Operator actions that need nothing but a target (the inspector's buttons). */
export type OperatorActionKind = Exclude<
  TimelineEventKind,
  'workload-load' | 'link-degrade' | 'link-flap'
>;

const ACTION_LABEL: Partial<Readonly<Record<TimelineEventKind, string>>> = {
  'npu-fail': 'Fail NPU',
  'npu-repair': 'Repair NPU',
  repair: 'Repair',
};

const actionLabel = (event: TimelineEvent) =>
  `${ACTION_LABEL[event.kind] ?? `Inject ${event.kind}`} ${event.target}`;

/**
 * Puts an operator action on the timeline at the engines' current time (taken when the runtime
 * gets to it, so a running clock does not force a replay) and applies it.
 */
export async function addOperatorAction(kind: OperatorActionKind, target: string): Promise<void> {
  await addOperatorEvents([{ kind, atSeconds: 0, target, by: 'operator' }], { atNow: true });
}

/**
 * Appends operator events (a fault from the inject panel, an imported plan) and applies them.
 * With `atNow` every event starts at the engines' time when the runtime gets to it; otherwise at
 * its own `atSeconds` (a time already past replays from 0, exactly). Resolves false, with the
 * reason in the banner and the log, when the runtime refused them; the actions are then as before.
 */
export async function addOperatorEvents(
  events: readonly TimelineEvent[],
  options: { readonly atNow: boolean; readonly label?: string },
): Promise<boolean> {
  const before = sessionStore.getState().actions;
  const label = options.label ?? events.map(actionLabel).join(', ');
  try {
    await playback.apply(async (runtime) => {
      const timeUs = runtime.timeUs;
      const added = events.map((e): TimelineEvent => ({
        ...e,
        by: 'operator',
        ...(options.atNow ? { atSeconds: usToSeconds(timeUs) } : {}),
      }));
      const actions = [...sessionStore.getState().actions, ...added];
      sessionStore.setState({ actions });
      const targets = [...new Set(added.map((e) => e.target))];
      logConsole('info', 'operator', timeUs, label, targets);
      return runtime.setActions(actions);
    });
    return true;
  } catch (error) {
    sessionStore.setState({ actions: before });
    reportError(`${label} failed`, error);
    return false;
  }
}

/** Takes an operator action off the timeline; the runtime replays if it was in the past. */
export async function removeOperatorAction(index: number): Promise<void> {
  const before = sessionStore.getState().actions;
  const removed = before[index];
  if (!removed) return;
  const actions = before.filter((_, i) => i !== index);
  sessionStore.setState({ actions });
  try {
    await playback.apply((runtime) => runtime.setActions(actions));
    logConsole(
      'info',
      'operator',
      frameBus.latest()?.timeUs ?? 0,
      `Removed action ${removed.kind} ${removed.target} at ${formatSimTime(secondsToUs(removed.atSeconds))}`,
    );
  } catch (error) {
    sessionStore.setState({ actions: before });
    reportError('The action could not be removed', error);
  }
}

/**
 * Restarts the session on a changed scenario (new engine settings) with the operator's actions and
 * the view kept, landing at the same moment by exact replay. When the changed scenario cannot
 * start, the previous one is loaded back, so nothing the operator did is lost.
 */
export async function reloadWithScenario(
  next: Scenario,
  view: ShareViewState,
  isMetric: (metric: string) => metric is ColorMetric,
  what: string,
): Promise<boolean> {
  const { scenario: previous, actions } = sessionStore.getState();
  if (await loadSession({ scenario: next, actions, view, isMetric, origin: `with ${what}` }))
    return true;
  if (previous)
    await loadSession({
      scenario: previous,
      actions,
      view,
      isMetric,
      origin: 'back on its previous settings',
    });
  return false;
}
