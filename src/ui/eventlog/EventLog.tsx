import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { formatSimTime } from '../../sim/time';
import type { LogLevel } from '../../sim/frame';
import { eventLog, eventLogStore, type ConsoleLogEntry } from '../../store/eventLog';
import { selectIds } from '../../store/selection';
import { formatCount } from '../format';

const ROW_PX = 22;
const OVERSCAN = 8;

type LevelFilter = 'all' | 'warn' | 'error';
const PASSES: Readonly<Record<LevelFilter, ReadonlySet<LogLevel>>> = {
  all: new Set(['info', 'warn', 'error']),
  warn: new Set(['warn', 'error']),
  error: new Set(['error']),
};

/** The bottom event log: engine events, operator actions and console errors, newest at the bottom. */
export function EventLog() {
  const version = useStore(eventLogStore, (s) => s.version);
  const [filter, setFilter] = useState<LevelFilter>('all');
  const [text, setText] = useState('');
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(160);
  const [selectError, setSelectError] = useState<string | undefined>(undefined);
  const listRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  /** Where following last scrolled the list: a scroll event at or below it is not the user's. */
  const followedTop = useRef(0);

  const entries = useMemo(() => {
    void version;
    const pass = PASSES[filter];
    const needle = text.trim().toLowerCase();
    return eventLog
      .entries()
      .filter(
        (e) =>
          pass.has(e.level) &&
          (needle === '' ||
            e.message.toLowerCase().includes(needle) ||
            e.targets.some((t) => t.includes(needle))),
      );
  }, [version, filter, text]);

  // The list's height, from a ResizeObserver: reading it on every update would force a layout
  // in the middle of each refresh (a main-thread task of 50+ ms in a fault storm).
  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const observer = new ResizeObserver(() => setViewHeight(list.clientHeight));
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  // Following the newest entry: the rows shown are worked out from the row height, and the list
  // is scrolled in the next animation frame, before the browser paints and where it lays out
  // anyway.
  const top = stickToBottom.current ? Math.max(0, entries.length * ROW_PX - viewHeight) : scrollTop;
  useEffect(() => {
    if (!stickToBottom.current) return;
    const frame = requestAnimationFrame(() => {
      const list = listRef.current;
      if (!list || !stickToBottom.current) return;
      list.scrollTop = list.scrollHeight;
      followedTop.current = list.scrollTop;
    });
    return () => cancelAnimationFrame(frame);
    // scrollTop: a scroll down into the last screenful starts following again, even when paused.
  }, [entries, viewHeight, scrollTop]);

  const first = Math.max(0, Math.floor(top / ROW_PX) - OVERSCAN);
  const last = Math.min(entries.length, Math.ceil((top + viewHeight) / ROW_PX) + OVERSCAN);
  const counts = useMemo(() => {
    let warn = 0;
    let error = 0;
    for (const e of eventLog.entries()) {
      if (e.level === 'warn') warn++;
      else if (e.level === 'error') error++;
    }
    return { warn, error };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);

  // Entries keep landing while the list scrolls, so the bottom is a moving target: following
  // stops on a scroll up from where it last scrolled, and starts again at the bottom or on a
  // scroll down into the last screenful.
  const onScroll = (list: HTMLDivElement) => {
    const fromBottom = list.scrollHeight - list.clientHeight - list.scrollTop;
    const atBottom = fromBottom <= ROW_PX / 2;
    const down = list.scrollTop > scrollTop;
    stickToBottom.current = stickToBottom.current
      ? atBottom || list.scrollTop >= followedTop.current - 1
      : atBottom || (down && fromBottom <= list.clientHeight);
    setScrollTop(list.scrollTop);
  };

  const onPick = (entry: ConsoleLogEntry) => {
    if (entry.targets.length === 0) return;
    const result = selectIds(entry.targets, true);
    setSelectError(result.ok ? undefined : result.reason);
  };

  return (
    <section className="tw-log" data-testid="event-log" aria-label="Event log">
      <div className="tw-log-bar">
        <span className="tw-panel-title">Events</span>
        <span className="tw-muted tw-num" data-testid="event-log-count">
          {formatCount(eventLog.size)}
          {eventLog.droppedCount > 0 ? ` (last ${formatCount(eventLog.capacity)})` : ''}
        </span>
        {counts.error > 0 && (
          <span className="tw-badge tw-badge-error tw-num">{counts.error} error</span>
        )}
        {counts.warn > 0 && (
          <span className="tw-badge tw-badge-warn tw-num">{counts.warn} warn</span>
        )}
        {selectError && <span className="tw-field-error">{selectError}</span>}
        <span className="tw-spacer" />
        <input
          type="search"
          className="tw-log-filter"
          placeholder="Filter text or id"
          aria-label="Filter events"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <select
          aria-label="Minimum level"
          value={filter}
          onChange={(e) => setFilter(e.target.value as LevelFilter)}
        >
          <option value="all">all levels</option>
          <option value="warn">warn + error</option>
          <option value="error">errors</option>
        </select>
      </div>
      <div className="tw-log-list" ref={listRef} onScroll={(e) => onScroll(e.currentTarget)}>
        {entries.length === 0 ? (
          <div className="tw-empty">
            No events yet. Press Play, or fail an NPU from the inspector.
          </div>
        ) : (
          <div className="tw-log-spacer" style={{ height: entries.length * ROW_PX }}>
            {entries.slice(first, last).map((entry, i) => (
              <LogRow key={entry.seq} entry={entry} top={(first + i) * ROW_PX} onPick={onPick} />
            ))}
          </div>
        )}
      </div>
    </section>
  );
}

function LogRow({
  entry,
  top,
  onPick,
}: {
  entry: ConsoleLogEntry;
  top: number;
  onPick: (e: ConsoleLogEntry) => void;
}) {
  const clickable = entry.targets.length > 0;
  return (
    <button
      type="button"
      className={`tw-log-row tw-level-${entry.level}${clickable ? '' : ' tw-log-row-static'}`}
      style={{ top, height: ROW_PX }}
      data-testid="log-entry"
      data-level={entry.level}
      title={clickable ? `Select ${entry.targets.join(', ')}` : entry.message}
      onClick={() => onPick(entry)}
    >
      <span className="tw-log-time tw-num">{formatSimTime(entry.timeUs)}</span>
      <span className={`tw-log-level tw-level-badge-${entry.level}`}>{entry.level}</span>
      <span className="tw-log-source">{entry.source}</span>
      <span className="tw-log-message">{entry.message}</span>
    </button>
  );
}
