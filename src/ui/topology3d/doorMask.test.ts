import { describe, expect, it } from 'vitest';
import {
  computeDoorMask,
  computeSwitchDoorMask,
  DOOR_MASK_HEIGHT,
  DOOR_MASK_WIDTH,
} from './doorMask';
import { faceBoardRect, faceCellRect, faceLayoutFor } from './faceLayout';

const layout = faceLayoutFor(8, 8, 1);
const levels = computeDoorMask(layout);
const base = levels[0];

/** Channel value of the base level at face UV (u, v). */
function at(u: number, v: number, channel: number, level = base): number {
  const x = Math.min(level.width - 1, Math.floor(u * level.width));
  const y = Math.min(level.height - 1, Math.floor(v * level.height));
  return level.data[(y * level.width + x) * 4 + channel];
}

describe('door mask', () => {
  it('is a 128 × 512 texture with a full mip chain down to 1 × 1', () => {
    expect([base.width, base.height]).toEqual([DOOR_MASK_WIDTH, DOOR_MASK_HEIGHT]);
    expect(levels).toHaveLength(10);
    expect(levels.map((l) => `${l.width}x${l.height}`).slice(-3)).toEqual(['1x4', '1x2', '1x1']);
  });

  it('covers every one of the 65 cells at its centre and leaves the gaps between them open', () => {
    const cells = [
      ...Array.from({ length: 64 }, (_, i) => ({
        kind: 'npu' as const,
        server: Math.floor(i / 8),
        slot: i % 8,
      })),
      { kind: 'backup' as const, index: 0 },
    ];
    for (const cell of cells) {
      const r = faceCellRect(cell, layout);
      expect(at((r.u0 + r.u1) / 2, (r.v0 + r.v1) / 2, 0)).toBe(255);
    }
    const slot0 = faceCellRect({ kind: 'npu', server: 2, slot: 0 }, layout);
    const vMid = (slot0.v0 + slot0.v1) / 2;
    expect(at(layout.u0 + layout.pitchU, vMid, 0)).toBe(0); // the gap between slots 0 and 1
    expect(
      at(layout.u0 + 0.5 * layout.pitchU, (slot0.v1 + faceBoardRect(2, layout).v1) / 2 + 0.0005, 0),
    ).toBeLessThan(255);
  });

  it('marks the boards and the status lamp, and nothing on the plinth', () => {
    const board = faceBoardRect(4, layout);
    expect(at((board.u0 + board.u1) / 2, (board.v0 + board.v1) / 2, 1)).toBe(255);
    expect(at(0.5, (layout.lampV0 + layout.lampV1) / 2, 2)).toBe(255);
    expect(at(0.5, 0.02, 0) + at(0.5, 0.02, 1) + at(0.5, 0.02, 2)).toBe(0);
  });

  it('boosts cell coverage on coarse levels so far doors keep their colour', () => {
    const mean = (level: (typeof levels)[number]) => {
      let sum = 0;
      for (let i = 0; i < level.width * level.height; i++) sum += level.data[i * 4];
      return sum / (level.width * level.height);
    };
    expect(mean(levels[1])).toBeCloseTo(mean(base), -0.5); // level 1 is a plain average
    expect(mean(levels[4])).toBeGreaterThan(mean(base) * 1.25);
  });
});

describe('switch door mask', () => {
  it('has lit and dark ports that never overlap, and ten switch units', () => {
    const [level] = computeSwitchDoorMask(layout);
    let lit = 0;
    let dark = 0;
    for (let i = 0; i < level.width * level.height; i++) {
      const r = level.data[i * 4];
      const a = level.data[i * 4 + 3];
      expect(r > 0 && a > 0).toBe(false);
      if (r === 255) lit++;
      if (a === 255) dark++;
    }
    expect(lit).toBeGreaterThan(dark);
    expect(dark).toBeGreaterThan(0);
  });
});
