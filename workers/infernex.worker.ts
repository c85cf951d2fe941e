/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { clusterFor } from '../src/engines/clusterCache';
import {
  ACCELERATOR_DATA,
  comparisonCsv,
  compareRouting,
  distribution,
  INFERNEX_SERIES,
  InferNexCore,
  kvCapacityTokens,
  MODEL_DATA,
  parseTrace,
  traceStats,
  type ComparisonRow,
  type ComparisonScenario,
  type Distribution,
  type InferNexConfig,
  type MetricsSummary,
  type PolicyName,
  type RouteDecision,
  type RoutedRequest,
  type Trace,
} from '../src/engines/infernex';
import {
  distServeGoodput,
  offeredRatePerS,
  recordTtfts,
  scaleArrivalRate,
  scalingConfig,
  scalingOutcome,
  sweepPoint,
  tidalSchedule,
  tierConfig,
  tierOutcome,
  type PoolScope,
  type ScalingOutcome,
  type ScalingStudySettings,
  type SweepPoint,
  type TidalStep,
  type TierOutcome,
} from '../src/engines/infernex/studies';
import type { Slo } from '../src/engines/infernex/metrics';
import { InferNexSim } from '../src/engines/infernex/simulator';
import { npuId } from '../src/model';
import { engineStream } from '../src/sim/rng';

/**
 * The InferNex engine in its own worker: loads a trace (shipped file, upload), runs one
 * configuration in chunks of sim time and hands back compact chunks (window series, per-instance
 * typed arrays, the last routing decision), and runs policy comparisons. Nothing here blocks the
 * console's main thread.
 */

export type BuiltinTrace = 'conversation' | 'azure-code';

export const BUILTIN_TRACE_URLS: Readonly<Record<BuiltinTrace, string>> = {
  conversation: '/traces/conversation_trace.jsonl',
  'azure-code': '/traces/AzureLLMInferenceTrace_code.csv',
};

export interface TraceSummary {
  readonly name: string;
  readonly requests: number;
  readonly spanS: number;
  readonly hasPrefixInfo: boolean;
  readonly meanInput: number;
  readonly meanOutput: number;
  /** Hit-rate upper bound of an infinite cache (0 without prefix data). */
  readonly repeatedBlockFraction: number;
  readonly notes: readonly string[];
  readonly bytes: number;
}

export type TraceLoad =
  | { readonly ok: true; readonly trace: TraceSummary }
  | {
      readonly ok: false;
      readonly name: string;
      /** 1-based line of the first problem; 0 when the file could not be read at all. */
      readonly line: number;
      readonly message: string;
      readonly errorCount: number;
    };

export type LoadProgress = (stage: 'reading' | 'parsing', fraction: number | undefined) => void;

export type CompareScenarioKey = 'agg' | 'pd-same' | 'pd-cross';

export const COMPARE_SCENARIOS: Readonly<
  Record<
    CompareScenarioKey,
    {
      readonly label: string;
      readonly mode: 'agg' | 'pd';
      readonly placement?: 'same-server' | 'cross-server';
    }
  >
> = {
  agg: { label: 'aggregated', mode: 'agg' },
  'pd-same': { label: 'PD same machine', mode: 'pd', placement: 'same-server' },
  'pd-cross': { label: 'PD cross machine', mode: 'pd', placement: 'cross-server' },
};

/** One replay's configuration as the panel sets it. */
export interface RunSettings {
  readonly profile: string;
  readonly model: string;
  readonly tp: number;
  readonly instances: number;
  readonly mode: 'agg' | 'pd';
  readonly pdPlacement: 'same-server' | 'cross-server';
  readonly policy: PolicyName;
  readonly seed: number;
  /** First N requests of the trace; 0 = all. */
  readonly limit: number;
}

export interface InstanceInfo {
  readonly role: 'mixed' | 'prefill' | 'decode';
  readonly npuIds: readonly string[];
  readonly server: string;
}

/** A number of the engine's data that the data file marks as an assumption. */
export interface LabelledAssumption {
  readonly item: string;
  readonly source: string;
}

export interface RunInfo {
  readonly requests: number;
  /** Arrival of the last request: the x-axis end until the run drains. */
  readonly lastArrivalUs: number;
  readonly windowUs: number;
  readonly profile: string;
  readonly accelerator: string;
  readonly model: string;
  readonly kvCapacityTokens: number;
  readonly instances: readonly InstanceInfo[];
  readonly assumptions: readonly LabelledAssumption[];
  readonly policy: PolicyName;
}

/** One time window of the replay: request-level percentiles and the engine's fleet series. */
export interface WindowPoint {
  readonly timeUs: number;
  readonly completed: number;
  readonly ttftS: Distribution;
  readonly tpotS: Distribution;
  readonly e2eS: Distribution;
  readonly queueDepth: number;
  readonly batchMean: number;
  readonly kvUtilisation: number;
  readonly hitRate: number;
  readonly inFlight: number;
  readonly completedPerS: number;
}

/** Per-instance state now, structure of arrays (moved, not copied). */
export interface InstanceArrays {
  readonly status: Uint8Array;
  readonly queue: Float32Array;
  readonly batch: Float32Array;
  readonly running: Float32Array;
  readonly kvUtilisation: Float32Array;
  readonly hitRate: Float32Array;
  readonly utilisation: Float32Array;
}

export interface DecisionView {
  readonly number: number;
  readonly atUs: number;
  readonly request: { readonly id: number; readonly inputTokens: number; readonly blocks: number };
  readonly decision: RouteDecision;
}

export interface RunChunk {
  readonly timeUs: number;
  readonly done: boolean;
  readonly arrived: number;
  readonly completed: number;
  readonly failed: number;
  readonly inFlight: number;
  readonly windows: readonly WindowPoint[];
  readonly instances: InstanceArrays;
  readonly lastDecision: DecisionView | undefined;
  readonly summary: MetricsSummary;
}

export interface CompareRequest {
  readonly baseline: PolicyName;
  readonly policies: readonly PolicyName[];
  readonly scenarios: readonly CompareScenarioKey[];
}

export interface CompareResult {
  readonly rows: readonly ComparisonRow[];
  readonly csv: string;
  readonly requests: number;
  readonly seed: number;
}

/**
 * Window of the percentile series: about 80 points over the trace, never under 5 s of sim time, so
 * a window holds enough completions (~30 on the conversation trace) for a p90 to mean something.
 */
export const windowUsFor = (spanUs: number): number =>
  Math.max(5_000_000, Math.ceil(spanUs / 80 / 1_000_000) * 1_000_000);

let fullTrace: Trace | undefined;
let run: Replay | undefined;

async function readBody(
  response: Response,
  total: number | undefined,
  onProgress: LoadProgress | undefined,
): Promise<string> {
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let read = 0;
  let lastReport = -1;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    parts.push(decoder.decode(value, { stream: true }));
    const fraction = total ? Math.min(1, read / total) : undefined;
    // A handful of reports is enough for a progress bar; each one is a message to the page.
    if (fraction === undefined || fraction - lastReport >= 0.02) {
      lastReport = fraction ?? lastReport;
      onProgress?.('reading', fraction);
    }
  }
  parts.push(decoder.decode());
  return parts.join('');
}

function useText(name: string, text: string, onProgress: LoadProgress | undefined): TraceLoad {
  onProgress?.('parsing', undefined);
  const parsed = parseTrace(text, { name });
  if (!parsed.ok)
    return {
      ok: false,
      name,
      line: parsed.line,
      message: parsed.message,
      errorCount: parsed.errorCount,
    };
  fullTrace = parsed.trace;
  run = undefined;
  const stats = traceStats(parsed.trace);
  return {
    ok: true,
    trace: {
      name,
      requests: stats.requests,
      spanS: stats.spanS,
      hasPrefixInfo: parsed.trace.hasPrefixInfo,
      meanInput: stats.meanInput,
      meanOutput: stats.meanOutput,
      repeatedBlockFraction: stats.repeatedBlockFraction,
      notes: parsed.trace.notes,
      bytes: text.length,
    },
  };
}

function loadedTrace(): Trace {
  if (!fullTrace) throw new Error('infernex worker: no trace loaded');
  return fullTrace;
}

const sliceOf = (trace: Trace, limit: number) =>
  limit > 0 && limit < trace.requests.length ? trace.requests.slice(0, limit) : trace.requests;

function configFor(settings: RunSettings, seriesPeriodUs: number): InferNexConfig {
  return {
    seed: settings.seed,
    model: settings.model,
    tp: settings.tp,
    mode: settings.mode,
    instances: settings.instances,
    pdPlacement: settings.pdPlacement,
    policy: settings.policy,
    seriesPeriodUs,
  };
}

/** Every number behind this configuration that its data file labels an assumption. */
function assumptionsFor(acceleratorId: string, modelId: string): LabelledAssumption[] {
  const out: LabelledAssumption[] = [];
  const visit = (prefix: string, value: unknown) => {
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (typeof record.source === 'string' && /assumption/i.test(record.source)) {
      out.push({ item: prefix, source: record.source });
    }
    for (const [key, child] of Object.entries(record))
      if (key !== 'source') visit(`${prefix}.${key}`, child);
  };
  const model = MODEL_DATA.find((m) => m.id === modelId);
  const accelerator = ACCELERATOR_DATA.find((a) => a.id === acceleratorId);
  if (model) visit(model.id, model);
  if (accelerator) visit(accelerator.id, accelerator);
  return out;
}

const SERIES_FIELDS = {
  [INFERNEX_SERIES.queueDepth]: 'queueDepth',
  [INFERNEX_SERIES.batchMean]: 'batchMean',
  [INFERNEX_SERIES.kvUtilisation]: 'kvUtilisation',
  [INFERNEX_SERIES.hitRate]: 'hitRate',
  [INFERNEX_SERIES.inFlight]: 'inFlight',
  [INFERNEX_SERIES.completedPerS]: 'completedPerS',
} as const;
type FleetField = (typeof SERIES_FIELDS)[keyof typeof SERIES_FIELDS];

/** Completed requests of one window, waiting for the window's fleet series point. */
interface WindowSamples {
  ttft: number[];
  tpot: number[];
  e2e: number[];
}

/** One configuration replayed chunk by chunk. */
class Replay {
  readonly core: InferNexCore;
  readonly info: RunInfo;
  private readonly samples = new Map<number, WindowSamples>();
  private lastRequest: RoutedRequest | undefined;
  private lastDecisionAtUs = 0;
  private decisionSeen = 0;

  constructor(settings: RunSettings, trace: Trace) {
    const cluster = clusterFor(settings.profile);
    const requests = sliceOf(trace, settings.limit);
    const lastArrivalUs = requests.length ? requests[requests.length - 1].arrivalUs : 0;
    const windowUs = windowUsFor(lastArrivalUs);
    this.core = new InferNexCore(
      cluster,
      configFor(settings, windowUs),
      requests,
      engineStream(settings.seed, 'infernex'),
    );
    const sim = this.core.sim;
    this.tapCompletions(windowUs);
    this.tapRouter();
    const accelerator = sim.accelerator;
    this.info = {
      requests: requests.length,
      lastArrivalUs,
      windowUs,
      profile: cluster.profile.id,
      accelerator: accelerator.name,
      model: sim.model.name,
      kvCapacityTokens: kvCapacityTokens(accelerator, sim.model, settings.tp),
      policy: settings.policy,
      instances: sim.instances.map((inst) => ({
        role: inst.role,
        npuIds: inst.npus.map((n) => npuId(cluster, n)),
        server: npuId(cluster, inst.npus[0]).split('/').slice(0, 2).join('/'),
      })),
      assumptions: assumptionsFor(accelerator.id, sim.model.id),
    };
  }

  /**
   * Request-level percentiles per window need each completion; the engine's own series carry
   * window means only, so the collector's completion call is wrapped here.
   */
  private tapCompletions(windowUs: number): void {
    const metrics = this.core.sim.metrics;
    const complete = metrics.completedRequest.bind(metrics);
    metrics.completedRequest = (r) => {
      complete(r);
      const end = Math.max(1, Math.ceil(r.doneUs / windowUs)) * windowUs;
      let w = this.samples.get(end);
      if (!w) {
        w = { ttft: [], tpot: [], e2e: [] };
        this.samples.set(end, w);
      }
      const ttftS = (r.firstTokenUs - r.arrivalUs) / 1e6;
      const e2eS = (r.doneUs - r.arrivalUs) / 1e6;
      w.ttft.push(ttftS);
      w.e2e.push(e2eS);
      if (r.outputTokens > 1) w.tpot.push((e2eS - ttftS) / (r.outputTokens - 1));
    };
  }

  /** The decision alone does not say which request it placed; remember the last one routed. */
  private tapRouter(): void {
    const router = this.core.sim.router;
    const route = router.route.bind(router);
    router.route = (request, candidates, nowUs) => {
      this.lastRequest = request;
      this.lastDecisionAtUs = nowUs;
      return route(request, candidates, nowUs);
    };
  }

  advance(toUs: number): RunChunk {
    const sim = this.core.sim;
    // Past the last arrival, jump straight to the next event so a draining run does not idle.
    sim.runUntil(Math.max(toUs, sim.now));
    // Nothing left that could move the requests in flight: the engine counts them as failed.
    if (!sim.done && sim.nextEventUs() === Infinity) sim.runToEnd();
    // Finished: close the last window so its completions get their series point.
    if (sim.done && this.samples.size > 0) {
      const windowUs = this.info.windowUs;
      sim.runUntil(Math.ceil(sim.now / windowUs) * windowUs);
    }
    const frame = this.core.frame();
    const byTime = new Map<number, Partial<Record<FleetField, number>>>();
    for (const point of frame.series) {
      const field = SERIES_FIELDS[point.series as keyof typeof SERIES_FIELDS];
      if (!field) continue;
      let row = byTime.get(point.timeUs);
      if (!row) byTime.set(point.timeUs, (row = {}));
      row[field] = point.value;
    }
    const windows: WindowPoint[] = [];
    for (const [timeUs, row] of byTime) {
      const w = this.samples.get(timeUs);
      this.samples.delete(timeUs);
      windows.push({
        timeUs,
        completed: w?.e2e.length ?? 0,
        ttftS: distribution(Float64Array.from(w?.ttft ?? [])),
        tpotS: distribution(Float64Array.from(w?.tpot ?? [])),
        e2eS: distribution(Float64Array.from(w?.e2e ?? [])),
        queueDepth: row.queueDepth ?? 0,
        batchMean: row.batchMean ?? 0,
        kvUtilisation: row.kvUtilisation ?? 0,
        hitRate: row.hitRate ?? 0,
        inFlight: row.inFlight ?? 0,
        completedPerS: row.completedPerS ?? 0,
      });
    }
    let lastDecision: DecisionView | undefined;
    if (sim.decisionsMade !== this.decisionSeen && sim.lastDecision && this.lastRequest) {
      this.decisionSeen = sim.decisionsMade;
      lastDecision = {
        number: sim.decisionsMade,
        atUs: this.lastDecisionAtUs,
        request: {
          id: this.lastRequest.id,
          inputTokens: this.lastRequest.inputTokens,
          blocks: this.lastRequest.blocks.length,
        },
        decision: sim.lastDecision,
      };
    }
    return {
      timeUs: sim.now,
      done: sim.done,
      arrived: frame.arrived,
      completed: frame.completed,
      failed: frame.failed,
      inFlight: frame.inFlight,
      windows,
      instances: {
        status: frame.instanceStatus,
        queue: frame.instanceQueue,
        batch: frame.instanceBatch,
        running: frame.instanceRunning,
        kvUtilisation: frame.instanceKvUtilisation,
        hitRate: frame.instanceHitRate,
        utilisation: frame.instanceUtilisation,
      },
      lastDecision,
      summary: sim.summary(),
    };
  }
}

// ---- Studies: whole replays run to the end, yielding so progress and cancels get through ----

export type StudyKind = 'scaling' | 'tiers' | 'sweep';

/** Runs finished so far (fractional inside a run), of how many, and what runs now. */
export type StudyProgress = (done: number, total: number, label: string) => void;

export interface ScalingStudyResult {
  readonly settings: ScalingStudySettings;
  readonly slo: Slo;
  readonly group: ScalingOutcome;
  readonly hpa: ScalingOutcome;
  readonly tidal: readonly TidalStep[] | undefined;
  readonly requests: number;
  readonly seed: number;
  readonly policy: PolicyName;
  readonly tp: number;
  readonly windowUs: number;
  readonly lastArrivalUs: number;
}

export interface TierStudyRequest {
  readonly dramGB: number;
  readonly whatIfDramGB: number;
  readonly nvmeGB: number;
  readonly scope: PoolScope;
  readonly slo: Slo;
}

export interface TierStudyResult {
  readonly request: TierStudyRequest;
  readonly base: TierOutcome;
  readonly whatIf: TierOutcome;
  readonly requests: number;
  readonly seed: number;
  readonly policy: PolicyName;
  readonly model: string;
  readonly accelerator: string;
  readonly instances: number;
}

export interface SweepRequest {
  readonly factors: readonly number[];
  readonly policies: readonly PolicyName[];
  readonly slo: Slo;
}

export interface SweepCurve {
  readonly policy: PolicyName;
  readonly points: readonly SweepPoint[];
  /** DistServe goodput: the highest swept rate with ≥ 90 % of requests meeting the SLO. */
  readonly distServeRps: number | undefined;
}

export interface SweepResult {
  readonly slo: Slo;
  readonly curves: readonly SweepCurve[];
  readonly requests: number;
  readonly seed: number;
  /** The slice's own arrival rate, requests/s (factor 1). */
  readonly baseRatePerS: number;
}

/** Sim time per slice of a study run; the worker yields between slices every ~50 ms of work. */
const STUDY_SLICE_US = 10_000_000;
const STUDY_YIELD_MS = 50;
const studyTokens: Record<StudyKind, number> = { scaling: 0, tiers: 0, sweep: 0 };

class StudyCancelled extends Error {
  constructor(kind: StudyKind) {
    super(`${kind} study cancelled`);
  }
}

const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Runs a simulation to its end in slices of sim time, giving the worker's message loop a turn
 * every ~50 ms so the live replay, progress and a cancel get through.
 */
async function runStudySim(
  sim: InferNexSim,
  kind: StudyKind,
  token: number,
  onFraction: (fraction: number) => void,
): Promise<void> {
  let lastYield = performance.now();
  while (!sim.done) {
    const next = sim.nextEventUs();
    if (next === Infinity) {
      sim.runToEnd();
      break;
    }
    sim.runToEnd(next + STUDY_SLICE_US);
    if (performance.now() - lastYield >= STUDY_YIELD_MS) {
      onFraction(sim.requestCount > 0 ? sim.metrics.arrived / sim.requestCount : 1);
      await yieldToMessages();
      if (studyTokens[kind] !== token) throw new StudyCancelled(kind);
      lastYield = performance.now();
    }
  }
}

function studyBase(settings: RunSettings) {
  const trace = loadedTrace();
  const requests = sliceOf(trace, settings.limit);
  if (requests.length === 0) throw new Error('the trace slice has no requests');
  return { requests, cluster: clusterFor(settings.profile), config: configFor(settings, 0) };
}

/** A study's runs in order, each reported as it starts and while it runs. */
async function runStudy<T>(
  kind: StudyKind,
  runs: readonly { readonly label: string; readonly make: () => InferNexSim }[],
  onProgress: StudyProgress | undefined,
  finish: (sim: InferNexSim, index: number) => T,
): Promise<T[]> {
  const token = ++studyTokens[kind];
  const out: T[] = [];
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    void onProgress?.(i, runs.length, run.label);
    await yieldToMessages();
    if (studyTokens[kind] !== token) throw new StudyCancelled(kind);
    const sim = run.make();
    await runStudySim(sim, kind, token, (f) => void onProgress?.(i + f, runs.length, run.label));
    out.push(finish(sim, i));
  }
  void onProgress?.(runs.length, runs.length, 'done');
  return out;
}

const chunkBuffers = (chunk: RunChunk): ArrayBuffer[] =>
  Object.values(chunk.instances).map((a: ArrayBufferView) => a.buffer as ArrayBuffer);

const api = {
  /** Fetches and parses a trace shipped in `public/traces/`. */
  async loadBuiltin(id: BuiltinTrace, onProgress?: LoadProgress): Promise<TraceLoad> {
    const url = BUILTIN_TRACE_URLS[id];
    const name = url.split('/').pop() ?? id;
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      return {
        ok: false,
        name,
        line: 0,
        message: `cannot fetch ${url}: ${String(error)}`,
        errorCount: 1,
      };
    }
    if (!response.ok)
      return {
        ok: false,
        name,
        line: 0,
        message: `${url}: HTTP ${response.status}`,
        errorCount: 1,
      };
    const length = Number(response.headers.get('content-length'));
    const text = await readBody(response, length > 0 ? length : undefined, onProgress);
    return useText(name, text, onProgress);
  },

  /** Reads an uploaded file here (not on the page) and parses it; errors name the line. */
  async loadFile(file: File, onProgress?: LoadProgress): Promise<TraceLoad> {
    const response = new Response(file);
    const text = await readBody(response, file.size || undefined, onProgress);
    return useText(file.name, text, onProgress);
  },

  loadText(name: string, text: string): TraceLoad {
    return useText(name, text, undefined);
  },

  /** Starts a fresh replay of the loaded trace (its first `limit` requests). */
  configure(settings: RunSettings): RunInfo {
    run = new Replay(settings, loadedTrace());
    return run.info;
  },

  advance(toUs: number): RunChunk {
    if (!run) throw new Error('infernex worker: configure a run first');
    const chunk = run.advance(toUs);
    return Comlink.transfer(chunk, chunkBuffers(chunk));
  },

  /** The same trace slice and seed through each scenario with the baseline and each policy. */
  compare(
    settings: RunSettings,
    request: CompareRequest,
    onRun?: (done: number, total: number, label: string) => void,
  ): CompareResult {
    const trace = loadedTrace();
    const requests = sliceOf(trace, settings.limit);
    const cluster = clusterFor(settings.profile);
    const scenarios: ComparisonScenario[] = request.scenarios.map((key) => {
      const s = COMPARE_SCENARIOS[key];
      return {
        name: s.label,
        config: {
          seed: settings.seed,
          model: settings.model,
          tp: settings.tp,
          mode: s.mode,
          instances: settings.instances,
          pdPlacement: s.placement ?? settings.pdPlacement,
          seriesPeriodUs: 0,
        },
      };
    });
    const total = scenarios.length * (1 + request.policies.length);
    let done = 0;
    const rows = compareRouting(
      cluster,
      scenarios,
      request.baseline,
      request.policies,
      requests,
      (scenario, policy) => {
        done++;
        onRun?.(done, total, `${scenario} · ${policy}`);
      },
    );
    return { rows, csv: comparisonCsv(rows), requests: requests.length, seed: settings.seed };
  },

  /**
   * The elastic scaler (P+D groups at a ratio) against the HPA-style baseline on the same trace
   * slice and seed, in PD with room for `maxGroups` groups.
   */
  async scalingStudy(
    settings: RunSettings,
    scaling: ScalingStudySettings,
    slo: Slo,
    onProgress?: StudyProgress,
  ): Promise<ScalingStudyResult> {
    const { requests, cluster, config } = studyBase(settings);
    const tidal = scaling.tidal ? tidalSchedule(requests, scaling) : undefined;
    const lastArrivalUs = requests[requests.length - 1].arrivalUs;
    const windowUs = windowUsFor(lastArrivalUs);
    const logs: ReturnType<typeof recordTtfts>[] = [];
    const make = (policy: 'group' | 'hpa') => () => {
      const base = { ...config, slo };
      const sim = new InferNexSim(
        cluster,
        scalingConfig(base, scaling, policy, tidal),
        requests,
        engineStream(settings.seed, 'infernex'),
      );
      logs.push(recordTtfts(sim));
      return sim;
    };
    const [group, hpa] = await runStudy(
      'scaling',
      [
        { label: 'group scaler', make: make('group') },
        { label: 'HPA baseline', make: make('hpa') },
      ],
      onProgress,
      (sim, i) => scalingOutcome(sim, logs[i], windowUs),
    );
    return {
      settings: scaling,
      slo,
      group,
      hpa,
      tidal,
      requests: requests.length,
      seed: settings.seed,
      policy: settings.policy,
      tp: settings.tp,
      windowUs,
      lastArrivalUs,
    };
  },

  /** The run's configuration with a KV pool, at its DRAM size and at the what-if size. */
  async tierStudy(
    settings: RunSettings,
    request: TierStudyRequest,
    onProgress?: StudyProgress,
  ): Promise<TierStudyResult> {
    const { requests, cluster, config } = studyBase(settings);
    const make = (dramGB: number) => () =>
      new InferNexSim(
        cluster,
        tierConfig({ ...config, slo: request.slo }, dramGB, request.nvmeGB, request.scope),
        requests,
        engineStream(settings.seed, 'infernex'),
      );
    let accelerator = '';
    let model = '';
    const [base, whatIf] = await runStudy(
      'tiers',
      [
        { label: `DRAM ${request.dramGB} GB`, make: make(request.dramGB) },
        { label: `DRAM ${request.whatIfDramGB} GB`, make: make(request.whatIfDramGB) },
      ],
      onProgress,
      (sim) => {
        accelerator = sim.accelerator.name;
        model = sim.model.name;
        return tierOutcome(sim);
      },
    );
    return {
      request,
      base,
      whatIf,
      requests: requests.length,
      seed: settings.seed,
      policy: settings.policy,
      model,
      accelerator,
      instances: settings.instances,
    };
  },

  /** Goodput and SLO attainment of each policy as the slice's arrival rate is scaled. */
  async rateSweep(
    settings: RunSettings,
    request: SweepRequest,
    onProgress?: StudyProgress,
  ): Promise<SweepResult> {
    const { requests, cluster, config } = studyBase(settings);
    if (request.factors.length === 0) throw new Error('the sweep needs at least one rate');
    const runs = request.policies.flatMap((policy) =>
      request.factors.map((factor) => ({
        policy,
        factor,
        label: `${policy} ×${factor}`,
        make: () =>
          new InferNexSim(
            cluster,
            { ...config, policy, slo: request.slo },
            scaleArrivalRate(requests, factor),
            engineStream(settings.seed, 'infernex'),
          ),
      })),
    );
    const points = await runStudy('sweep', runs, onProgress, (sim, i) =>
      sweepPoint(runs[i].factor, offeredRatePerS(requests) * runs[i].factor, sim.summary()),
    );
    const curves = request.policies.map((policy) => {
      const mine = points.filter((_, i) => runs[i].policy === policy);
      return { policy, points: mine, distServeRps: distServeGoodput(mine) };
    });
    return {
      slo: request.slo,
      curves,
      requests: requests.length,
      seed: settings.seed,
      baseRatePerS: offeredRatePerS(requests),
    };
  },

  /** Stops a running study of this kind at its next yield (its promise rejects as cancelled). */
  cancelStudy(kind: StudyKind): void {
    studyTokens[kind]++;
  },
};

export type InferNexWorkerApi = typeof api;

Comlink.expose(api);
