import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import type { Cluster } from '../../model';
import type { FabricFrame } from '../../sim/frame';
import { selectIds, selectRef } from '../../store/selection';
import { sessionStore } from '../../store/sessionStore';
import { viewStore } from '../../store/viewStore';
import { frameOf } from '../frameGuard';
import { healthColors, healthName } from '../health';
import { useFrameSample } from '../hooks';
import { healthRollup, type HealthRollup } from './healthRollup';
import {
  INTERCONNECT_KEY,
  ancestorKeys,
  suggestIds,
  visibleRows,
  type NavRow,
} from './navigatorTree';

export function Navigator() {
  const cluster = useStore(sessionStore, (s) => s.cluster);
  return (
    <nav className="tw-navigator" aria-label="Navigator">
      <div className="tw-panel-title">Navigator</div>
      {cluster ? <NavigatorBody cluster={cluster} /> : <div className="tw-empty">Loading…</div>}
    </nav>
  );
}

function NavigatorBody({ cluster }: { cluster: Cluster }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(['supernode']));
  const selection = useStore(viewStore, (s) => s.selection);
  const reveal = useStore(viewStore, (s) => s.reveal);
  const frame = frameOf(cluster, useFrameSample());
  const rollup = useMemo(
    () => (frame ? healthRollup(cluster, frame) : undefined),
    [cluster, frame],
  );
  const rows = useMemo(() => visibleRows(cluster, expanded), [cluster, expanded]);
  const treeRef = useRef<HTMLUListElement>(null);
  const selectedIds = useMemo(() => new Set(selection.map((e) => e.id)), [selection]);

  // A new cluster starts collapsed.
  useEffect(() => setExpanded(new Set(['supernode'])), [cluster]);

  // Reveal requests (search, log clicks): expand the ancestors, then scroll the row into view.
  useEffect(() => {
    if (!reveal) return;
    const entry = selection.find((e) => e.id === reveal.id);
    if (!entry) return;
    const keys = ancestorKeys(cluster, entry.ref);
    setExpanded((prev) => (keys.every((k) => prev.has(k)) ? prev : new Set([...prev, ...keys])));
    // reveal.n changes on every request, so repeating a search scrolls again.
  }, [reveal, cluster]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!reveal) return;
    const row = treeRef.current?.querySelector(`[data-key="${CSS.escape(reveal.id)}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  }, [reveal, rows]);

  const toggle = useCallback(
    (key: string) =>
      setExpanded((prev) => {
        const next = new Set(prev);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return next;
      }),
    [],
  );

  return (
    <>
      <SearchBox cluster={cluster} />
      <ul className="tw-tree" role="tree" ref={treeRef} data-testid="navigator-tree">
        {rows.map((row) => {
          const marker = rowHealth(row, rollup, frame);
          return (
            <TreeRow
              key={row.key}
              row={row}
              expanded={expanded.has(row.key)}
              selected={selectedIds.has(row.key)}
              worst={marker?.worst ?? 0}
              unhealthy={marker?.count}
              onToggle={toggle}
            />
          );
        })}
      </ul>
      {rollup && (
        <div className="tw-nav-foot tw-num" data-testid="navigator-summary">
          {rollup.unhealthy === 0
            ? `All ${cluster.npuCount.toLocaleString('en-US')} NPUs healthy`
            : `${rollup.unhealthy.toLocaleString('en-US')} of ${cluster.npuCount.toLocaleString('en-US')} NPUs not healthy`}
        </div>
      )}
    </>
  );
}

/** Health marker of a row: the worst NPU state under it (only drawn when something is wrong). */
function rowHealth(row: NavRow, rollup: HealthRollup | undefined, frame: FabricFrame | undefined) {
  if (!rollup || !row.ref) return undefined;
  switch (row.ref.kind) {
    case 'pod':
      return { worst: rollup.podWorst[row.ref.index], count: rollup.podUnhealthy[row.ref.index] };
    case 'cabinet':
      return {
        worst: rollup.cabinetWorst[row.ref.index],
        count: rollup.cabinetUnhealthy[row.ref.index],
      };
    case 'server':
      return { worst: rollup.serverWorst[row.ref.index], count: undefined };
    case 'supernode':
      return {
        worst: rollup.unhealthy > 0 ? Math.max(...rollup.podWorst) : 0,
        count: rollup.unhealthy,
      };
    case 'npu':
      return frame ? { worst: frame.npuHealth[row.ref.index], count: undefined } : undefined;
    case 'node':
    case 'icabinet':
    case 'link':
      return undefined;
  }
}

/** Memoised on plain values, so the ~4 Hz health refresh re-renders only rows whose marker changed. */
const TreeRow = memo(function TreeRow(props: {
  row: NavRow;
  expanded: boolean;
  selected: boolean;
  worst: number;
  unhealthy: number | undefined;
  onToggle: (key: string) => void;
}) {
  const { row, expanded, selected, worst, unhealthy, onToggle } = props;
  const colors = healthColors();
  const showMarker = worst !== 0;
  return (
    <li
      role="treeitem"
      aria-expanded={row.expandable ? expanded : undefined}
      aria-selected={selected}
      className={selected ? 'tw-tree-row tw-selected' : 'tw-tree-row'}
      data-key={row.key}
      style={{ paddingLeft: 6 + row.depth * 14 }}
    >
      {row.expandable ? (
        <button
          type="button"
          className="tw-twisty"
          aria-label={expanded ? `Collapse ${row.label}` : `Expand ${row.label}`}
          onClick={() => onToggle(row.key)}
        >
          {expanded ? '▾' : '▸'}
        </button>
      ) : (
        <span className="tw-twisty-space" />
      )}
      <button
        type="button"
        className="tw-tree-label"
        onClick={(e) => {
          if (row.ref) selectRef(row.ref, e.shiftKey);
          else if (row.key === INTERCONNECT_KEY) onToggle(row.key);
        }}
        onDoubleClick={() => row.expandable && onToggle(row.key)}
      >
        <span className="tw-tree-name">{row.label}</span>
        <span className="tw-tree-detail">{row.detail}</span>
      </button>
      {showMarker && (
        <span
          className="tw-health-marker"
          style={{ background: colors[worst] }}
          title={`${healthName(worst)}${unhealthy ? ` · ${unhealthy} NPU(s) not healthy` : ''}`}
        >
          {unhealthy ? unhealthy : ''}
        </span>
      )}
    </li>
  );
});

function SearchBox({ cluster }: { cluster: Cluster }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const suggestions = useMemo(() => suggestIds(cluster, text, 8), [cluster, text]);

  const go = (raw: string) => {
    const ids = raw
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (ids.length === 0) return;
    const result = selectIds(ids, true);
    if (result.ok) {
      setError(undefined);
      setOpen(false);
      setText(ids.join(' '));
    } else setError(result.reason);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, suggestions.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const pick =
        open && suggestions[active] !== undefined && !suggestions.includes(text.trim())
          ? suggestions[active]
          : text;
      go(pick);
    } else if (e.key === 'Escape') {
      if (open) {
        e.stopPropagation();
        setOpen(false);
      }
    }
  };

  return (
    <div className="tw-search">
      <input
        type="search"
        data-testid="navigator-search"
        placeholder="Find id: cab-017/srv-3/npu-5"
        aria-label="Find by id"
        aria-invalid={error !== undefined}
        aria-describedby={error ? 'tw-search-error' : undefined}
        spellCheck={false}
        autoComplete="off"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(undefined);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {error && (
        <div
          className="tw-field-error"
          id="tw-search-error"
          role="status"
          data-testid="navigator-search-error"
        >
          {error}
        </div>
      )}
      {open && suggestions.length > 0 && (
        <ul className="tw-suggestions" role="listbox" data-testid="navigator-suggestions">
          {suggestions.map((id, i) => (
            <li key={id} role="option" aria-selected={i === active}>
              <button
                type="button"
                className={i === active ? 'tw-suggestion tw-active' : 'tw-suggestion'}
                onMouseDown={(e) => {
                  e.preventDefault();
                  setText(id);
                  go(id);
                }}
              >
                {id}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
