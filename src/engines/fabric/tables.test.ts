import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile } from '../../model';
import {
  fatTree,
  fatTreePathCounts,
  fatTreeTableSizes,
  flatTableSizes,
  meshPathCounts,
  structuredTableSizes,
  tableComparison,
} from './tables';

const superNode = buildCluster(getProfile('ub-supernode-8k'));

describe('routing-table sizes (SR-2, reference §2.1)', () => {
  it('flat full-mesh routing at 8,192 endpoints: 67,100,672 entries', () => {
    expect(flatTableSizes(8192)).toMatchObject({ entriesPerNode: 8191, totalEntries: 67_100_672 });
  });

  it('structured (segment + offset): 7 + 7 + 3 + 3 + 7 = 27 per node, ≈ 221 k in all', () => {
    const s = structuredTableSizes(superNode);
    expect(s.entriesPerNode).toBe(27);
    expect(s.totalEntries).toBe(221_184);
    expect(flatTableSizes(8192).totalEntries / s.totalEntries).toBeCloseTo(303.4, 1);
  });

  it('fat tree k = 32: 8,192 hosts, 1,280 switches (256 core), 32 entries per switch', () => {
    expect(fatTree(32)).toMatchObject({
      hosts: 8192,
      switches: 1280,
      coreSwitches: 256,
      edgeSwitches: 512,
      aggregationSwitches: 512,
    });
    expect(fatTree(32).links).toBe(8192 * 3);
    const t = fatTreeTableSizes(32);
    expect(t.entriesPerNode).toBe(32);
    expect(t.totalEntries).toBe(1280 * 32);
    expect(() => fatTree(31)).toThrow(/even/);
  });

  it('path counts: fat tree 1 / 16 / 256; 8 × 8 mesh 1 + 13 or 2 + 12', () => {
    expect(fatTreePathCounts(32).map((p) => p.minimal)).toEqual([1, 16, 256]);
    expect(meshPathCounts(superNode).map((p) => [p.minimal, p.nonMinimal])).toEqual([
      [1, 13],
      [1, 13],
      [2, 12],
    ]);
    expect(Object.keys(tableComparison(superNode))).toContain('fatTree');
  });
});
