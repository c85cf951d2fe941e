import { describe, expect, it } from 'vitest';
import { clusterFor } from '../engines/clusterCache';
import { parseEntityId, switchesInCabinet, type Cluster, type EntityRef } from '../model';
import { defaultScenario } from '../scenarios';
import type { FaultRecord } from '../sim/frame';
import { DEFAULT_FAULT_FORM, type FaultFormContext, type FaultFormKind } from './faults';
import { pickPrompt, pickTarget } from './targetPick';

const scenario = defaultScenario();
const cluster = clusterFor(scenario.profile);
const context = (over: Partial<FaultFormContext> = {}): FaultFormContext => ({
  scenario,
  cluster,
  nowUs: 60_000_000,
  faults: [],
  ...over,
});

/** What the room hands over for a click on `id` (an NPU, a backup NPU, a cabinet body, …). */
function ref(id: string, c: Cluster = cluster): EntityRef {
  const parsed = parseEntityId(c, id);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.ref;
}

const pick = (
  kind: FaultFormKind,
  clicked: string | undefined,
  firstEnd?: string,
  over: Partial<FaultFormContext> = {},
) =>
  pickTarget(
    { ...DEFAULT_FAULT_FORM, kind },
    clicked === undefined ? undefined : ref(clicked, over.cluster ?? cluster),
    firstEnd,
    context(over),
  );

const powerLoss: FaultRecord = {
  id: 'F1',
  kind: 'cabinet-power-loss',
  target: 'cab-010',
  by: 'operator',
  occurrence: 1,
  occurrences: 1,
  steps: [{ step: 'injected', timeUs: 1_000_000 }],
  current: 'rerouted',
  active: true,
  isolatedDevices: 0,
  isolatedLinks: 0,
  hostsNotified: 0,
  reroutedFlows: 0,
  unroutableFlows: 0,
  detail: 'until repaired',
};

describe('pickTarget: a click in the room at the granularity of the fault kind', () => {
  it('an NPU, a backup NPU or the cabinet body all target the cabinet for a cabinet power loss', () => {
    for (const clicked of ['cab-010/srv-2/npu-3', 'cab-010/bak-0', 'cab-010'])
      expect(pick('cabinet-power-loss', clicked)).toEqual({ kind: 'target', id: 'cab-010' });
    const icab = pick('cabinet-power-loss', 'icab-04');
    expect(icab.kind).toBe('refuse');
    expect(icab.kind === 'refuse' && icab.message).toBe(
      'icab-04 is not a compute cabinet: a cabinet power loss takes a compute cabinet',
    );
  });

  it('an NPU targets its server for a server down and itself for an NPU failure', () => {
    expect(pick('server-down', 'cab-010/srv-2/npu-3')).toEqual({
      kind: 'target',
      id: 'cab-010/srv-2',
    });
    expect(pick('npu-fail', 'cab-017/srv-3/npu-5')).toEqual({
      kind: 'target',
      id: 'cab-017/srv-3/npu-5',
    });
    const body = pick('server-down', 'cab-010');
    expect(body.kind === 'refuse' && body.message).toContain('click an NPU of the server');
    const spare = pick('npu-fail', 'cab-010/bak-0');
    expect(spare.kind === 'refuse' && spare.message).toContain('cab-010/bak-0 is a backup NPU');
  });

  it('interconnect kinds take the interconnect cabinet, or the compute cabinet’s switch or agent', () => {
    expect(pick('switch-down', 'icab-04')).toEqual({ kind: 'target', id: 'icab-04' });
    expect(pick('switch-down', 'cab-010/srv-0/npu-0')).toEqual({
      kind: 'target',
      id: 'cab-010/lrs',
    });
    expect(pick('agent-loss', 'icab-04')).toEqual({ kind: 'target', id: 'icab-04' });
    expect(pick('agent-loss', 'cab-010/srv-0/npu-0')).toEqual({ kind: 'target', id: 'cab-010' });
    // 16 cabinets to a pod: cab-017 is in pod 1.
    expect(pick('pod-cut', 'cab-017/srv-3/npu-5')).toEqual({ kind: 'target', id: 'pod-1' });
    const pod = pick('pod-cut', 'icab-04');
    expect(pod.kind === 'refuse' && pod.message).toContain('belongs to none');
  });

  it('a fat-tree cabinet holds several switches: an NPU takes the edge it is cabled to, the body asks', () => {
    const tree = clusterFor('fat-tree-8k');
    const switches = switchesInCabinet(tree, 3);
    expect(switches.length).toBeGreaterThan(1);
    const npu = pick('switch-down', 'cab-003/srv-0/npu-0', undefined, { cluster: tree });
    expect(npu.kind).toBe('target');
    const edge =
      npu.kind === 'target' ? parseEntityId(tree, `${npu.id}~cab-003/srv-0/npu-0`) : null;
    expect(edge?.ok).toBe(true);
    const body = pick('switch-down', 'cab-003', undefined, { cluster: tree });
    expect(body.kind === 'refuse' && body.message).toContain(
      `cab-003 holds ${switches.length} switches`,
    );
  });

  it('a link takes two clicks on its ends, and two ends that are not linked are said so', () => {
    const first = pick('link-fail', 'cab-042/srv-1/npu-2');
    expect(first).toEqual({ kind: 'first-end', id: 'cab-042/srv-1/npu-2' });
    expect(pick('link-fail', 'cab-042/srv-5/npu-2', 'cab-042/srv-1/npu-2')).toEqual({
      kind: 'target',
      id: 'cab-042/srv-1/npu-2~cab-042/srv-5/npu-2',
    });
    // Either order of clicks names the link the same way.
    expect(pick('link-degrade', 'cab-042/srv-1/npu-2', 'cab-042/srv-5/npu-2')).toEqual({
      kind: 'target',
      id: 'cab-042/srv-1/npu-2~cab-042/srv-5/npu-2',
    });
    // A cabinet body stands for its switch: an NPU's uplink.
    expect(pick('link-flap', 'cab-042', 'cab-042/srv-1/npu-2')).toEqual({
      kind: 'target',
      id: 'cab-042/srv-1/npu-2~cab-042/lrs',
    });
    const apart = pick('link-fail', 'cab-001/srv-0/npu-0', 'cab-000/srv-0/npu-0');
    expect(apart).toEqual({
      kind: 'refuse',
      message:
        'cab-000/srv-0/npu-0 and cab-001/srv-0/npu-0 are not linked; the first end stays, click a node cabled to it',
    });
    const again = pick('link-fail', 'cab-000/srv-0/npu-0', 'cab-000/srv-0/npu-0');
    expect(again.kind === 'refuse' && again.message).toContain('is the first end already');
  });

  it('the form’s own check refuses a target that already has the fault', () => {
    const twice = pick('cabinet-power-loss', 'cab-010/srv-2/npu-3', undefined, {
      faults: [powerLoss],
    });
    expect(twice).toEqual({
      kind: 'refuse',
      message: 'cab-010 already has an active cabinet-power-loss (F1, rerouted); repair it first',
    });
    // A later start is not a duplicate now, so the same click picks.
    const later = pickTarget(
      { ...DEFAULT_FAULT_FORM, kind: 'cabinet-power-loss', start: 'at', atText: '10m' },
      ref('cab-010/srv-2/npu-3'),
      undefined,
      context({ faults: [powerLoss] }),
    );
    expect(later).toEqual({ kind: 'target', id: 'cab-010' });
  });

  it('a repair targets the fault that took the clicked element down, and refuses a healthy one', () => {
    expect(pick('repair', 'cab-010/srv-2/npu-3', undefined, { faults: [powerLoss] })).toEqual({
      kind: 'target',
      id: 'cab-010',
    });
    const healthy = pick('repair', 'cab-011/srv-2/npu-3', undefined, { faults: [powerLoss] });
    expect(healthy.kind === 'refuse' && healthy.message).toContain(
      'cab-011/srv-2/npu-3 has no active fault',
    );
  });

  it('a click on empty floor picks nothing and says what to do', () => {
    const miss = pick('npu-fail', undefined);
    expect(miss.kind === 'refuse' && miss.message).toContain('Nothing there');
  });
});

describe('pickPrompt', () => {
  it('asks for the kind’s target, and for a link’s other end once one is chosen', () => {
    expect(pickPrompt('cabinet-power-loss', undefined)).toBe(
      'Click a cabinet to target a cabinet power loss',
    );
    expect(pickPrompt('link-fail', 'cab-042/srv-1/npu-2')).toBe(
      'First end chosen: cab-042/srv-1/npu-2, now click the other end',
    );
  });
});
