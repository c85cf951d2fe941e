import { scaleBand } from 'd3-scale';
import { cabinetId, podId, type Cluster } from '../../model';

/**
 * The heatmap's geometry, in device pixels (integers, so every NPU owns whole pixels and a click
 * maps back to exactly one NPU). Each pod is a block with one row per compute cabinet and one
 * column per NPU slot in the cabinet, grouped by server with a small gap; blocks are tiled in
 * as many columns as make the cells largest for the canvas, with pod labels above and cabinet
 * labels to the left.
 */
export interface HeatmapLayout {
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
  /** Cell pitch, across (NPU slots) and down (cabinets); cells may be up to 2:1 to fill the panel. */
  readonly cellW: number;
  readonly cellH: number;
  /** Painted rectangle inside the pitch (one pixel less when there is room for a grid line). */
  readonly innerW: number;
  readonly innerH: number;
  readonly serverGap: number;
  readonly blockColumns: number;
  readonly blockWidth: number;
  readonly blockHeight: number;
  /** Top-left of each pod's cell area. */
  readonly blockX: readonly number[];
  readonly blockY: readonly number[];
  readonly labels: readonly HeatmapLabel[];
  readonly fontPx: number;
}

export interface HeatmapLabel {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly align: 'left' | 'right' | 'center';
  readonly kind: 'pod' | 'cabinet' | 'server';
}

const MAX_CELL_CSS = 28;
const LABEL_WIDTH_CSS = 56;
const HEADER_CSS = 28;
const GAP_X_CSS = 18;
const GAP_Y_CSS = 10;
const MARGIN_CSS = 10;
const FONT_CSS = 11;

const serverGapFor = (cell: number, dpr: number) =>
  cell >= 6 * dpr ? Math.max(1, Math.round(cell / 4)) : cell >= 3 ? 1 : 0;

export function computeHeatmapLayout(
  cluster: Cluster,
  cssWidth: number,
  cssHeight: number,
  dpr = 1,
): HeatmapLayout {
  const width = Math.max(1, Math.floor(cssWidth * dpr));
  const height = Math.max(1, Math.floor(cssHeight * dpr));
  const px = (css: number) => Math.round(css * dpr);
  const labelW = px(LABEL_WIDTH_CSS);
  const headerH = px(HEADER_CSS);
  const gapX = px(GAP_X_CSS);
  const gapY = px(GAP_Y_CSS);
  const margin = px(MARGIN_CSS);
  const pods = cluster.podCount;
  const perPod = cluster.computeCabinetCount / pods;
  const spc = cluster.serversPerCabinet;
  const perServer = cluster.perServer;

  const maxCell = px(MAX_CELL_CSS);
  /** Widest cell pitch that fits `columns` block columns across. */
  const widestCell = (columns: number) => {
    for (let cell = maxCell; cell >= 1; cell--) {
      const blockW = spc * perServer * cell + (spc - 1) * serverGapFor(cell, dpr);
      if (columns * (labelW + blockW) + (columns - 1) * gapX <= width - 2 * margin) return cell;
    }
    return 1;
  };
  /** Tallest cell pitch that fits the block rows `columns` leaves. */
  const tallestCell = (columns: number) => {
    const rows = Math.ceil(pods / columns);
    const free = height - 2 * margin - rows * headerH - (rows - 1) * gapY;
    return Math.max(1, Math.min(maxCell, Math.floor(free / (rows * perPod))));
  };

  let best = { columns: 1, cellW: 1, cellH: 1 };
  for (let columns = 1; columns <= pods; columns++) {
    let cellW = widestCell(columns);
    let cellH = tallestCell(columns);
    // Keep cells at most 2:1 either way, so a cell still reads as one device.
    cellW = Math.min(cellW, 2 * cellH);
    cellH = Math.min(cellH, 2 * cellW);
    if (cellW * cellH > best.cellW * best.cellH) best = { columns, cellW, cellH };
  }

  const { columns, cellW, cellH } = best;
  const rows = Math.ceil(pods / columns);
  const serverGap = serverGapFor(cellW, dpr);
  const blockWidth = spc * perServer * cellW + (spc - 1) * serverGap;
  const blockHeight = perPod * cellH;
  const outerW = labelW + blockWidth;
  const outerH = headerH + blockHeight;
  const totalW = columns * outerW + (columns - 1) * gapX;
  const totalH = rows * outerH + (rows - 1) * gapY;
  const left = Math.max(margin, Math.floor((width - totalW) / 2));
  const top = Math.max(margin, Math.floor((height - totalH) / 2));

  // Block origins: a band per block column and row, stepping by the block plus its gap.
  const xBand = scaleBand<number>()
    .domain(Array.from({ length: columns }, (_, i) => i))
    .range([left, left + columns * (outerW + gapX)])
    .round(true);
  const yBand = scaleBand<number>()
    .domain(Array.from({ length: rows }, (_, i) => i))
    .range([top, top + rows * (outerH + gapY)])
    .round(true);

  const blockX: number[] = [];
  const blockY: number[] = [];
  const labels: HeatmapLabel[] = [];
  const fontPx = px(FONT_CSS);
  // Label every k-th cabinet row, k the smallest divisor of the pod's cabinet count that leaves
  // room for the text (4 on the super-node: the first cabinet of each pod row).
  const needed = Math.ceil(((FONT_CSS + 2) * dpr) / cellH);
  let labelEvery = perPod;
  for (let k = perPod; k >= 1; k--) if (perPod % k === 0 && k >= needed) labelEvery = k;
  const groupW = perServer * cellW;
  for (let p = 0; p < pods; p++) {
    const x = (xBand(p % columns) ?? left) + labelW;
    const y = (yBand(Math.floor(p / columns)) ?? top) + headerH;
    blockX.push(x);
    blockY.push(y);
    labels.push({
      text: podId(p),
      x: x - labelW,
      y: y - headerH + fontPx,
      align: 'left',
      kind: 'pod',
    });
    for (let s = 0; s < spc; s++) {
      const text = groupW >= 34 * dpr ? `srv-${s}` : `${s}`;
      labels.push({
        text,
        x: x + s * (groupW + serverGap) + groupW / 2,
        y: y - Math.round(4 * dpr),
        align: 'center',
        kind: 'server',
      });
    }
    for (let r = 0; r < perPod; r += labelEvery) {
      labels.push({
        text: cabinetId(p * perPod + r),
        x: x - Math.round(6 * dpr),
        y: y + r * cellH + Math.round(Math.min(cellH, fontPx) / 2 + fontPx * 0.35),
        align: 'right',
        kind: 'cabinet',
      });
    }
  }

  return {
    width,
    height,
    dpr,
    cellW,
    cellH,
    innerW: cellW >= 4 ? cellW - 1 : cellW,
    innerH: cellH >= 4 ? cellH - 1 : cellH,
    serverGap,
    blockColumns: columns,
    blockWidth,
    blockHeight,
    blockX,
    blockY,
    labels,
    fontPx,
  };
}

/** Top-left pixel of an NPU's cell. */
export function cellOrigin(
  cluster: Cluster,
  layout: HeatmapLayout,
  npu: number,
): readonly [number, number] {
  const cabinet = cluster.npuCabinet[npu];
  const pod = cluster.cabinetPod[cabinet];
  const perPod = cluster.computeCabinetCount / cluster.podCount;
  const server = cluster.npuServer[npu] - cabinet * cluster.serversPerCabinet;
  const slot = cluster.npuSlot[npu];
  return [
    layout.blockX[pod] +
      server * (cluster.perServer * layout.cellW + layout.serverGap) +
      slot * layout.cellW,
    layout.blockY[pod] + (cabinet - pod * perPod) * layout.cellH,
  ];
}

/** The NPU whose cell holds pixel (x, y), or undefined on gaps, labels and margins. */
export function npuAtPixel(
  cluster: Cluster,
  layout: HeatmapLayout,
  x: number,
  y: number,
): number | undefined {
  const px = Math.floor(x);
  const py = Math.floor(y);
  const perPod = cluster.computeCabinetCount / cluster.podCount;
  const groupW = cluster.perServer * layout.cellW;
  for (let pod = 0; pod < cluster.podCount; pod++) {
    const dx = px - layout.blockX[pod];
    const dy = py - layout.blockY[pod];
    if (dx < 0 || dy < 0 || dx >= layout.blockWidth || dy >= layout.blockHeight) continue;
    const server = Math.floor(dx / (groupW + layout.serverGap));
    const within = dx - server * (groupW + layout.serverGap);
    if (within >= groupW || server >= cluster.serversPerCabinet) return undefined;
    const slot = Math.floor(within / layout.cellW);
    const cabinet = pod * perPod + Math.floor(dy / layout.cellH);
    return (cabinet * cluster.serversPerCabinet + server) * cluster.perServer + slot;
  }
  return undefined;
}
