import { createStore } from 'zustand/vanilla';
import type { FabricFrame, LogEvent } from '../sim/frame';
import { refreshTick } from './refreshTick';
import { RingBuffer } from './ringBuffer';

/** A log line as the console keeps it: the engine's event plus a sequence number for stable keys. */
export interface ConsoleLogEntry extends LogEvent {
  readonly seq: number;
}

/** Sources the console itself writes (everything else came from an engine frame). */
export const CONSOLE_SOURCES: ReadonlySet<string> = new Set(['operator', 'console']);

export const EVENT_LOG_CAPACITY = 2_000;

const entryKey = (e: LogEvent) =>
  `${e.timeUs}|${e.source}|${e.level}|${e.message}|${e.targets.join(',')}`;

/**
 * The bounded event log. Engine events arrive with each frame; when the clock went back or stood
 * still (a seek backwards or an action that made the runtime replay from 0), the replayed frame
 * carries events the log already holds, so those are matched and skipped instead of doubled.
 */
export class EventLogBuffer {
  private readonly ring: RingBuffer<ConsoleLogEntry>;
  private nextSeq = 0;
  private lastFrameUs: number | undefined;

  constructor(capacity = EVENT_LOG_CAPACITY) {
    this.ring = new RingBuffer(capacity);
  }

  get size(): number {
    return this.ring.size;
  }

  get version(): number {
    return this.ring.version;
  }

  get capacity(): number {
    return this.ring.capacity;
  }

  get droppedCount(): number {
    return this.ring.droppedCount;
  }

  at(i: number): ConsoleLogEntry | undefined {
    return this.ring.at(i);
  }

  entries(): ConsoleLogEntry[] {
    return this.ring.toArray();
  }

  appendFrame(frame: Pick<FabricFrame, 'timeUs' | 'log'>): void {
    const replay = this.lastFrameUs !== undefined && frame.timeUs <= this.lastFrameUs;
    this.lastFrameUs = frame.timeUs;
    if (!replay) {
      for (const event of frame.log) this.push(event);
      return;
    }
    // Engine lines after the new time did not happen (yet) on this timeline.
    this.ring.retain((e) => CONSOLE_SOURCES.has(e.source) || e.timeUs <= frame.timeUs);
    if (frame.log.length === 0) return;
    const known = new Set<string>();
    let oldestEngineUs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.ring.size; i++) {
      const e = this.ring.at(i) as ConsoleLogEntry;
      if (CONSOLE_SOURCES.has(e.source)) continue;
      known.add(entryKey(e));
      if (e.timeUs < oldestEngineUs) oldestEngineUs = e.timeUs;
    }
    const full = this.ring.droppedCount > 0;
    for (const event of frame.log) {
      if (known.has(entryKey(event))) continue;
      // Lines older than what the ring still holds were evicted before; do not bring them back out of order.
      if (full && event.timeUs < oldestEngineUs) continue;
      this.push(event);
    }
  }

  /** A line written by the console itself (operator action, load error). */
  appendConsole(event: LogEvent): void {
    this.push(event);
  }

  clear(): void {
    this.ring.clear();
    this.lastFrameUs = undefined;
  }

  private push(event: LogEvent): void {
    this.ring.push({ ...event, seq: this.nextSeq++ });
  }
}

/** The console's one log. */
export const eventLog = new EventLogBuffer();

/**
 * React reads the log through this store's `version`, bumped on the page's refresh tick (~4×/s
 * while frames stream; the ring itself changes up to once per animation frame).
 */
export const eventLogStore = createStore<{ readonly version: number }>()(() => ({ version: 0 }));

const publishVersion = () => eventLogStore.setState({ version: eventLog.version });

function notifyLogChanged(): void {
  refreshTick.request(publishVersion);
}

export function logFrame(frame: FabricFrame): void {
  const before = eventLog.version;
  eventLog.appendFrame(frame);
  if (eventLog.version !== before) notifyLogChanged();
}

export function logConsole(
  level: LogEvent['level'],
  source: 'operator' | 'console',
  timeUs: number,
  message: string,
  targets: readonly string[] = [],
): void {
  eventLog.appendConsole({ timeUs, level, source, targets, message });
  notifyLogChanged();
}

export function clearLog(): void {
  eventLog.clear();
  notifyLogChanged();
}
