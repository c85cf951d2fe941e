import {
  HEARTBEAT_CHART_SIZES,
  HEARTBEAT_TARGET_SECONDS,
  defaultHeartbeatParams,
  heartbeatSeries,
  type HeartbeatEstimate,
  type HeartbeatParams,
} from '../../engines/fabric/heartbeat';
import { HEARTBEAT_DESIGNS, type HeartbeatDesign } from '../../sim/scenario';

export const DESIGN_COLORS: Readonly<Record<HeartbeatDesign, string>> = {
  hierarchical: '#4cc2ff',
  'flat-async': '#3fb950',
  'flat-sequential': '#ff8a3d',
  gossip: '#c297ff',
};

export const DESIGN_LABELS: Readonly<Record<HeartbeatDesign, string>> = {
  hierarchical: 'hierarchical (UBM agents)',
  'flat-async': 'flat, async poller',
  'flat-sequential': 'flat, sequential poller',
  gossip: 'gossip (SWIM + Lifeguard)',
};

export interface DesignSeries {
  readonly design: HeartbeatDesign;
  readonly points: readonly HeartbeatEstimate[];
}

/**
 * Round and detection time against cluster size for the four designs: the scenario's own
 * parameters for the design it runs, each other design at its defaults (what switching to it
 * would give).
 */
export function designSeries(
  current: HeartbeatParams,
  sizes: readonly number[] = HEARTBEAT_CHART_SIZES,
): DesignSeries[] {
  return HEARTBEAT_DESIGNS.map((design) => ({
    design,
    points: heartbeatSeries(
      design === current.design ? current : defaultHeartbeatParams(design),
      sizes,
    ),
  }));
}

/** The y domain in seconds (log scale): every value and the target, widened to whole decades. */
export function secondsDomain(series: readonly DesignSeries[]): [number, number] {
  let lo = HEARTBEAT_TARGET_SECONDS;
  let hi = HEARTBEAT_TARGET_SECONDS;
  for (const s of series)
    for (const p of s.points)
      for (const v of [p.roundSeconds, p.detectionSeconds])
        if (v > 0 && Number.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
  return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
}

/** The first size at which a design misses the target (round or detection), if any. */
export function firstMiss(series: DesignSeries): number | undefined {
  return series.points.find((p) => !p.meetsTarget)?.endpoints;
}
