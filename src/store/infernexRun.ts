import * as Comlink from 'comlink';
import type {
  BuiltinTrace,
  InferNexWorkerApi,
  RunChunk,
  RunSettings,
  StudyKind,
  TraceLoad,
} from '../../workers/infernex.worker';
import { infernexSeries } from './infernexSeries';
import {
  effectiveProfile,
  type InferNexSettings,
  type InferNexTraceSource,
} from './infernexSettings';
import {
  changesRun,
  infernexStore,
  initialInferNexState,
  type InferNexLive,
  type InferNexStudies,
  type InferNexStudyState,
} from './infernexStore';
import { errorMessage, sessionStore } from './sessionStore';

/** React-rendered numbers refresh at most this often; charts redraw from the series buffer. */
const LIVE_REFRESH_MS = 200;
/** Sim time per call at the "max" speed: big enough to keep the worker busy, small enough to move. */
const MAX_SPEED_CHUNK_US = 30_000_000;
/** A tab in the background gets no animation frames; never ask for more than this per call. */
const MAX_WALL_STEP_MS = 250;

let worker: Worker | undefined;
let api: Comlink.Remote<InferNexWorkerApi> | undefined;

function engine(): Comlink.Remote<InferNexWorkerApi> {
  if (!api) {
    worker = new Worker(new URL('../../workers/infernex.worker.ts', import.meta.url), {
      type: 'module',
      name: 'infernex-engine',
    });
    api = Comlink.wrap<InferNexWorkerApi>(worker);
  }
  return api;
}

/** What the worker holds: the trace it parsed, and whether a replay is configured on it. */
let loadedSource: InferNexTraceSource | undefined;
let loading: Promise<boolean> | undefined;
let configured = false;
/** Bumped whenever a replay is thrown away, so answers for an old one are dropped. */
let generation = 0;
let frameRequest: number | undefined;
let inFlight = false;
let lastTickMs = 0;
let wallMs = 0;
let chunks = 0;
let lastLiveMs = 0;
let pending: RunChunk | undefined;

const setState = infernexStore.setState;
const state = () => infernexStore.getState();

function runSettings(settings: InferNexSettings): RunSettings {
  return {
    profile: effectiveProfile(settings, sessionStore.getState().scenario?.profile),
    model: settings.model,
    tp: settings.tp,
    instances: settings.instances,
    mode: settings.mode,
    pdPlacement: settings.pdPlacement,
    policy: settings.policy,
    seed: settings.seed,
    limit: settings.limit,
  };
}

function applyLoad(source: InferNexTraceSource, result: TraceLoad): boolean {
  if (result.ok) {
    loadedSource = source;
    setState({ trace: { status: 'ready', source, info: result.trace } });
    return true;
  }
  loadedSource = undefined;
  setState({ trace: { status: 'error', source, ...result } });
  return false;
}

const progressFor = (source: InferNexTraceSource, name: string) =>
  Comlink.proxy((stage: 'reading' | 'parsing', fraction: number | undefined) => {
    const t = state().trace;
    if (t.status === 'loading' && t.source === source)
      setState({ trace: { status: 'loading', source, name, stage, fraction } });
  });

/** Fetches and parses one of the shipped traces in the worker (progress in the store). */
export function loadBuiltinTrace(id: BuiltinTrace): Promise<boolean> {
  discardRun();
  const name =
    id === 'conversation' ? 'conversation_trace.jsonl' : 'AzureLLMInferenceTrace_code.csv';
  setState({
    trace: { status: 'loading', source: id, name, stage: 'reading', fraction: 0 },
    settings: { ...state().settings, trace: id },
  });
  const load = engine()
    .loadBuiltin(id, progressFor(id, name))
    .then(
      (result) => applyLoad(id, result),
      (error: unknown) =>
        applyLoad(id, { ok: false, name, line: 0, message: errorMessage(error), errorCount: 1 }),
    );
  loading = load;
  return load;
}

/** Reads and validates an uploaded jsonl / csv file in the worker; errors name the line. */
export function loadTraceFile(file: File): Promise<boolean> {
  discardRun();
  setState({
    trace: { status: 'loading', source: 'upload', name: file.name, stage: 'reading', fraction: 0 },
    settings: { ...state().settings, trace: 'upload' },
  });
  const load = engine()
    .loadFile(file, progressFor('upload', file.name))
    .then(
      (result) => applyLoad('upload', result),
      (error: unknown) =>
        applyLoad('upload', {
          ok: false,
          name: file.name,
          line: 0,
          message: errorMessage(error),
          errorCount: 1,
        }),
    );
  loading = load;
  return load;
}

async function ensureTrace(): Promise<boolean> {
  const { trace, settings } = state();
  if (trace.status === 'loading' && loading) return loading;
  if (trace.status === 'ready' && loadedSource === settings.trace) return true;
  if (settings.trace === 'upload') return false;
  return loadBuiltinTrace(settings.trace);
}

/** Changes settings; anything a replay depends on throws the current one away. */
export function updateInferNexSettings(patch: Partial<InferNexSettings>): void {
  const before = state().settings;
  const after = { ...before, ...patch };
  setState({ settings: after });
  if (changesRun(before, after)) discardRun();
  if (after.trace !== before.trace && after.trace !== 'upload') void loadBuiltinTrace(after.trace);
}

function stopLoop(): void {
  if (frameRequest !== undefined) cancelAnimationFrame(frameRequest);
  frameRequest = undefined;
}

/** Forgets the replay (charts, live numbers); the loaded trace stays. */
export function discardRun(): void {
  generation++;
  stopLoop();
  configured = false;
  pending = undefined;
  infernexSeries.clear();
  setState({ status: 'idle', info: undefined, live: undefined, message: undefined });
}

/** Run: starts a fresh replay (after loading the trace if needed) or resumes a paused one. */
export async function runInferNex(): Promise<void> {
  const status = state().status;
  if (status === 'running' || status === 'starting') return;
  if (status === 'paused' && configured) {
    setState({ status: 'running' });
    startLoop();
    return;
  }
  const gen = ++generation;
  stopLoop();
  setState({ status: 'starting', message: undefined });
  if (!(await ensureTrace()) || gen !== generation) {
    if (gen === generation)
      setState({
        status: 'idle',
        message: 'load a trace first (the upload failed or none is chosen)',
      });
    return;
  }
  try {
    const info = await engine().configure(runSettings(state().settings));
    if (gen !== generation) return;
    configured = true;
    pending = undefined;
    infernexSeries.clear();
    wallMs = 0;
    chunks = 0;
    lastLiveMs = 0;
    setState({ info, live: undefined, status: 'running' });
    startLoop();
  } catch (error) {
    if (gen === generation) setState({ status: 'error', message: errorMessage(error) });
  }
}

export function pauseInferNex(): void {
  if (state().status !== 'running') return;
  stopLoop();
  setState({ status: 'paused' });
  flushLive(true);
}

function startLoop(): void {
  lastTickMs = performance.now();
  stopLoop();
  frameRequest = requestAnimationFrame(tick);
}

function tick(nowMs: number): void {
  frameRequest = requestAnimationFrame(tick);
  const elapsed = Math.min(MAX_WALL_STEP_MS, Math.max(0, nowMs - lastTickMs));
  lastTickMs = nowMs;
  if (state().status !== 'running') return;
  wallMs += elapsed;
  // One call at a time: while the worker is busy, the wall time accumulates for the next call.
  if (inFlight) return;
  const { settings, live } = state();
  const fromUs = pending?.timeUs ?? live?.timeUs ?? 0;
  const stepUs =
    settings.speed === 'max' ? MAX_SPEED_CHUNK_US : Math.max(1, elapsed * 1000 * settings.speed);
  advanceTo(fromUs + stepUs);
}

function advanceTo(toUs: number): void {
  const gen = generation;
  inFlight = true;
  engine()
    .advance(Math.round(toUs))
    .then(
      (chunk) => {
        inFlight = false;
        if (gen !== generation) return;
        chunks++;
        infernexSeries.append(chunk.windows);
        pending = chunk;
        if (chunk.done) {
          stopLoop();
          setState({ status: 'done' });
          flushLive(true);
        } else flushLive(false);
      },
      (error: unknown) => {
        inFlight = false;
        if (gen !== generation) return;
        stopLoop();
        setState({ status: 'error', message: errorMessage(error) });
      },
    );
}

function flushLive(force: boolean): void {
  const now = performance.now();
  if (!pending || (!force && now - lastLiveMs < LIVE_REFRESH_MS)) return;
  lastLiveMs = now;
  const chunk = pending;
  const previous = state().live;
  const live: InferNexLive = {
    timeUs: chunk.timeUs,
    arrived: chunk.arrived,
    completed: chunk.completed,
    failed: chunk.failed,
    inFlight: chunk.inFlight,
    summary: chunk.summary,
    instances: chunk.instances,
    // Most chunks carry the decision of their last arrival; keep the previous one otherwise.
    lastDecision: chunk.lastDecision ?? previous?.lastDecision,
    wallMs,
    chunks,
  };
  setState({ live });
}

/** Runs the comparison on the loaded trace slice and seed (the replay pauses meanwhile). */
export async function compareInferNex(): Promise<void> {
  if (state().compare.status === 'running') return;
  pauseInferNex();
  setState({ compare: { status: 'running', done: 0, total: 0, label: 'loading the trace' } });
  if (!(await ensureTrace())) {
    setState({ compare: { status: 'error', message: 'load a trace first' } });
    return;
  }
  const { settings } = state();
  const started = performance.now();
  try {
    const result = await engine().compare(
      runSettings(settings),
      {
        baseline: settings.baseline,
        policies: settings.comparePolicies.filter((p) => p !== settings.baseline),
        scenarios: settings.compareScenarios,
      },
      Comlink.proxy((done: number, total: number, label: string) =>
        setState({ compare: { status: 'running', done, total, label } }),
      ),
    );
    setState({ compare: { status: 'done', result, wallMs: performance.now() - started } });
  } catch (error) {
    setState({ compare: { status: 'error', message: errorMessage(error) } });
  }
}

type StudyResult<K extends keyof InferNexStudies> =
  InferNexStudies[K] extends InferNexStudyState<infer T> ? T : never;

const setStudy = <K extends keyof InferNexStudies>(kind: K, study: InferNexStudies[K]) =>
  setState({ studies: { ...state().studies, [kind]: study } });

/**
 * Runs one what-if study in the worker, with progress in the store. The worker yields between
 * slices of each run, so the live replay keeps moving and a cancel gets through.
 */
async function runStudy<K extends StudyKind>(
  kind: K,
  start: (
    api: Comlink.Remote<InferNexWorkerApi>,
    settings: RunSettings,
    onProgress: (done: number, total: number, label: string) => void,
  ) => Promise<StudyResult<K>>,
): Promise<void> {
  if (state().studies[kind].status === 'running') return;
  setStudy(kind, { status: 'running', done: 0, total: 0, label: 'loading the trace' });
  if (!(await ensureTrace())) {
    setStudy(kind, { status: 'error', message: 'load a trace first' });
    return;
  }
  const started = performance.now();
  try {
    const result = await start(
      engine(),
      runSettings(state().settings),
      Comlink.proxy((done: number, total: number, label: string) => {
        // A late progress message must not turn a cancelled or finished study back to running.
        if (state().studies[kind].status === 'running')
          setStudy(kind, { status: 'running', done, total, label } as InferNexStudies[K]);
      }),
    );
    setStudy(kind, {
      status: 'done',
      result,
      wallMs: performance.now() - started,
    } as InferNexStudies[K]);
  } catch (error) {
    const message = errorMessage(error);
    setStudy(kind, { status: 'error', message } as InferNexStudies[K]);
  }
}

/** Elastic group scaler vs the HPA-style baseline on the trace slice and seed. */
export function runScalingStudy(): Promise<void> {
  const s = state().settings;
  return runStudy('scaling', (api, settings, onProgress) =>
    api.scalingStudy(
      settings,
      {
        ratio: s.scaleRatio,
        minGroups: s.scaleMinGroups,
        maxGroups: s.scaleMaxGroups,
        coldStartS: s.coldStartS,
        tidal: s.tidal,
      },
      { ttftS: s.sloTtftS, tpotS: s.sloTpotS },
      onProgress,
    ),
  );
}

/** The replay's configuration with a KV pool, at the DRAM size and at the what-if size. */
export function runTierStudy(): Promise<void> {
  const s = state().settings;
  return runStudy('tiers', (api, settings, onProgress) =>
    api.tierStudy(
      settings,
      {
        dramGB: s.dramGB,
        whatIfDramGB: s.whatIfDramGB,
        nvmeGB: s.nvmeGB,
        scope: s.poolScope,
        slo: { ttftS: s.sloTtftS, tpotS: s.sloTpotS },
      },
      onProgress,
    ),
  );
}

/** Goodput and SLO attainment as the slice's arrival rate is scaled (×0.25 … ×3). */
export function runRateSweep(factors: readonly number[]): Promise<void> {
  const s = state().settings;
  const policies = [
    s.policy,
    ...(s.sweepPolicy2 && s.sweepPolicy2 !== s.policy ? [s.sweepPolicy2] : []),
  ];
  return runStudy('sweep', (api, settings, onProgress) =>
    api.rateSweep(
      settings,
      { factors, policies, slo: { ttftS: s.sloTtftS, tpotS: s.sloTpotS } },
      onProgress,
    ),
  );
}

/** Stops a running study; it ends as an error that says it was cancelled. */
export function cancelStudy(kind: StudyKind): void {
  if (state().studies[kind].status !== 'running') return;
  void engine().cancelStudy(kind);
}

/** Stops everything and the worker (tests, a full reset). */
export function disposeInferNex(): void {
  discardRun();
  setState({ studies: initialInferNexState.studies });
  api?.[Comlink.releaseProxy]();
  worker?.terminate();
  api = undefined;
  worker = undefined;
  loadedSource = undefined;
  loading = undefined;
}
