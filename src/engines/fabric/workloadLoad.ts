import type { Cluster } from '../../model';
import type { Rng } from '../../sim/rng';
import type { Workload } from '../../sim/scenario';

/**
 * Synthetic duty cycle of the scenario's workloads, so the room has life before the collective
 * and InferNex engines drive utilisation themselves. [assumption] Each iteration of a workload is
 * a compute phase at its utilisation followed by a communication phase (`commFraction` of the
 * step) in which compute drops to COMM_PHASE_COMPUTE of it and the mesh links carry
 * `commLinkLoad`. Chips differ a little (CHIP_SPREAD) and start their steps a little apart
 * (STRAGGLER_SKEW of a step), drawn once from the engine's seeded stream.
 * UB-Mesh Table 1: TP+SP ≈ 97 % of training traffic stays within 8–64 adjacent NPUs, so the
 * cabinet uplinks carry only UPLINK_SHARE of the mesh links' load.
 */
const COMM_PHASE_COMPUTE = 0.15;
const CHIP_SPREAD = 0.07;
const STRAGGLER_SKEW = 0.03;
const UPLINK_SHARE = 0.1;

export interface WorkloadPlacement {
  /** Per accelerator: index into `workloads`, or -1 when idle. */
  readonly npuWorkload: Int16Array;
  /** Per accelerator: multiplier on the workload's utilisation (chip-to-chip spread). */
  readonly npuSpeed: Float32Array;
  /** Per accelerator: start offset within the step, µs. */
  readonly npuSkewUs: Float64Array;
}

export function placeWorkloads(
  cluster: Cluster,
  workloads: readonly Workload[],
  cabinetsOf: (workload: Workload) => readonly number[],
  rng: Rng,
): WorkloadPlacement {
  const npuWorkload = new Int16Array(cluster.npuCount).fill(-1);
  const npuSpeed = new Float32Array(cluster.npuCount);
  const npuSkewUs = new Float64Array(cluster.npuCount);
  workloads.forEach((workload, w) => {
    for (const cabinet of cabinetsOf(workload)) {
      const first = cabinet * cluster.perCabinet;
      for (let npu = first; npu < first + cluster.perCabinet; npu++) npuWorkload[npu] = w;
    }
  });
  // Draw for every accelerator in index order, used or not, so placement never shifts the stream.
  for (let npu = 0; npu < cluster.npuCount; npu++) {
    npuSpeed[npu] = 1 - CHIP_SPREAD * rng.next();
    const w = npuWorkload[npu];
    const skew = rng.next();
    npuSkewUs[npu] = w >= 0 ? skew * STRAGGLER_SKEW * workloads[w].stepSeconds * 1e6 : 0;
  }
  return { npuWorkload, npuSpeed, npuSkewUs };
}

/** True when the accelerator is in its communication phase at `timeUs`. */
export function inCommPhase(workload: Workload, skewUs: number, timeUs: number): boolean {
  const stepUs = workload.stepSeconds * 1e6;
  const phase = ((timeUs + skewUs) % stepUs) / stepUs;
  return phase >= 1 - workload.commFraction;
}

export function computeLoad(utilisation: number, speed: number, comm: boolean): number {
  return utilisation * speed * (comm ? COMM_PHASE_COMPUTE : 1);
}

export function linkLoadInComm(workload: Workload, isUplink: boolean): number {
  return workload.commLinkLoad * (isUplink ? UPLINK_SHARE : 1);
}
