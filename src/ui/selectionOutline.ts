import type { Cluster } from '../model';
import type { SelectedEntity } from '../store/viewStore';
import { npuRange } from './inspector/entityFacts';

/**
 * NPUs the pictures outline for a selection: selected NPUs, and every NPU of a selected server
 * or cabinet (a pod's 1,024 would bury the picture, so a pod is outlined as a block instead).
 */
export function outlinedNpus(cluster: Cluster, selection: readonly SelectedEntity[]): number[] {
  const out: number[] = [];
  for (const { ref } of selection) {
    if (ref.kind === 'npu') out.push(ref.index);
    else if (ref.kind === 'node' && ref.index < cluster.npuCount) out.push(ref.index);
    else if (ref.kind === 'server' || ref.kind === 'cabinet') {
      const [first, end] = npuRange(cluster, ref.kind, ref.index);
      for (let n = first; n < end; n++) out.push(n);
    }
  }
  return out;
}
