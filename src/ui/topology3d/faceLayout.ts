import { CABINET_DEPTH_M, CABINET_HEIGHT_M, CABINET_WIDTH_M } from '../../model';

/**
 * Where each NPU sits on a compute cabinet's front door, in face UV (u 0 → 1 left to right seen
 * from the front, v 0 → 1 bottom to top). The cabinet shader draws from these numbers and picking
 * reads them back, so the two cannot disagree: both go through this module.
 *
 * From the top down: a header with the cabinet status lamp, one horizontal band (the server board)
 * per server with one cell per NPU slot, then, after a small gap, one band for the backup NPUs,
 * and a plinth.
 */
export interface FaceLayout {
  readonly servers: number;
  readonly perServer: number;
  readonly backups: number;
  /** u of the left edge of slot column 0, and the column pitch. */
  readonly u0: number;
  readonly pitchU: number;
  /** Dark gap between neighbouring cells, split evenly on both sides of a column. */
  readonly cellGapU: number;
  /** How far a server board reaches past its first and last cell. */
  readonly boardPadU: number;
  /** v of the top of server band 0; bands go downward at `pitchV`. */
  readonly vTop: number;
  readonly pitchV: number;
  /** Gap between boards, split evenly above and below each band. */
  readonly bandGapV: number;
  /** Board margin above and below the cells inside a band. */
  readonly cellInsetV: number;
  /** v of the top of the backup band, and the (possibly fractional) column of backup 0. */
  readonly backupTopV: number;
  readonly backupCol0: number;
  /** The status lamp, a bar across the header. */
  readonly lampV0: number;
  readonly lampV1: number;
}

export type FaceCell =
  | { readonly kind: 'npu'; readonly server: number; readonly slot: number }
  | { readonly kind: 'backup'; readonly index: number }
  | { readonly kind: 'none' };

export interface FaceRect {
  readonly u0: number;
  readonly u1: number;
  readonly v0: number;
  readonly v1: number;
}

const HEADER_M = 0.16;
const LAMP_TOP_M = 0.05;
const LAMP_HEIGHT_M = 0.04;
const PLINTH_M = 0.1;
const BACKUP_GAP_M = 0.05;
const MAX_BAND_PITCH_M = 0.26;
const SIDE_MARGIN_M = 0.045;
const CELL_GAP_M = 0.011;
const BOARD_PAD_M = 0.014;

/** The door layout for a cabinet of `servers` × `perServer` NPUs plus `backups` backup NPUs. */
export function faceLayoutFor(
  servers: number,
  perServer: number,
  backups: number,
  widthM = CABINET_WIDTH_M,
  heightM = CABINET_HEIGHT_M,
): FaceLayout {
  const bands = servers + (backups > 0 ? 1 : 0);
  const backupGap = backups > 0 ? BACKUP_GAP_M : 0;
  const usable = heightM - HEADER_M - PLINTH_M - backupGap;
  const pitchM = Math.min(MAX_BAND_PITCH_M, usable / bands);
  const pitchU = (widthM - 2 * SIDE_MARGIN_M) / widthM / perServer;
  const vTop = 1 - HEADER_M / heightM;
  const pitchV = pitchM / heightM;
  return {
    servers,
    perServer,
    backups,
    u0: SIDE_MARGIN_M / widthM,
    pitchU,
    cellGapU: CELL_GAP_M / widthM,
    boardPadU: BOARD_PAD_M / widthM,
    vTop,
    pitchV,
    bandGapV: (0.14 * pitchM) / heightM,
    cellInsetV: (0.09 * pitchM) / heightM,
    backupTopV: vTop - servers * pitchV - backupGap / heightM,
    // Backups centred under the slot columns: they read as something apart from the servers.
    backupCol0: (perServer - backups) / 2,
    lampV0: 1 - (LAMP_TOP_M + LAMP_HEIGHT_M) / heightM,
    lampV1: 1 - LAMP_TOP_M / heightM,
  };
}

/** Index of the NPU cell on the door (0 … servers × perServer − 1), which is also its state-texture column. */
export const cellColumn = (layout: FaceLayout, server: number, slot: number): number =>
  server * layout.perServer + slot;

/** True when `f`, a position within one pitch (0…1), falls inside the part that is not margin. */
const within = (f: number, margin: number) => f >= margin && f < 1 - margin;

/**
 * Index of the cell under (u, v), allocation-free (it runs for every texel of the door mask):
 * 0 … servers × perServer − 1 for an NPU cell (its state-texture column), servers × perServer + k
 * for backup k, and −1 for frame, board, gap, header or plinth.
 */
export function faceCellIndexAt(u: number, v: number, layout: FaceLayout): number {
  const colF = (u - layout.u0) / layout.pitchU;
  const cellMarginU = layout.cellGapU / 2 / layout.pitchU;
  const cellMarginV = (layout.bandGapV / 2 + layout.cellInsetV) / layout.pitchV;

  const bandF = (layout.vTop - v) / layout.pitchV;
  const band = Math.floor(bandF);
  if (band >= 0 && band < layout.servers) {
    const col = Math.floor(colF);
    if (col < 0 || col >= layout.perServer) return -1;
    if (!within(colF - col, cellMarginU) || !within(bandF - band, cellMarginV)) return -1;
    return band * layout.perServer + col;
  }
  if (layout.backups > 0) {
    const backupF = (layout.backupTopV - v) / layout.pitchV;
    if (backupF < 0 || backupF >= 1 || !within(backupF, cellMarginV)) return -1;
    const kF = colF - layout.backupCol0;
    const k = Math.floor(kF);
    if (k < 0 || k >= layout.backups || !within(kF - k, cellMarginU)) return -1;
    return layout.servers * layout.perServer + k;
  }
  return -1;
}

/** The cell under a point of the front face, or `none` (frame, board, gap, header, plinth). */
export function faceCellAt(u: number, v: number, layout: FaceLayout): FaceCell {
  const index = faceCellIndexAt(u, v, layout);
  if (index < 0) return NONE;
  const npuCells = layout.servers * layout.perServer;
  if (index >= npuCells) return { kind: 'backup', index: index - npuCells };
  return {
    kind: 'npu',
    server: Math.floor(index / layout.perServer),
    slot: index % layout.perServer,
  };
}

/** The board (band) under (u, v): 0 … servers − 1, `servers` for the backup band, −1 elsewhere. */
export function faceBoardAt(u: number, v: number, layout: FaceLayout): number {
  const left = layout.u0 - layout.boardPadU;
  const right = layout.u0 + layout.perServer * layout.pitchU + layout.boardPadU;
  if (u < left || u >= right) return -1;
  const margin = layout.bandGapV / 2 / layout.pitchV;
  const bandF = (layout.vTop - v) / layout.pitchV;
  const band = Math.floor(bandF);
  if (band >= 0 && band < layout.servers) return within(bandF - band, margin) ? band : -1;
  if (layout.backups === 0) return -1;
  const backupF = (layout.backupTopV - v) / layout.pitchV;
  return backupF >= 0 && backupF < 1 && within(backupF, margin) ? layout.servers : -1;
}

const NONE: FaceCell = { kind: 'none' };

/** The coloured rectangle of a cell in face UV (the inverse of `faceCellAt`). */
export function faceCellRect(
  cell: Exclude<FaceCell, { kind: 'none' }>,
  layout: FaceLayout,
): FaceRect {
  const marginU = layout.cellGapU / 2;
  const marginV = layout.bandGapV / 2 + layout.cellInsetV;
  const col = cell.kind === 'npu' ? cell.slot : layout.backupCol0 + cell.index;
  const top = cell.kind === 'npu' ? layout.vTop - cell.server * layout.pitchV : layout.backupTopV;
  return {
    u0: layout.u0 + col * layout.pitchU + marginU,
    u1: layout.u0 + (col + 1) * layout.pitchU - marginU,
    v0: top - layout.pitchV + marginV,
    v1: top - marginV,
  };
}

/** A server board (the band behind a server's cells, or the backup band) in face UV. */
export function faceBoardRect(band: number, layout: FaceLayout): FaceRect {
  const top = band < layout.servers ? layout.vTop - band * layout.pitchV : layout.backupTopV;
  return {
    u0: layout.u0 - layout.boardPadU,
    u1: layout.u0 + layout.perServer * layout.pitchU + layout.boardPadU,
    v0: top - layout.pitchV + layout.bandGapV / 2,
    v1: top - layout.bandGapV / 2,
  };
}

/**
 * Face UV of a point given relative to the cabinet's footprint centre on the floor (x east, y up,
 * z south; the door faces +z), or undefined when the point is not on the door.
 */
export function frontFaceUv(
  localX: number,
  localY: number,
  localZ: number,
): { readonly u: number; readonly v: number } | undefined {
  if (Math.abs(localZ - CABINET_DEPTH_M / 2) > 1e-3) return undefined;
  const u = localX / CABINET_WIDTH_M + 0.5;
  const v = localY / CABINET_HEIGHT_M;
  if (u < 0 || u > 1 || v < 0 || v > 1) return undefined;
  return { u, v };
}

/** The point of the door at face UV (u, v), relative to the cabinet's footprint centre. */
export function frontFacePoint(u: number, v: number): readonly [number, number, number] {
  return [(u - 0.5) * CABINET_WIDTH_M, v * CABINET_HEIGHT_M, CABINET_DEPTH_M / 2];
}
