import { z } from 'zod';

/**
 * Scenario format v1: a public API. A scenario names a hardware profile, a seed, engine settings,
 * workloads and a timeline of events; operator actions in the console are timeline events too, so
 * a session is always `scenario + actions` and replays exactly.
 *
 * The fault kinds, the fault timing fields, the workloads' `isolation`, `engines.fabric` and
 * `engines.infernex` were added to v1 without a version bump: each is a new union member or an optional field, so every
 * file valid before stays valid and means the same.
 */
export const SCENARIO_VERSION = 1;

const entityId = z.string().min(1).max(200);
const seconds = z.number().finite().nonnegative();

/** How much of the fabric an isolation takes out of service (SR-5). */
export const ISOLATION_GRANULARITIES = ['device', 'server', 'cabinet'] as const;
export type IsolationGranularity = (typeof ISOLATION_GRANULARITIES)[number];

export const workloadSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    kind: z.enum(['training', 'inference']),
    /** Compute cabinets the workload occupies, as ids or ranges `cab-000..cab-063`. */
    cabinets: z.array(z.string().min(1)).min(1),
    /** Mean compute utilisation in its compute phase, 0…1. */
    utilisation: z.number().min(0).max(1),
    /** HBM each NPU of the workload holds, GB. */
    hbmGB: z.number().nonnegative(),
    /** Length of one iteration (training step or decode batch), seconds. */
    stepSeconds: z.number().positive().max(3600),
    /** Share of an iteration spent communicating (links busy, compute idle), 0…1. */
    commFraction: z.number().min(0).max(1),
    /** Link utilisation during the communication phase, 0…1. */
    commLinkLoad: z.number().min(0).max(1),
    /**
     * Isolation granularity of the workload's SLA class (SR-5). Absent: the fabric settings'
     * default for the workload's kind.
     */
    isolation: z.enum(ISOLATION_GRANULARITIES).optional(),
  })
  .strict();

const eventBase = {
  atSeconds: seconds,
  /** Who put the event on the timeline: the scenario's author or an operator at the console. */
  by: z.enum(['scenario', 'operator']).default('scenario'),
  note: z.string().max(500).optional(),
};

/**
 * When a fault ends and whether it comes back. Without `durationSeconds` it lasts until a repair
 * event; with `repeat` it happens `times` times in all, `everySeconds` apart (start to start).
 */
const faultTiming = {
  durationSeconds: z.number().finite().positive().max(1e7).optional(),
  repeat: z
    .object({
      everySeconds: z.number().finite().positive().max(1e7),
      times: z.number().int().min(2).max(1000),
    })
    .strict()
    .optional(),
};

type FaultTiming = { durationSeconds?: number; repeat?: { everySeconds: number } };
const repeatNeedsDuration = {
  check: (e: FaultTiming) =>
    e.repeat === undefined ||
    (e.durationSeconds !== undefined && e.durationSeconds < e.repeat.everySeconds),
  issue: {
    message:
      'a recurring fault needs a durationSeconds shorter than repeat.everySeconds (each occurrence ends before the next starts)',
    path: ['durationSeconds'],
  },
};

const faultObject = <K extends string, S extends z.ZodRawShape>(kind: K, extra: S) =>
  z
    .object({ ...eventBase, kind: z.literal(kind), target: entityId, ...faultTiming, ...extra })
    .strict();

const fault = <K extends string>(kind: K) =>
  faultObject(kind, {}).refine(repeatNeedsDuration.check, repeatNeedsDuration.issue);

/** Fault kinds: each starts a fault with a life cycle in the fabric engine. */
export const FAULT_KINDS = [
  'npu-fail',
  'link-fail',
  'link-degrade',
  'link-flap',
  'server-down',
  'cabinet-power-loss',
  'switch-down',
  'agent-loss',
  'pod-cut',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const timelineEventSchema = z.discriminatedUnion('kind', [
  /** An NPU fails; the cabinet's backup NPU can take over (UB-Mesh §3.3.2). */
  fault('npu-fail'),
  z.object({ ...eventBase, kind: z.literal('npu-repair'), target: entityId }).strict(),
  /** A link goes down. */
  fault('link-fail'),
  z.object({ ...eventBase, kind: z.literal('link-repair'), target: entityId }).strict(),
  /** A link keeps running at a fraction of its bandwidth (lanes lost, errors, retraining). */
  faultObject('link-degrade', { bandwidthFraction: z.number().gt(0).lt(1) }).refine(
    repeatNeedsDuration.check,
    repeatNeedsDuration.issue,
  ),
  /** A link goes down for `downSeconds` every `flapPeriodSeconds`, until dampened or repaired. */
  faultObject('link-flap', {
    flapPeriodSeconds: z.number().finite().positive().max(3600),
    downSeconds: z.number().finite().positive().max(3600),
  })
    .refine(repeatNeedsDuration.check, repeatNeedsDuration.issue)
    .refine((e) => e.downSeconds < e.flapPeriodSeconds, {
      message: 'must be shorter than flapPeriodSeconds (a flapping link is up part of the time)',
      path: ['downSeconds'],
    }),
  /** A server (its 8 NPUs and host) goes down. */
  fault('server-down'),
  /** A compute cabinet loses power: its NPUs, backup NPU and cabinet switch. */
  fault('cabinet-power-loss'),
  /** A switch goes down: an interconnect cabinet's spine switch, or a cabinet switch. */
  fault('switch-down'),
  /** A cabinet's UBM agent stops reporting: its endpoints are unmonitored, traffic is unaffected. */
  fault('agent-loss'),
  /** A pod loses every spine link: it is cut off from the other pods. */
  fault('pod-cut'),
  /** Ends every active fault whose target is this entity. */
  z.object({ ...eventBase, kind: z.literal('repair'), target: entityId }).strict(),
  z
    .object({
      ...eventBase,
      kind: z.literal('workload-load'),
      target: z.string().min(1),
      utilisation: z.number().min(0).max(1),
    })
    .strict(),
]);

// ---------------------------------------------------------------------------------------------
// Fabric engine settings. Every field is optional: the engine fills in the documented defaults
// (src/engines/fabric/settings.ts), so a scenario states only what it changes.

export const HEARTBEAT_DESIGNS = [
  'hierarchical',
  'flat-async',
  'flat-sequential',
  'gossip',
] as const;
export type HeartbeatDesign = (typeof HEARTBEAT_DESIGNS)[number];

export const TRAFFIC_PATTERNS = [
  'none',
  'uniform',
  'permutation',
  'cabinet-all-to-all',
  'hot-spot',
] as const;
export type TrafficPattern = (typeof TRAFFIC_PATTERNS)[number];

export const MULTIPATH_POLICIES = ['ecmp', 'apr'] as const;
export type MultipathPolicy = (typeof MULTIPATH_POLICIES)[number];

export const ROUTING_TABLES = ['structured', 'flat'] as const;
export type RoutingTables = (typeof ROUTING_TABLES)[number];

export const NOTIFICATION_MODES = ['direct', 'flooding'] as const;
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];

const ms = z.number().finite().positive().max(3_600_000);

export const fabricSettingsSchema = z
  .object({
    heartbeat: z
      .object({
        design: z.enum(HEARTBEAT_DESIGNS).optional(),
        /** Probe period: how often each endpoint is probed (gossip: the protocol period). */
        periodMs: ms.optional(),
        /** Probe deadline (hierarchical: the agent's; flat: the poller's; gossip: ProbeTimeout). */
        timeoutMs: ms.optional(),
        /** Probes in flight at once (flat, hierarchical per agent); gossip: nodes gossiped to. */
        fanout: z.number().int().min(1).max(1_000_000).optional(),
        /** Gossip only (memberlist): suspicion timeout multiplier and its max multiplier. */
        suspicionMult: z.number().int().min(1).max(100).optional(),
        suspicionMaxTimeoutMult: z.number().int().min(1).max(100).optional(),
        /** Gossip only: dissemination interval. */
        gossipIntervalMs: ms.optional(),
        /** Gossip only: Lifeguard (indirect probes refute false suspicions, dynamic suspicion). */
        lifeguard: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** Default isolation granularity per workload kind, and for cabinets no workload uses. */
    isolation: z
      .object({
        training: z.enum(ISOLATION_GRANULARITIES).optional(),
        inference: z.enum(ISOLATION_GRANULARITIES).optional(),
        idle: z.enum(ISOLATION_GRANULARITIES).optional(),
      })
      .strict()
      .optional(),
    routing: z
      .object({
        tables: z.enum(ROUTING_TABLES).optional(),
        multipath: z.enum(MULTIPATH_POLICIES).optional(),
        notification: z.enum(NOTIFICATION_MODES).optional(),
      })
      .strict()
      .optional(),
    traffic: z
      .object({
        pattern: z.enum(TRAFFIC_PATTERNS).optional(),
        /** Offered load of each source NPU, GB/s (split evenly over its flows). */
        offeredGBps: z.number().finite().nonnegative().max(10_000).optional(),
        /** hot-spot: the NPU every source sends part of its traffic to. */
        hotSpot: entityId.optional(),
        /** hot-spot: the share of each source's traffic that goes to the hot spot, 0…1. */
        hotSpotShare: z.number().min(0).max(1).optional(),
      })
      .strict()
      .optional(),
    timing: z
      .object({
        /** Link-layer loss-of-signal detection at a link's ends. */
        linkDetectMs: ms.optional(),
        /** Time to isolate once detected, by granularity. */
        isolateDeviceMs: ms.optional(),
        isolateServerMs: ms.optional(),
        isolateCabinetMs: ms.optional(),
        /** Down transitions after which a flapping link is dampened (held down and isolated). */
        flapDampenCount: z.number().int().min(1).max(1000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type FabricSettingsInput = z.infer<typeof fabricSettingsSchema>;

// ---------------------------------------------------------------------------------------------
// InferNex serving fleet. Optional: a scenario without it runs the fabric alone. Every field but
// the block itself has a default (below), so `"infernex": {}` is a complete fleet.

/** Traces shipped with the twin (public/traces). */
export const SERVING_TRACES = ['conversation', 'azure-code'] as const;
export type ServingTraceName = (typeof SERVING_TRACES)[number];

export const SERVING_MODES = ['agg', 'pd'] as const;
export const SERVING_PLACEMENTS = ['same-server', 'cross-server'] as const;

/** A seeded synthetic trace (the engine's generator: sessions sharing system prompts). */
export const syntheticTraceSchema = z
  .object({
    requests: z.number().int().min(1).max(1_000_000),
    /** Mean arrival rate, requests per second. */
    ratePerS: z.number().finite().positive().max(100_000),
    arrival: z.enum(['poisson', 'bursty']).default('poisson'),
    burstFactor: z.number().finite().min(1).max(100).optional(),
    systemPrompts: z.number().int().min(1).max(10_000).optional(),
    systemPromptBlocks: z.number().int().min(0).max(1_000).optional(),
    meanTurns: z.number().finite().min(1).max(1_000).optional(),
    meanUserTokens: z.number().finite().min(1).max(1_000_000).optional(),
    meanOutputTokens: z.number().finite().min(1).max(1_000_000).optional(),
  })
  .strict();

export const servingSettingsSchema = z
  .object({
    /** A shipped trace by name, or `{ "synthetic": { … } }`. */
    trace: z
      .union([z.enum(SERVING_TRACES), z.object({ synthetic: syntheticTraceSchema }).strict()])
      .optional(),
    /** Replay only the first N requests of the trace. */
    limit: z.number().int().min(1).max(10_000_000).optional(),
    /** Sim time at which the trace's clock starts, seconds (its arrivals are shifted this late). */
    startSeconds: seconds.max(1e7).optional(),
    /** Model id of the engine's data (e.g. `llama3-8b`, `llama2-70b`). */
    model: z.string().min(1).max(100).optional(),
    /** Accelerator calibration id; absent: the profile's own accelerator. */
    accelerator: z.string().min(1).max(100).optional(),
    /** Tensor-parallel size: accelerators per instance. */
    tp: z.number().int().min(1).max(64).optional(),
    instances: z.number().int().min(1).max(4096).optional(),
    mode: z.enum(SERVING_MODES).optional(),
    /** PD: how many of the instances prefill (default half, rounded up). */
    prefillInstances: z.number().int().min(1).max(4095).optional(),
    /** PD: prefill and decode instances side by side on a server, or in two blocks. */
    placement: z.enum(SERVING_PLACEMENTS).optional(),
    /** Router policy name (e.g. `least-load`, `hermes`, `mooncake`). */
    policy: z.string().min(1).max(100).optional(),
    /** Compute cabinets the fleet is placed on, as ids or ranges; absent: the whole cluster, in order. */
    cabinets: z.array(z.string().min(1)).min(1).optional(),
    /** Times a request of a stopped instance is re-routed before it counts as failed. */
    maxReroutes: z.number().int().min(0).max(100).optional(),
    slo: z
      .object({
        ttftS: z.number().finite().positive().max(3600),
        tpotS: z.number().finite().positive().max(60),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine(
    (s) =>
      s.prefillInstances === undefined ||
      (s.mode === 'pd' && s.prefillInstances < (s.instances ?? SERVING_DEFAULTS.instances)),
    {
      message:
        'prefillInstances needs mode "pd" and fewer prefill instances than instances (at least one decode)',
      path: ['prefillInstances'],
    },
  )
  .refine((s) => s.placement === undefined || s.mode === 'pd', {
    message: 'placement applies to mode "pd" only',
    path: ['placement'],
  })
  .refine((s) => s.mode !== 'pd' || (s.instances ?? SERVING_DEFAULTS.instances) >= 2, {
    message: 'mode "pd" needs at least 2 instances (one prefill, one decode)',
    path: ['instances'],
  });

export type ServingSettingsInput = z.infer<typeof servingSettingsSchema>;

/** What an absent field of `engines.infernex` means (the InferNex panel's own defaults). */
export const SERVING_DEFAULTS = {
  trace: 'conversation' as ServingTraceName,
  model: 'llama3-8b',
  tp: 2,
  instances: 16,
  mode: 'agg' as (typeof SERVING_MODES)[number],
  placement: 'same-server' as (typeof SERVING_PLACEMENTS)[number],
  policy: 'least-load',
  maxReroutes: 2,
  startSeconds: 0,
};

export const scenarioSchema = z
  .object({
    version: z.literal(SCENARIO_VERSION),
    name: z.string().min(1).max(200),
    description: z.string().max(4000).default(''),
    profile: z.string().min(1),
    seed: z.number().int().min(0).max(0xffffffff),
    /** Lockstep slice of simulated time, milliseconds. */
    sliceMs: z.number().int().min(1).max(60_000).default(100),
    /** How long the scenario is meant to run, seconds (the clock's horizon). */
    durationSeconds: seconds.default(3600),
    /** Per-engine settings; absent fields take each engine's documented defaults. */
    engines: z
      .object({
        fabric: fabricSettingsSchema.optional(),
        /** The InferNex serving fleet, advanced in lockstep beside the fabric. */
        infernex: servingSettingsSchema.optional(),
      })
      .strict()
      .optional(),
    workloads: z.array(workloadSchema).default([]),
    timeline: z.array(timelineEventSchema).default([]),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Workload = z.infer<typeof workloadSchema>;
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
export type TimelineEventKind = TimelineEvent['kind'];
export type FaultEvent = Extract<TimelineEvent, { kind: FaultKind }>;

export const isFaultEvent = (event: TimelineEvent): event is FaultEvent =>
  (FAULT_KINDS as readonly string[]).includes(event.kind);
