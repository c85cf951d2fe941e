import { describe, expect, it } from 'vitest';
import { CABINET_DEPTH_M, CABINET_HEIGHT_M, CABINET_WIDTH_M } from '../../model';
import {
  cellColumn,
  faceBoardAt,
  faceBoardRect,
  faceCellAt,
  faceCellRect,
  faceLayoutFor,
  frontFacePoint,
  frontFaceUv,
  type FaceCell,
} from './faceLayout';

const layout = faceLayoutFor(8, 8, 1);

function allCells(l = layout): Exclude<FaceCell, { kind: 'none' }>[] {
  const cells: Exclude<FaceCell, { kind: 'none' }>[] = [];
  for (let server = 0; server < l.servers; server++)
    for (let slot = 0; slot < l.perServer; slot++) cells.push({ kind: 'npu', server, slot });
  for (let index = 0; index < l.backups; index++) cells.push({ kind: 'backup', index });
  return cells;
}

describe('faceLayoutFor (8 servers × 8 NPUs + 1 backup)', () => {
  it('stacks 9 bands of 0.21 m between a 0.16 m header and a 0.10 m plinth', () => {
    expect(layout.pitchV * CABINET_HEIGHT_M).toBeCloseTo((2.2 - 0.16 - 0.1 - 0.05) / 9, 9);
    expect(layout.vTop * CABINET_HEIGHT_M).toBeCloseTo(2.2 - 0.16, 9);
    const backupBottom = (layout.backupTopV - layout.pitchV) * CABINET_HEIGHT_M;
    expect(backupBottom).toBeCloseTo(0.1, 9);
    expect(layout.pitchU * CABINET_WIDTH_M).toBeCloseTo((0.6 - 0.09) / 8, 9);
    expect(layout.backupCol0).toBe(3.5);
  });

  it('keeps every cell inside the door and cells apart from each other', () => {
    const rects = allCells().map((c) => faceCellRect(c, layout));
    for (const r of rects) {
      expect(r.u0).toBeGreaterThan(0);
      expect(r.u1).toBeLessThan(1);
      expect(r.v0).toBeGreaterThan(0);
      expect(r.v1).toBeLessThan(layout.lampV0);
      expect(r.u1 - r.u0).toBeGreaterThan(0);
      expect(r.v1 - r.v0).toBeGreaterThan(0);
    }
    for (let i = 0; i < rects.length; i++)
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i];
        const b = rects[j];
        const overlap = a.u0 < b.u1 && b.u0 < a.u1 && a.v0 < b.v1 && b.v0 < a.v1;
        expect(overlap).toBe(false);
      }
  });
});

describe('faceCellAt ↔ faceCellRect', () => {
  it('round-trips all 65 cells through their centres and near their corners', () => {
    const cells = allCells();
    expect(cells).toHaveLength(65);
    for (const cell of cells) {
      const r = faceCellRect(cell, layout);
      const du = (r.u1 - r.u0) * 0.02;
      const dv = (r.v1 - r.v0) * 0.02;
      expect(faceCellAt((r.u0 + r.u1) / 2, (r.v0 + r.v1) / 2, layout)).toEqual(cell);
      expect(faceCellAt(r.u0 + du, r.v0 + dv, layout)).toEqual(cell);
      expect(faceCellAt(r.u1 - du, r.v1 - dv, layout)).toEqual(cell);
    }
  });

  it('finds server 3 slot 5 at its place, the backup centred below server 7', () => {
    const u = layout.u0 + 5.5 * layout.pitchU;
    const v = layout.vTop - 3.5 * layout.pitchV;
    expect(faceCellAt(u, v, layout)).toEqual({ kind: 'npu', server: 3, slot: 5 });
    expect(faceCellAt(0.5, layout.backupTopV - layout.pitchV / 2, layout)).toEqual({
      kind: 'backup',
      index: 0,
    });
    // Beside the backup cell, on its board, is no cell.
    expect(
      faceCellAt(layout.u0 + 0.5 * layout.pitchU, layout.backupTopV - layout.pitchV / 2, layout),
    ).toEqual({
      kind: 'none',
    });
  });

  it('maps the gaps, the header, the plinth and the side margins to none', () => {
    const vMid = layout.vTop - 0.5 * layout.pitchV;
    const uMid = layout.u0 + 0.5 * layout.pitchU;
    expect(faceCellAt(layout.u0 + layout.pitchU, vMid, layout)).toEqual({ kind: 'none' }); // between slots 0 and 1
    expect(faceCellAt(uMid, layout.vTop - layout.pitchV, layout)).toEqual({ kind: 'none' }); // between servers 0 and 1
    expect(faceCellAt(uMid, (layout.lampV0 + layout.lampV1) / 2, layout)).toEqual({ kind: 'none' });
    expect(faceCellAt(uMid, 0.02, layout)).toEqual({ kind: 'none' });
    expect(faceCellAt(layout.u0 / 2, vMid, layout)).toEqual({ kind: 'none' });
    expect(faceCellAt(1 - layout.u0 / 2, vMid, layout)).toEqual({ kind: 'none' });
  });

  it('agrees with a scan of the door: every cell covers a sample, and samples land only in cells', () => {
    const hits = new Map<string, number>();
    const steps = 600;
    for (let i = 0; i <= steps; i++)
      for (let j = 0; j <= steps; j++) {
        const u = i / steps;
        const v = j / steps;
        const cell = faceCellAt(u, v, layout);
        if (cell.kind === 'none') continue;
        const r = faceCellRect(cell, layout);
        expect(u >= r.u0 - 1e-12 && u <= r.u1 && v >= r.v0 - 1e-12 && v <= r.v1).toBe(true);
        const key = JSON.stringify(cell);
        hits.set(key, (hits.get(key) ?? 0) + 1);
      }
    expect(hits.size).toBe(65);
  });

  it('places cell columns in state-texture order: server × perServer + slot', () => {
    expect(cellColumn(layout, 0, 0)).toBe(0);
    expect(cellColumn(layout, 3, 5)).toBe(29);
    expect(cellColumn(layout, 7, 7)).toBe(63);
  });

  it('lays out other cabinet shapes: 4 servers × 8 GPUs without backup', () => {
    const gpu = faceLayoutFor(4, 8, 0);
    expect(gpu.pitchV * CABINET_HEIGHT_M).toBeCloseTo(0.26, 9); // capped, not stretched to fill the door
    const cells = allCells(gpu);
    expect(cells).toHaveLength(32);
    for (const cell of cells) {
      const r = faceCellRect(cell, gpu);
      expect(faceCellAt((r.u0 + r.u1) / 2, (r.v0 + r.v1) / 2, gpu)).toEqual(cell);
    }
    expect(faceCellAt(0.5, 0.05, gpu)).toEqual({ kind: 'none' });
  });
});

function inRectShrunk(band: number, u: number, v: number): boolean {
  const r = faceBoardRect(band, layout);
  const e = 1e-9;
  return u > r.u0 + e && u < r.u1 - e && v > r.v0 + e && v < r.v1 - e;
}

describe('boards and door coordinates', () => {
  it('puts each board around its cells', () => {
    for (let band = 0; band < 9; band++) {
      const board = faceBoardRect(band, layout);
      const cell: Exclude<FaceCell, { kind: 'none' }> =
        band < 8 ? { kind: 'npu', server: band, slot: 0 } : { kind: 'backup', index: 0 };
      const r = faceCellRect(cell, layout);
      expect(board.u0).toBeLessThan(r.u0);
      expect(board.v0).toBeLessThan(r.v0);
      expect(board.v1).toBeGreaterThan(r.v1);
    }
  });

  it('finds the same boards by arithmetic as the board rectangles say', () => {
    const steps = 400;
    let onBoard = 0;
    for (let i = 0; i <= steps; i++)
      for (let j = 0; j <= steps; j++) {
        const u = i / steps;
        const v = j / steps;
        const band = faceBoardAt(u, v, layout);
        const inRect = (b: number) => {
          const r = faceBoardRect(b, layout);
          return u >= r.u0 && u < r.u1 && v >= r.v0 && v < r.v1;
        };
        const expected = Array.from({ length: 9 }, (_, b) => b).find(inRect) ?? -1;
        // Exact edges may round either way in the two formulations; only test clear interiors.
        const nearEdge = [expected, band].some((b) => b >= 0 && !inRectShrunk(b, u, v));
        if (!nearEdge) expect(band).toBe(expected);
        if (band >= 0) onBoard++;
      }
    expect(onBoard).toBeGreaterThan(0.5 * steps * steps); // boards cover most of the door
  });

  it('converts door points to UV and back, and rejects points off the door', () => {
    const [x, y, z] = frontFacePoint(0.25, 0.75);
    expect(x).toBeCloseTo(-0.15, 9);
    expect(y).toBeCloseTo(1.65, 9);
    expect(z).toBeCloseTo(CABINET_DEPTH_M / 2, 9);
    const uv = frontFaceUv(x, y, z);
    expect(uv?.u).toBeCloseTo(0.25, 9);
    expect(uv?.v).toBeCloseTo(0.75, 9);
    expect(frontFaceUv(x, y, -CABINET_DEPTH_M / 2)).toBeUndefined(); // the back
    expect(frontFaceUv(0.31, 1, CABINET_DEPTH_M / 2)).toBeUndefined(); // past the side
  });
});
