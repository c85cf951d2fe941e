import type { Cluster } from './cluster';

/**
 * Where each cabinet stands on the machine-room floor, in metres (x east, z south; y up).
 * Pods are blocks of `podRows` cabinet rows, each row `podCols` cabinets side by side, with a
 * service aisle between rows; the interconnect cabinets stand in a spine row through the middle
 * of the room, closest to every pod, as cable length asks. Dimensions are a rendering assumption
 * (a 600 mm × 1,200 mm footprint, 2.2 m tall), not a published figure.
 */
export const CABINET_WIDTH_M = 0.6;
export const CABINET_DEPTH_M = 1.2;
export const CABINET_HEIGHT_M = 2.2;
const AISLE_M = 1.2;
const POD_GAP_M = 2.4;
const SPINE_ROW_GAP_M = 3.0;
const SPINE_ROW_MAX = 16;
/** Pods side by side in one row of a bank; more pods stack in further rows, away from the spine. */
const POD_ROW_MAX = 8;

export interface FloorLayout {
  /** Centre of each compute cabinet's footprint, interleaved x,z. */
  readonly computeCabinetXZ: Float32Array;
  /** Centre of each interconnect cabinet's footprint, interleaved x,z. */
  readonly interconnectCabinetXZ: Float32Array;
  /** Floor extent, for the camera. */
  readonly width: number;
  readonly depth: number;
}

export function floorLayout(cluster: Cluster): FloorLayout {
  const { podRows, podCols, pods, interconnectCabinets } = cluster.profile.layout;
  const podWidth = podCols * CABINET_WIDTH_M;
  const podDepth = podRows * CABINET_DEPTH_M + (podRows - 1) * AISLE_M;
  // Pods in two banks (north and south of the spine row) so no pod is far from the spine.
  const banks = pods > 1 ? 2 : 1;
  const podsPerBank = Math.ceil(pods / banks);
  // A fat tree's 32 pods would make a 74 m strip: rows of at most 8 pods keep the room squarer.
  const podsPerRow = Math.min(podsPerBank, POD_ROW_MAX);
  const podRowsPerBank = Math.ceil(podsPerBank / podsPerRow);
  const spineRows = Math.ceil(interconnectCabinets / SPINE_ROW_MAX);
  const spineDepth =
    spineRows > 0
      ? spineRows * CABINET_DEPTH_M + (spineRows - 1) * AISLE_M + 2 * SPINE_ROW_GAP_M
      : 0;

  const bankDepth = podRowsPerBank * podDepth + (podRowsPerBank - 1) * POD_GAP_M;
  const width = Math.max(
    podsPerRow * podWidth + (podsPerRow - 1) * POD_GAP_M,
    Math.min(interconnectCabinets, SPINE_ROW_MAX) * CABINET_WIDTH_M,
  );
  const depth = banks * bankDepth + spineDepth;
  const x0 = -width / 2;
  const z0 = -depth / 2;

  const computeCabinetXZ = new Float32Array(cluster.computeCabinetCount * 2);
  for (let c = 0; c < cluster.computeCabinetCount; c++) {
    const pod = cluster.cabinetPod[c];
    const bank = Math.floor(pod / podsPerBank);
    const inBank = pod % podsPerBank;
    const podsInBank = Math.min(podsPerBank, pods - bank * podsPerBank);
    // Row 0 of each bank is next to the spine: the north bank fills upwards, the south downwards.
    const row = Math.floor(inBank / podsPerRow);
    const podInRow = inBank % podsPerRow;
    const rowWidth =
      Math.min(podsPerRow, podsInBank - row * podsPerRow) * (podWidth + POD_GAP_M) - POD_GAP_M;
    const podX = x0 + (width - rowWidth) / 2 + podInRow * (podWidth + POD_GAP_M);
    const rowFromTop = banks > 1 && bank === 0 ? podRowsPerBank - 1 - row : row;
    const podZ = z0 + bank * (bankDepth + spineDepth) + rowFromTop * (podDepth + POD_GAP_M);
    computeCabinetXZ[2 * c] = podX + (cluster.cabinetCol[c] + 0.5) * CABINET_WIDTH_M;
    computeCabinetXZ[2 * c + 1] =
      podZ + cluster.cabinetRow[c] * (CABINET_DEPTH_M + AISLE_M) + CABINET_DEPTH_M / 2;
  }

  const interconnectCabinetXZ = new Float32Array(interconnectCabinets * 2);
  const spineZ0 = z0 + (banks > 1 ? bankDepth : depth - spineDepth) + SPINE_ROW_GAP_M;
  for (let i = 0; i < interconnectCabinets; i++) {
    const row = Math.floor(i / SPINE_ROW_MAX);
    const inRow = i % SPINE_ROW_MAX;
    const rowCount = Math.min(SPINE_ROW_MAX, interconnectCabinets - row * SPINE_ROW_MAX);
    interconnectCabinetXZ[2 * i] = (inRow - (rowCount - 1) / 2) * CABINET_WIDTH_M;
    interconnectCabinetXZ[2 * i + 1] =
      spineZ0 + row * (CABINET_DEPTH_M + AISLE_M) + CABINET_DEPTH_M / 2;
  }
  return { computeCabinetXZ, interconnectCabinetXZ, width, depth };
}
