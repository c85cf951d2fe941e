import { scaleSequential } from 'd3-scale';
import { interpolateCividis, interpolatePlasma, interpolateViridis } from 'd3-scale-chromatic';
import type { Cluster } from '../model';
import { Health, HEALTH_NAMES, type FabricFrame, type InferNexFrame } from '../sim/frame';

/**
 * What the room, the 2D heatmap and the legend colour NPUs by. One definition per metric, so every
 * view of the same metric shows the same colour for the same value.
 */
export type ColorMetric = 'health' | 'load' | 'hbm' | 'serving';

export type LegendSpec =
  | {
      readonly kind: 'categorical';
      readonly items: readonly { readonly label: string; readonly color: string }[];
    }
  | {
      readonly kind: 'continuous';
      /** Display units (`unit`), e.g. 0…100 %; not the raw frame values. */
      readonly min: number;
      readonly max: number;
      readonly unit: string;
      /** Colours evenly spaced from `min` to `max`, for a CSS gradient. */
      readonly stops: readonly string[];
      /** States drawn in their own colours beside the ramp (e.g. down, off). */
      readonly items?: readonly { readonly label: string; readonly color: string }[];
    };

export interface MetricDef {
  readonly id: ColorMetric;
  readonly label: string;
  readonly description: string;
  /** Colours by the serving fleet: offered only when the scenario runs one (engines.infernex). */
  readonly needsFleet?: boolean;
  legend(cluster: Cluster): LegendSpec;
}

/**
 * Health colours for a dark background: failures loud (red, amber), a calm teal for the thousands of
 * healthy devices so the few that are not stand out, and hues kept apart from the continuous ramps'
 * far ends so a glance tells which metric is on.
 */
export const HEALTH_COLORS: Readonly<Record<Health, string>> = {
  [Health.Healthy]: '#2a9d8f',
  [Health.Suspect]: '#f5a524',
  [Health.Failed]: '#ef4444',
  [Health.Isolated]: '#8e7cc3',
  [Health.BackupInUse]: '#22d3ee',
};

/** Devices whose readings mean nothing (failed or isolated) in the continuous metrics. */
export const NO_DATA_COLOR = '#3b4048';

const HEALTH_ORDER: readonly Health[] = [
  Health.Healthy,
  Health.Suspect,
  Health.Failed,
  Health.Isolated,
  Health.BackupInUse,
];

/**
 * Serving (InferNex) states other than busy: an instance down is as loud as a failed device,
 * starting is amber like a suspect one, scaled-in instances a muted violet — the busy ramp
 * (cividis) runs navy → grey → yellow, so a grey or slate "off" read as a half-busy instance — and
 * NPUs that hold no instance nearly the background so the fleet stands out.
 */
export const SERVING_STATE_COLORS = {
  down: '#ef4444',
  starting: '#f5a524',
  off: '#9b59b6',
  none: '#262a31',
} as const;

/** `InstanceStatus` codes of the InferNex frame (engines/infernex/core.ts). */
const INSTANCE_SERVING = 0;
const INSTANCE_DOWN = 1;
const INSTANCE_OFF = 2;
const INSTANCE_STARTING = 3;

const LUT_SIZE = 256;
const LEGEND_STOPS = 9;

const loadScale = scaleSequential(interpolateViridis).domain([0, 1]);
const hbmScale = scaleSequential(interpolatePlasma).domain([0, 1]);
const servingScale = scaleSequential(interpolateCividis).domain([0, 1]);

function rampStops(scale: (t: number) => string): string[] {
  return Array.from({ length: LEGEND_STOPS }, (_, i) =>
    toHex(parseColor(scale(i / (LEGEND_STOPS - 1)))),
  );
}

export const METRICS: readonly MetricDef[] = [
  {
    id: 'health',
    label: 'Health',
    description:
      'Device health as the fabric sees it: healthy, suspect, failed, isolated, or replaced by the cabinet backup.',
    legend: () => ({
      kind: 'categorical',
      items: HEALTH_ORDER.map((h) => ({ label: HEALTH_NAMES[h], color: HEALTH_COLORS[h] })),
    }),
  },
  {
    id: 'load',
    label: 'Load',
    description:
      'Compute utilisation 0–100 %. Failed and isolated devices are drawn grey: their readings mean nothing.',
    legend: () => ({
      kind: 'continuous',
      min: 0,
      max: 100,
      unit: '%',
      stops: rampStops(loadScale),
    }),
  },
  {
    id: 'hbm',
    label: 'HBM used',
    description:
      'HBM in use per device, up to the accelerator capacity. Failed and isolated devices are drawn grey.',
    legend: (cluster) => ({
      kind: 'continuous',
      min: 0,
      max: cluster.profile.accelerator.hbmGB.value,
      unit: 'GB',
      stops: rampStops(hbmScale),
    }),
  },
  {
    id: 'serving',
    label: 'Serving',
    needsFleet: true,
    description:
      "Each NPU by its InferNex instance: the instance's busy share since the last frame while it serves; down (an accelerator under it is down), starting, off (scaled in), or no instance on it. Scenarios with a serving fleet (engines.infernex) only.",
    legend: () => ({
      kind: 'continuous',
      min: 0,
      max: 100,
      unit: '% busy',
      stops: rampStops(servingScale),
      items: [
        { label: 'instance down', color: SERVING_STATE_COLORS.down },
        { label: 'starting', color: SERVING_STATE_COLORS.starting },
        { label: 'off', color: SERVING_STATE_COLORS.off },
        { label: 'not serving', color: SERVING_STATE_COLORS.none },
      ],
    }),
  },
];

/** The metrics the picker offers: the fleet's only when the scenario runs a serving fleet. */
export const metricsFor = (serving: boolean): readonly MetricDef[] =>
  serving ? METRICS : METRICS.filter((m) => !m.needsFleet);

/** Whether a name (from a share link, say) is one of the metrics the console draws. */
export const isColorMetric = (metric: string): metric is ColorMetric =>
  METRICS.some((m) => m.id === metric);

export function metricDef(id: ColorMetric): MetricDef {
  const def = METRICS.find((m) => m.id === id);
  if (!def) throw new Error(`unknown metric "${String(id)}"`);
  return def;
}

/** `#rrggbb`, `#rgb` or `rgb(r, g, b)` (what d3 interpolators return) → [r, g, b] bytes. */
export function parseColor(text: string): readonly [number, number, number] {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text.trim());
  if (hex) {
    const h = hex[1];
    const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
    const n = parseInt(full, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const rgb = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/i.exec(text.trim());
  if (rgb) return [clampByte(+rgb[1]), clampByte(+rgb[2]), clampByte(+rgb[3])];
  throw new Error(`not a colour: "${text}"`);
}

const clampByte = (x: number) => Math.max(0, Math.min(255, Math.round(x)));

function toHex([r, g, b]: readonly [number, number, number]): string {
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

/** RGBA bytes of a continuous ramp at LUT_SIZE evenly spaced points of 0…1. */
function rampLut(scale: (t: number) => string): Uint8Array {
  const lut = new Uint8Array(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const [r, g, b] = parseColor(scale(i / (LUT_SIZE - 1)));
    lut.set([r, g, b, 255], i * 4);
  }
  return lut;
}

const HEALTH_LUT = (() => {
  // Unknown codes (a newer engine, a corrupt frame) get the no-data grey rather than a wrong hue.
  const lut = new Uint8Array(LUT_SIZE * 4);
  const [nr, ng, nb] = parseColor(NO_DATA_COLOR);
  for (let i = 0; i < LUT_SIZE; i++) lut.set([nr, ng, nb, 255], i * 4);
  for (const h of HEALTH_ORDER) lut.set([...parseColor(HEALTH_COLORS[h]), 255], h * 4);
  return lut;
})();
const LOAD_LUT = rampLut(loadScale);
const HBM_LUT = rampLut(hbmScale);
const SERVING_LUT = rampLut(servingScale);
const SERVING_RGB = {
  down: parseColor(SERVING_STATE_COLORS.down),
  starting: parseColor(SERVING_STATE_COLORS.starting),
  off: parseColor(SERVING_STATE_COLORS.off),
  none: parseColor(SERVING_STATE_COLORS.none),
};

/**
 * The CSS colour of one instance in the Serving metric (its status, or its busy share on the ramp
 * while it serves), so the InferNex tab's instance strip matches the room and the heatmap.
 */
export function servingInstanceColor(statusCode: number, busy: number): string {
  switch (statusCode) {
    case INSTANCE_SERVING: {
      const k = lutOffset(busy);
      return toHex([SERVING_LUT[k], SERVING_LUT[k + 1], SERVING_LUT[k + 2]]);
    }
    case INSTANCE_DOWN:
      return SERVING_STATE_COLORS.down;
    case INSTANCE_STARTING:
      return SERVING_STATE_COLORS.starting;
    case INSTANCE_OFF:
      return SERVING_STATE_COLORS.off;
    default:
      return NO_DATA_COLOR;
  }
}

/** Per NPU: its instance's state, the busy ramp while it serves. */
function writeServing(serving: InferNexFrame | undefined, n: number, out: Uint8Array): void {
  const put = (o: number, rgb: readonly [number, number, number]) => {
    out[o] = rgb[0];
    out[o + 1] = rgb[1];
    out[o + 2] = rgb[2];
    out[o + 3] = 255;
  };
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    const inst = serving && i < serving.npuInstance.length ? serving.npuInstance[i] : -1;
    if (!serving || inst < 0) {
      put(o, SERVING_RGB.none);
      continue;
    }
    switch (serving.instanceStatus[inst]) {
      case INSTANCE_SERVING: {
        const k = lutOffset(serving.instanceUtilisation[inst]);
        out[o] = SERVING_LUT[k];
        out[o + 1] = SERVING_LUT[k + 1];
        out[o + 2] = SERVING_LUT[k + 2];
        out[o + 3] = 255;
        break;
      }
      case INSTANCE_DOWN:
        put(o, SERVING_RGB.down);
        break;
      case INSTANCE_STARTING:
        put(o, SERVING_RGB.starting);
        break;
      case INSTANCE_OFF:
        put(o, SERVING_RGB.off);
        break;
      default:
        put(o, NO_DATA_RGB);
    }
  }
}
const NO_DATA_RGB = parseColor(NO_DATA_COLOR);

/** A 0…1 value → LUT entry offset; NaN and out-of-range values clamp to the ends. */
function lutOffset(t: number): number {
  const c = t > 0 ? (t < 1 ? t : 1) : 0;
  return ((c * (LUT_SIZE - 1) + 0.5) | 0) * 4;
}

function writeRamp(
  lut: Uint8Array,
  values: Float32Array,
  scale: number,
  health: Uint8Array,
  n: number,
  out: Uint8Array,
): void {
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    const h = health[i];
    if (h === Health.Failed || h === Health.Isolated) {
      out[o] = NO_DATA_RGB[0];
      out[o + 1] = NO_DATA_RGB[1];
      out[o + 2] = NO_DATA_RGB[2];
    } else {
      const k = lutOffset(values[i] * scale);
      out[o] = lut[k];
      out[o + 1] = lut[k + 1];
      out[o + 2] = lut[k + 2];
    }
    out[o + 3] = 255;
  }
}

/**
 * Writes RGBA bytes per NPU (4 × cluster.npuCount) for the metric from the frame (`serving`: from
 * the InferNex frame of the same instant; without one every NPU is "not serving"). Called per frame
 * on 8,192 NPUs: table lookups only, no allocation.
 */
export function writeMetricColors(
  metric: ColorMetric,
  cluster: Cluster,
  frame: FabricFrame,
  out: Uint8Array,
  serving?: InferNexFrame,
): void {
  const n = cluster.npuCount;
  if (out.length < n * 4) throw new Error(`colour buffer holds ${out.length / 4} NPUs, need ${n}`);
  switch (metric) {
    case 'health': {
      const health = frame.npuHealth;
      for (let i = 0; i < n; i++) {
        const k = health[i] * 4;
        const o = i * 4;
        out[o] = HEALTH_LUT[k];
        out[o + 1] = HEALTH_LUT[k + 1];
        out[o + 2] = HEALTH_LUT[k + 2];
        out[o + 3] = 255;
      }
      return;
    }
    case 'load':
      writeRamp(LOAD_LUT, frame.npuLoad, 1, frame.npuHealth, n, out);
      return;
    case 'hbm':
      writeRamp(
        HBM_LUT,
        frame.npuHbmUsedGB,
        1 / cluster.profile.accelerator.hbmGB.value,
        frame.npuHealth,
        n,
        out,
      );
      return;
    case 'serving':
      writeServing(serving, n, out);
      return;
    default: {
      const unknown: never = metric;
      throw new Error(`unknown metric "${String(unknown)}"`);
    }
  }
}
