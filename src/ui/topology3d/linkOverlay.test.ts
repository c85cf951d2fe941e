import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile, LinkKind, linkBetween } from '../../model';
import { LinkState, type FabricFrame } from '../../sim/frame';
import { OverlayClass, OverlayLinks } from './linkOverlay';

const cluster = buildCluster(getProfile('ub-supernode-8k'));
const npu = (cab: number, srv: number, slot: number) => (cab * 8 + srv) * 8 + slot;

function frame(states: Record<number, LinkState>, hot: { link: number; load: number }[] = []) {
  const linkState = new Uint8Array(cluster.linkCount);
  const linkUp = new Uint8Array(cluster.linkCount).fill(1);
  for (const [l, s] of Object.entries(states)) {
    linkState[Number(l)] = s;
    if (s === LinkState.Down || s === LinkState.Isolated) linkUp[Number(l)] = 0;
  }
  return {
    engine: 'fabric',
    timeUs: 0,
    npuHealth: new Uint8Array(cluster.npuCount),
    npuLoad: new Float32Array(cluster.npuCount),
    npuHbmUsedGB: new Float32Array(cluster.npuCount),
    linkUp,
    linkLoad: new Float32Array(cluster.linkCount),
    linkState,
    series: [],
    log: [],
    traffic: { hotLinks: hot },
  } as unknown as FabricFrame;
}

describe('OverlayLinks', () => {
  const x = linkBetween(cluster, npu(42, 1, 2), npu(42, 1, 3));
  const y = linkBetween(cluster, npu(42, 1, 2), npu(42, 5, 2));
  const spine = linkBetween(cluster, cluster.cabinetSwitchBase + 20, cluster.spineSwitchBase + 3);
  const mesh = (() => {
    for (let l = 0; l < cluster.linkCount; l++)
      if (cluster.linkKind[l] === LinkKind.CabinetMesh) return l;
    return -1;
  })();

  it('draws each faulted link in its class and folds X-links of unfocused cabinets into a marker', () => {
    expect(cluster.linkKind[x]).toBe(LinkKind.IntraServer);
    expect(cluster.linkKind[y]).toBe(LinkKind.IntraCabinet);
    const set = new OverlayLinks(100, cluster.computeCabinetCount);
    const f = frame({
      [x]: LinkState.Down,
      [y]: LinkState.Flapping,
      [spine]: LinkState.Degraded,
      [mesh]: LinkState.Isolated,
    });
    set.collect(cluster, f, { faults: true, hot: true, focus: -1 });
    expect(Array.from(set.links.subarray(0, set.count)).sort((a, b) => a - b)).toEqual(
      [y, spine, mesh].sort((a, b) => a - b),
    );
    expect(Array.from(set.byClass)).toEqual([0, 1, 1, 1, 0]);
    expect(set.markedCabinets).toBe(1);
    expect(set.cabinetMarks[42]).toBe(OverlayClass.Down + 1);
    expect(set.aggregated).toBe(1);

    // Focused on cab-042, its X-link is drawn one by one instead.
    set.collect(cluster, f, { faults: true, hot: true, focus: 42 });
    expect(set.count).toBe(4);
    expect(set.byClass[OverlayClass.Down]).toBe(1);
    expect(set.markedCabinets).toBe(0);
  });

  it('adds the hot links that are up, and nothing when both parts are off', () => {
    const set = new OverlayLinks(100, cluster.computeCabinetCount);
    const f = frame({ [spine]: LinkState.Down }, [
      { link: spine, load: 1.2 },
      { link: y, load: 0.8 },
      { link: x, load: 0 },
    ]);
    set.collect(cluster, f, { faults: true, hot: true, focus: -1 });
    expect(set.count).toBe(2);
    expect(set.byClass[OverlayClass.Hot]).toBe(1);
    expect(set.links[1]).toBe(y);
    expect(set.loads[1]).toBeCloseTo(0.8);
    set.collect(cluster, f, { faults: false, hot: true, focus: -1 });
    expect(set.byClass[OverlayClass.Hot]).toBe(2);
    set.collect(cluster, f, { faults: false, hot: false, focus: -1 });
    expect(set.count).toBe(0);
  });

  it('counts what does not fit instead of overrunning its buffers', () => {
    const set = new OverlayLinks(2, cluster.computeCabinetCount);
    set.collect(cluster, frame({ [y]: 1, [spine]: 1, [mesh]: 1 }), {
      faults: true,
      hot: false,
      focus: -1,
    });
    expect(set.count).toBe(2);
    expect(set.dropped).toBe(1);
  });
});
