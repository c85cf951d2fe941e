import { describe, expect, it } from 'vitest';
import { nextSelection, routeEndpoints, selectedNpus, type SelectedEntity } from './viewStore';

const npu = (index: number): SelectedEntity => ({
  id: `npu#${index}`,
  ref: { kind: 'npu', index },
});
const cabinet = (index: number): SelectedEntity => ({
  id: `cab#${index}`,
  ref: { kind: 'cabinet', index },
});

describe('nextSelection', () => {
  it('replaces on a plain click and clears on empty space', () => {
    expect(nextSelection([npu(1)], npu(2), false)).toEqual([npu(2)]);
    expect(nextSelection([npu(1)], undefined, false)).toEqual([]);
    expect(nextSelection([npu(1)], undefined, true)).toEqual([npu(1)]);
  });

  it('adds on shift-click, toggles off a selected entity, and keeps the first as route source', () => {
    const two = nextSelection([npu(1)], npu(2), true);
    expect(two).toEqual([npu(1), npu(2)]);
    expect(nextSelection(two, npu(3), true)).toEqual([npu(1), npu(3)]);
    expect(nextSelection(two, npu(1), true)).toEqual([npu(2)]);
  });
});

describe('routeEndpoints', () => {
  it('gives the pair only for exactly two NPUs', () => {
    expect(routeEndpoints([npu(4), npu(9)])).toEqual([4, 9]);
    expect(routeEndpoints([npu(4)])).toBeUndefined();
    expect(routeEndpoints([npu(4), cabinet(1)])).toBeUndefined();
    expect(routeEndpoints([npu(1), npu(2), npu(3)])).toBeUndefined();
  });

  it('lists the selected NPU indices', () => {
    expect(selectedNpus([npu(4), cabinet(2), npu(7)])).toEqual([4, 7]);
  });
});
