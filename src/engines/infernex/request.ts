import type { TraceRequest } from './trace';

export const RequestPhase = {
  /** Not arrived yet, or arrived and waiting for the router (never left in this state). */
  Pending: 0,
  /** In an instance's waiting queue. */
  Queued: 1,
  /** Admitted; prompt chunks being computed. */
  Prefilling: 2,
  /** PD: KV on its way from the prefill to the decode instance. */
  Transferring: 3,
  /** PD: at the decode instance, waiting for KV room. */
  DecodeQueued: 4,
  Decoding: 5,
  Done: 6,
  Failed: 7,
} as const;
export type RequestPhase = (typeof RequestPhase)[keyof typeof RequestPhase];

/** The life of one request through the cluster; mutated by instances and the simulator. */
export class RequestState {
  readonly id: number;
  readonly arrivalUs: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly blocks: readonly number[];

  phase: RequestPhase = RequestPhase.Pending;
  prefillInstance = -1;
  decodeInstance = -1;
  /** Prompt tokens found in HBM when admitted (prefix-cache hit), and blocks of it. */
  cachedTokens = 0;
  cachedBlocks = 0;
  /** Prompt blocks read from the KV pool. */
  poolBlocks = 0;
  /** Prompt blocks copied from another instance's HBM (Mooncake global cache-aware). */
  remoteBlocks = 0;
  /** The router's plan for that copy: source instance and how many leading blocks it held. */
  remoteFrom = -1;
  remotePlanned = 0;
  /** The router's estimate of cached tokens when it queued the request. */
  expectedCachedTokens = 0;
  /** Estimated prefill time of the uncached part when queued, µs (for queue-time estimates). */
  expectedPrefillUs = 0;
  /** Uncached tokens of the current prefill when admitted (the denominator of its progress). */
  prefillBase = 1;
  /** Tokens already in KV for the current prefill target (cached + computed). */
  prefilled = 0;
  /** Tokens the current prefill must reach: the prompt, plus generated tokens after a preemption. */
  prefillTarget = 0;
  /** Pool transfer to wait for before the first chunk, µs. */
  pendingLoadUs = 0;
  generated = 0;
  admittedUs = -1;
  firstTokenUs = -1;
  prefillDoneUs = -1;
  doneUs = -1;
  transferUs = 0;
  preemptions = 0;
  reroutes = 0;
  /** Private KV tokens this request holds at its instance (generated tokens). */
  privateTokens = 0;
  /** Admission order at its instance: the newest is preempted first. */
  admitSeq = 0;
  /** Whether this request's KV at the decode instance has been pinned. */
  decodePinned = false;

  constructor(r: TraceRequest) {
    this.id = r.id;
    this.arrivalUs = r.arrivalUs;
    this.inputTokens = r.inputTokens;
    this.outputTokens = r.outputTokens;
    this.blocks = r.blocks;
  }

  get contextTokens(): number {
    return this.inputTokens + this.generated;
  }

  get finished(): boolean {
    return this.phase === RequestPhase.Done || this.phase === RequestPhase.Failed;
  }
}
