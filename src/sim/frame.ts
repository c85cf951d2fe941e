import type {
  FaultKind,
  HeartbeatDesign,
  IsolationGranularity,
  MultipathPolicy,
  TrafficPattern,
} from './scenario';
import type { SimTimeUs } from './time';

/** Health of a device as the fabric sees it. */
export const Health = {
  Healthy: 0,
  Suspect: 1,
  Failed: 2,
  Isolated: 3,
  BackupInUse: 4,
} as const;
export type Health = (typeof Health)[keyof typeof Health];
export const HEALTH_NAMES: Readonly<Record<Health, string>> = {
  0: 'healthy',
  1: 'suspect',
  2: 'failed',
  3: 'isolated',
  4: 'backup in use',
};

/** State of a link as the fabric sees it. */
export const LinkState = {
  Up: 0,
  /** Down: its own fault, or an end device is down. */
  Down: 1,
  /** Running at a fraction of its bandwidth. */
  Degraded: 2,
  /** Going down and up (in either phase right now). */
  Flapping: 3,
  /** Taken out of service by the control plane (drained or dampened). */
  Isolated: 4,
} as const;
export type LinkState = (typeof LinkState)[keyof typeof LinkState];
export const LINK_STATE_NAMES: Readonly<Record<LinkState, string>> = {
  0: 'up',
  1: 'down',
  2: 'degraded',
  3: 'flapping',
  4: 'isolated',
};

/**
 * The life cycle of a fault (SR-3 … SR-5): injected → (suspected) → detected → isolated →
 * notified (the topology-change event reaches hosts and applications) → rerouted → repaired.
 * A step that does not apply to a fault is absent from its record (an agent loss reroutes
 * nothing; a fault repaired before anyone noticed has only injected and repaired).
 */
export const FAULT_STEPS = [
  'injected',
  'suspected',
  'detected',
  'isolated',
  'notified',
  'rerouted',
  'repaired',
] as const;
export type FaultStep = (typeof FAULT_STEPS)[number];

export interface FaultStepTime {
  readonly step: FaultStep;
  readonly timeUs: SimTimeUs;
}

/** One fault (one occurrence of a recurring one) and where it is in its life cycle. */
export interface FaultRecord {
  /** `F1`, `F2`, … in the order faults were injected. */
  readonly id: string;
  readonly kind: FaultKind;
  /** The entity id the fault hit, as the timeline event names it. */
  readonly target: string;
  readonly by: 'scenario' | 'operator';
  /** 1-based occurrence of a recurring fault, and how many there will be in all. */
  readonly occurrence: number;
  readonly occurrences: number;
  /** Every step reached so far, in order. */
  readonly steps: readonly FaultStepTime[];
  readonly current: FaultStep;
  /** False once repaired. */
  readonly active: boolean;
  /** When the fault's duration ends it, if it has one. */
  readonly endsUs?: SimTimeUs;
  /** What was isolated: the SLA granularity used and how many devices and links. */
  readonly granularity?: IsolationGranularity;
  readonly isolatedDevices: number;
  readonly isolatedLinks: number;
  /** The backup NPU that stands (or stood) in for the failed one. */
  readonly backup?: string;
  readonly hostsNotified: number;
  readonly reroutedFlows: number;
  /** Flows left without any path after the reroute. */
  readonly unroutableFlows: number;
  /** One line on what the fault does, e.g. "bandwidth 25 %". */
  readonly detail: string;
}

/** The heartbeat / detection dashboard's numbers, now. */
export interface HeartbeatStatus {
  readonly design: HeartbeatDesign;
  readonly endpoints: number;
  /** Agents (hierarchical), the poller (flat) or every member (gossip). */
  readonly probers: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  /** One round now (the sequential poller slows down with every dead endpoint). */
  readonly roundSeconds: number;
  readonly detectionMinSeconds: number;
  readonly detectionTypicalSeconds: number;
  readonly detectionSeconds: number;
  readonly targetSeconds: number;
  readonly meetsTarget: boolean;
  readonly roundsCompleted: number;
  readonly probesSent: number;
  /** Faults detected so far, and suspicions of endpoints that were in fact alive. */
  readonly detections: number;
  readonly falseSuspicions: number;
  /** Endpoints whose agent is lost (not monitored), and dead endpoints still probed. */
  readonly unmonitoredEndpoints: number;
  readonly deadEndpoints: number;
  /** Means over the faults that reached the step: injected → detected, injected → isolated. */
  readonly meanTimeToDetectSeconds: number;
  readonly meanTimeToIsolateSeconds: number;
}

/** Background traffic now (absent when the scenario runs none). */
export interface TrafficStatus {
  readonly pattern: TrafficPattern;
  readonly policy: MultipathPolicy;
  readonly flows: number;
  readonly stalledFlows: number;
  readonly reroutedFlows: number;
  readonly unroutableFlows: number;
  readonly meanLinkLoad: number;
  readonly maxLinkLoad: number;
  /** Max ÷ mean utilisation over the links that carry traffic. */
  readonly hotLinkFactor: number;
  /** Busiest links first: link index and utilisation (may exceed 1: offered more than fits). */
  readonly hotLinks: readonly { readonly link: number; readonly load: number }[];
}

/** A flow the reroute of a fault moved: its path before and after, as link indices. */
export interface RerouteSample {
  readonly faultId: string;
  readonly fromNode: number;
  readonly toNode: number;
  readonly before: readonly number[];
  /** Absent when the flow was left with no path. */
  readonly after?: readonly number[];
}

export interface SeriesPoint {
  readonly series: string;
  readonly timeUs: SimTimeUs;
  readonly value: number;
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEvent {
  readonly timeUs: SimTimeUs;
  readonly level: LogLevel;
  readonly source: string;
  /** Entity ids the event concerns, so the console can select them. */
  readonly targets: readonly string[];
  readonly message: string;
  /** The fault the event belongs to, if any. */
  readonly faultId?: string;
  /** The life-cycle step it records, if any. */
  readonly step?: FaultStep;
}

/**
 * What the fabric engine hands the UI after an advance: per-NPU and per-link state as typed arrays
 * (moved as transferables, never copied per element), plus the series points and log events
 * produced since the previous frame.
 */
export interface FabricFrame {
  readonly engine: 'fabric';
  readonly timeUs: SimTimeUs;
  /** Per accelerator: `Health`. */
  readonly npuHealth: Uint8Array;
  /** Per accelerator: compute utilisation 0…1. */
  readonly npuLoad: Float32Array;
  /** Per accelerator: HBM in use, GB. */
  readonly npuHbmUsedGB: Float32Array;
  /** Per link: 1 up, 0 down. */
  readonly linkUp: Uint8Array;
  /** Per link: utilisation 0…1 of its per-direction bandwidth. */
  readonly linkLoad: Float32Array;
  readonly series: readonly SeriesPoint[];
  readonly log: readonly LogEvent[];

  // The fields below are always set by the fabric engine. They are optional so that frames built
  // by hand (tests, harnesses) written before them still type-check.

  /** Per routing node (accelerators, backups, switches): `Health`. A backup standing in is BackupInUse. */
  readonly nodeHealth?: Uint8Array;
  /** Per link: `LinkState`. */
  readonly linkState?: Uint8Array;
  /** Every fault so far (the most recent `MAX_FRAME_FAULTS`), oldest first. */
  readonly faults?: readonly FaultRecord[];
  readonly heartbeat?: HeartbeatStatus;
  readonly traffic?: TrafficStatus;
  /** A few flows each active fault's reroute moved, for drawing the reroute of a path. */
  readonly reroutes?: readonly RerouteSample[];
}

/** Fault records a frame carries at most: the oldest ended ones drop off first. */
export const MAX_FRAME_FAULTS = 1000;

/**
 * What InferNex hands the console after an advance: per-instance state as typed arrays, the
 * accelerators each instance occupies (to colour them in the 3D view and walk from a TTFT spike to
 * its instances and NPUs), per-NPU utilisation, running totals, and the series and log since the
 * previous frame.
 */
export interface InferNexFrame {
  readonly engine: 'infernex';
  readonly timeUs: SimTimeUs;
  readonly instanceCount: number;
  /** Per instance: role code (`INSTANCE_ROLE_CODE` in engines/infernex: 0 mixed, 1 prefill, 2 decode). */
  readonly instanceRole: Uint8Array;
  /** Per instance: `InstanceStatus` (engines/infernex: 0 serving, 1 down, 2 off, 3 starting). */
  readonly instanceStatus: Uint8Array;
  /** Per instance: requests waiting. */
  readonly instanceQueue: Float32Array;
  /** Per instance: sequences in the step in flight (0 when idle). */
  readonly instanceBatch: Float32Array;
  /** Per instance: requests admitted (prefilling or decoding). */
  readonly instanceRunning: Float32Array;
  /** Per instance: KV in use / capacity, 0…1. */
  readonly instanceKvUtilisation: Float32Array;
  /** Per instance: prompt blocks served from cache / prompt blocks admitted, since the start. */
  readonly instanceHitRate: Float32Array;
  /** Per instance: busy share of the time since the previous frame, 0…1. */
  readonly instanceUtilisation: Float32Array;
  /** Accelerators of instance i: `instanceNpus[instanceNpuOffset[i] … instanceNpuOffset[i + 1])`. */
  readonly instanceNpus: Uint32Array;
  readonly instanceNpuOffset: Uint32Array;
  /** Per cluster accelerator: the instance on it, or −1. */
  readonly npuInstance: Int32Array;
  /** Per cluster accelerator: its instance's busy share since the previous frame. */
  readonly npuUtilisation: Float32Array;
  readonly arrived: number;
  readonly completed: number;
  readonly failed: number;
  readonly inFlight: number;
  /** Instances down now (an accelerator under them is down). */
  readonly instancesDown: number;
  /** Requests handed back to the router / failed because their instance stopped, since the start. */
  readonly reroutedOnFault: number;
  readonly failedOnFault: number;
  /** Time to first token of the requests that got one so far, seconds (0 before the first). */
  readonly ttftMeanS: number;
  readonly ttftP99S: number;
  /** Timeline faults in effect now, as this engine sees them. */
  readonly activeFaults: number;
  readonly series: readonly SeriesPoint[];
  readonly log: readonly LogEvent[];
}

/** Every engine's frame, told apart by `engine`. */
export type EngineFrame = FabricFrame | InferNexFrame;

/** The typed arrays of a frame, for `postMessage` transfer lists. */
export function frameBuffers(frame: EngineFrame): ArrayBuffer[] {
  if (frame.engine === 'infernex')
    return [
      frame.instanceRole,
      frame.instanceStatus,
      frame.instanceQueue,
      frame.instanceBatch,
      frame.instanceRunning,
      frame.instanceKvUtilisation,
      frame.instanceHitRate,
      frame.instanceUtilisation,
      frame.instanceNpus,
      frame.instanceNpuOffset,
      frame.npuInstance,
      frame.npuUtilisation,
    ].map((a) => a.buffer as ArrayBuffer);
  const arrays: ArrayBufferView[] = [
    frame.npuHealth,
    frame.npuLoad,
    frame.npuHbmUsedGB,
    frame.linkUp,
    frame.linkLoad,
  ];
  if (frame.nodeHealth) arrays.push(frame.nodeHealth);
  if (frame.linkState) arrays.push(frame.linkState);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
