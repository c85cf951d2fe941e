import { describe, expect, it } from 'vitest';
import { createRefreshTick } from './refreshTick';

/** Timers under the test's hand: `advance(ms)` runs every timer due by then, in order. */
function manualTimers() {
  let clock = 0;
  const due: { at: number; run: () => void }[] = [];
  return {
    timers: {
      now: () => clock,
      setTimer: (run: () => void, delayMs: number) => due.push({ at: clock + delayMs, run }),
    },
    advance(ms: number) {
      const end = clock + ms;
      for (;;) {
        due.sort((a, b) => a.at - b.at);
        const next = due[0];
        if (!next || next.at > end) break;
        due.shift();
        clock = next.at;
        next.run();
      }
      clock = end;
    },
    pending: () => due.length,
  };
}

describe('refresh tick', () => {
  it('runs the first request at once, then gathers requests into one run per interval', () => {
    const t = manualTimers();
    const tick = createRefreshTick(250, t.timers);
    const runs: string[] = [];
    const clock = () => runs.push('clock');
    const log = () => runs.push('log');
    tick.request(clock);
    t.advance(0);
    expect(runs).toEqual(['clock']);
    // Frames at 100-ms intervals ask both consumers again and again: one run each 250 ms, with both.
    for (let ms = 100; ms <= 500; ms += 100) {
      t.advance(100);
      tick.request(clock);
      tick.request(log);
      tick.request(clock);
    }
    t.advance(0);
    expect(runs).toEqual(['clock', 'clock', 'log', 'clock', 'log']);
    expect(t.pending()).toBe(1);
    t.advance(250);
    expect(runs).toEqual(['clock', 'clock', 'log', 'clock', 'log', 'clock', 'log']);
    expect(t.pending()).toBe(0);
  });

  it('drops a cancelled job and lets a job ask again while it runs', () => {
    const t = manualTimers();
    const tick = createRefreshTick(250, t.timers);
    let runs = 0;
    const gone = () => runs++;
    tick.request(gone);
    tick.cancel(gone);
    t.advance(1_000);
    expect(runs).toBe(0);
    const again = () => {
      runs++;
      if (runs < 3) tick.request(again);
    };
    tick.request(again);
    t.advance(0);
    expect(runs).toBe(1);
    t.advance(249);
    expect(runs).toBe(1);
    t.advance(1);
    expect(runs).toBe(2);
    t.advance(250);
    expect(runs).toBe(3);
    t.advance(1_000);
    expect(runs).toBe(3);
  });
});
