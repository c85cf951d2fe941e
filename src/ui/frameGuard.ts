import type { Cluster } from '../model';
import type { FabricFrame } from '../sim/frame';

/**
 * The frame when it belongs to this cluster. Right after a scenario switch the last frame may
 * still be the old profile's until the new runtime answers.
 */
export function frameOf(cluster: Cluster, frame: FabricFrame | undefined): FabricFrame | undefined {
  return frame &&
    frame.npuHealth.length === cluster.npuCount &&
    frame.linkUp.length === cluster.linkCount
    ? frame
    : undefined;
}
