import { describe, expect, it } from 'vitest';
import { clusterFor } from '../../engines/clusterCache';
import { parseEntityId } from '../../model';
import { INTERCONNECT_KEY, allIds, ancestorKeys, suggestIds, visibleRows } from './navigatorTree';

const cluster = clusterFor('ub-supernode-8k');

describe('navigator tree', () => {
  it('starts with the super-node, its 8 pods and the interconnect group', () => {
    const rows = visibleRows(cluster, new Set(['supernode']));
    expect(rows.map((r) => r.key)).toEqual([
      'supernode',
      ...Array.from({ length: 8 }, (_, p) => `pod-${p}`),
      INTERCONNECT_KEY,
    ]);
    expect(rows[1].depth).toBe(1);
  });

  it('builds children only for expanded rows', () => {
    const rows = visibleRows(cluster, new Set(['supernode', 'pod-1', 'cab-017', 'cab-017/srv-3']));
    // root + 8 pods + interconnect + 16 cabinets + 8 servers + 1 backup + 8 NPUs
    expect(rows).toHaveLength(1 + 8 + 1 + 16 + 8 + 1 + 8);
    const npu = rows.find((r) => r.key === 'cab-017/srv-3/npu-5');
    expect(npu?.ref).toEqual({ kind: 'npu', index: (17 * 8 + 3) * 8 + 5 });
    expect(npu?.depth).toBe(4);
    expect(rows.find((r) => r.key === 'cab-017/bak-0')?.ref).toEqual({
      kind: 'node',
      index: 8192 + 17,
    });
    // A collapsed parent hides its expanded children.
    expect(visibleRows(cluster, new Set(['pod-1', 'cab-017']))).toHaveLength(1);
  });

  it('lists the interconnect cabinets under their group', () => {
    const rows = visibleRows(cluster, new Set(['supernode', INTERCONNECT_KEY]));
    const icabs = rows.filter((r) => r.ref?.kind === 'icabinet');
    expect(icabs).toHaveLength(32);
    expect(icabs[4].key).toBe('icab-04');
    expect(icabs[4].detail).toBe('spine switch');
    // A fat tree's interconnect cabinets hold its core switches.
    const fatTree = clusterFor('fat-tree-8k');
    const cores = visibleRows(fatTree, new Set(['supernode', INTERCONNECT_KEY])).filter(
      (r) => r.ref?.kind === 'icabinet',
    );
    expect(cores[4].detail).toBe('16 core switches');
  });

  it('names the rows to expand to reveal an entity', () => {
    const parsed = parseEntityId(cluster, 'cab-017/srv-3/npu-5');
    if (!parsed.ok) throw new Error(parsed.reason);
    const keys = ancestorKeys(cluster, parsed.ref);
    expect(keys).toEqual(['supernode', 'pod-1', 'cab-017', 'cab-017/srv-3']);
    const rows = visibleRows(cluster, new Set(keys));
    expect(rows.some((r) => r.key === 'cab-017/srv-3/npu-5')).toBe(true);
    expect(ancestorKeys(cluster, { kind: 'icabinet', index: 3 })).toEqual([
      'supernode',
      INTERCONNECT_KEY,
    ]);
    expect(ancestorKeys(cluster, { kind: 'node', index: 8192 + 17 })).toEqual([
      'supernode',
      'pod-1',
      'cab-017',
    ]);
  });
});

describe('id search', () => {
  it('suggests ids by prefix, coarsest first', () => {
    expect(suggestIds(cluster, 'cab-01', 3)).toEqual(['cab-010', 'cab-011', 'cab-012']);
    expect(suggestIds(cluster, 'cab-017/srv-3/', 20)).toEqual(
      Array.from({ length: 8 }, (_, i) => `cab-017/srv-3/npu-${i}`),
    );
    expect(suggestIds(cluster, ' ICAB-3', 5)).toEqual(['icab-30', 'icab-31']);
    expect(suggestIds(cluster, '', 5)).toEqual([]);
    expect(suggestIds(cluster, 'nothing', 5)).toEqual([]);
  });

  it('knows every pod, cabinet, server, backup and NPU once', () => {
    const ids = allIds(cluster);
    expect(ids).toHaveLength(8 + 128 + 32 + 1024 + 128 + 8192);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'pod-7',
      'cab-127',
      'icab-31',
      'cab-127/srv-7',
      'cab-127/bak-0',
      'cab-127/srv-7/npu-7',
    ])
      expect(parseEntityId(cluster, id).ok && ids.includes(id)).toBe(true);
  });
});
