import { interpolatePlasma, interpolateViridis } from 'd3-scale-chromatic';
import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile } from '../model';
import { Health, type FabricFrame, type InferNexFrame } from '../sim/frame';
import {
  HEALTH_COLORS,
  METRICS,
  metricDef,
  metricsFor,
  NO_DATA_COLOR,
  parseColor,
  SERVING_STATE_COLORS,
  servingInstanceColor,
  writeMetricColors,
} from './metrics';
import { metricOnScenario } from '../store/shareState';

const cluster = buildCluster(getProfile('ub-lab-1cab'));

function frameWith(
  fill: (i: number) => { health: Health; load: number; hbm: number },
): FabricFrame {
  const n = cluster.npuCount;
  const npuHealth = new Uint8Array(n);
  const npuLoad = new Float32Array(n);
  const npuHbmUsedGB = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = fill(i);
    npuHealth[i] = v.health;
    npuLoad[i] = v.load;
    npuHbmUsedGB[i] = v.hbm;
  }
  return {
    engine: 'fabric',
    timeUs: 0,
    npuHealth,
    npuLoad,
    npuHbmUsedGB,
    linkUp: new Uint8Array(cluster.linkCount).fill(1),
    linkLoad: new Float32Array(cluster.linkCount),
    series: [],
    log: [],
  };
}

const rgbaAt = (out: Uint8Array, i: number) => [...out.subarray(i * 4, i * 4 + 4)];

describe('writeMetricColors', () => {
  it('writes 64 NPUs of the lab cabinet with the health palette', () => {
    expect(cluster.npuCount).toBe(64);
    const codes = [
      Health.Healthy,
      Health.Suspect,
      Health.Failed,
      Health.Isolated,
      Health.BackupInUse,
    ];
    const frame = frameWith((i) => ({ health: codes[i % 5], load: 0, hbm: 0 }));
    const out = new Uint8Array(64 * 4);
    writeMetricColors('health', cluster, frame, out);
    expect(rgbaAt(out, 0)).toEqual([0x2a, 0x9d, 0x8f, 255]); // healthy
    expect(rgbaAt(out, 1)).toEqual([0xf5, 0xa5, 0x24, 255]); // suspect
    expect(rgbaAt(out, 2)).toEqual([0xef, 0x44, 0x44, 255]); // failed
    expect(rgbaAt(out, 3)).toEqual([0x8e, 0x7c, 0xc3, 255]); // isolated
    expect(rgbaAt(out, 4)).toEqual([0x22, 0xd3, 0xee, 255]); // backup in use
    expect(rgbaAt(out, 63)).toEqual(rgbaAt(out, 3)); // 63 % 5 = 3
  });

  it('gives unknown health codes the no-data grey', () => {
    const frame = frameWith(() => ({ health: Health.Healthy, load: 0, hbm: 0 }));
    (frame.npuHealth as Uint8Array)[7] = 9;
    const out = new Uint8Array(64 * 4);
    writeMetricColors('health', cluster, frame, out);
    expect(rgbaAt(out, 7)).toEqual([...parseColor(NO_DATA_COLOR), 255]);
  });

  it('maps load 0…1 onto viridis, clamping out-of-range and NaN readings', () => {
    const loads = [0, 1, 0.5, -3, 7, Number.NaN];
    const frame = frameWith((i) => ({ health: Health.Healthy, load: loads[i] ?? 0.25, hbm: 0 }));
    const out = new Uint8Array(64 * 4);
    writeMetricColors('load', cluster, frame, out);
    expect(rgbaAt(out, 0)).toEqual([0x44, 0x01, 0x54, 255]); // viridis(0) = #440154
    expect(rgbaAt(out, 1)).toEqual([0xfd, 0xe7, 0x25, 255]); // viridis(1) = #fde725
    expect(rgbaAt(out, 2)).toEqual([...parseColor(interpolateViridis(128 / 255)), 255]);
    expect(rgbaAt(out, 3)).toEqual(rgbaAt(out, 0));
    expect(rgbaAt(out, 4)).toEqual(rgbaAt(out, 1));
    expect(rgbaAt(out, 5)).toEqual(rgbaAt(out, 0));
  });

  it('scales HBM by the profile capacity (144 GB) onto plasma', () => {
    expect(cluster.profile.accelerator.hbmGB.value).toBe(144);
    const hbm = [0, 144, 72, 200];
    const frame = frameWith((i) => ({ health: Health.Healthy, load: 0, hbm: hbm[i] ?? 0 }));
    const out = new Uint8Array(64 * 4);
    writeMetricColors('hbm', cluster, frame, out);
    expect(rgbaAt(out, 0)).toEqual([0x0d, 0x08, 0x87, 255]); // plasma(0) = #0d0887
    expect(rgbaAt(out, 1)).toEqual([0xf0, 0xf9, 0x21, 255]); // plasma(1) = #f0f921
    expect(rgbaAt(out, 2)).toEqual([...parseColor(interpolatePlasma(128 / 255)), 255]);
    expect(rgbaAt(out, 3)).toEqual(rgbaAt(out, 1));
  });

  it('draws failed and isolated devices grey in the continuous metrics', () => {
    const frame = frameWith((i) => ({
      health: i === 10 ? Health.Failed : i === 11 ? Health.Isolated : Health.Suspect,
      load: 1,
      hbm: 144,
    }));
    const out = new Uint8Array(64 * 4);
    const grey = [...parseColor(NO_DATA_COLOR), 255];
    for (const metric of ['load', 'hbm'] as const) {
      writeMetricColors(metric, cluster, frame, out);
      expect(rgbaAt(out, 10)).toEqual(grey);
      expect(rgbaAt(out, 11)).toEqual(grey);
      expect(rgbaAt(out, 12)).not.toEqual(grey); // suspect still shows its reading
    }
  });

  it('refuses a buffer too small for the cluster', () => {
    const frame = frameWith(() => ({ health: Health.Healthy, load: 0, hbm: 0 }));
    expect(() => writeMetricColors('health', cluster, frame, new Uint8Array(63 * 4))).toThrow(
      /need 64/,
    );
  });
});

describe('metric definitions', () => {
  it('lists health, load, hbm and serving, each found by id', () => {
    expect(METRICS.map((m) => m.id)).toEqual(['health', 'load', 'hbm', 'serving']);
    for (const m of METRICS) expect(metricDef(m.id)).toBe(m);
  });

  it('colours NPUs by their instance: down, starting, off, not serving, busy ramp', () => {
    const n = cluster.npuCount;
    const npuInstance = new Int32Array(n).fill(-1);
    for (let i = 0; i < 8; i++) npuInstance[i] = i >> 1; // 4 instances of 2 NPUs
    const serving = {
      instanceStatus: Uint8Array.from([0, 1, 2, 3]),
      instanceUtilisation: Float32Array.from([1, 0, 0, 0]),
      npuInstance,
    } as unknown as InferNexFrame;
    const out = new Uint8Array(n * 4);
    const fabric = frameWith(() => ({ health: Health.Healthy, load: 0, hbm: 0 }));
    writeMetricColors('serving', cluster, fabric, out, serving);
    const rgb = (c: string) => [...parseColor(c), 255];
    expect(rgbaAt(out, 2)).toEqual(rgb(SERVING_STATE_COLORS.down));
    expect(rgbaAt(out, 4)).toEqual(rgb(SERVING_STATE_COLORS.off));
    expect(rgbaAt(out, 6)).toEqual(rgb(SERVING_STATE_COLORS.starting));
    expect(rgbaAt(out, 9)).toEqual(rgb(SERVING_STATE_COLORS.none));
    expect(rgbaAt(out, 0)).not.toEqual(rgb(SERVING_STATE_COLORS.none));
    // Without an InferNex frame every NPU is "not serving".
    writeMetricColors('serving', cluster, fabric, out);
    expect(rgbaAt(out, 0)).toEqual(rgb(SERVING_STATE_COLORS.none));
  });

  it('keeps down, starting and off apart from every colour of the busy ramp', () => {
    for (const state of ['down', 'starting', 'off'] as const) {
      const [r, g, b] = parseColor(SERVING_STATE_COLORS[state]);
      let nearest = Infinity;
      for (let i = 0; i <= 100; i++) {
        const [rr, rg, rb] = parseColor(servingInstanceColor(0, i / 100));
        nearest = Math.min(nearest, Math.hypot(r - rr, g - rg, b - rb));
      }
      // RGB distance; the ramp itself moves ~80 from 0 % to 25 % busy.
      expect(nearest, state).toBeGreaterThan(60);
    }
  });

  it('gives an instance the colour its NPUs get in the room', () => {
    const n = cluster.npuCount;
    const npuInstance = new Int32Array(n).fill(-1);
    for (let i = 0; i < 10; i++) npuInstance[i] = i >> 1; // 5 instances of 2 NPUs
    const status = [0, 1, 2, 3, 0];
    // Busy shares as the frame carries them (float32), which is what the tab reads too.
    const busy = [0.35, 0, 0, 0, 0.9].map(Math.fround);
    const serving = {
      instanceStatus: Uint8Array.from(status),
      instanceUtilisation: Float32Array.from(busy),
      npuInstance,
    } as unknown as InferNexFrame;
    const out = new Uint8Array(n * 4);
    writeMetricColors(
      'serving',
      cluster,
      frameWith(() => ({ health: Health.Healthy, load: 0, hbm: 0 })),
      out,
      serving,
    );
    for (let i = 0; i < 5; i++)
      expect([...parseColor(servingInstanceColor(status[i], busy[i])), 255]).toEqual(
        rgbaAt(out, 2 * i),
      );
    expect(servingInstanceColor(0, 0.35)).not.toBe(servingInstanceColor(0, 0.9));
    expect(servingInstanceColor(9, 0)).toBe(NO_DATA_COLOR);
  });

  it('offers Serving only with a fleet, as the session falls back without one', () => {
    expect(metricsFor(true).map((m) => m.id)).toEqual(['health', 'load', 'hbm', 'serving']);
    expect(metricsFor(false).map((m) => m.id)).toEqual(['health', 'load', 'hbm']);
    for (const m of METRICS)
      expect(metricOnScenario(m.id, false)).toBe(m.needsFleet ? 'health' : m.id);
  });

  it('gives the health legend the five states in the palette colours', () => {
    const legend = metricDef('health').legend(cluster);
    expect(legend).toEqual({
      kind: 'categorical',
      items: [
        { label: 'healthy', color: HEALTH_COLORS[Health.Healthy] },
        { label: 'suspect', color: HEALTH_COLORS[Health.Suspect] },
        { label: 'failed', color: HEALTH_COLORS[Health.Failed] },
        { label: 'isolated', color: HEALTH_COLORS[Health.Isolated] },
        { label: 'backup in use', color: HEALTH_COLORS[Health.BackupInUse] },
      ],
    });
    const colours = new Set(Object.values(HEALTH_COLORS));
    expect(colours.size).toBe(5);
  });

  it('gives continuous legends their display range and ramp stops', () => {
    const load = metricDef('load').legend(cluster);
    const hbm = metricDef('hbm').legend(cluster);
    expect(load).toMatchObject({ kind: 'continuous', min: 0, max: 100, unit: '%' });
    expect(hbm).toMatchObject({ kind: 'continuous', min: 0, max: 144, unit: 'GB' });
    if (load.kind !== 'continuous' || hbm.kind !== 'continuous')
      throw new Error('continuous expected');
    expect(load.stops).toHaveLength(9);
    expect(load.stops[0]).toBe('#440154');
    expect(load.stops[8]).toBe('#fde725');
    expect(hbm.stops[0]).toBe('#0d0887');
    expect(hbm.stops[8]).toBe('#f0f921');
  });
});

describe('parseColor', () => {
  it('reads the forms d3 interpolators return', () => {
    expect(parseColor('#fde725')).toEqual([253, 231, 37]);
    expect(parseColor('#0f8')).toEqual([0, 255, 136]);
    expect(parseColor('rgb(35, 23, 27)')).toEqual([35, 23, 27]);
    expect(() => parseColor('teal')).toThrow(/not a colour/);
  });
});
