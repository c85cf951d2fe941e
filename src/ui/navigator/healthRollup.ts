import type { Cluster } from '../../model';
import { Health, type FabricFrame } from '../../sim/frame';
import { worseHealth } from '../health';

/**
 * Per server, cabinet and pod: the worst NPU health and how many NPUs are not healthy. One pass
 * over the NPUs, cheap enough to redo at the console's ~4 Hz refresh.
 */
export interface HealthRollup {
  readonly serverWorst: Uint8Array;
  readonly cabinetWorst: Uint8Array;
  readonly podWorst: Uint8Array;
  readonly cabinetUnhealthy: Uint16Array;
  readonly podUnhealthy: Uint32Array;
  readonly unhealthy: number;
}

export function healthRollup(cluster: Cluster, frame: FabricFrame): HealthRollup {
  const serverWorst = new Uint8Array(cluster.serverCount);
  const cabinetWorst = new Uint8Array(cluster.computeCabinetCount);
  const podWorst = new Uint8Array(cluster.podCount);
  const cabinetUnhealthy = new Uint16Array(cluster.computeCabinetCount);
  const podUnhealthy = new Uint32Array(cluster.podCount);
  let unhealthy = 0;
  for (let n = 0; n < cluster.npuCount; n++) {
    const h = frame.npuHealth[n];
    if (h === Health.Healthy) continue;
    const s = cluster.npuServer[n];
    const c = cluster.npuCabinet[n];
    const p = cluster.cabinetPod[c];
    serverWorst[s] = worseHealth(serverWorst[s], h);
    cabinetWorst[c] = worseHealth(cabinetWorst[c], h);
    podWorst[p] = worseHealth(podWorst[p], h);
    cabinetUnhealthy[c]++;
    podUnhealthy[p]++;
    unhealthy++;
  }
  return { serverWorst, cabinetWorst, podWorst, cabinetUnhealthy, podUnhealthy, unhealthy };
}
