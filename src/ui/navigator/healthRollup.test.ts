import { describe, expect, it } from 'vitest';
import { clusterFor } from '../../engines/clusterCache';
import { Health, type FabricFrame } from '../../sim/frame';
import { healthRollup } from './healthRollup';

const cluster = clusterFor('ub-supernode-8k');

const frameWith = (health: Record<number, Health>): FabricFrame => {
  const npuHealth = new Uint8Array(cluster.npuCount);
  for (const [npu, h] of Object.entries(health)) npuHealth[Number(npu)] = h;
  return {
    engine: 'fabric',
    timeUs: 0,
    npuHealth,
    npuLoad: new Float32Array(cluster.npuCount),
    npuHbmUsedGB: new Float32Array(cluster.npuCount),
    linkUp: new Uint8Array(cluster.linkCount).fill(1),
    linkLoad: new Float32Array(cluster.linkCount),
    series: [],
    log: [],
  };
};

describe('healthRollup', () => {
  it('marks each server, cabinet and pod with its worst NPU and counts the unhealthy', () => {
    const npu = (cab: number, srv: number, slot: number) => (cab * 8 + srv) * 8 + slot;
    const rollup = healthRollup(
      cluster,
      frameWith({
        [npu(17, 3, 5)]: Health.Suspect,
        [npu(17, 3, 6)]: Health.Failed,
        [npu(17, 4, 0)]: Health.BackupInUse,
        [npu(40, 0, 0)]: Health.Isolated,
      }),
    );
    expect(rollup.unhealthy).toBe(4);
    expect(rollup.serverWorst[17 * 8 + 3]).toBe(Health.Failed);
    expect(rollup.serverWorst[17 * 8 + 4]).toBe(Health.BackupInUse);
    expect(rollup.cabinetWorst[17]).toBe(Health.Failed);
    expect(rollup.cabinetUnhealthy[17]).toBe(3);
    expect(rollup.podWorst[1]).toBe(Health.Failed);
    expect(rollup.podWorst[2]).toBe(Health.Isolated);
    expect(rollup.podUnhealthy[2]).toBe(1);
    expect(rollup.podWorst[0]).toBe(Health.Healthy);
  });
});
