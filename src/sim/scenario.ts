import { z } from 'zod';

/**
 * Scenario format v1: a public API. A scenario names a hardware profile, a seed, engine settings,
 * workloads and a timeline of events; operator actions in the console are timeline events too, so
 * a session is always `scenario + actions` and replays exactly.
 */
export const SCENARIO_VERSION = 1;

const entityId = z.string().min(1).max(200);
const seconds = z.number().finite().nonnegative();

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
  })
  .strict();

const eventBase = {
  atSeconds: seconds,
  /** Who put the event on the timeline: the scenario's author or an operator at the console. */
  by: z.enum(['scenario', 'operator']).default('scenario'),
  note: z.string().max(500).optional(),
};

export const timelineEventSchema = z.discriminatedUnion('kind', [
  z.object({ ...eventBase, kind: z.literal('npu-fail'), target: entityId }).strict(),
  z.object({ ...eventBase, kind: z.literal('npu-repair'), target: entityId }).strict(),
  z.object({ ...eventBase, kind: z.literal('link-fail'), target: entityId }).strict(),
  z.object({ ...eventBase, kind: z.literal('link-repair'), target: entityId }).strict(),
  z
    .object({
      ...eventBase,
      kind: z.literal('workload-load'),
      target: z.string().min(1),
      utilisation: z.number().min(0).max(1),
    })
    .strict(),
]);

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
    workloads: z.array(workloadSchema).default([]),
    timeline: z.array(timelineEventSchema).default([]),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Workload = z.infer<typeof workloadSchema>;
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
export type TimelineEventKind = TimelineEvent['kind'];
