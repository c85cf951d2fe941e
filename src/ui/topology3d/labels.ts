import {
  BufferGeometry,
  CanvasTexture,
  Float32BufferAttribute,
  LinearFilter,
  Mesh,
  MeshBasicMaterial,
  SRGBColorSpace,
  Sprite,
  SpriteMaterial,
} from 'three';
import { canvas2d, type Context2d } from './canvas2d';

/** Text drawn into canvas textures: floor signs for pods and rows, sprites for the focused cabinet. */

const FONT = 'system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif';

export interface Sign {
  readonly title: string;
  readonly subtitle?: string;
  /** Centre on the floor and width in metres; the sign is 1/4 as deep as it is wide. */
  readonly x: number;
  readonly z: number;
  readonly width: number;
}

const CELL_W = 512;
const CELL_H = 128;

function drawSign(ctx: Context2d, y: number, sign: Sign): void {
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = 'rgba(170, 186, 206, 0.92)';
  ctx.font = `600 ${sign.subtitle ? 58 : 68}px ${FONT}`;
  ctx.fillText(sign.title, CELL_W / 2, y + (sign.subtitle ? 44 : CELL_H / 2), CELL_W - 24);
  if (sign.subtitle) {
    ctx.fillStyle = 'rgba(120, 136, 156, 0.9)';
    ctx.font = `400 34px ${FONT}`;
    ctx.fillText(sign.subtitle, CELL_W / 2, y + 98, CELL_W - 24);
  }
}

/**
 * All floor signs in one mesh (one texture, one draw call), lying flat and readable from the south,
 * where the overview camera stands.
 */
export function createFloorSigns(signs: readonly Sign[]): Mesh {
  const { canvas, ctx } = canvas2d(CELL_W, CELL_H * Math.max(1, signs.length));
  signs.forEach((s, i) => drawSign(ctx, i * CELL_H, s));

  const positions: number[] = [];
  const uvs: number[] = [];
  const index: number[] = [];
  const rows = Math.max(1, signs.length);
  signs.forEach((s, i) => {
    const hw = s.width / 2;
    const hd = s.width / 8;
    const y = 0.01;
    // Texture up points north (-z), so the text reads upright from the south.
    positions.push(
      s.x - hw,
      y,
      s.z + hd,
      s.x + hw,
      y,
      s.z + hd,
      s.x + hw,
      y,
      s.z - hd,
      s.x - hw,
      y,
      s.z - hd,
    );
    const v0 = 1 - (i + 1) / rows;
    const v1 = 1 - i / rows;
    uvs.push(0, v0, 1, v0, 1, v1, 0, v1);
    const b = i * 4;
    index.push(b, b + 1, b + 2, b, b + 2, b + 3);
  });
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new Float32BufferAttribute(positions, 3));
  geometry.setAttribute('uv', new Float32BufferAttribute(uvs, 2));
  geometry.setIndex(index);
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.anisotropy = 4;
  // Alpha-tested, not blended: blending costs software WebGL a read of every covered pixel.
  const material = new MeshBasicMaterial({ map: texture, alphaTest: 0.35 });
  const mesh = new Mesh(geometry, material);
  mesh.renderOrder = 1;
  mesh.name = 'floor-signs';
  return mesh;
}

export interface TextSpriteOptions {
  /** Height of the sprite in metres. */
  readonly height: number;
  readonly color?: string;
  readonly background?: string;
  readonly weight?: number;
  /** Same size on screen at any distance; `height` is then a fraction of the viewport height. */
  readonly fixedSize?: boolean;
}

/** A camera-facing label. Owns its texture and material: dispose with `disposeSprite`. */
export function createTextSprite(text: string, options: TextSpriteOptions): Sprite {
  const px = 48;
  const pad = 14;
  const measure = canvas2d(1, 1).ctx;
  const font = `${options.weight ?? 600} ${px}px ${FONT}`;
  measure.font = font;
  const width = Math.ceil(measure.measureText(text).width) + pad * 2;
  const height = px + pad * 2;
  const { canvas, ctx } = canvas2d(width, height);
  if (options.background) {
    ctx.fillStyle = options.background;
    ctx.beginPath();
    ctx.roundRect(0, 0, width, height, 12);
    ctx.fill();
  }
  ctx.font = font;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = options.color ?? '#dce6f2';
  ctx.fillText(text, pad, height / 2 + 2);
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.minFilter = LinearFilter;
  texture.generateMipmaps = false;
  const material = new SpriteMaterial({
    map: texture,
    depthTest: false,
    transparent: true,
    sizeAttenuation: !options.fixedSize,
  });
  const sprite = new Sprite(material);
  sprite.scale.set((options.height * width) / height, options.height, 1);
  sprite.renderOrder = 20;
  return sprite;
}

export function disposeSprite(sprite: Sprite): void {
  sprite.material.map?.dispose();
  sprite.material.dispose();
  sprite.removeFromParent();
}
