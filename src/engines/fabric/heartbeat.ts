import type { HeartbeatDesign } from '../../sim/scenario';

/**
 * UBM heartbeat probing (SR-3): how long one round takes and how long a failure takes to be
 * declared, for the four designs of fabric-collectives.md §3.2, as pure functions of the number of
 * endpoints. The engine schedules detections from these same formulas (plus a seeded phase) rather
 * than simulating every probe, so a replay stays cheap.
 *
 * Symbols (reference §3.2): N endpoints, s the CPU cost to send one probe, r a probe's round trip,
 * τ the probe deadline, P the probe period. A design's cycle is max(P, round): a prober never starts
 * a round before the last one ended.
 */

/** SR-3's target for one heartbeat round at 8,192 endpoints. */
export const HEARTBEAT_TARGET_SECONDS = 5;

export interface HeartbeatParams {
  readonly design: HeartbeatDesign;
  /** P: probe period; gossip: memberlist's ProbeInterval. */
  readonly periodS: number;
  /** τ: probe deadline; gossip: ProbeTimeout. */
  readonly timeoutS: number;
  /** Probes in flight at once (flat, per agent); gossip: GossipNodes. */
  readonly fanout: number;
  /** s: CPU time to send one probe [assumption, reference §3.2: 5 µs]. */
  readonly probeCpuS: number;
  /** r: probe round trip [assumption, reference §3.2: 0.5 ms]. */
  readonly rttS: number;
  /** UBM time per agent digest [derived: reference §3.2 "160 digests ≈ 2 ms"]. */
  readonly digestS: number;
  // Gossip (hashicorp/memberlist DefaultLANConfig, reference §3.1).
  readonly suspicionMult: number;
  readonly suspicionMaxTimeoutMult: number;
  readonly retransmitMult: number;
  readonly gossipIntervalS: number;
  readonly pushPullIntervalS: number;
  readonly indirectChecks: number;
  readonly lifeguard: boolean;
}

/** Who is probed: N endpoints; the hierarchical design splits them over cabinet agents. */
export interface HeartbeatScale {
  readonly endpoints: number;
  /** Hierarchical only: cabinet agents (compute + interconnect cabinets). */
  readonly agents: number;
  /** Hierarchical only: endpoints one agent probes (64 NPUs + 1 backup). */
  readonly endpointsPerAgent: number;
}

const COMMON = {
  probeCpuS: 5e-6,
  rttS: 0.5e-3,
  digestS: 2e-3 / 160,
  suspicionMult: 4,
  suspicionMaxTimeoutMult: 6,
  retransmitMult: 4,
  gossipIntervalS: 0.2,
  pushPullIntervalS: 30,
  indirectChecks: 3,
  lifeguard: true,
} as const;

/**
 * Each design's defaults: the reference's §3.2 figures for the UBM designs, memberlist's LAN
 * defaults for gossip (T = 1 s, ProbeTimeout 500 ms, GossipNodes 3).
 */
export function defaultHeartbeatParams(design: HeartbeatDesign): HeartbeatParams {
  switch (design) {
    case 'hierarchical':
      // τ_leaf = 200 ms; an agent probes all its endpoints at once.
      return { ...COMMON, design, periodS: 1, timeoutS: 0.2, fanout: 65 };
    case 'flat-async':
      // One poller, every probe in flight at once, a 1 s deadline for the round.
      return { ...COMMON, design, periodS: 1, timeoutS: 1, fanout: 1_000_000 };
    case 'flat-sequential':
      // One RPC at a time; a dead endpoint costs the full 1 s deadline.
      return { ...COMMON, design, periodS: 1, timeoutS: 1, fanout: 1 };
    case 'gossip':
      return { ...COMMON, design, periodS: 1, timeoutS: 0.5, fanout: 3 };
  }
}

/** The SWIM paper's expected time to first detection by some member: T · e / (e − 1) ≈ 1.58 T. */
export const swimFirstDetectionS = (periodS: number): number => (periodS * Math.E) / (Math.E - 1);

/**
 * memberlist `suspicionTimeout`: SuspicionMult × max(1, log10 N) × T. memberlist converts the
 * node scale × 1000 to an integer Duration before scaling, so it is truncated to 1/1000 of T.
 */
export function suspicionTimeoutS(suspicionMult: number, n: number, periodS: number): number {
  const nodeScale = Math.max(1, Math.log10(Math.max(1, n)));
  return (suspicionMult * Math.trunc(nodeScale * 1000) * periodS) / 1000;
}

/** memberlist `retransmitLimit`: RetransmitMult × ceil(log10(N + 1)). */
export const retransmitLimit = (retransmitMult: number, n: number): number =>
  retransmitMult * Math.ceil(Math.log10(n + 1));

/** memberlist `pushPullScale`: the interval × (ceil(log2 N − log2 32) + 1) above 32 nodes. */
export function pushPullIntervalS(intervalS: number, n: number): number {
  if (n <= 32) return intervalS;
  return intervalS * (Math.ceil(Math.log2(n) - Math.log2(32)) + 1);
}

/**
 * memberlist `remainingSuspicionTime`: the Lifeguard suspicion timer starts at `max` and shrinks
 * towards `min` as independent confirmations arrive: max − log(n + 1) / log(k + 1) × (max − min),
 * never below `min`, minus the time already elapsed. k = SuspicionMult − 2.
 */
export function remainingSuspicionS(
  confirmations: number,
  k: number,
  elapsedS: number,
  minS: number,
  maxS: number,
): number {
  const frac = k > 0 ? Math.log(confirmations + 1) / Math.log(k + 1) : 1;
  const timeout = Math.max(minS, maxS - frac * (maxS - minS));
  return timeout - elapsedS;
}

/** Infection-style dissemination rounds: log_(f+1) N + ln N / f (reference §3.2). */
export function disseminationRounds(n: number, fanout: number): number {
  if (n <= 1) return 0;
  return Math.log(n) / Math.log(fanout + 1) + Math.log(n) / fanout;
}

export interface GossipFigures {
  readonly firstDetectionSeconds: number;
  readonly suspicionMinSeconds: number;
  readonly suspicionMaxSeconds: number;
  readonly retransmits: number;
  readonly pushPullSeconds: number;
  readonly disseminationSeconds: number;
}

export interface HeartbeatEstimate {
  readonly design: HeartbeatDesign;
  readonly endpoints: number;
  /** Hierarchical: cabinet agents; flat: 1 poller; gossip: every member probes. */
  readonly probers: number;
  /** One round: every endpoint probed once and the result known to the UBM. */
  readonly roundSeconds: number;
  /** max(period, round): rounds never overlap. */
  readonly cycleSeconds: number;
  /** Failure → declared, best case (fault just before its probe). */
  readonly detectionMinSeconds: number;
  /** Failure → declared, expected (fault at a uniformly random moment). */
  readonly detectionTypicalSeconds: number;
  /** Failure → declared, worst case. */
  readonly detectionSeconds: number;
  readonly probesPerSecond: number;
  /** Messages the single collecting node handles per round (poller, UBM), gossip: 0. */
  readonly messagesAtRootPerRound: number;
  readonly targetSeconds: number;
  /** Round and worst-case detection both under the SR-3 target. */
  readonly meetsTarget: boolean;
  readonly gossip?: GossipFigures;
}

/**
 * One heartbeat round and the detection time at `scale.endpoints`, with `deadEndpoints` endpoints
 * already dead and still probed (they cost the sequential poller a full deadline each).
 */
export function heartbeatEstimate(
  params: HeartbeatParams,
  scale: HeartbeatScale,
  deadEndpoints = 0,
): HeartbeatEstimate {
  const n = Math.max(1, scale.endpoints);
  const { periodS: P, timeoutS: tau, probeCpuS: s, rttS: r } = params;
  const base = {
    design: params.design,
    endpoints: scale.endpoints,
    targetSeconds: HEARTBEAT_TARGET_SECONDS,
  };
  const finish = (
    e: Omit<HeartbeatEstimate, 'design' | 'endpoints' | 'targetSeconds' | 'meetsTarget'>,
  ): HeartbeatEstimate => ({
    ...base,
    ...e,
    meetsTarget:
      e.roundSeconds < HEARTBEAT_TARGET_SECONDS && e.detectionSeconds < HEARTBEAT_TARGET_SECONDS,
  });
  switch (params.design) {
    case 'hierarchical': {
      // Each agent probes its endpoints in batches of `fanout`, waits out the deadline, and sends
      // a digest; the UBM merges one digest per agent.
      const perAgent = Math.max(1, scale.endpointsPerAgent);
      const batches = Math.ceil(perAgent / Math.max(1, params.fanout));
      const leaf = perAgent * s + batches * tau;
      const aggregate = scale.agents * params.digestS;
      const round = leaf + aggregate;
      const cycle = Math.max(P, round);
      return finish({
        probers: scale.agents,
        roundSeconds: round,
        cycleSeconds: cycle,
        detectionMinSeconds: round,
        detectionTypicalSeconds: cycle / 2 + round,
        detectionSeconds: cycle + round,
        probesPerSecond: (scale.agents * perAgent) / cycle,
        messagesAtRootPerRound: scale.agents,
      });
    }
    case 'flat-async': {
      // T ≈ N·s + r + τ: the poller sends every probe (in windows of `fanout`), then waits τ.
      const windows = Math.ceil(n / Math.max(1, params.fanout));
      const round = n * s + windows * r + tau;
      const cycle = Math.max(P, round);
      return finish({
        probers: 1,
        roundSeconds: round,
        cycleSeconds: cycle,
        detectionMinSeconds: r + tau,
        detectionTypicalSeconds: cycle / 2 + round,
        detectionSeconds: cycle + round,
        probesPerSecond: n / cycle,
        messagesAtRootPerRound: 2 * n,
      });
    }
    case 'flat-sequential': {
      // T ≈ N·r + f·τ: one RPC at a time (or `fanout` at a time), each dead endpoint waits τ.
      const lanes = Math.max(1, params.fanout);
      const round = (n * r + deadEndpoints * tau) / lanes;
      const cycle = Math.max(P, round);
      return finish({
        probers: 1,
        roundSeconds: round,
        cycleSeconds: cycle,
        detectionMinSeconds: tau,
        detectionTypicalSeconds: cycle / 2 + tau,
        detectionSeconds: cycle + tau,
        probesPerSecond: n / cycle,
        messagesAtRootPerRound: 2 * n,
      });
    }
    case 'gossip': {
      const firstDetection = swimFirstDetectionS(P);
      const suspicionMin = suspicionTimeoutS(params.suspicionMult, n, P);
      const suspicionMax = params.suspicionMaxTimeoutMult * suspicionMin;
      const dissemination = disseminationRounds(n, params.fanout) * params.gossipIntervalS;
      // Each member probes one random member per period: a given member escapes all N probes of
      // a period with probability ≈ 1/e, so every member has been probed after ≈ ln N periods.
      const round = Math.max(1, Math.log(n)) * P;
      return finish({
        probers: n,
        roundSeconds: round,
        cycleSeconds: P,
        detectionMinSeconds: tau + suspicionMin,
        detectionTypicalSeconds: firstDetection + tau + suspicionMin,
        detectionSeconds: firstDetection + tau + suspicionMax,
        probesPerSecond: n / P,
        messagesAtRootPerRound: 0,
        gossip: {
          firstDetectionSeconds: firstDetection,
          suspicionMinSeconds: suspicionMin,
          suspicionMaxSeconds: suspicionMax,
          retransmits: retransmitLimit(params.retransmitMult, n),
          pushPullSeconds: pushPullIntervalS(params.pushPullIntervalS, n),
          disseminationSeconds: dissemination,
        },
      });
    }
  }
}

/**
 * The hierarchical layout at N endpoints, as the default super-node scales: one agent per compute
 * cabinet of 64 NPUs (+1 backup) and one per interconnect cabinet, one interconnect cabinet per
 * four compute cabinets (128 + 32 = 160 agents at 8,192).
 */
export function scaleAt(endpoints: number): HeartbeatScale {
  const cabinets = Math.ceil(endpoints / 64);
  return { endpoints, agents: cabinets + Math.ceil(cabinets / 4), endpointsPerAgent: 65 };
}

/** Cluster sizes for the "how does it grow" chart: 64 … 65,536 endpoints, doubling. */
export const HEARTBEAT_CHART_SIZES: readonly number[] = Array.from(
  { length: 11 },
  (_, i) => 64 << i,
);

/** The estimate at every size, for a chart of round and detection time against N. */
export function heartbeatSeries(
  params: HeartbeatParams,
  sizes: readonly number[] = HEARTBEAT_CHART_SIZES,
): HeartbeatEstimate[] {
  return sizes.map((n) => heartbeatEstimate(params, scaleAt(n)));
}

// ---------------------------------------------------------------------------------------------
// Scheduling detections in sim time (event-driven: no probe is simulated)

/** The first instant ≥ `t` at which an endpoint probed every `cycle` from `phase` is probed. */
export function nextProbeAt(t: number, phase: number, cycle: number): number {
  if (cycle <= 0) return t;
  const k = Math.ceil((t - phase) / cycle);
  return phase + Math.max(0, k) * cycle;
}

/** A Geometric(p) draw ≥ 1 from a uniform u ∈ [0, 1). */
export const geometricDraw = (p: number, u: number): number =>
  p >= 1 ? 1 : 1 + Math.floor(Math.log(1 - u) / Math.log(1 - p));

export interface GossipDetection {
  /** Some member's probe (and its indirect probes) went unanswered: the member is suspect. */
  readonly suspectedS: number;
  /** The suspicion timer fired: the member is declared dead. */
  readonly declaredS: number;
  readonly confirmations: number;
}

/**
 * One SWIM + Lifeguard detection of a member that dies at `t0S`, drawn from `uniform` (a seeded
 * stream of numbers in [0, 1)). Each period every member probes one other at random, so the dead
 * one is probed by someone with p = 1 − (1 − 1/(n − 1))^(n − 1) ≈ 1 − 1/e per period (expected
 * first detection T·e/(e − 1)); after the ProbeTimeout it is suspect. Other members' own failed
 * probes arrive as confirmations (about one per period) and shrink the suspicion timer from its
 * max to its min after k = SuspicionMult − 2 of them (memberlist sets k = 0 when n − 2 < k).
 * Without Lifeguard the timer is fixed at the min.
 */
export function sampleGossipDetection(
  params: HeartbeatParams,
  n: number,
  t0S: number,
  uniform: () => number,
): GossipDetection {
  const T = params.periodS;
  const members = Math.max(2, n);
  const p = 1 - Math.pow(1 - 1 / (members - 1), members - 1);
  const periods = geometricDraw(p, uniform());
  const suspectedS = t0S + periods * T + params.timeoutS;
  const minS = suspicionTimeoutS(params.suspicionMult, members, T);
  if (!params.lifeguard) return { suspectedS, declaredS: suspectedS + minS, confirmations: 0 };
  const maxS = params.suspicionMaxTimeoutMult * minS;
  let k = params.suspicionMult - 2;
  if (members - 2 < k) k = 0;
  let confirmedAt = suspectedS;
  for (let confirmations = 0; ; confirmations++) {
    const fireAt = Math.max(
      confirmedAt,
      suspectedS + remainingSuspicionS(confirmations, k, 0, minS, maxS),
    );
    if (confirmations >= k) return { suspectedS, declaredS: fireAt, confirmations };
    // Independent confirmations: about one failed probe per period from other members.
    const next = confirmedAt - T * Math.log(1 - uniform());
    if (fireAt <= next) return { suspectedS, declaredS: fireAt, confirmations };
    confirmedAt = next;
  }
}
