import { faceBoardAt, faceCellIndexAt, type FaceLayout } from './faceLayout';

/**
 * The door pattern baked into a small mipmapped texture, so the cabinet shader draws it with one
 * filtered fetch instead of per-pixel edge maths (software WebGL pays for every instruction on
 * every pixel). Mip levels average the pattern, which is the anti-aliasing for free; the NPU-cell
 * channel is boosted on coarse levels so a far door shows its cells' colours, not grey gaps.
 *
 * Compute-cabinet door: R = NPU/backup cell coverage, G = board coverage, B = status lamp, A = 0.
 * Interconnect door: R = lit port, G = switch unit, B = lamp, A = unlit port.
 * Both are built from the same layout functions as picking (`faceCellIndexAt`, `faceBoardAt`).
 */

export interface MaskLevel {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export const DOOR_MASK_WIDTH = 128;
export const DOOR_MASK_HEIGHT = 512;
const SUPERSAMPLE = 8;

/**
 * Coverage of `inside` over each of `n` texels along one axis (0…1 split in n), by supersampling.
 * The door pattern is separable (every mark is an axis-aligned rectangle repeated on a grid), so a
 * texel's 2D coverage is the product of its row and column coverages: cheap enough to bake at
 * start-up without a visible pause.
 */
function coverage1d(n: number, inside: (t: number) => boolean): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let hits = 0;
    for (let k = 0; k < SUPERSAMPLE; k++) if (inside((i + (k + 0.5) / SUPERSAMPLE) / n)) hits++;
    out[i] = hits / SUPERSAMPLE;
  }
  return out;
}

/** Row 0 is v = 0 (the bottom of the door), as WebGL reads an unflipped texture. */
function texel(
  data: Uint8Array,
  width: number,
  x: number,
  y: number,
  channel: number,
  value: number,
): void {
  data[(y * width + x) * 4 + channel] = Math.round(Math.min(1, value) * 255);
}

/**
 * Box-filtered mip chain. From level 2 on (a cell a few pixels wide), the `boosted` channels are
 * multiplied by 1 + `boost` per level, compounding, so coverage climbs toward 1 as cells shrink.
 */
function mipChain(base: MaskLevel, boosted: readonly number[], boost: number): MaskLevel[] {
  const levels: MaskLevel[] = [base];
  let prev = base;
  for (let level = 1; prev.width > 1 || prev.height > 1; level++) {
    const width = Math.max(1, prev.width >> 1);
    const height = Math.max(1, prev.height >> 1);
    const data = new Uint8Array(width * height * 4);
    const gain = [0, 1, 2, 3].map((c) =>
      level >= 2 && boosted.includes(c) ? (1 + boost) / 4 : 1 / 4,
    );
    const src = prev.data;
    const sw = prev.width;
    for (let y = 0; y < height; y++) {
      const y0 = Math.min(prev.height - 1, 2 * y) * sw;
      const y1 = Math.min(prev.height - 1, 2 * y + 1) * sw;
      for (let x = 0; x < width; x++) {
        const x0 = Math.min(sw - 1, 2 * x);
        const x1 = Math.min(sw - 1, 2 * x + 1);
        const a = (y0 + x0) * 4;
        const b = (y0 + x1) * 4;
        const c = (y1 + x0) * 4;
        const d = (y1 + x1) * 4;
        const o = (y * width + x) * 4;
        for (let k = 0; k < 4; k++) {
          const value = (src[a + k] + src[b + k] + src[c + k] + src[d + k]) * gain[k];
          data[o + k] = value > 255 ? 255 : value + 0.5;
        }
      }
    }
    prev = { width, height, data };
    levels.push(prev);
  }
  return levels;
}

const cache = new Map<string, MaskLevel[]>();

/** Masks depend only on the layout: build each once per page, however many views come and go. */
function cached(key: string, build: () => MaskLevel[]): MaskLevel[] {
  let levels = cache.get(key);
  if (!levels) {
    levels = build();
    cache.set(key, levels);
  }
  return levels;
}

export function computeDoorMask(layout: FaceLayout): MaskLevel[] {
  return cached(`door:${JSON.stringify(layout)}`, () => bakeDoorMask(layout));
}

export function computeSwitchDoorMask(layout: FaceLayout): MaskLevel[] {
  return cached(`switch:${layout.lampV0}:${layout.lampV1}`, () => bakeSwitchDoorMask(layout));
}

function bakeDoorMask(layout: FaceLayout): MaskLevel[] {
  const W = DOOR_MASK_WIDTH;
  const H = DOOR_MASK_HEIGHT;
  const npuCells = layout.servers * layout.perServer;
  // Cross-sections through the middle of server 0 / slot 0 and of the backup band / backup 0,
  // read through the same functions picking uses.
  const serverV = layout.vTop - layout.pitchV / 2;
  const backupV = layout.backupTopV - layout.pitchV / 2;
  const slotU = layout.u0 + layout.pitchU / 2;
  const backupU = layout.u0 + (layout.backupCol0 + 0.5) * layout.pitchU;
  const isNpu = (i: number) => i >= 0 && i < npuCells;
  const isBackup = (i: number) => i >= npuCells;
  const npuCol = coverage1d(W, (u) => isNpu(faceCellIndexAt(u, serverV, layout)));
  const npuRow = coverage1d(H, (v) => isNpu(faceCellIndexAt(slotU, v, layout)));
  const backupCol = coverage1d(
    W,
    (u) => layout.backups > 0 && isBackup(faceCellIndexAt(u, backupV, layout)),
  );
  const backupRow = coverage1d(
    H,
    (v) => layout.backups > 0 && isBackup(faceCellIndexAt(backupU, v, layout)),
  );
  const boardCol = coverage1d(W, (u) => faceBoardAt(u, serverV, layout) >= 0);
  const boardRow = coverage1d(H, (v) => faceBoardAt(slotU, v, layout) >= 0);
  const lampCol = coverage1d(W, (u) => u >= 0.1 && u < 0.9);
  const lampRow = coverage1d(H, (v) => v >= layout.lampV0 && v < layout.lampV1);

  const data = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      texel(data, W, x, y, 0, npuCol[x] * npuRow[y] + backupCol[x] * backupRow[y]);
      texel(data, W, x, y, 1, boardCol[x] * boardRow[y]);
      texel(data, W, x, y, 2, lampCol[x] * lampRow[y]);
    }
  return mipChain({ width: W, height: H, data }, [0], 0.18);
}

const SWITCH_UNITS = 10;
const SWITCH_PORTS = 16;

/** Ten switch units with a row of port lights each; which ports are lit is a fixed pattern. */
function bakeSwitchDoorMask(layout: FaceLayout): MaskLevel[] {
  const W = DOOR_MASK_WIDTH;
  const H = DOOR_MASK_HEIGHT;
  const top = 0.9;
  const pitch = 0.8 / SWITCH_UNITS;
  const unitOf = (v: number) => Math.floor((top - v) / pitch);
  const inUnits = (v: number) => unitOf(v) >= 0 && unitOf(v) < SWITCH_UNITS;
  const fracInUnit = (v: number) => (top - v) / pitch - unitOf(v);
  const portF = (u: number) => ((u - 0.1) / 0.8) * SWITCH_PORTS;
  const inPorts = (u: number) => portF(u) >= 0 && portF(u) < SWITCH_PORTS;
  const unitRow = coverage1d(H, (v) => inUnits(v) && fracInUnit(v) >= 0.12 && fracInUnit(v) < 0.88);
  const unitCol = coverage1d(W, (u) => u >= 0.06 && u < 0.94);
  const portRow = coverage1d(H, (v) => inUnits(v) && fracInUnit(v) >= 0.38 && fracInUnit(v) < 0.62);
  const portCol = coverage1d(W, (u) => inPorts(u) && portF(u) % 1 >= 0.25 && portF(u) % 1 < 0.75);
  const lampCol = coverage1d(W, (u) => u >= 0.1 && u < 0.9);
  const lampRow = coverage1d(H, (v) => v >= layout.lampV0 && v < layout.lampV1);

  const data = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const v = (y + 0.5) / H;
      const u = (x + 0.5) / W;
      // A fixed scatter of dark ports (Weyl sequence), so the lights read as traffic, not a grid.
      const lit = ((unitOf(v) * SWITCH_PORTS + Math.floor(portF(u))) * 0.618034) % 1 > 0.3;
      texel(data, W, x, y, lit ? 0 : 3, portCol[x] * portRow[y]);
      texel(data, W, x, y, 1, unitCol[x] * unitRow[y]);
      texel(data, W, x, y, 2, lampCol[x] * lampRow[y]);
    }
  return mipChain({ width: W, height: H, data }, [0, 3], 0.18);
}
