import { BufferAttribute, BufferGeometry, LineBasicMaterial, LineSegments } from 'three';
import { CABINET_DEPTH_M, CABINET_HEIGHT_M, CABINET_WIDTH_M } from '../../model';
import { FLAG_HIDDEN } from './cabinetMaterial';

/**
 * Cabinet edges as lines: one draw for every cabinet in the room, and single-box outlines for the
 * hovered and the focused cabinet. A line costs a few pixels; the same edge drawn in the cabinet
 * shader would cost maths on every pixel of every face.
 */

/**
 * The edges of a cabinet box standing on the floor at the origin that help reading it: the roof
 * ring and the two uprights framing the door (the floor ring is lost against the floor, the back
 * uprights mostly hidden). Pairs of points.
 */
const BOX_EDGES: readonly number[] = (() => {
  const x = CABINET_WIDTH_M / 2;
  const z = CABINET_DEPTH_M / 2;
  const h = CABINET_HEIGHT_M;
  return [
    ...[-x, h, -z, x, h, -z],
    ...[x, h, -z, x, h, z],
    ...[x, h, z, -x, h, z],
    ...[-x, h, z, -x, h, -z],
    ...[-x, 0, z, -x, h, z],
    ...[x, 0, z, x, h, z],
  ];
})();

export class CabinetEdges {
  readonly lines: LineSegments;
  private readonly positions: Float32Array;

  constructor(
    private readonly computeXZ: Float32Array,
    private readonly interconnectXZ: Float32Array,
    color: string,
  ) {
    const count = computeXZ.length / 2 + interconnectXZ.length / 2;
    this.positions = new Float32Array(count * BOX_EDGES.length);
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(this.positions, 3));
    this.lines = new LineSegments(geometry, new LineBasicMaterial({ color }));
    this.lines.name = 'cabinet-edges';
    this.lines.raycast = () => {};
    this.setHidden(undefined, undefined);
  }

  /** Writes every cabinet's edges, collapsing those flagged hidden (the focus cut-away) to a point. */
  setHidden(
    computeFlags: Float32Array | undefined,
    interconnectFlags: Float32Array | undefined,
  ): void {
    let o = 0;
    const write = (xz: Float32Array, flags: Float32Array | undefined) => {
      for (let i = 0; i < xz.length / 2; i++) {
        const hidden = flags !== undefined && (flags[i] & FLAG_HIDDEN) !== 0;
        for (let k = 0; k < BOX_EDGES.length; k += 3) {
          this.positions[o++] = xz[2 * i] + (hidden ? 0 : BOX_EDGES[k]);
          this.positions[o++] = hidden ? 0 : BOX_EDGES[k + 1];
          this.positions[o++] = xz[2 * i + 1] + (hidden ? 0 : BOX_EDGES[k + 2]);
        }
      }
    };
    write(this.computeXZ, computeFlags);
    write(this.interconnectXZ, interconnectFlags);
    const attribute = this.lines.geometry.getAttribute('position');
    attribute.needsUpdate = true;
    this.lines.geometry.computeBoundingSphere();
  }

  dispose(): void {
    this.lines.geometry.dispose();
    (this.lines.material as LineBasicMaterial).dispose();
  }
}

/** One cabinet's outline, moved onto whichever cabinet it marks; drawn over the fill edges. */
export function createCabinetOutline(color: string): LineSegments {
  const geometry = new BufferGeometry();
  // Slightly larger than the box, so the outline wins the depth test against the box's own edges.
  const grown = BOX_EDGES.map((v, i) => (i % 3 === 1 ? v * 1.004 - 0.002 : v * 1.01));
  geometry.setAttribute('position', new BufferAttribute(new Float32Array(grown), 3));
  const outline = new LineSegments(geometry, new LineBasicMaterial({ color }));
  outline.visible = false;
  outline.raycast = () => {};
  outline.renderOrder = 2;
  return outline;
}
