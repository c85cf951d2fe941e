import {
  DynamicDrawUsage,
  Group,
  InstancedBufferAttribute,
  InstancedMesh,
  Matrix4,
  Texture,
  type Raycaster,
  type ShaderMaterial,
  type Vector3,
} from 'three';
import { createBodyGeometry, createDoorGeometry, FLAG_HIDDEN } from './cabinetMaterial';

export interface CabinetRayHit {
  readonly index: number;
  readonly point: Vector3;
  readonly distance: number;
}

/**
 * A row of identical cabinets (compute or interconnect) as two instanced draws, body and door,
 * sharing their per-instance flags and status. Instance i is cabinet i.
 */
export class CabinetSet {
  readonly group = new Group();
  readonly flags: InstancedBufferAttribute;
  readonly status: InstancedBufferAttribute;
  readonly body: InstancedMesh;
  readonly door: InstancedMesh;

  constructor(
    name: string,
    xz: Float32Array,
    readonly bodyMaterial: ShaderMaterial,
    readonly doorMaterial: ShaderMaterial,
  ) {
    const count = xz.length / 2;
    this.flags = new InstancedBufferAttribute(new Float32Array(count), 1);
    this.status = new InstancedBufferAttribute(new Float32Array(count * 2), 2);
    this.flags.setUsage(DynamicDrawUsage);
    this.status.setUsage(DynamicDrawUsage);
    const bodyGeometry = createBodyGeometry();
    const doorGeometry = createDoorGeometry();
    for (const g of [bodyGeometry, doorGeometry]) {
      g.setAttribute('aFlags', this.flags);
      g.setAttribute('aStatus', this.status);
    }
    this.body = new InstancedMesh(bodyGeometry, bodyMaterial, count);
    this.door = new InstancedMesh(doorGeometry, doorMaterial, count);
    this.body.name = `${name}-bodies`;
    this.door.name = `${name}-doors`;
    const m = new Matrix4();
    for (const mesh of [this.body, this.door]) {
      for (let i = 0; i < count; i++)
        mesh.setMatrixAt(i, m.makeTranslation(xz[2 * i], 0, xz[2 * i + 1]));
      mesh.instanceMatrix.needsUpdate = true;
      mesh.computeBoundingSphere();
      mesh.computeBoundingBox();
    }
    this.group.name = name;
    this.group.add(this.body, this.door);
  }

  get flagArray(): Float32Array {
    return this.flags.array as Float32Array;
  }

  get statusArray(): Float32Array {
    return this.status.array as Float32Array;
  }

  /** Focus dims every cabinet but `row` (−1: the focused cabinet is not in this set). */
  setFocus(row: number, active: boolean): void {
    for (const material of [this.bodyMaterial, this.doorMaterial]) {
      material.uniforms.uFocus.value = row;
      material.uniforms.uFocusActive.value = active ? 1 : 0;
    }
  }

  /** The nearest cabinet the ray meets, skipping cut-away ones. */
  pick(raycaster: Raycaster): CabinetRayHit | undefined {
    const flags = this.flagArray;
    let best: CabinetRayHit | undefined;
    for (const mesh of [this.door, this.body]) {
      for (const hit of raycaster.intersectObject(mesh, false)) {
        const i = hit.instanceId;
        if (i === undefined || (flags[i] & FLAG_HIDDEN) !== 0) continue;
        if (!best || hit.distance < best.distance)
          best = { index: i, point: hit.point, distance: hit.distance };
        break;
      }
    }
    return best;
  }

  dispose(): void {
    for (const mesh of [this.body, this.door]) {
      mesh.geometry.dispose();
      mesh.dispose();
    }
    for (const material of [this.bodyMaterial, this.doorMaterial]) {
      for (const uniform of Object.values(material.uniforms))
        if (uniform.value instanceof Texture && uniform.value.name !== 'npu-state')
          uniform.value.dispose();
      material.dispose();
    }
  }
}
