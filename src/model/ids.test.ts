import { describe, expect, it } from 'vitest';
import { nodeKindOf, NodeKind, type Cluster } from './cluster';
import {
  cabinetId,
  entityId,
  interconnectCabinetId,
  linkId,
  nodeId,
  npuId,
  parseEntityId,
  parseNode,
  podId,
  serverId,
  type EntityRef,
} from './ids';
import { getProfile, PROFILES } from './profiles';
import { buildCluster } from './topology';

const clusters: readonly Cluster[] = [...PROFILES.keys()].map((id) => buildCluster(getProfile(id)));
const superNode = buildCluster(getProfile('ub-supernode-8k'));
const h100 = buildCluster(getProfile('h100-roce'));

/** Parses and returns the ref, failing the test with the reason if the id does not parse. */
const refOf = (c: Cluster, id: string): EntityRef => {
  const parsed = parseEntityId(c, id);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.ref;
};

const reasonOf = (c: Cluster, id: string): string => {
  const parsed = parseEntityId(c, id);
  return parsed.ok ? `parsed as ${JSON.stringify(parsed.ref)}` : parsed.reason;
};

describe('ids print as documented', () => {
  it('pads cabinets to 3 digits and interconnect cabinets to 2', () => {
    expect(cabinetId(7)).toBe('cab-007');
    expect(cabinetId(127)).toBe('cab-127');
    expect(interconnectCabinetId(4)).toBe('icab-04');
    expect(podId(2)).toBe('pod-2');
  });

  it('names NPUs, servers and switches of the super-node by position', () => {
    const c = superNode;
    const npu = (17 * 8 + 3) * 8 + 5;
    expect(npuId(c, npu)).toBe('cab-017/srv-3/npu-5');
    expect(serverId(c, 17 * 8 + 3)).toBe('cab-017/srv-3');
    expect(nodeId(c, c.backupBase + 17)).toBe('cab-017/bak-0');
    expect(nodeId(c, c.cabinetSwitchBase + 17)).toBe('cab-017/lrs');
    expect(nodeId(c, c.spineSwitchBase + 4)).toBe('icab-04/hrs');
    expect(linkId(c, 0)).toBe('cab-000/srv-0/npu-0~cab-000/srv-0/npu-1');
    expect(linkId(c, c.linkCount - 1)).toBe('cab-127/lrs~icab-31/hrs');
    expect(nodeId(h100, h100.serverSwitchBase + 5)).toBe('cab-001/srv-1/nvs');
  });
});

describe('ids round-trip for every entity of every profile', () => {
  for (const c of clusters) {
    it(`${c.profile.id}: ${c.npuCount} accelerators, ${c.serverCount} servers, ${c.linkCount} links, every node`, () => {
      for (let npu = 0; npu < c.npuCount; npu++) {
        const ref = refOf(c, npuId(c, npu));
        if (ref.kind !== 'npu' || ref.index !== npu)
          throw new Error(`npu ${npu}: ${JSON.stringify(ref)}`);
      }
      for (let s = 0; s < c.serverCount; s++) {
        const ref = refOf(c, serverId(c, s));
        if (ref.kind !== 'server' || ref.index !== s) throw new Error(`server ${s}`);
      }
      for (let cab = 0; cab < c.computeCabinetCount; cab++)
        expect(refOf(c, cabinetId(cab))).toEqual({ kind: 'cabinet', index: cab });
      for (let i = 0; i < c.interconnectCabinetCount; i++)
        expect(refOf(c, interconnectCabinetId(i))).toEqual({ kind: 'icabinet', index: i });
      for (let p = 0; p < c.podCount; p++)
        expect(refOf(c, podId(p))).toEqual({ kind: 'pod', index: p });
      for (let node = 0; node < c.nodeCount; node++) {
        const id = nodeId(c, node);
        const parsed = parseNode(c, id);
        if (!parsed.ok || parsed.node !== node) throw new Error(`node ${node} (${id})`);
        const ref = refOf(c, id);
        const kind = nodeKindOf(c, node) === NodeKind.Accelerator ? 'npu' : 'node';
        if (ref.kind !== kind || !('index' in ref) || ref.index !== node)
          throw new Error(`node ${node} (${id}): ${JSON.stringify(ref)}`);
      }
      for (let link = 0; link < c.linkCount; link++) {
        const id = linkId(c, link);
        const ref = refOf(c, id);
        if (ref.kind !== 'link' || ref.index !== link) throw new Error(`link ${link} (${id})`);
        // Either end may come first.
        const [a, b] = id.split('~');
        const reversed = refOf(c, `${b}~${a}`);
        if (reversed.kind !== 'link' || reversed.index !== link)
          throw new Error(`link ${link} reversed`);
      }
    });
  }

  it('entityId prints what parseEntityId reads, for every kind of ref', () => {
    const c = superNode;
    const refs: EntityRef[] = [
      { kind: 'supernode' },
      { kind: 'pod', index: 7 },
      { kind: 'cabinet', index: 99 },
      { kind: 'icabinet', index: 31 },
      { kind: 'server', index: 1023 },
      { kind: 'npu', index: 8191 },
      { kind: 'node', index: c.backupBase + 127 },
      { kind: 'node', index: c.cabinetSwitchBase },
      { kind: 'node', index: c.spineSwitchBase + 31 },
      { kind: 'link', index: 61_000 },
    ];
    for (const ref of refs) expect(refOf(c, entityId(c, ref))).toEqual(ref);
    expect(entityId(c, { kind: 'supernode' })).toBe('supernode');
  });

  it('ignores surrounding spaces', () => {
    expect(refOf(superNode, '  cab-017/srv-3/npu-5 ')).toEqual({ kind: 'npu', index: 1117 });
  });
});

describe('bad ids say what is wrong', () => {
  const cases: [string, string][] = [
    ['', '"" is not an id (expected e.g. cab-017/srv-3/npu-5, cab-017, icab-04, pod-2)'],
    [
      'cab-17',
      '"cab-17" is not an id (expected e.g. cab-017/srv-3/npu-5, cab-017, icab-04, pod-2)',
    ],
    [
      'CAB-001',
      '"CAB-001" is not an id (expected e.g. cab-017/srv-3/npu-5, cab-017, icab-04, pod-2)',
    ],
    ['cab-128', '"cab-128": this profile has 128 compute cabinet(s), cab-000 … cab-127'],
    [
      'cab-200/srv-0/npu-0',
      '"cab-200/srv-0/npu-0": this profile has 128 compute cabinet(s), cab-000 … cab-127',
    ],
    ['cab-017/srv-8', '"cab-017/srv-8": a cabinet has 8 servers, srv-0 … srv-7'],
    ['cab-017/srv-3/npu-8', '"cab-017/srv-3/npu-8": a server has 8 accelerators, npu-0 … npu-7'],
    ['cab-017/bak-1', '"cab-017/bak-1": a cabinet has 1 backup NPU(s)'],
    ['icab-32', '"icab-32": this profile has 32 interconnect cabinet(s)'],
    ['icab-32/hrs', '"icab-32/hrs": this profile has 32 interconnect cabinet(s)'],
    ['pod-8', '"pod-8": this profile has 8 pod(s)'],
    ['cab-000/srv-0/nvs', '"cab-000/srv-0/nvs": servers of this profile have no switch'],
    ['cab-000/srv-0/npu-0~', '"cab-000/srv-0/npu-0~": a link id is two node ids joined by ~'],
    ['a~b~c', '"a~b~c": a link id is two node ids joined by ~'],
    [
      'cab-000/srv-0/npu-0~cab-001/srv-0/npu-0',
      '"cab-000/srv-0/npu-0~cab-001/srv-0/npu-0": there is no link between cab-000/srv-0/npu-0 and cab-001/srv-0/npu-0',
    ],
    [
      'cab-000/srv-0/npu-0~cab-999/lrs',
      '"cab-999/lrs": this profile has 128 compute cabinet(s), cab-000 … cab-127',
    ],
    ['cab-001~cab-002', '"cab-001" names a cabinet, not a node'],
  ];
  for (const [id, reason] of cases) {
    it(JSON.stringify(id), () => {
      expect(reasonOf(superNode, id)).toBe(reason);
    });
  }

  it('uses the profile’s own sizes', () => {
    expect(reasonOf(h100, 'cab-004')).toBe(
      '"cab-004": this profile has 4 compute cabinet(s), cab-000 … cab-003',
    );
    expect(reasonOf(h100, 'cab-000/srv-4')).toBe(
      '"cab-000/srv-4": a cabinet has 4 servers, srv-0 … srv-3',
    );
    expect(reasonOf(h100, 'cab-000/bak-0')).toBe('"cab-000/bak-0": a cabinet has 0 backup NPU(s)');
  });

  it('parseNode refuses ids that are not routing nodes', () => {
    expect(parseNode(superNode, 'cab-001')).toEqual({
      ok: false,
      reason: '"cab-001" names a cabinet, not a node',
    });
    expect(parseNode(superNode, 'cab-001/srv-1')).toEqual({
      ok: false,
      reason: '"cab-001/srv-1" names a server, not a node',
    });
    expect(parseNode(superNode, 'pod-1')).toEqual({
      ok: false,
      reason: '"pod-1" is not a node id (expected e.g. cab-017/srv-3/npu-5)',
    });
  });
});
