import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../sim/frame';
import { EventLogBuffer } from './eventLog';

const ev = (timeUs: number, message: string, source = 'fabric'): LogEvent => ({
  timeUs,
  level: 'info',
  source,
  targets: [],
  message,
});

describe('EventLogBuffer', () => {
  it('appends frame events in order with increasing sequence numbers', () => {
    const log = new EventLogBuffer(10);
    log.appendFrame({ timeUs: 100, log: [ev(50, 'a'), ev(100, 'b')] });
    log.appendFrame({ timeUs: 200, log: [ev(200, 'c')] });
    expect(log.entries().map((e) => e.message)).toEqual(['a', 'b', 'c']);
    expect(log.entries().map((e) => e.seq)).toEqual([0, 1, 2]);
  });

  it('keeps only the newest entries past capacity', () => {
    const log = new EventLogBuffer(3);
    log.appendFrame({ timeUs: 10, log: [ev(1, 'a'), ev(2, 'b'), ev(3, 'c'), ev(4, 'd')] });
    expect(log.entries().map((e) => e.message)).toEqual(['b', 'c', 'd']);
    expect(log.droppedCount).toBe(1);
  });

  it('after a seek back, drops engine lines after the new time and does not double replayed ones', () => {
    const log = new EventLogBuffer(10);
    log.appendFrame({ timeUs: 1_000, log: [ev(100, 'fail'), ev(500, 'repair')] });
    log.appendConsole(ev(800, 'operator note', 'operator'));
    // The runtime replays from 0 to 300: its frame carries everything up to 300 again.
    log.appendFrame({ timeUs: 300, log: [ev(100, 'fail')] });
    expect(log.entries().map((e) => e.message)).toEqual(['fail', 'operator note']);
    // Playing on produces the repair again, once.
    log.appendFrame({ timeUs: 600, log: [ev(500, 'repair')] });
    expect(log.entries().map((e) => e.message)).toEqual(['fail', 'operator note', 'repair']);
  });

  it('treats a frame at the same time as a replay (an action that restarted the run)', () => {
    const log = new EventLogBuffer(10);
    log.appendFrame({ timeUs: 1_000, log: [ev(100, 'fail')] });
    log.appendFrame({ timeUs: 1_000, log: [ev(100, 'fail'), ev(1_000, 'new failure')] });
    expect(log.entries().map((e) => e.message)).toEqual(['fail', 'new failure']);
  });

  it('does not bring back lines older than what a full ring still holds', () => {
    const log = new EventLogBuffer(2);
    log.appendFrame({ timeUs: 300, log: [ev(100, 'a'), ev(200, 'b'), ev(300, 'c')] });
    log.appendFrame({ timeUs: 300, log: [ev(100, 'a'), ev(200, 'b'), ev(300, 'c')] });
    expect(log.entries().map((e) => e.message)).toEqual(['b', 'c']);
  });
});
