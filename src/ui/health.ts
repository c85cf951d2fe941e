import type { Cluster } from '../model';
import { HEALTH_NAMES, Health } from '../sim/frame';
import { HEALTH_COLORS } from './metrics';

/** Rank of each health value, worst highest: failed, isolated, suspect, backup in use, healthy. */
export const HEALTH_SEVERITY: Readonly<Record<Health, number>> = {
  [Health.Healthy]: 0,
  [Health.BackupInUse]: 1,
  [Health.Suspect]: 2,
  [Health.Isolated]: 3,
  [Health.Failed]: 4,
};

export const worseHealth = (a: number, b: number): number =>
  HEALTH_SEVERITY[b as Health] > HEALTH_SEVERITY[a as Health] ? b : a;

const COLORS: readonly string[] = ([0, 1, 2, 3, 4] as const).map((h) => HEALTH_COLORS[h]);

/**
 * Colour of each health value, indexed by `Health`: the same table the 3D view and heatmap
 * paint with, so markers in lists match the pictures.
 */
export function healthColors(_cluster?: Cluster): readonly string[] {
  return COLORS;
}

export const healthName = (h: number): string => HEALTH_NAMES[h as Health] ?? `state ${h}`;
