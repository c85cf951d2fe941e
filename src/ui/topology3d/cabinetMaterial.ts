import {
  BoxGeometry,
  BufferGeometry,
  DataTexture,
  Float32BufferAttribute,
  LinearFilter,
  NearestMipmapNearestFilter,
  NoColorSpace,
  RGBAFormat,
  ShaderMaterial,
  UnsignedByteType,
  Vector2,
  Vector3,
  Vector4,
} from 'three';
import { CABINET_DEPTH_M, CABINET_HEIGHT_M, CABINET_WIDTH_M } from '../../model';
import { Health } from '../../sim/frame';
import { HEALTH_COLORS, parseColor } from '../metrics';
import {
  computeDoorMask,
  computeSwitchDoorMask,
  DOOR_MASK_WIDTH,
  type MaskLevel,
} from './doorMask';
import type { FaceLayout } from './faceLayout';

/**
 * Cabinet shaders, written for software WebGL: SwiftShader runs every branch of a shader for every
 * pixel, so each pixel should run only the code its surface needs. A cabinet is therefore two
 * instanced draws: the body (sides, roof, back), whose colour is worked out per vertex and merely
 * passed through per pixel, and the door, which samples a baked mipmapped pattern (`doorMask.ts`)
 * and, for the NPU cells, the state texture (one texel per NPU, row = cabinet, column = server ×
 * perServer + slot), located by the same arithmetic `faceLayout.ts` uses for picking. Cabinet
 * edges are lines (`cabinetEdges.ts`).
 *
 * Colours are written as sRGB and leave the shaders unconverted, so a cell shows exactly the bytes
 * `writeMetricColors` produced.
 *
 * Per-instance attributes, shared by a cabinet's body and door: `aFlags` (bit 0: hidden by the
 * focus cut-away, bit 1: holds a selected NPU) and `aStatus` (x: loudest health code in the
 * cabinet, y: 1 when its backup is in use). State texel alpha < 0.75 marks a selected NPU.
 */

export const FLAG_HIDDEN = 1;
export const FLAG_SELECTED = 2;
/** Texel alpha that marks a selected NPU (255 otherwise). */
export const SELECTED_ALPHA = 128;

const srgb = (hex: string) => {
  const [r, g, b] = parseColor(hex);
  return new Vector3(r / 255, g / 255, b / 255);
};
const glslVec3 = (hex: string) => {
  const v = srgb(hex);
  return `vec3(${v.x.toFixed(4)}, ${v.y.toFixed(4)}, ${v.z.toFixed(4)})`;
};

/** Size of a mask texel on the door, in metres (the mask is stretched over the door). */
const MASK_TEXEL_M = CABINET_WIDTH_M / DOOR_MASK_WIDTH;

/** Shared vertex prelude: instance flags, the cut-away, haze and focus dimming. */
const COMMON_VERTEX = /* glsl */ `
attribute float aFlags;
attribute vec2 aStatus;
uniform float uFocus;
uniform float uFocusActive;
uniform vec3 uBackground;
uniform vec3 uHealth[5];

vec3 healthColor(float code) {
  int i = int(code + 0.5);
  return i == 1 ? uHealth[1] : i == 2 ? uHealth[2] : i == 3 ? uHealth[3] : i == 4 ? uHealth[4] : uHealth[0];
}

bool hiddenInstance() {
  return (int(aFlags + 0.5) & ${FLAG_HIDDEN}) != 0;
}

// Haze toward the background with distance (far rows recede), and dimming of every cabinet but the focused one.
vec2 hazeAndDim(vec3 world) {
  float haze = smoothstep(18.0, 70.0, length(world - cameraPosition)) * 0.55;
  float dim = uFocusActive > 0.5 && uFocus != float(gl_InstanceID) ? 0.45 : 1.0;
  return vec2(haze, dim);
}
`;

const HIDDEN = /* glsl */ `
  if (hiddenInstance()) {
    // Collapsed outside the clip volume: a cut-away cabinet costs no fragments.
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }
`;

const BODY_VERTEX = /* glsl */ `
${COMMON_VERTEX}
uniform vec3 uBody;
flat varying vec3 vColor;

void main() {
  ${HIDDEN}
  vec4 world = modelMatrix * instanceMatrix * vec4(position, 1.0);
  // Fixed key light from the south-east above: roof brightest, sides darker.
  float shade = 0.62 + 0.3 * max(normal.y, 0.0) + 0.08 * max(normal.x, 0.0);
  vec3 col = uBody * shade;
  if (normal.y > 0.5) {
    // The roof carries the cabinet's alarm for the view from above: failed fills it red, suspect
    // and isolated tint it, a selection or the focus turns it pale.
    float worst = aStatus.x;
    if (worst > 0.5 && worst < 3.5) col = mix(col, healthColor(worst), worst > 1.5 && worst < 2.5 ? 0.55 : 0.3);
    if ((int(aFlags + 0.5) & ${FLAG_SELECTED}) != 0) col = mix(col, vec3(0.95), 0.55);
    else if (uFocusActive > 0.5 && uFocus == float(gl_InstanceID)) col = mix(col, vec3(0.62, 0.83, 1.0), 0.35);
  }
  vec2 hd = hazeAndDim(world.xyz);
  vColor = mix(col * hd.y, uBackground, hd.x);
  gl_Position = projectionMatrix * viewMatrix * world;
}
`;

const BODY_FRAGMENT = /* glsl */ `
precision highp float;
flat varying vec3 vColor;
void main() {
  gl_FragColor = vec4(vColor, 1.0);
}
`;

const DOOR_VERTEX = /* glsl */ `
${COMMON_VERTEX}
uniform float uPxScale;
flat varying vec4 vInstance;  // row, dim, haze, focused
flat varying vec3 vLamp;
flat varying vec3 vBackup;
varying vec2 vUv;
varying float vLod;
varying float vPx;

void main() {
  ${HIDDEN}
  vec4 world = modelMatrix * instanceMatrix * vec4(position, 1.0);
  vec4 view = viewMatrix * world;
  vec3 toEye = cameraPosition - world.xyz;
  float dist = length(toEye);
  vUv = uv;
  vPx = -view.z * uPxScale;
  // Mip level from the pixel footprint, widened where the door is seen at a grazing angle.
  float facing = max(abs(toEye.z / dist), 0.2);
  vLod = log2(max(vPx / facing, 1e-5) / ${MASK_TEXEL_M.toFixed(6)});
  vec2 hd = hazeAndDim(world.xyz);
  float focused = uFocusActive > 0.5 && uFocus == float(gl_InstanceID) ? 1.0 : 0.0;
  vInstance = vec4(float(gl_InstanceID), hd.y, hd.x, focused);
  float worst = aStatus.x;
  vLamp = healthColor(worst) * (worst < 0.5 ? 0.75 : 1.0);
  vBackup = aStatus.y > 0.5 ? uHealth[4] : ${glslVec3('#38454f')};
  gl_Position = projectionMatrix * view;
}
`;

const DOOR_FRAGMENT = /* glsl */ `
precision highp float;
precision highp int;
uniform sampler2D uMask;
uniform sampler2D uState;
uniform vec4 uFaceU;   // u0, pitchU, perServer, servers
uniform vec4 uFaceV;   // vTop, pitchV, backupTopV, backupCol0
uniform vec4 uCell;    // cell margin in column units, in band units, column pitch (m), band pitch (m)
uniform vec2 uHover;   // cabinet row, cell (-1 none; servers × perServer + k = backup k)
uniform vec3 uBackground;
flat varying vec4 vInstance;
flat varying vec3 vLamp;
flat varying vec3 vBackup;
varying vec2 vUv;
varying float vLod;
varying float vPx;

const vec3 DOOR_FRAME = ${glslVec3('#12161b')};
const vec3 BOARD = ${glslVec3('#20262e')};
const vec3 SOCKET = ${glslVec3('#0b0d10')};

void main() {
  vec4 m = textureLod(uMask, vUv, vLod);
  float perServer = uFaceU.z;
  float servers = uFaceU.w;
  float colF = (vUv.x - uFaceU.x) / uFaceU.y;
  float bandF = (uFaceV.x - vUv.y) / uFaceV.y;
  // Written without branches: software WebGL would run both sides of one anyway.
  float backup = step(servers, bandF);
  // Clamped, so a far pixel whose centre falls in a gap still shows the nearest cell's colour.
  float c = clamp(floor(colF), 0.0, perServer - 1.0);
  float b = clamp(floor(bandF), 0.0, servers - 1.0);
  vec4 texel = texelFetch(uState, ivec2(int(b * perServer + c), int(vInstance.x)), 0);
  float kF = colF - uFaceV.w;
  float k = max(floor(kF), 0.0);
  float cellIndex = mix(b * perServer + c, servers * perServer + k, backup);
  vec3 cellColor = mix(mix(texel.rgb, vBackup, backup), SOCKET, vInstance.w);

  vec3 col = mix(DOOR_FRAME, BOARD, m.g);
  col = mix(col, vLamp, m.b);
  col = mix(col, cellColor, m.r);

  // Selected or hovered cell: a ring inside it; a cell only a few pixels wide lights up whole.
  float selected = (1.0 - backup) * step(texel.a, 0.75);
  float hovered = uHover.x == vInstance.x && uHover.y == cellIndex ? 1.0 : 0.0;
  float fu = mix(colF - c, kF - k, backup);
  float fv = mix(bandF - b, (uFaceV.z - vUv.y) / uFaceV.y, backup);
  vec2 d = vec2(min(fu - uCell.x, 1.0 - uCell.x - fu) * uCell.z, min(fv - uCell.y, 1.0 - uCell.y - fv) * uCell.w);
  float ringM = uCell.z / vPx < 6.0 ? 1.0 : max(0.008, 1.5 * vPx);
  float ring = step(min(d.x, d.y), ringM) * max(selected, hovered) * m.r;
  col = mix(col, mix(vec3(1.0), vec3(0.62, 0.83, 1.0), hovered), ring);

  gl_FragColor = vec4(mix(col * vInstance.y, uBackground, vInstance.z), 1.0);
}
`;

const SWITCH_DOOR_VERTEX = /* glsl */ `
${COMMON_VERTEX}
uniform float uPxScale;
flat varying vec2 vHazeDim;
varying vec2 vUv;
varying float vLod;

void main() {
  ${HIDDEN}
  vec4 world = modelMatrix * instanceMatrix * vec4(position, 1.0);
  vec4 view = viewMatrix * world;
  vec3 toEye = cameraPosition - world.xyz;
  float dist = length(toEye);
  vUv = uv;
  float facing = max(abs(toEye.z / dist), 0.2);
  vLod = log2(max(-view.z * uPxScale / facing, 1e-5) / ${MASK_TEXEL_M.toFixed(6)});
  vHazeDim = hazeAndDim(world.xyz);
  gl_Position = projectionMatrix * view;
}
`;

// Switch units with rows of port lights: no state, but it reads as network gear, not compute.
const SWITCH_DOOR_FRAGMENT = /* glsl */ `
precision highp float;
uniform sampler2D uMask;
uniform vec3 uBackground;
flat varying vec2 vHazeDim;
varying vec2 vUv;
varying float vLod;

void main() {
  vec4 m = textureLod(uMask, vUv, vLod);
  vec3 col = mix(${glslVec3('#121a26')}, ${glslVec3('#1a2231')}, m.g);
  col = mix(col, ${glslVec3('#3a9ef2')}, m.r);
  col = mix(col, ${glslVec3('#173352')}, m.a);
  col = mix(col, ${glslVec3('#4080f2')}, m.b);
  gl_FragColor = vec4(mix(col * vHazeDim.y, uBackground, vHazeDim.x), 1.0);
}
`;

function maskTexture(levels: readonly MaskLevel[]): DataTexture {
  const base = levels[0];
  const texture = new DataTexture(base.data, base.width, base.height, RGBAFormat, UnsignedByteType);
  texture.mipmaps = levels.map((l) => ({ data: l.data, width: l.width, height: l.height }));
  texture.generateMipmaps = false;
  // Point-sampled mip levels when a texel is smaller than a pixel (the levels are pre-filtered, and
  // trilinear filtering costs software WebGL a third of the door), bilinear when up close.
  texture.minFilter = NearestMipmapNearestFilter;
  texture.magFilter = LinearFilter;
  texture.colorSpace = NoColorSpace;
  texture.needsUpdate = true;
  return texture;
}

function commonUniforms(background: string) {
  return {
    uFocus: { value: -1 },
    uFocusActive: { value: 0 },
    uBackground: { value: srgb(background) },
    uHealth: {
      value: [
        Health.Healthy,
        Health.Suspect,
        Health.Failed,
        Health.Isolated,
        Health.BackupInUse,
      ].map((h) => srgb(HEALTH_COLORS[h])),
    },
  };
}

/** Sides, roof and back of a cabinet: a box without its door face, standing on the floor. */
export function createBodyGeometry(): BufferGeometry {
  const box = new BoxGeometry(CABINET_WIDTH_M, CABINET_HEIGHT_M, CABINET_DEPTH_M);
  box.translate(0, CABINET_HEIGHT_M / 2, 0);
  // BoxGeometry groups are +x, −x, +y, −y, +z, −z; the +z group is the door, drawn separately.
  const index = box.getIndex();
  const door = box.groups[4];
  if (!index || !door) throw new Error('unexpected BoxGeometry layout');
  const kept: number[] = [];
  for (let i = 0; i < index.count; i++)
    if (i < door.start || i >= door.start + door.count) kept.push(index.getX(i));
  box.setIndex(kept);
  box.clearGroups();
  return box;
}

/** The door: a quad on the cabinet's +z face, UV (0, 0) at the bottom left seen from the front. */
export function createDoorGeometry(): BufferGeometry {
  const w = CABINET_WIDTH_M / 2;
  const h = CABINET_HEIGHT_M;
  const z = CABINET_DEPTH_M / 2;
  const geometry = new BufferGeometry();
  geometry.setAttribute(
    'position',
    new Float32BufferAttribute([-w, 0, z, w, 0, z, w, h, z, -w, h, z], 3),
  );
  geometry.setAttribute(
    'normal',
    new Float32BufferAttribute([0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1], 3),
  );
  geometry.setAttribute('uv', new Float32BufferAttribute([0, 0, 1, 0, 1, 1, 0, 1], 2));
  geometry.setIndex([0, 1, 2, 0, 2, 3]);
  return geometry;
}

/** Surfaces sit a hair behind their edge lines in depth, so the lines do not flicker on them. */
const BEHIND_EDGES = {
  polygonOffset: true,
  polygonOffsetFactor: 1,
  polygonOffsetUnits: 1,
} as const;

export function createBodyMaterial(background: string, body: string): ShaderMaterial {
  return new ShaderMaterial({
    ...BEHIND_EDGES,
    vertexShader: BODY_VERTEX,
    fragmentShader: BODY_FRAGMENT,
    uniforms: { ...commonUniforms(background), uBody: { value: srgb(body) } },
  });
}

export function createDoorMaterial(
  state: DataTexture,
  face: FaceLayout,
  background: string,
): ShaderMaterial {
  return new ShaderMaterial({
    ...BEHIND_EDGES,
    vertexShader: DOOR_VERTEX,
    fragmentShader: DOOR_FRAGMENT,
    uniforms: {
      ...commonUniforms(background),
      uPxScale: { value: 0.001 },
      uHover: { value: new Vector2(-1, -1) },
      uMask: { value: maskTexture(computeDoorMask(face)) },
      uState: { value: state },
      uFaceU: { value: new Vector4(face.u0, face.pitchU, face.perServer, face.servers) },
      uFaceV: { value: new Vector4(face.vTop, face.pitchV, face.backupTopV, face.backupCol0) },
      uCell: {
        value: new Vector4(
          face.cellGapU / 2 / face.pitchU,
          (face.bandGapV / 2 + face.cellInsetV) / face.pitchV,
          face.pitchU * CABINET_WIDTH_M,
          face.pitchV * CABINET_HEIGHT_M,
        ),
      },
    },
  });
}

export function createSwitchDoorMaterial(face: FaceLayout, background: string): ShaderMaterial {
  return new ShaderMaterial({
    ...BEHIND_EDGES,
    vertexShader: SWITCH_DOOR_VERTEX,
    fragmentShader: SWITCH_DOOR_FRAGMENT,
    uniforms: {
      ...commonUniforms(background),
      uPxScale: { value: 0.001 },
      uMask: { value: maskTexture(computeSwitchDoorMask(face)) },
    },
  });
}

/** Metres per pixel per metre of view depth, which the door shaders need for rings and mip levels. */
export function pixelScale(fovDeg: number, viewportHeightPx: number): number {
  return (2 * Math.tan((fovDeg * Math.PI) / 360)) / Math.max(1, viewportHeightPx);
}
