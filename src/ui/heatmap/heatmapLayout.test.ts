import { describe, expect, it } from 'vitest';
import { clusterFor } from '../../engines/clusterCache';
import { cellOrigin, computeHeatmapLayout, npuAtPixel, type HeatmapLayout } from './heatmapLayout';
import type { Cluster } from '../../model';

const superNode = clusterFor('ub-supernode-8k');

/** Every NPU's whole cell pitch maps back to it; checked at the four corners of the painted cell. */
function expectExactMapping(cluster: Cluster, layout: HeatmapLayout) {
  for (let npu = 0; npu < cluster.npuCount; npu++) {
    const [x, y] = cellOrigin(cluster, layout, npu);
    for (const [dx, dy] of [
      [0, 0],
      [layout.innerW - 1, 0],
      [0, layout.innerH - 1],
      [layout.innerW - 1, layout.innerH - 1],
      [layout.cellW - 1, layout.cellH - 1],
    ])
      if (npuAtPixel(cluster, layout, x + dx, y + dy) !== npu)
        throw new Error(
          `pixel (${x + dx}, ${y + dy}) of NPU ${npu} maps to ${npuAtPixel(cluster, layout, x + dx, y + dy)}`,
        );
  }
}

describe('heatmap layout', () => {
  it('fits all 8,192 NPUs of the super-node in the console view, every cell mapping back exactly', () => {
    const layout = computeHeatmapLayout(superNode, 804, 560, 1);
    expect(layout.blockColumns).toBe(2);
    expect(layout.cellW).toBe(5);
    expect(layout.cellH).toBe(6);
    expectExactMapping(superNode, layout);
    const [lastX, lastY] = cellOrigin(superNode, layout, superNode.npuCount - 1);
    expect(lastX + layout.cellW).toBeLessThanOrEqual(layout.width);
    expect(lastY + layout.cellH).toBeLessThanOrEqual(layout.height);
  });

  it('keeps cells whole at device pixel ratio 2', () => {
    const layout = computeHeatmapLayout(superNode, 804, 560, 2);
    expect(layout.width).toBe(1608);
    expect(Number.isInteger(layout.cellW) && Number.isInteger(layout.cellH)).toBe(true);
    expectExactMapping(superNode, layout);
  });

  it('lays out by pod → cabinet → server → slot', () => {
    const layout = computeHeatmapLayout(superNode, 804, 560, 1);
    const at = (npu: number) => cellOrigin(superNode, layout, npu);
    // Next slot: one cell to the right. Next server: past the server gap. Next cabinet: one row down.
    expect(at(1)[0] - at(0)[0]).toBe(layout.cellW);
    expect(at(8)[0] - at(7)[0]).toBe(layout.cellW + layout.serverGap);
    expect(at(64)[1] - at(0)[1]).toBe(layout.cellH);
    expect(at(64)[0]).toBe(at(0)[0]);
    // Pod 1 (NPU 1,024) is a separate block to the right of pod 0, same top.
    expect(at(1024)[0]).toBeGreaterThan(at(63)[0] + layout.cellW);
    expect(at(1024)[1]).toBe(at(0)[1]);
  });

  it('maps gaps, labels and margins to no NPU', () => {
    const layout = computeHeatmapLayout(superNode, 804, 560, 1);
    const [x7, y7] = cellOrigin(superNode, layout, 7);
    expect(npuAtPixel(superNode, layout, x7 + layout.cellW, y7)).toBeUndefined(); // server gap (serverGap ≥ 1)
    expect(layout.serverGap).toBeGreaterThanOrEqual(1);
    expect(npuAtPixel(superNode, layout, 0, 0)).toBeUndefined();
    expect(npuAtPixel(superNode, layout, layout.blockX[0] - 1, layout.blockY[0])).toBeUndefined();
    expect(
      npuAtPixel(superNode, layout, layout.blockX[0], layout.blockY[0] + layout.blockHeight),
    ).toBeUndefined();
  });

  it('labels every pod and the first cabinet of each pod row', () => {
    const layout = computeHeatmapLayout(superNode, 804, 560, 1);
    expect(layout.labels.filter((l) => l.kind === 'pod').map((l) => l.text)).toEqual(
      Array.from({ length: 8 }, (_, p) => `pod-${p}`),
    );
    const cabinets = layout.labels.filter((l) => l.kind === 'cabinet').map((l) => l.text);
    expect(cabinets.slice(0, 4)).toEqual(['cab-000', 'cab-004', 'cab-008', 'cab-012']);
    expect(cabinets).toHaveLength(32);
  });

  it('gives small profiles big cells', () => {
    const lab = clusterFor('ub-lab-1cab');
    const layout = computeHeatmapLayout(lab, 804, 560, 1);
    expect(layout.cellW).toBeGreaterThanOrEqual(10);
    expectExactMapping(lab, layout);
    const inference = clusterFor('ascend-910b-infer');
    expectExactMapping(inference, computeHeatmapLayout(inference, 804, 560, 1));
  });
});
