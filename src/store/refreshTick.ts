/**
 * One clock for every number the page re-renders from the running engines (the clock, panel
 * samples, the event log, the room's legend). While playing, frames arrive ~10×/s and each of those
 * consumers would otherwise refresh on its own 4 Hz phase: four or five separate style, layout and
 * paint passes of the whole page per quarter second instead of one. With every refresh in the same
 * task, React renders them together and the browser lays out and paints once.
 */
export interface RefreshTick {
  /** Runs `job` in the next refresh, once however often it is asked; the first after a pause runs at once. */
  request(job: () => void): void;
  /** Drops `job` from the next refresh (its component went away). */
  cancel(job: () => void): void;
}

/** How often frame-derived numbers refresh on the page. */
export const REFRESH_MS = 250;

export interface RefreshTimers {
  readonly now: () => number;
  readonly setTimer: (run: () => void, delayMs: number) => unknown;
}

const browserTimers: RefreshTimers = {
  now: () => performance.now(),
  setTimer: (run, delayMs) => setTimeout(run, delayMs),
};

export function createRefreshTick(
  intervalMs = REFRESH_MS,
  timers: RefreshTimers = browserTimers,
): RefreshTick {
  const jobs = new Set<() => void>();
  let scheduled = false;
  let last = Number.NEGATIVE_INFINITY;
  const run = () => {
    scheduled = false;
    last = timers.now();
    const due = [...jobs];
    jobs.clear();
    for (const job of due) job();
  };
  return {
    request(job) {
      jobs.add(job);
      if (scheduled) return;
      scheduled = true;
      timers.setTimer(run, Math.max(0, last + intervalMs - timers.now()));
    },
    cancel(job) {
      jobs.delete(job);
    },
  };
}

/** The page's refresh clock. */
export const refreshTick = createRefreshTick();
