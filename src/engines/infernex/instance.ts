import { BlockCache } from './blockCache';
import type { KvPool } from './kvPool';
import { RequestPhase, type RequestState } from './request';
import type { StepTimeModel, StepWork } from './stepTime';
import { BLOCK_TOKENS } from './trace';

export type InstanceRole = 'mixed' | 'prefill' | 'decode';

/** vLLM-style continuous batching knobs. */
export interface BatchingConfig {
  /** Most sequences in one step (vLLM max_num_seqs). */
  readonly maxBatch: number;
  /** Most tokens in one step (vLLM max_num_batched_tokens); with chunked prefill, the chunk budget. */
  readonly maxBatchedTokens: number;
  /**
   * On (vLLM v1): decodes first, then prompt chunks fill the token budget, in one mixed step.
   * Off (vLLM v0): a step is either a prefill of whole prompts (prefills first) or a decode of all
   * running sequences; one prompt longer than the budget is prefilled alone.
   */
  readonly chunkedPrefill: boolean;
}

export const DEFAULT_BATCHING: BatchingConfig = {
  maxBatch: 256,
  maxBatchedTokens: 8192,
  chunkedPrefill: true,
};

/** Share of KV kept free for decode growth at admission (vLLM's block watermark, 1 %). */
const ADMISSION_WATERMARK = 0.01;

/** What a finished step did, for the simulator's metrics and hand-offs. Arrays reused per step. */
export interface StepOutcome {
  readonly firstToken: RequestState[];
  readonly finished: RequestState[];
  /** PD prefill role: requests whose prompt is done, ready to ship KV to their decode instance. */
  readonly prefillDone: RequestState[];
  preempted: number;
}

export const emptyOutcome = (): StepOutcome => ({
  firstToken: [],
  finished: [],
  prefillDone: [],
  preempted: 0,
});

/** A FIFO with O(1) push, shift and push-front (preempted requests go back to the head). */
class Deque<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  at(i: number): T {
    return this.items[this.head + i];
  }
  push(x: T): void {
    this.items.push(x);
  }
  pushFront(x: T): void {
    if (this.head > 0) this.items[--this.head] = x;
    else this.items.unshift(x);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
  drain(): T[] {
    const all = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return all;
  }
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i];
  }
}

/**
 * One inference instance: a model on `tp` accelerators, a waiting queue, a running batch, and the
 * prefix-block index of what its HBM holds. It schedules one step at a time; the simulator asks it
 * to start a step, waits the step's duration, then tells it to finish the step.
 */
export class Instance {
  readonly cache = new BlockCache();
  readonly capacityTokens: number;
  /** Up = healthy; a failed accelerator takes the whole instance down. */
  up = true;
  /** Serving (false while scaled in or cold-starting). */
  active = true;
  /** When a cold start completes, µs (scaler). */
  readyAtUs = 0;
  /**
   * Copies leading blocks `from…` of a request from the instance the router named, if it still holds
   * them; returns how many came and the time, µs (set by the simulation, which knows the fabric).
   */
  fetchRemote:
    | ((r: RequestState, from: number) => { readonly blocks: number; readonly us: number })
    | undefined;
  /** Called when a request is admitted to prefill for the first time (its cache outcome is known). */
  onFirstAdmit: ((r: RequestState) => void) | undefined;

  private readonly waiting = new Deque<RequestState>();
  private running: RequestState[] = [];
  private privateTokens = 0;
  private admitCounter = 0;

  // The step in flight.
  stepping = false;
  stepStartUs = 0;
  stepEndUs = 0;
  private readonly stepPrefill: RequestState[] = [];
  private readonly stepChunks: number[] = [];
  private readonly stepDecode: RequestState[] = [];
  private stepLoadUs = 0;

  // Load figures routers read, kept incrementally.
  /** Uncached prompt tokens queued or still to compute here. */
  queuedPrefillTokens = 0;
  /** Estimated time to compute them, µs (Mooncake's T_queue). */
  queuedPrefillUs = 0;
  /** KV blocks of every request assigned here (Dynamo's active blocks). */
  activeBlocks = 0;
  /** Σ context of decoding sequences. */
  decodeContext = 0;
  decodingCount = 0;
  /** Requests on their way here (PD: routed, prefilling elsewhere or in transfer) and their blocks. */
  incoming = 0;
  incomingBlocks = 0;

  // Counters.
  steps = 0;
  busyUs = 0;
  batchSizeSum = 0;
  lastBatchSize = 0;
  prefillTokensComputed = 0;
  decodeTokens = 0;
  preemptions = 0;
  promptBlocks = 0;
  hitBlocks = 0;

  constructor(
    readonly index: number,
    readonly role: InstanceRole,
    /** Accelerator indices (cluster NPU index space), tensor-parallel ranks in order. */
    readonly npus: readonly number[],
    readonly stepModel: StepTimeModel,
    readonly batching: BatchingConfig,
    capacityTokens: number,
    /** The KV pool this instance reads and writes (its own, or the global one), if any. */
    readonly pool: KvPool | undefined,
  ) {
    this.capacityTokens = capacityTokens;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }
  get runningCount(): number {
    return this.running.length;
  }
  /** Requests assigned here and not finished (SGLang's load). */
  get inFlight(): number {
    return this.waiting.length + this.running.length + this.incoming;
  }
  get usedTokens(): number {
    return this.cache.size * BLOCK_TOKENS + this.privateTokens;
  }
  /** KV in use by requests (pinned blocks and generated tokens) over capacity, as vLLM reports it. */
  get kvUsage(): number {
    return Math.min(
      1,
      (this.cache.pinned * BLOCK_TOKENS + this.privateTokens) / this.capacityTokens,
    );
  }
  /** Cold-starting: started by the scaler, ready at `readyAtUs` (its ready event may be due now). */
  starting(nowUs: number): boolean {
    return !this.active && this.readyAtUs > 0 && this.readyAtUs >= nowUs;
  }

  /** Whether a router may send work here. */
  get routable(): boolean {
    return this.up && this.active;
  }

  /** Whether a prompt of this length can ever fit in this instance's KV. */
  fits(inputTokens: number): boolean {
    return inputTokens + 1 <= this.capacityTokens * (1 - ADMISSION_WATERMARK);
  }

  /** Queues a request routed here (or a PD request whose KV arrived, on a decode instance). */
  enqueue(r: RequestState, expectedCachedTokens: number): void {
    if (this.role === 'decode') {
      r.phase = RequestPhase.DecodeQueued;
      this.expectArrival(r, -1);
    } else {
      r.phase = RequestPhase.Queued;
      r.prefillTarget = r.inputTokens + r.generated;
      r.prefilled = 0;
      r.expectedCachedTokens = Math.min(expectedCachedTokens, r.prefillTarget - 1);
      const uncached = r.prefillTarget - r.expectedCachedTokens;
      r.expectedPrefillUs = this.stepModel.prefillUs(r.prefillTarget, r.expectedCachedTokens);
      this.queuedPrefillTokens += uncached;
      this.queuedPrefillUs += r.expectedPrefillUs;
    }
    this.activeBlocks += r.blocks.length;
    this.waiting.push(r);
  }

  /** PD: a request bound here was routed (+1) or arrived or went elsewhere (−1). */
  expectArrival(r: RequestState, delta: 1 | -1): void {
    this.incoming = Math.max(0, this.incoming + delta);
    this.incomingBlocks = Math.max(0, this.incomingBlocks + delta * r.blocks.length);
  }

  /** Plans and starts the next step; returns its duration in µs, or 0 when there is nothing to do. */
  startStep(nowUs: number): number {
    if (this.stepping || !this.up) return 0;
    this.stepPrefill.length = 0;
    this.stepChunks.length = 0;
    this.stepDecode.length = 0;
    this.stepLoadUs = 0;
    let budget = this.batching.maxBatchedTokens;
    const admitPrefills = this.role !== 'decode';
    const canDecode = this.role !== 'prefill';

    if (this.role === 'decode') this.admitDecodes(nowUs);

    let decodeNow = canDecode;
    if (!this.batching.chunkedPrefill && admitPrefills) {
      // vLLM v0: a prefill step whenever some prompt can start; decodes wait for it.
      if (this.running.some((r) => r.phase === RequestPhase.Prefilling) || this.admitHead(nowUs))
        decodeNow = false;
    }
    let decodeContext = 0;
    if (decodeNow) {
      for (const r of this.running) {
        if (r.phase !== RequestPhase.Decoding) continue;
        if (this.stepDecode.length >= this.batching.maxBatch) break;
        this.stepDecode.push(r);
        decodeContext += r.inputTokens + r.generated;
      }
      budget -= this.stepDecode.length;
    }
    if (admitPrefills && (this.batching.chunkedPrefill || !decodeNow)) {
      const single = !this.batching.chunkedPrefill;
      // Prompts already admitted first, in admission order, then new ones from the queue.
      for (const r of this.running) {
        if (budget <= 0) break;
        if (r.phase !== RequestPhase.Prefilling) continue;
        budget -= this.addChunk(r, budget, single);
      }
      while (
        budget > 0 &&
        this.running.length < this.batching.maxBatch &&
        this.waiting.length > 0
      ) {
        if (single && this.stepChunks.length > 0 && this.remaining(this.waiting.at(0)) > budget)
          break;
        if (!this.admitHead(nowUs)) break;
        budget -= this.addChunk(this.running[this.running.length - 1], budget, single);
      }
    }
    if (this.stepChunks.length === 0 && this.stepDecode.length === 0) return 0;

    let prefillTokens = 0;
    let prefillAttention = 0;
    for (let i = 0; i < this.stepPrefill.length; i++) {
      const p = this.stepPrefill[i].prefilled;
      const c = this.stepChunks[i];
      prefillTokens += c;
      prefillAttention += (p + c) * (p + c) - p * p;
    }
    const work: StepWork = {
      prefillTokens,
      prefillAttention,
      decodeSequences: this.stepDecode.length,
      decodeContext,
    };
    // Pool reads overlap the layer-by-layer compute (Mooncake's layer-wise prefill), so a step takes
    // the longer of the two.
    const us = Math.max(1, Math.ceil(Math.max(this.stepModel.stepUs(work), this.stepLoadUs)));
    this.stepping = true;
    this.stepStartUs = nowUs;
    this.stepEndUs = nowUs + us;
    this.lastBatchSize = this.stepPrefill.length + this.stepDecode.length;
    return us;
  }

  private remaining(r: RequestState): number {
    return r.prefillTarget - Math.min(r.expectedCachedTokens, r.prefillTarget - 1);
  }

  private addChunk(r: RequestState, budget: number, whole: boolean): number {
    const left = r.prefillTarget - r.prefilled;
    const chunk = whole ? left : Math.min(left, budget);
    this.stepLoadUs = Math.max(this.stepLoadUs, r.pendingLoadUs);
    r.pendingLoadUs = 0;
    this.stepPrefill.push(r);
    this.stepChunks.push(chunk);
    return chunk;
  }

  /** KV room check and admission of the queue head (prefill side). */
  private admitHead(nowUs: number): boolean {
    const r = this.waiting.at(0);
    if (r === undefined) return false;
    const cache = this.cache;
    const hbmBlocks = cache.matchPrefix(r.blocks);
    // The prefix comes from HBM, then this instance's pool, then (global cache-aware) the instance
    // the router named for the rest.
    const poolBlocks = this.pool ? this.pool.matchLength(r.blocks, hbmBlocks) : 0;
    const wantsRemote =
      r.remoteFrom >= 0 &&
      r.remotePlanned > hbmBlocks + poolBlocks &&
      this.fetchRemote !== undefined;
    const toPin = cache.toPin(r.blocks);
    const extra = r.prefillTarget - r.inputTokens; // generated tokens recomputed after a preemption
    const pinnedAfter = (cache.pinned + toPin) * BLOCK_TOKENS + this.privateTokens + extra;
    if (pinnedAfter > this.capacityTokens * (1 - ADMISSION_WATERMARK)) return false;
    this.waiting.shift();
    let remoteBlocks = 0;
    if (wantsRemote && this.fetchRemote) {
      const got = this.fetchRemote(r, hbmBlocks + poolBlocks);
      remoteBlocks = got.blocks;
      r.pendingLoadUs = Math.max(r.pendingLoadUs, got.us);
    }
    r.remoteFrom = -1;
    if (this.pool) {
      if (poolBlocks > 0)
        r.pendingLoadUs = Math.max(
          r.pendingLoadUs,
          this.pool.fetch(r.blocks, hbmBlocks, poolBlocks),
        );
      else this.pool.countLookup(r.blocks, hbmBlocks);
    }
    this.makeRoom(cache.missing(r.blocks) * BLOCK_TOKENS + extra);
    cache.acquire(r.blocks);
    const firstTime = r.admittedUs < 0;
    const cachedBlocks = hbmBlocks + remoteBlocks + poolBlocks;
    const cached = Math.min(cachedBlocks * BLOCK_TOKENS, r.prefillTarget - 1);
    if (firstTime) {
      r.admittedUs = nowUs;
      r.cachedTokens = Math.min(hbmBlocks * BLOCK_TOKENS, r.inputTokens - 1);
      r.cachedBlocks = hbmBlocks;
      r.poolBlocks = poolBlocks;
      r.remoteBlocks = remoteBlocks;
      this.promptBlocks += r.blocks.length;
      this.hitBlocks += hbmBlocks + remoteBlocks + poolBlocks;
      this.onFirstAdmit?.(r);
    }
    // The queue estimate is replaced by the real remaining work.
    const uncachedEstimate =
      r.prefillTarget - Math.min(r.expectedCachedTokens, r.prefillTarget - 1);
    this.queuedPrefillTokens += r.prefillTarget - cached - uncachedEstimate;
    r.prefilled = cached;
    this.queuedPrefillUs -= r.expectedPrefillUs;
    r.expectedPrefillUs = this.stepModel.prefillUs(r.prefillTarget, cached);
    r.prefillBase = Math.max(1, r.prefillTarget - cached);
    this.queuedPrefillUs += r.expectedPrefillUs;
    r.privateTokens = extra;
    this.privateTokens += extra;
    r.phase = RequestPhase.Prefilling;
    r.admitSeq = this.admitCounter++;
    this.running.push(r);
    return true;
  }

  /** PD decode side: admits transferred requests while their KV fits. */
  private admitDecodes(nowUs: number): void {
    while (this.waiting.length > 0 && this.running.length < this.batching.maxBatch) {
      const r = this.waiting.at(0);
      const toPin = this.cache.toPin(r.blocks);
      const need = (this.cache.pinned + toPin) * BLOCK_TOKENS + this.privateTokens + r.generated;
      if (need > this.capacityTokens * (1 - ADMISSION_WATERMARK)) return;
      this.waiting.shift();
      this.makeRoom(this.cache.missing(r.blocks) * BLOCK_TOKENS + r.generated);
      this.cache.acquire(r.blocks);
      r.privateTokens = r.generated;
      this.privateTokens += r.generated;
      if (r.admittedUs < 0) r.admittedUs = nowUs;
      r.phase = RequestPhase.Decoding;
      r.admitSeq = this.admitCounter++;
      this.decodeContext += r.inputTokens + r.generated;
      this.decodingCount++;
      this.running.push(r);
    }
  }

  /** Evicts cached blocks until `tokens` more fit. */
  private makeRoom(tokens: number): void {
    const over = this.usedTokens + tokens - this.capacityTokens;
    if (over > 0) this.cache.evict(Math.ceil(over / BLOCK_TOKENS));
  }

  /** Applies the step that just ended at `nowUs`. */
  finishStep(nowUs: number, out: StepOutcome): void {
    if (!this.stepping) return;
    this.stepping = false;
    this.steps++;
    this.busyUs += nowUs - this.stepStartUs;
    this.batchSizeSum += this.lastBatchSize;
    let removed = 0;

    for (let i = 0; i < this.stepPrefill.length; i++) {
      const r = this.stepPrefill[i];
      if (r.phase !== RequestPhase.Prefilling) continue;
      const chunk = this.stepChunks[i];
      r.prefilled += chunk;
      this.prefillTokensComputed += chunk;
      this.queuedPrefillTokens -= chunk;
      this.queuedPrefillUs -= (r.expectedPrefillUs * chunk) / r.prefillBase;
      if (r.prefilled < r.prefillTarget) continue;
      if (r.prefillDoneUs < 0) {
        r.prefillDoneUs = nowUs;
        this.pool?.put(r.blocks);
      }
      if (this.role === 'prefill') {
        // KV stays cached here (unpinned) and ships to the decode instance.
        this.cache.release(r.blocks);
        this.privateTokens -= r.privateTokens;
        r.privateTokens = 0;
        this.activeBlocks -= r.blocks.length;
        r.phase = RequestPhase.Transferring;
        out.prefillDone.push(r);
        removed++;
        continue;
      }
      // Mixed: the prefill step samples the next token.
      r.phase = RequestPhase.Decoding;
      this.decodingCount++;
      r.generated++;
      r.privateTokens++;
      this.privateTokens++;
      this.decodeContext += r.inputTokens + r.generated;
      if (r.firstTokenUs < 0) {
        r.firstTokenUs = nowUs;
        out.firstToken.push(r);
      }
      if (r.generated >= r.outputTokens) removed += this.complete(r, nowUs, out);
    }

    for (let i = 0; i < this.stepDecode.length; i++) {
      const r = this.stepDecode[i];
      if (r.phase !== RequestPhase.Decoding) continue;
      r.generated++;
      r.privateTokens++;
      this.privateTokens++;
      this.decodeContext++;
      this.decodeTokens++;
      if (r.firstTokenUs < 0) {
        r.firstTokenUs = nowUs;
        out.firstToken.push(r);
      }
      if (r.generated >= r.outputTokens) removed += this.complete(r, nowUs, out);
    }
    if (removed > 0)
      this.running = this.running.filter(
        (r) => r.phase === RequestPhase.Prefilling || r.phase === RequestPhase.Decoding,
      );

    // Out of KV: evict cached blocks, then preempt the newest sequences (recompute later).
    if (this.usedTokens > this.capacityTokens) this.makeRoom(0);
    while (this.usedTokens > this.capacityTokens && this.running.length > 1) {
      out.preempted++;
      this.preempt(this.running.pop() as RequestState);
      this.makeRoom(0);
    }
  }

  private complete(r: RequestState, nowUs: number, out: StepOutcome): number {
    this.cache.release(r.blocks);
    this.privateTokens -= r.privateTokens;
    r.privateTokens = 0;
    this.decodeContext -= r.inputTokens + r.generated;
    this.decodingCount--;
    this.activeBlocks -= r.blocks.length;
    r.phase = RequestPhase.Done;
    r.doneUs = nowUs;
    out.finished.push(r);
    return 1;
  }

  private preempt(r: RequestState): void {
    this.preemptions++;
    r.preemptions++;
    this.cache.release(r.blocks);
    this.privateTokens -= r.privateTokens;
    r.privateTokens = 0;
    if (r.phase === RequestPhase.Decoding) {
      this.decodeContext -= r.inputTokens + r.generated;
      this.decodingCount--;
    } else {
      this.queuedPrefillTokens -= r.prefillTarget - r.prefilled;
      this.queuedPrefillUs -=
        (r.expectedPrefillUs * (r.prefillTarget - r.prefilled)) / r.prefillBase;
    }
    if (this.role === 'decode') {
      r.phase = RequestPhase.DecodeQueued;
    } else {
      // Recompute: the prompt plus what was generated, from whatever prefix is still cached.
      r.phase = RequestPhase.Queued;
      r.prefillTarget = r.inputTokens + r.generated;
      r.prefilled = 0;
      r.expectedCachedTokens = 0;
      r.expectedPrefillUs = this.stepModel.prefillUs(r.prefillTarget, 0);
      this.queuedPrefillTokens += r.prefillTarget;
      this.queuedPrefillUs += r.expectedPrefillUs;
    }
    this.waiting.pushFront(r);
  }

  /**
   * The instance goes down (failed accelerator): HBM is lost, and every request it held is handed
   * back for re-routing or failure. Requests mid-transfer towards it are the simulator's business.
   */
  drain(): RequestState[] {
    const all = [...this.running, ...this.waiting.drain()];
    this.running = [];
    this.stepping = false;
    this.stepPrefill.length = 0;
    this.stepDecode.length = 0;
    this.stepChunks.length = 0;
    this.cache.clear();
    this.privateTokens = 0;
    this.queuedPrefillTokens = 0;
    this.queuedPrefillUs = 0;
    this.activeBlocks = 0;
    this.decodeContext = 0;
    this.decodingCount = 0;
    this.incoming = 0;
    this.incomingBlocks = 0;
    for (const r of all) {
      r.privateTokens = 0;
      r.prefilled = 0;
    }
    return all;
  }

  /** Requests queued here, oldest first (for frames and explanations). */
  queued(): readonly RequestState[] {
    return [...this.waiting];
  }

  runningRequests(): readonly RequestState[] {
    return this.running;
  }
}
