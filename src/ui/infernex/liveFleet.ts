import type { InferNexFrame } from '../../sim/frame';

/**
 * The serving fleet on the session clock, as the console prints it: running totals and one row
 * per instance, copied out of an InferNex frame. Built a few times a second from the latest frame
 * on `servingFrameBus`, never per frame, so React holds this small copy and not the frame's
 * transferred arrays.
 */

/** Role names by the frame's role code (engines/infernex `INSTANCE_ROLE_CODE`). */
export const INSTANCE_ROLE_NAMES = ['mixed', 'prefill', 'decode'] as const;
/** Status names by the frame's status code (engines/infernex `InstanceStatus`). */
export const INSTANCE_STATUS_NAMES = ['serving', 'down', 'off', 'starting'] as const;
export type InstanceStatusName = (typeof INSTANCE_STATUS_NAMES)[number];

export interface LiveInstance {
  readonly index: number;
  /** `mixed`, `prefill` or `decode`; an unknown code is printed as `role <n>`. */
  readonly role: string;
  /** The frame's status code (0 serving, 1 down, 2 off, 3 starting). */
  readonly statusCode: number;
  /** Its name; an unknown code is printed as `status <n>`. */
  readonly status: string;
  readonly queue: number;
  readonly batch: number;
  readonly running: number;
  /** KV in use / capacity, 0…1. */
  readonly kv: number;
  /** Prompt blocks served from cache since the start, 0…1. */
  readonly hitRate: number;
  /** Busy share since the previous frame, 0…1. */
  readonly busy: number;
  /** Cluster accelerator indices, tensor-parallel ranks in order. */
  readonly npus: readonly number[];
}

export interface LiveFleet {
  readonly timeUs: number;
  readonly arrived: number;
  readonly completed: number;
  readonly failed: number;
  readonly inFlight: number;
  readonly reroutedOnFault: number;
  readonly failedOnFault: number;
  readonly ttftMeanS: number;
  readonly ttftP99S: number;
  readonly instancesDown: number;
  readonly activeFaults: number;
  /** Instances per status name, every name present. */
  readonly byStatus: Readonly<Record<InstanceStatusName, number>>;
  readonly instances: readonly LiveInstance[];
}

export function liveFleet(frame: InferNexFrame): LiveFleet {
  const byStatus: Record<InstanceStatusName, number> = {
    serving: 0,
    down: 0,
    off: 0,
    starting: 0,
  };
  const instances: LiveInstance[] = [];
  for (let i = 0; i < frame.instanceCount; i++) {
    const roleCode = frame.instanceRole[i];
    const statusCode = frame.instanceStatus[i];
    const status = INSTANCE_STATUS_NAMES[statusCode] ?? `status ${statusCode}`;
    if (status in byStatus) byStatus[status as InstanceStatusName]++;
    instances.push({
      index: i,
      role: INSTANCE_ROLE_NAMES[roleCode] ?? `role ${roleCode}`,
      statusCode,
      status,
      queue: frame.instanceQueue[i],
      batch: frame.instanceBatch[i],
      running: frame.instanceRunning[i],
      kv: frame.instanceKvUtilisation[i],
      hitRate: frame.instanceHitRate[i],
      busy: frame.instanceUtilisation[i],
      npus: Array.from(
        frame.instanceNpus.subarray(frame.instanceNpuOffset[i], frame.instanceNpuOffset[i + 1]),
      ),
    });
  }
  return {
    timeUs: frame.timeUs,
    arrived: frame.arrived,
    completed: frame.completed,
    failed: frame.failed,
    inFlight: frame.inFlight,
    reroutedOnFault: frame.reroutedOnFault,
    failedOnFault: frame.failedOnFault,
    ttftMeanS: frame.ttftMeanS,
    ttftP99S: frame.ttftP99S,
    instancesDown: frame.instancesDown,
    activeFaults: frame.activeFaults,
    byStatus,
    instances,
  };
}

/** The instance running on a cluster accelerator, if any. */
export function instanceOnNpu(fleet: LiveFleet, npu: number): LiveInstance | undefined {
  return fleet.instances.find((inst) => inst.npus.includes(npu));
}

/** The instances with an accelerator in `[firstNpu, endNpu)` (a server or a cabinet), in order. */
export function instancesInRange(
  fleet: LiveFleet,
  firstNpu: number,
  endNpu: number,
): LiveInstance[] {
  return fleet.instances.filter((inst) => inst.npus.some((n) => n >= firstNpu && n < endNpu));
}
