import { describe, expect, it } from 'vitest';
import { clusterFor } from '../engines/clusterCache';
import { outlinedNpus } from './selectionOutline';

const cluster = clusterFor('ub-supernode-8k');

describe('outlinedNpus', () => {
  it('outlines NPUs, and all NPUs of a selected server or cabinet, but not of a pod', () => {
    expect(
      outlinedNpus(cluster, [
        { id: 'cab-000/srv-0/npu-5', ref: { kind: 'npu', index: 5 } },
        { id: 'cab-001/srv-2', ref: { kind: 'server', index: 10 } },
      ]),
    ).toEqual([5, 80, 81, 82, 83, 84, 85, 86, 87]);
    expect(
      outlinedNpus(cluster, [{ id: 'cab-003', ref: { kind: 'cabinet', index: 3 } }]),
    ).toHaveLength(64);
    expect(outlinedNpus(cluster, [{ id: 'pod-1', ref: { kind: 'pod', index: 1 } }])).toEqual([]);
  });
});
