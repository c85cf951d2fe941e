import type { SimTimeUs } from './time';

/** Health of a device as the fabric sees it. */
export const Health = {
  Healthy: 0,
  Suspect: 1,
  Failed: 2,
  Isolated: 3,
  BackupInUse: 4,
} as const;
export type Health = (typeof Health)[keyof typeof Health];
export const HEALTH_NAMES: Readonly<Record<Health, string>> = {
  0: 'healthy',
  1: 'suspect',
  2: 'failed',
  3: 'isolated',
  4: 'backup in use',
};

export interface SeriesPoint {
  readonly series: string;
  readonly timeUs: SimTimeUs;
  readonly value: number;
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEvent {
  readonly timeUs: SimTimeUs;
  readonly level: LogLevel;
  readonly source: string;
  /** Entity ids the event concerns, so the console can select them. */
  readonly targets: readonly string[];
  readonly message: string;
}

/**
 * What the fabric engine hands the UI after an advance: per-NPU and per-link state as typed arrays
 * (moved as transferables, never copied per element), plus the series points and log events
 * produced since the previous frame.
 */
export interface FabricFrame {
  readonly engine: 'fabric';
  readonly timeUs: SimTimeUs;
  /** Per accelerator: `Health`. */
  readonly npuHealth: Uint8Array;
  /** Per accelerator: compute utilisation 0…1. */
  readonly npuLoad: Float32Array;
  /** Per accelerator: HBM in use, GB. */
  readonly npuHbmUsedGB: Float32Array;
  /** Per link: 1 up, 0 down. */
  readonly linkUp: Uint8Array;
  /** Per link: utilisation 0…1 of its per-direction bandwidth. */
  readonly linkLoad: Float32Array;
  readonly series: readonly SeriesPoint[];
  readonly log: readonly LogEvent[];
}

export type EngineFrame = FabricFrame;

/** The typed arrays of a frame, for `postMessage` transfer lists. */
export function frameBuffers(frame: EngineFrame): ArrayBuffer[] {
  return [frame.npuHealth, frame.npuLoad, frame.npuHbmUsedGB, frame.linkUp, frame.linkLoad].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
