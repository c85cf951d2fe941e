import { FAULT_STEPS, Health, type FaultRecord, type FaultStep } from '../../sim/frame';
import { HEALTH_COLORS } from '../metrics';

/**
 * Colour of each life-cycle step: the health colour the step leaves the device in where there is
 * one (failed, suspect, isolated), so the timeline and the room agree.
 */
export const STEP_COLORS: Readonly<Record<FaultStep, string>> = {
  injected: HEALTH_COLORS[Health.Failed],
  suspected: HEALTH_COLORS[Health.Suspect],
  detected: '#ff8a3d',
  isolated: HEALTH_COLORS[Health.Isolated],
  notified: '#4cc2ff',
  rerouted: HEALTH_COLORS[Health.BackupInUse],
  repaired: '#3fb950',
};

export interface TimelineRow {
  readonly fault: FaultRecord;
  /** Where its bar starts and ends, µs: injection to repair, or to now while active. */
  readonly startUs: number;
  readonly endUs: number;
}

export interface TimelineLayout {
  readonly rows: readonly TimelineRow[];
  /** Faults left out (the oldest), when there are more than fit. */
  readonly hidden: number;
  /** The x domain, µs: from the first shown injection (a little before) to now or the last step. */
  readonly domainUs: readonly [number, number];
  readonly marks: number;
}

/**
 * The rows of the fault timeline: the most recent `maxRows` faults, oldest at the top, each from
 * its injection to its repair (or to now). The domain pads 5 % on each side so the first and last
 * marks are not cut by the axes; the span between is rounded up to a 1-1.25-1.5-2-2.5-3-4-5-6-8 step.
 */
export function timelineLayout(
  faults: readonly FaultRecord[],
  nowUs: number,
  maxRows: number,
): TimelineLayout {
  const shown = faults.slice(Math.max(0, faults.length - maxRows));
  let lo = Number.POSITIVE_INFINITY;
  let hi = nowUs;
  let marks = 0;
  const rows = shown.map((fault): TimelineRow => {
    const startUs = fault.steps[0]?.timeUs ?? nowUs;
    const last = fault.steps[fault.steps.length - 1]?.timeUs ?? startUs;
    const endUs = fault.active ? Math.max(nowUs, last) : last;
    lo = Math.min(lo, startUs);
    hi = Math.max(hi, endUs);
    marks += fault.steps.length;
    return { fault, startUs, endUs };
  });
  if (!Number.isFinite(lo)) lo = 0;
  // The span steps up through a few round sizes instead of following the clock, so while playing
  // the marks stay put (only the now line and active bars move) and the SVG is not rewritten.
  const span = roundSpanUp(Math.max(hi - lo, 1_000_000));
  const pad = span * 0.05;
  return {
    rows,
    hidden: faults.length - shown.length,
    domainUs: [Math.max(0, lo - pad), lo + span + pad],
    marks,
  };
}

const SPAN_STEPS = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest round span (a `SPAN_STEPS` multiple of a power of ten) at or above `us`. */
export function roundSpanUp(us: number): number {
  const decade = 10 ** Math.floor(Math.log10(us));
  const step = SPAN_STEPS.find((m) => m * decade >= us * (1 - 1e-12)) ?? 10;
  return step * decade;
}

/** `+0.52 s` after injection: how long each step took to reach, for tooltips and the list. */
export function stepOffsets(fault: FaultRecord): { step: FaultStep; afterS: number }[] {
  const t0 = fault.steps[0]?.timeUs ?? 0;
  return fault.steps.map((s) => ({ step: s.step, afterS: (s.timeUs - t0) / 1e6 }));
}

/** Index of a step in the life cycle (for ordering legends). */
export const stepIndex = (step: FaultStep): number => FAULT_STEPS.indexOf(step);

/** What a fault's isolation took out of service: devices at its SLA granularity, or a link fault's links. */
export function isolationScope(f: FaultRecord): string {
  const links =
    f.isolatedLinks > 0 ? `${f.isolatedLinks} link${f.isolatedLinks === 1 ? '' : 's'}` : '';
  if (f.granularity)
    return `${f.granularity} · ${f.isolatedDevices} dev${links ? ` · ${links}` : ''}`;
  return links || '—';
}
