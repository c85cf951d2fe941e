import { describe, expect, it } from 'vitest';
import {
  buildCluster,
  computeCabinetOfNode,
  getProfile,
  interconnectCabinetOfNode,
  LinkKind,
  linkBetween,
} from '../../model';
import { Health, LinkState, type FabricFrame } from '../../sim/frame';
import { OverlayClass, OverlayLinks } from './linkOverlay';

const cluster = buildCluster(getProfile('ub-supernode-8k'));
const npu = (cab: number, srv: number, slot: number) => (cab * 8 + srv) * 8 + slot;

function frame(
  states: Record<number, LinkState>,
  hot: { link: number; load: number }[] = [],
  deadNodes: number[] = [],
) {
  const nodeHealth = new Uint8Array(cluster.nodeCount);
  for (const node of deadNodes) nodeHealth[node] = Health.Failed;
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
    nodeHealth,
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
    // Every faulted link is counted, the folded X-link too.
    expect(Array.from(set.byClass)).toEqual([1, 1, 1, 1, 0]);
    expect(set.markedCabinets).toBe(1);
    expect(set.cabinetMarks[42]).toBe(OverlayClass.Down + 1);
    expect(set.aggregated).toBe(1);

    // Focused on cab-042, its X-link is drawn one by one instead.
    set.collect(cluster, f, { faults: true, hot: true, focus: 42 });
    expect(set.count).toBe(4);
    expect(set.byClass[OverlayClass.Down]).toBe(1);
    expect(set.markedCabinets).toBe(0);
  });

  it("folds a dead device's links into its cabinet's marker and draws links' own faults", () => {
    // cab-042's switch is dead: every link at it — uplinks from cab-042's NPUs, cabinet-mesh and
    // spine links to other cabinets — folds into cab-042's marker. A dead spine switch folds its
    // links into its interconnect cabinet's marker.
    const lrs = cluster.cabinetSwitchBase + 42;
    const hrs = cluster.spineSwitchBase + 3;
    expect(computeCabinetOfNode(cluster, lrs)).toBe(42);
    const uplink = linkBetween(cluster, npu(42, 0, 0), lrs);
    const atLrs: number[] = [];
    const atHrs: number[] = [];
    for (let l = 0; l < cluster.linkCount; l++) {
      if (cluster.linkA[l] === lrs || cluster.linkB[l] === lrs) atLrs.push(l);
      else if (cluster.linkA[l] === hrs || cluster.linkB[l] === hrs) atHrs.push(l);
    }
    expect(atLrs).toContain(uplink);
    expect(atLrs.some((l) => cluster.linkKind[l] === LinkKind.Spine)).toBe(true);
    expect(atHrs).toContain(spine);
    const states: Record<number, LinkState> = { [y]: LinkState.Flapping };
    for (const l of [...atLrs, ...atHrs]) states[l] = LinkState.Down;
    const set = new OverlayLinks(
      1000,
      cluster.computeCabinetCount,
      cluster.interconnectCabinetCount,
    );
    set.collect(cluster, frame(states, [], [lrs, hrs]), { faults: true, hot: false, focus: -1 });
    // Only the flapping Y-link, a fault of its own, is drawn.
    expect(Array.from(set.links.subarray(0, set.count))).toEqual([y]);
    expect(set.aggregated).toBe(atLrs.length + atHrs.length);
    expect(set.byClass[OverlayClass.Down]).toBe(atLrs.length + atHrs.length);
    const hrsCabinet = interconnectCabinetOfNode(cluster, hrs);
    expect(set.cabinetMarks[42]).toBe(OverlayClass.Down + 1);
    expect(set.cabinetMarks[cluster.computeCabinetCount + hrsCabinet]).toBe(OverlayClass.Down + 1);
    expect(set.markedCabinets).toBe(2);

    // Focused on cab-042, its switch's links are drawn one by one.
    set.collect(cluster, frame(states, [], [lrs, hrs]), { faults: true, hot: false, focus: 42 });
    expect(set.count).toBe(1 + atLrs.length);
    // With every device healthy, each of those links is down on its own: all drawn.
    set.collect(cluster, frame(states), { faults: true, hot: false, focus: -1 });
    expect(set.count + set.dropped).toBe(1 + atLrs.length + atHrs.length);
    expect(set.aggregated).toBe(0);
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
