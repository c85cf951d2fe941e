import { nodeId, type Cluster } from '../../model';
import { EventQueue } from '../../sim/eventQueue';
import type { LogEvent, SeriesPoint } from '../../sim/frame';
import type { Rng } from '../../sim/rng';
import type { SimTimeUs } from '../../sim/time';
import { findRoute, type FabricState } from '../fabric/routing';
import {
  getAccelerator,
  getModel,
  acceleratorForProfile,
  kvCapacityTokens,
  type AcceleratorSpec,
  type ModelShape,
} from './hardware';
import {
  DEFAULT_BATCHING,
  emptyOutcome,
  Instance,
  type BatchingConfig,
  type StepOutcome,
} from './instance';
import {
  defaultPoolConfig,
  KvPool,
  memoryCost,
  type CostBreakdown,
  type KvPoolConfig,
} from './kvPool';
import { MetricsCollector, type MetricsSummary, type Slo } from './metrics';
import { instanceRoles, placeInstances, type PdPlacement } from './placement';
import { RequestPhase, RequestState } from './request';
import { createRouter, type PolicyName, type RouteDecision, type Router } from './routers';
import { ElasticScaler, type ScalerConfig } from './scaler';
import { StepTimeModel } from './stepTime';
import { BLOCK_TOKENS, type TraceRequest } from './trace';

/** Everything that defines one InferNex run besides the trace. */
export interface InferNexConfig {
  readonly seed: number;
  /** Accelerator calibration id; defaults to the profile's accelerator. */
  readonly accelerator?: string;
  readonly model: string;
  readonly tp: number;
  readonly mode: 'agg' | 'pd';
  /** Instances placed (agg: all mixed; pd: prefill + decode). With a scaler: the most it may run. */
  readonly instances: number;
  /** PD: how many of the instances prefill (default half). */
  readonly prefillInstances?: number;
  readonly pdPlacement?: PdPlacement;
  /** Servers the instances are placed on, in order (default: the whole cluster). */
  readonly servers?: readonly number[];
  readonly policy: PolicyName;
  readonly batching?: Partial<BatchingConfig>;
  /** A Mooncake-style pool beside HBM: GB of DRAM and NVMe per pool; `global` = one pool, `local` = one per instance. */
  readonly pool?: {
    readonly dramGB: number;
    readonly nvmeGB: number;
    readonly scope: 'global' | 'local';
    readonly config?: Partial<KvPoolConfig>;
  };
  readonly slo?: Slo;
  /** Series period, µs (0: no series). */
  readonly seriesPeriodUs?: number;
  /** Requests of a failed instance are re-routed up to this many times, then counted as failed. */
  readonly maxReroutes?: number;
  readonly scaler?: Partial<ScalerConfig>;
  /** Keep every routing decision (explanations) — memory grows with the trace. */
  readonly recordDecisions?: boolean;
}

export const DEFAULT_SLO: Slo = { ttftS: 30, tpotS: 0.2 };

export const INFERNEX_SERIES = {
  ttftMeanS: 'infernex.ttftMeanS',
  tpotMeanS: 'infernex.tpotMeanS',
  e2eMeanS: 'infernex.e2eMeanS',
  completedPerS: 'infernex.completedPerS',
  outputTokensPerS: 'infernex.outputTokensPerS',
  queueDepth: 'infernex.queueDepth',
  batchMean: 'infernex.batchMean',
  kvUtilisation: 'infernex.kvUtilisation',
  hitRate: 'infernex.hitRate',
  inFlight: 'infernex.inFlight',
  transferGBps: 'infernex.transferGBps',
  activePrefill: 'infernex.activePrefill',
  activeDecode: 'infernex.activeDecode',
} as const;

const Ev = { StepEnd: 0, TransferEnd: 1, Series: 2, ScalerTick: 3, InstanceReady: 4 } as const;
type EvKind = (typeof Ev)[keyof typeof Ev];
interface SimEvent {
  readonly timeUs: number;
  readonly seq: number;
  readonly kind: EvKind;
  readonly instance: number;
  readonly request: RequestState | undefined;
}

interface RankRoute {
  readonly baseUs: number;
  readonly gbps: number;
}

/**
 * The InferNex simulation: a trace's requests arrive, a router places them on instances, the
 * instances batch and step by the calibrated step-time model, PD requests ship their KV over the
 * fabric path, and every request ends completed or failed. Discrete-event and deterministic: the
 * same config, trace and seed give the same numbers.
 */
export class InferNexSim {
  readonly cluster: Cluster;
  readonly accelerator: AcceleratorSpec;
  readonly model: ModelShape;
  readonly stepModel: StepTimeModel;
  readonly instances: Instance[];
  readonly router: Router;
  readonly metrics: MetricsCollector;
  readonly pools: KvPool[];
  readonly poolConfig: KvPoolConfig | undefined;
  readonly scaler: ElasticScaler | undefined;
  /** Accelerator → instance index, −1 when unused. */
  readonly npuInstance: Int32Array;
  /** Fabric health as this engine knows it (kept in step with the fabric through timeline events). */
  readonly fabric: FabricState & { nodeUp: Uint8Array; linkUp: Uint8Array };

  private readonly requests: readonly TraceRequest[];
  private nextArrival = 0;
  private readonly queue = new EventQueue<SimEvent>();
  private seq = 0;
  /** Step, transfer and ready events queued: none left with requests in flight means they are stuck. */
  private workEvents = 0;
  private timeUs: SimTimeUs = 0;
  private readonly outcome: StepOutcome = emptyOutcome();
  private readonly held: RequestState[] = [];
  private readonly routeCache = new Map<number, RankRoute[]>();
  private readonly egressFreeUs: Float64Array;
  private readonly ingressFreeUs: Float64Array;
  private readonly maxReroutes: number;
  private readonly seriesPeriodUs: number;
  readonly decisions: RouteDecision[] = [];
  lastDecision: RouteDecision | undefined;
  decisionsMade = 0;

  // Window accumulators for series.
  private winTtftSum = 0;
  private winTtftN = 0;
  private winTpotSum = 0;
  private winTpotN = 0;
  private winE2eSum = 0;
  private winCompleted = 0;
  private winOutputTokens = 0;
  private winBlocks = 0;
  private winHitBlocks = 0;
  private winTransferBytes = 0;
  transferBytes = 0;
  transfers = 0;
  transferUsSum = 0;
  private pendingSeries: SeriesPoint[] = [];
  private pendingLog: LogEvent[] = [];

  constructor(
    cluster: Cluster,
    readonly config: InferNexConfig,
    trace: readonly TraceRequest[],
    rng: Rng,
  ) {
    this.cluster = cluster;
    const accelerator = config.accelerator
      ? getAccelerator(config.accelerator)
      : acceleratorForProfile(cluster.profile);
    if (!accelerator)
      throw new Error(
        `no step-time calibration for "${cluster.profile.accelerator.model}": pass an accelerator id`,
      );
    this.accelerator = accelerator;
    this.model = getModel(config.model);
    this.stepModel = new StepTimeModel(accelerator, this.model, config.tp);
    const capacity = kvCapacityTokens(accelerator, this.model, config.tp);
    if (capacity < BLOCK_TOKENS * 4)
      throw new Error(
        `${this.model.name} does not fit on ${config.tp} × ${accelerator.name} (${accelerator.hbmGB} GB each) with room for KV: raise the tensor-parallel size`,
      );
    if (!Number.isInteger(config.instances) || config.instances < 1)
      throw new Error(`instances must be an integer ≥ 1, got ${config.instances}`);
    const prefillCount =
      config.mode === 'pd' ? (config.prefillInstances ?? Math.ceil(config.instances / 2)) : 0;
    if (config.mode === 'pd' && (prefillCount < 1 || prefillCount >= config.instances))
      throw new Error(
        `PD needs at least one prefill and one decode instance (${prefillCount} of ${config.instances} prefill)`,
      );
    const roles = instanceRoles(
      config.mode,
      config.instances,
      prefillCount,
      config.pdPlacement ?? 'cross-server',
    );
    const placed = placeInstances(cluster, config.tp, roles, config.servers);
    if ('error' in placed) throw new Error(placed.error);

    this.poolConfig = config.pool
      ? { ...defaultPoolConfig(config.pool.dramGB, config.pool.nvmeGB), ...config.pool.config }
      : undefined;
    const blockBytes = BLOCK_TOKENS * this.stepModel.kvBytesPerToken;
    const poolCount = !this.poolConfig ? 0 : config.pool?.scope === 'local' ? placed.length : 1;
    this.pools = Array.from(
      { length: poolCount },
      () => new KvPool(this.poolConfig as KvPoolConfig, blockBytes),
    );

    const batching = { ...DEFAULT_BATCHING, ...config.batching };
    this.instances = placed.map(
      (p, i) =>
        new Instance(
          i,
          p.role,
          p.npus,
          this.stepModel,
          batching,
          capacity,
          poolCount === 0 ? undefined : this.pools[poolCount === 1 ? 0 : i],
        ),
    );
    this.npuInstance = new Int32Array(cluster.npuCount).fill(-1);
    for (const inst of this.instances)
      for (const npu of inst.npus) this.npuInstance[npu] = inst.index;
    this.fabric = {
      nodeUp: new Uint8Array(cluster.nodeCount).fill(1),
      linkUp: new Uint8Array(cluster.linkCount).fill(1),
    };
    this.egressFreeUs = new Float64Array(this.instances.length);
    this.ingressFreeUs = new Float64Array(this.instances.length);

    this.router = createRouter(config.policy, rng.fork('router'), {
      transferUs: (from, to, blocks) =>
        this.copyUs(from, to, blocks * BLOCK_TOKENS * this.stepModel.kvBytesPerToken) ?? Infinity,
    });
    this.metrics = new MetricsCollector(config.slo ?? DEFAULT_SLO);
    this.requests = trace;
    this.maxReroutes = config.maxReroutes ?? 2;
    this.seriesPeriodUs = config.seriesPeriodUs ?? 1_000_000;
    for (const inst of this.instances) {
      inst.onFirstAdmit = (r) => this.metrics.admitted(r);
      inst.fetchRemote = (r, from) => this.fetchRemote(inst, r, from);
    }
    if (this.seriesPeriodUs > 0) this.schedule(this.seriesPeriodUs, Ev.Series, -1);
    this.scaler = config.scaler ? new ElasticScaler(config.scaler, this) : undefined;
    if (this.scaler) this.schedule(0, Ev.ScalerTick, -1);
  }

  get now(): SimTimeUs {
    return this.timeUs;
  }

  /** Every request has arrived and none is in flight. */
  get done(): boolean {
    return this.nextArrival >= this.requests.length && this.metrics.inFlight === 0;
  }

  /** Requests waiting for an instance to come up (scale from zero, cold starts). */
  get heldCount(): number {
    return this.held.length;
  }

  get requestCount(): number {
    return this.requests.length;
  }

  /** Time of the next thing that will happen, or Infinity. */
  nextEventUs(): number {
    const arrival =
      this.nextArrival < this.requests.length
        ? this.requests[this.nextArrival].arrivalUs
        : Infinity;
    const queued = this.queue.peek();
    const next = Math.min(arrival, queued ? queued.timeUs : Infinity);
    // Series and scaler ticks alone do not keep a finished run going.
    if (this.done && queued && (queued.kind === Ev.Series || queued.kind === Ev.ScalerTick))
      return Infinity;
    return next;
  }

  /** Processes everything due at or before `toUs`, then sets the clock to `toUs`. */
  runUntil(toUs: SimTimeUs): void {
    const requests = this.requests;
    for (;;) {
      const queued = this.queue.peek();
      const arrivalUs =
        this.nextArrival < requests.length ? requests[this.nextArrival].arrivalUs : Infinity;
      const queuedUs = queued ? queued.timeUs : Infinity;
      if (Math.min(arrivalUs, queuedUs) > toUs) break;
      // Completions at an instant go before arrivals at it: freed room is seen by the router.
      if (queued && queuedUs <= arrivalUs) {
        this.queue.pop();
        this.timeUs = queuedUs;
        this.handle(queued);
      } else {
        this.timeUs = arrivalUs;
        this.arrive(new RequestState(requests[this.nextArrival++]));
      }
    }
    if (toUs > this.timeUs) this.timeUs = toUs;
  }

  /** Runs the whole trace to the end (or to `limitUs`). */
  runToEnd(limitUs = Infinity): void {
    while (!this.done) {
      if (
        this.nextArrival >= this.requests.length &&
        this.workEvents === 0 &&
        this.held.length === 0
      ) {
        this.failStuck();
        break;
      }
      const next = this.nextEventUs();
      if (next === Infinity || next > limitUs) break;
      this.runUntil(next);
    }
  }

  /**
   * Requests in flight with nothing left that could move them (every instance that held them is off
   * and idle): counted as failed rather than left hanging, so the books still balance.
   */
  private failStuck(): void {
    for (const inst of this.instances) {
      if (inst.inFlight === 0) continue;
      for (const r of inst.drain())
        this.fail(r, `stuck at instance ${inst.index} with nothing left to run it`);
    }
  }

  private schedule(atUs: number, kind: EvKind, instance: number, request?: RequestState): void {
    if (kind === Ev.StepEnd || kind === Ev.TransferEnd || kind === Ev.InstanceReady)
      this.workEvents++;
    this.queue.push({ timeUs: atUs, seq: this.seq++, kind, instance, request });
  }

  private handle(e: SimEvent): void {
    if (e.kind === Ev.StepEnd || e.kind === Ev.TransferEnd || e.kind === Ev.InstanceReady)
      this.workEvents--;
    switch (e.kind) {
      case Ev.StepEnd:
        return this.stepEnded(e.instance);
      case Ev.TransferEnd:
        return this.transferEnded(e.request as RequestState);
      case Ev.Series:
        this.emitSeries();
        if (!this.done || this.nextArrival < this.requests.length)
          this.schedule(this.timeUs + this.seriesPeriodUs, Ev.Series, -1);
        return;
      case Ev.ScalerTick: {
        const scaler = this.scaler as ElasticScaler;
        scaler.tick(this.timeUs);
        if (!this.done) this.schedule(this.timeUs + scaler.intervalUs, Ev.ScalerTick, -1);
        return;
      }
      case Ev.InstanceReady: {
        const inst = this.instances[e.instance];
        if (inst.readyAtUs !== this.timeUs || inst.active) return;
        inst.active = true;
        this.log(
          'info',
          this.instanceTargets(inst),
          `instance ${inst.index} (${inst.role}) ready after cold start`,
        );
        this.releaseHeld();
        return;
      }
    }
  }

  private arrive(r: RequestState): void {
    this.metrics.arrival(r);
    this.route(r);
  }

  /** Routable instances of a role that can hold the prompt. */
  private candidates(role: 'mixed' | 'prefill' | 'decode', inputTokens: number): Instance[] {
    const out: Instance[] = [];
    for (const inst of this.instances)
      if (inst.role === role && inst.routable && inst.fits(inputTokens)) out.push(inst);
    return out;
  }

  private route(r: RequestState): void {
    const role = this.config.mode === 'agg' ? 'mixed' : 'prefill';
    const candidates = this.candidates(role, r.inputTokens);
    const decodeReady =
      this.config.mode === 'agg' ||
      this.candidates('decode', r.inputTokens + r.outputTokens).length > 0;
    if (candidates.length === 0 || !decodeReady) {
      const missing = candidates.length === 0 ? role : 'decode';
      const need = missing === 'decode' ? r.inputTokens + r.outputTokens : r.inputTokens;
      if (!this.instances.some((i) => i.role === missing && i.fits(need)))
        return this.fail(
          r,
          `prompt of ${r.inputTokens} tokens does not fit any ${missing} instance's KV`,
        );
      // Nothing up right now: hold it if something is starting or the scaler can start something.
      const starting = this.instances.some(
        (i) => i.role === missing && i.up && i.starting(this.timeUs),
      );
      if (starting || this.scaler?.canWake()) {
        this.held.push(r);
        this.scaler?.wake(this.timeUs);
        return;
      }
      return this.fail(r, `no ${missing} instance up`);
    }
    const decision = this.router.route(r, candidates, this.timeUs);
    this.decisionsMade++;
    this.lastDecision = decision;
    if (this.config.recordDecisions) this.decisions.push(decision);
    const inst = this.instances[decision.instance];
    this.router.routed?.(r, inst, this.timeUs);
    r.prefillInstance = inst.index;
    if (decision.fetch) {
      r.remoteFrom = decision.fetch.fromInstance;
      r.remotePlanned = decision.fetch.blocks;
    }
    if (this.config.mode === 'pd') {
      const d = this.pickDecode(inst, r);
      if (d === undefined) return this.fail(r, 'no decode instance up');
      r.decodeInstance = d.index;
      d.expectArrival(r, 1);
    }
    inst.enqueue(r, inst.cache.matchPrefix(r.blocks) * BLOCK_TOKENS);
    this.kick(inst);
  }

  /**
   * PD decode choice: the decode instance where this request would be done soonest — its KV
   * transfer from the prefill (behind the copies already bound there) plus its output at the step
   * time that instance would run with it added. Mooncake picks the decode instance after the
   * prefill against its TBT; AIBrix's `pd` and llm-d's decode profile score decode pods by their
   * load (reference §3). The transfer term makes a decode on the prefill's own server (HCCS) win
   * while loads are close, and lose once its batch is the slower one. Instances whose KV would
   * overflow are taken only when every one would.
   */
  private pickDecode(prefill: Instance, r: RequestState): Instance | undefined {
    const bytes = r.inputTokens * this.stepModel.kvBytesPerToken;
    let best: Instance | undefined;
    let bestUs = Infinity;
    let bestRoomy = false;
    for (const d of this.instances) {
      if (d.role !== 'decode' || !d.routable || !d.fits(r.inputTokens + r.outputTokens)) continue;
      const transferUs = this.copyUs(prefill, d, bytes);
      if (transferUs === undefined) continue;
      const { stepUs, contextTokens } = this.decodeStepWith(d, r);
      const roomy = contextTokens <= d.capacityTokens;
      const us =
        Math.max(0, this.ingressFreeUs[d.index] - this.timeUs) +
        transferUs +
        r.outputTokens * stepUs;
      if ((roomy && !bestRoomy) || (roomy === bestRoomy && us < bestUs)) {
        best = d;
        bestUs = us;
        bestRoomy = roomy;
      }
    }
    return best;
  }

  /**
   * The decode step `d` would run with `r` added to every request bound for it (prompt KV of each,
   * `r` half-way through its output), and that context. Sequences past the batch limit wait for
   * a slot, which stretches the step they see in proportion.
   */
  private decodeStepWith(d: Instance, r: RequestState): { stepUs: number; contextTokens: number } {
    const sequences = d.inFlight + 1;
    const batch = Math.min(sequences, d.batching.maxBatch);
    const contextTokens =
      (d.activeBlocks + d.incomingBlocks) * BLOCK_TOKENS + r.inputTokens + r.outputTokens / 2;
    const stepUs = d.stepModel.decodeUs(batch, contextTokens / sequences) * (sequences / batch);
    return { stepUs, contextTokens };
  }

  private kick(inst: Instance): void {
    if (inst.stepping || !inst.up) return;
    const us = inst.startStep(this.timeUs);
    if (us > 0) this.schedule(this.timeUs + us, Ev.StepEnd, inst.index);
  }

  private stepEnded(index: number): void {
    const inst = this.instances[index];
    if (!inst.stepping || inst.stepEndUs !== this.timeUs) return; // the instance failed mid-step
    const out = this.outcome;
    out.firstToken.length = 0;
    out.finished.length = 0;
    out.prefillDone.length = 0;
    out.preempted = 0;
    inst.finishStep(this.timeUs, out);
    for (const r of out.firstToken) {
      this.winTtftSum += (r.firstTokenUs - r.arrivalUs) / 1e6;
      this.winTtftN++;
    }
    for (const r of out.finished) this.complete(r);
    for (const r of out.prefillDone) this.startTransfer(inst, r);
    this.kick(inst);
    if (!inst.active && inst.inFlight === 0 && this.scaler) this.scaler.drained(inst);
  }

  private complete(r: RequestState): void {
    this.metrics.completedRequest(r);
    this.winCompleted++;
    this.winOutputTokens += r.outputTokens;
    this.winE2eSum += (r.doneUs - r.arrivalUs) / 1e6;
    if (r.outputTokens > 1) {
      this.winTpotSum += (r.doneUs - r.firstTokenUs) / 1e6 / (r.outputTokens - 1);
      this.winTpotN++;
    }
    this.winBlocks += r.blocks.length;
    this.winHitBlocks += r.cachedBlocks + r.poolBlocks;
  }

  private fail(r: RequestState, reason: string): void {
    r.phase = RequestPhase.Failed;
    r.doneUs = this.timeUs;
    this.metrics.failedRequest(r);
    if (this.metrics.failed <= 20 || this.metrics.failed % 1000 === 0)
      this.log(
        'warn',
        [],
        `request ${r.id} failed: ${reason}${this.metrics.failed === 20 ? ' (further failures logged every 1,000)' : ''}`,
      );
  }

  /** Per-rank routes between two instances (rank k of P to rank k of D), cached until the fabric changes. */
  private rankRoutes(p: Instance, d: Instance): RankRoute[] | undefined {
    const key = p.index * this.instances.length + d.index;
    let routes = this.routeCache.get(key);
    if (routes) return routes;
    routes = [];
    for (let k = 0; k < p.npus.length; k++) {
      const from = p.npus[k];
      const to = d.npus[k % d.npus.length];
      if (from === to) {
        routes.push({ baseUs: 0, gbps: Infinity });
        continue;
      }
      const route = findRoute(this.cluster, this.fabric, from, to, 0);
      if (!route.ok) return undefined;
      routes.push({ baseUs: route.latencyUs, gbps: route.bottleneckGBps });
    }
    this.routeCache.set(key, routes);
    return routes;
  }

  /** Time to copy `bytes` of KV between two instances, rank to rank over the fabric, µs. */
  private copyUs(from: Instance, to: Instance, bytes: number): number | undefined {
    const routes = this.rankRoutes(from, to);
    if (!routes) return undefined;
    const shard = bytes / routes.length;
    let us = 0;
    for (const route of routes)
      us = Math.max(
        us,
        route.baseUs + (Number.isFinite(route.gbps) ? shard / (route.gbps * 1e3) : 0),
      );
    return us;
  }

  /**
   * Global cache-aware: copies the planned prefix blocks the source still holds into `to` — from
   * its HBM over the fabric, or from its own DRAM/NVMe store over RDMA at the store's rate (a
   * shared pool is `to`'s own already). The two share the source's NICs, so their times add.
   */
  private fetchRemote(to: Instance, r: RequestState, from: number): { blocks: number; us: number } {
    const source = this.instances[r.remoteFrom];
    if (!source || !source.up || source === to) return { blocks: 0, us: 0 };
    const store = source.pool !== to.pool ? source.pool : undefined;
    let fromHbm = 0;
    let fromStore = 0;
    for (let i = from; i < r.remotePlanned && i < r.blocks.length; i++) {
      const block = r.blocks[i];
      if (source.cache.has(block)) fromHbm++;
      else if (store && store.tierOf(block) >= 0) fromStore++;
      else break;
    }
    const n = fromHbm + fromStore;
    if (n === 0) return { blocks: 0, us: 0 };
    const blockBytes = BLOCK_TOKENS * this.stepModel.kvBytesPerToken;
    const hbmUs = fromHbm > 0 ? this.copyUs(source, to, fromHbm * blockBytes) : 0;
    if (hbmUs === undefined) return { blocks: 0, us: 0 };
    const us = hbmUs + (store && fromStore > 0 ? store.estimateFetchUs(fromStore) : 0);
    const bytes = n * blockBytes;
    this.transferBytes += bytes;
    this.winTransferBytes += bytes;
    return { blocks: n, us };
  }

  /**
   * KV of the prompt from P to D: each tensor-parallel rank sends its shard over its own fabric path
   * (`endpoint + hops × per-hop + bytes / bottleneck`); the slowest rank sets the time. Transfers
   * out of one P and into one D queue behind each other (one NIC/link set each).
   */
  private startTransfer(p: Instance, r: RequestState): void {
    const d = this.instances[r.decodeInstance];
    if (!d || !d.up) return this.reroute(r, `decode instance ${r.decodeInstance} is down`);
    const bytes = r.inputTokens * this.stepModel.kvBytesPerToken;
    if (!this.rankRoutes(p, d))
      return this.reroute(r, `no fabric path from instance ${p.index} to ${d.index}`);
    const us = this.copyUs(p, d, bytes) ?? 0;
    const start = Math.max(this.timeUs, this.egressFreeUs[p.index], this.ingressFreeUs[d.index]);
    const end = Math.ceil(start + us);
    this.egressFreeUs[p.index] = end;
    this.ingressFreeUs[d.index] = end;
    r.transferUs = end - this.timeUs;
    this.transferBytes += bytes;
    this.winTransferBytes += bytes;
    this.transfers++;
    this.transferUsSum += r.transferUs;
    this.schedule(end, Ev.TransferEnd, d.index, r);
  }

  private transferEnded(r: RequestState): void {
    if (r.finished) return;
    const d = this.instances[r.decodeInstance];
    if (!d.up)
      return this.reroute(r, `decode instance ${d.index} went down during the KV transfer`);
    d.enqueue(r, 0);
    this.kick(d);
  }

  /** Re-routes a request whose instance failed (as new work), or fails it past the limit. */
  private reroute(r: RequestState, reason: string): void {
    if (r.decodeInstance >= 0) {
      const d = this.instances[r.decodeInstance];
      if (r.phase !== RequestPhase.Decoding && r.phase !== RequestPhase.DecodeQueued)
        d.expectArrival(r, -1);
    }
    if (r.reroutes >= this.maxReroutes)
      return this.fail(r, `${reason}; gave up after ${r.reroutes} re-routes`);
    r.reroutes++;
    r.prefillInstance = -1;
    r.decodeInstance = -1;
    r.phase = RequestPhase.Pending;
    this.route(r);
  }

  /** Requests held while nothing was up: route them now that something is. */
  releaseHeld(): void {
    const held = this.held.splice(0);
    for (const r of held) this.route(r);
  }

  // ---- Faults -------------------------------------------------------------------------------

  /** Requests handed back to the router because their instance stopped, since the start. */
  reroutedOnFault = 0;
  /** Requests failed because their instance stopped and no re-route was left, since the start. */
  failedOnFault = 0;

  /**
   * A fabric node (accelerator, backup or switch) goes down or comes back; instances on it stop,
   * or restart with an empty cache once all their accelerators are up. `reason` says why in the
   * log (default: the accelerator failed / was repaired).
   */
  setNodeUp(node: number, up: boolean, reason?: string): void {
    this.setNodesUp([node], up, reason);
  }

  /** Several nodes at once (a server, a cabinet): each instance on them stops or restarts once. */
  setNodesUp(nodes: readonly number[], up: boolean, reason?: string): void {
    const touched: Instance[] = [];
    for (const node of nodes) {
      if (node < 0 || node >= this.cluster.nodeCount) continue;
      this.fabric.nodeUp[node] = up ? 1 : 0;
      if (node >= this.cluster.npuCount) continue;
      const index = this.npuInstance[node];
      if (index >= 0 && !touched.includes(this.instances[index]))
        touched.push(this.instances[index]);
    }
    this.routeCache.clear();
    if (!up) {
      // Every stopping instance leaves routing before any is drained, so a cabinet's requests are
      // not re-routed onto a neighbour that stops a moment later.
      const stopping = touched.filter((inst) => inst.up);
      for (const inst of stopping) inst.up = false;
      for (const inst of stopping) {
        const failed = inst.npus.find((n) => this.fabric.nodeUp[n] === 0) ?? inst.npus[0];
        this.instanceDown(inst, reason ?? `accelerator ${nodeId(this.cluster, failed)} failed`);
      }
      return;
    }
    let restarted = false;
    for (const inst of touched) {
      if (up && !inst.up && inst.npus.every((n) => this.fabric.nodeUp[n] === 1)) {
        inst.up = true;
        restarted = true;
        this.log(
          'info',
          this.instanceTargets(inst),
          `instance ${inst.index} back up (empty cache)${reason ? `: ${reason}` : ''}`,
        );
      }
    }
    if (restarted) this.releaseHeld();
  }

  setLinkUp(link: number, up: boolean): void {
    this.setLinksUp([link], up);
  }

  /** Links that carry KV transfers change state: routes are looked up again from now on. */
  setLinksUp(links: readonly number[], up: boolean): void {
    for (const link of links)
      if (link >= 0 && link < this.cluster.linkCount) this.fabric.linkUp[link] = up ? 1 : 0;
    this.routeCache.clear();
  }

  private instanceDown(inst: Instance, reason: string): void {
    inst.up = false;
    const orphans = inst.drain();
    this.router.forget?.(inst.index);
    const failedBefore = this.metrics.failed;
    // Requests in transfer towards it are caught when their transfer ends.
    for (const r of orphans) this.reroute(r, reason);
    const failed = this.metrics.failed - failedBefore;
    const rerouted = orphans.length - failed;
    this.failedOnFault += failed;
    this.reroutedOnFault += rerouted;
    this.log(
      'error',
      this.instanceTargets(inst),
      `instance ${inst.index} (${inst.role}) down: ${reason}; ${rerouted} request${rerouted === 1 ? '' : 's'} re-routed, ${failed} failed`,
    );
  }

  instanceTargets(inst: Instance): string[] {
    return inst.npus.map((n) => nodeId(this.cluster, n));
  }

  // ---- Scaler hooks ------------------------------------------------------------------------

  /** Starts an instance (cold start), or takes it out of routing to drain. */
  setActive(inst: Instance, active: boolean, coldStartUs: number): void {
    if (active) {
      if (inst.active || !inst.up) return;
      if (inst.starting(this.timeUs)) return;
      inst.readyAtUs = this.timeUs + coldStartUs;
      if (coldStartUs <= 0) {
        inst.active = true;
        this.releaseHeld();
      } else this.schedule(inst.readyAtUs, Ev.InstanceReady, inst.index);
    } else {
      if (!inst.active) return;
      inst.active = false;
      inst.readyAtUs = 0;
      // Its cache is dropped when it stops: the next start is cold.
      if (inst.inFlight === 0) inst.cache.clear();
    }
  }

  // ---- Output ------------------------------------------------------------------------------

  log(level: LogEvent['level'], targets: readonly string[], message: string): void {
    this.pendingLog.push({ timeUs: this.timeUs, level, source: 'infernex', targets, message });
  }

  private emitSeries(): void {
    const t = this.timeUs;
    const periodS = this.seriesPeriodUs / 1e6;
    let queue = 0;
    let batch = 0;
    let stepping = 0;
    let kv = 0;
    let up = 0;
    let activeP = 0;
    let activeD = 0;
    for (const inst of this.instances) {
      if (!inst.up || !inst.active) continue;
      up++;
      queue += inst.waitingCount;
      kv += inst.kvUsage;
      if (inst.stepping) {
        batch += inst.lastBatchSize;
        stepping++;
      }
      if (inst.role === 'decode') activeD++;
      else activeP++;
    }
    const push = (series: string, value: number) =>
      this.pendingSeries.push({ series, timeUs: t, value });
    const S = INFERNEX_SERIES;
    push(S.ttftMeanS, this.winTtftN ? this.winTtftSum / this.winTtftN : 0);
    push(S.tpotMeanS, this.winTpotN ? this.winTpotSum / this.winTpotN : 0);
    push(S.e2eMeanS, this.winCompleted ? this.winE2eSum / this.winCompleted : 0);
    push(S.completedPerS, this.winCompleted / periodS);
    push(S.outputTokensPerS, this.winOutputTokens / periodS);
    push(S.queueDepth, queue);
    push(S.batchMean, stepping ? batch / stepping : 0);
    push(S.kvUtilisation, up ? kv / up : 0);
    push(S.hitRate, this.winBlocks ? this.winHitBlocks / this.winBlocks : 0);
    push(S.inFlight, this.metrics.inFlight);
    push(S.transferGBps, this.winTransferBytes / 1e9 / periodS);
    push(S.activePrefill, activeP);
    push(S.activeDecode, activeD);
    this.winTtftSum = this.winTtftN = this.winTpotSum = this.winTpotN = 0;
    this.winE2eSum =
      this.winCompleted =
      this.winOutputTokens =
      this.winBlocks =
      this.winHitBlocks =
        0;
    this.winTransferBytes = 0;
  }

  /** Series points and log events since the last call. */
  takeOutput(): { series: SeriesPoint[]; log: LogEvent[] } {
    const out = { series: this.pendingSeries, log: this.pendingLog };
    this.pendingSeries = [];
    this.pendingLog = [];
    return out;
  }

  summary(): MetricsSummary {
    return this.metrics.summary();
  }

  /** The memory bill of the configuration: HBM of every placed accelerator plus the pool tiers. */
  cost(): CostBreakdown {
    const hbmGB = this.instances.length * this.config.tp * this.accelerator.hbmGB;
    return memoryCost(hbmGB, this.poolConfig, this.pools.length);
  }
}
