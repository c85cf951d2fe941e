import {
  type Camera,
  FramebufferTexture,
  LinearFilter,
  Mesh,
  OrthographicCamera,
  PlaneGeometry,
  type Scene,
  ShaderMaterial,
  Scene as ThreeScene,
  Vector2,
  Vector4,
  type WebGLRenderer,
} from 'three';

const BLIT_VERTEX = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}
`;

// The copied pixels are already in the canvas's colour space: pass them through untouched.
const BLIT_FRAGMENT = /* glsl */ `
uniform sampler2D tFrame;
varying vec2 vUv;
void main() {
  gl_FragColor = texture2D(tFrame, vUv);
}
`;

/**
 * Draws the room at a reduced resolution without resizing the canvas: the scene is rendered into
 * the lower-left part of the drawing buffer, copied into a texture and stretched back over the
 * whole buffer. Resizing the canvas instead reallocates the drawing buffer on every switch between
 * motion and rest, a main-thread stall of 50–100 ms in a software rasteriser; the copy texture is
 * allocated once per size and the programs the scene uses stay the same (no recompilation, as a
 * render target with its own colour-space handling would need).
 */
export class MotionBlit {
  private readonly quad: Mesh<PlaneGeometry, ShaderMaterial>;
  private readonly blitScene = new ThreeScene();
  private readonly blitCamera = new OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private texture: FramebufferTexture | null = null;
  private readonly full = new Vector4();
  private readonly part = new Vector4();
  private readonly bufferSize = new Vector2();

  constructor() {
    this.quad = new Mesh(
      new PlaneGeometry(2, 2),
      new ShaderMaterial({
        uniforms: { tFrame: { value: null } },
        vertexShader: BLIT_VERTEX,
        fragmentShader: BLIT_FRAGMENT,
        depthTest: false,
        depthWrite: false,
      }),
    );
    this.quad.frustumCulled = false;
    this.blitScene.add(this.quad);
  }

  /** The size in drawing-buffer pixels the scene is drawn at for a scale of the full buffer. */
  partSize(renderer: WebGLRenderer, scale: number): { width: number; height: number } {
    renderer.getDrawingBufferSize(this.bufferSize);
    return {
      width: Math.max(1, Math.floor(this.bufferSize.x * scale)),
      height: Math.max(1, Math.floor(this.bufferSize.y * scale)),
    };
  }

  /** Allocates the copy texture for this scale and compiles the stretch program, ahead of use. */
  prepare(renderer: WebGLRenderer, scale: number): void {
    const { width, height } = this.partSize(renderer, scale);
    const texture = this.textureFor(width, height);
    this.quad.material.uniforms.tFrame.value = texture;
    renderer.compile(this.blitScene, this.blitCamera);
    renderer.initTexture(texture);
  }

  /** Renders `scene` at `scale` of the drawing buffer and stretches it over the whole buffer. */
  render(renderer: WebGLRenderer, scene: Scene, camera: Camera, scale: number): void {
    const { width, height } = this.partSize(renderer, scale);
    const ratio = renderer.getPixelRatio();
    renderer.getViewport(this.full);
    // The renderer scales viewport and scissor by the pixel ratio; give them in its units.
    this.part.set(0, 0, width / ratio, height / ratio);
    renderer.setViewport(this.part);
    renderer.setScissor(this.part);
    renderer.setScissorTest(true);
    renderer.render(scene, camera);
    renderer.setScissorTest(false);
    renderer.setViewport(this.full);

    const texture = this.textureFor(width, height);
    renderer.copyFramebufferToTexture(texture);
    this.quad.material.uniforms.tFrame.value = texture;
    const autoClear = renderer.autoClear;
    renderer.autoClear = false;
    renderer.render(this.blitScene, this.blitCamera);
    renderer.autoClear = autoClear;
  }

  dispose(): void {
    this.texture?.dispose();
    this.texture = null;
    this.quad.geometry.dispose();
    this.quad.material.dispose();
  }

  private textureFor(width: number, height: number): FramebufferTexture {
    const current = this.texture;
    if (current && current.image.width === width && current.image.height === height) return current;
    current?.dispose();
    const texture = new FramebufferTexture(width, height);
    // Stretching up: blend neighbouring pixels rather than show blocks.
    texture.magFilter = LinearFilter;
    texture.minFilter = LinearFilter;
    this.texture = texture;
    return texture;
  }
}
