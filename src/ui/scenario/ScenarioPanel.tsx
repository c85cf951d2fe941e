import { Fragment, memo, useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { clusterFor } from '../../engines/clusterCache';
import { parseEntityId } from '../../model';
import { SCENARIO_LIBRARY } from '../../scenarios';
import type { Scenario, TimelineEvent } from '../../sim/scenario';
import { parseScenarioJson, validateScenarioAgainstCluster } from '../../sim/scenarioIo';
import { formatSimTime, secondsToUs } from '../../sim/time';
import { reportError } from '../../store/errors';
import { frameBus } from '../../store/frameBus';
import { playbackStore } from '../../store/playbackStore';
import { runtimeQueue } from '../../store/serialQueue';
import { loadSession, removeOperatorAction } from '../../store/session';
import { selectIds } from '../../store/selection';
import { errorMessage, sessionStore } from '../../store/sessionStore';
import { sessionFileJson, sessionFileName, splitOperatorActions } from '../../store/shareState';
import { formatCount } from '../format';
import { downloadText } from '../hooks';
import { Facts } from '../widgets/Facts';

/** Scenario facts, timeline, digest, import/export and the library. */
export default function ScenarioPanel() {
  const { scenario, actions, libraryId, cluster } = useStore(
    sessionStore,
    useShallow((s) => ({
      scenario: s.scenario,
      actions: s.actions,
      libraryId: s.libraryId,
      cluster: s.cluster,
    })),
  );
  if (!scenario)
    return (
      <section className="tw-scenario" data-testid="scenario-panel">
        <div className="tw-empty">Loading…</div>
      </section>
    );
  return (
    <section className="tw-scenario" data-testid="scenario-panel" aria-label="Scenario">
      <div className="tw-entity">
        <div className="tw-entity-head">
          <span className="tw-kind">scenario</span>
          <span className="tw-entity-id">{scenario.name}</span>
        </div>
        {scenario.description && <p className="tw-muted tw-hint">{scenario.description}</p>}
        <Facts
          rows={[
            [
              'Profile',
              cluster ? `${scenario.profile} — ${cluster.profile.name}` : scenario.profile,
            ],
            ['Seed', <span className="tw-num">{scenario.seed}</span>],
            ['Slice', <span className="tw-num">{scenario.sliceMs} ms</span>],
            [
              'Length',
              <span className="tw-num">
                {formatSimTime(secondsToUs(scenario.durationSeconds))}
              </span>,
            ],
            [
              'Workloads',
              scenario.workloads.length === 0
                ? 'none'
                : scenario.workloads.map((w) => `${w.id} (${w.kind})`).join(', '),
            ],
            ['Library', libraryId ?? 'custom'],
          ]}
        />
      </div>
      <DigestSection />
      <Timeline scenario={scenario} actions={actions} />
      <FileSection scenario={scenario} actions={actions} />
      <LibrarySection current={libraryId} />
    </section>
  );
}

type DigestState =
  | { readonly status: 'none' }
  | { readonly status: 'pending'; readonly previous?: { hex: string; timeUs: number } }
  | { readonly status: 'ready'; readonly hex: string; readonly timeUs: number }
  | { readonly status: 'error'; readonly message: string };

const DIGEST_SETTLE_MS = 200;

/** The engines' state hash at the current sim time, refreshed once the clock stops moving. */
function DigestSection() {
  const runtime = useStore(sessionStore, (s) => s.runtime);
  const actions = useStore(sessionStore, (s) => s.actions);
  const { timeUs, playing, seeking } = useStore(
    playbackStore,
    useShallow((s) => ({ timeUs: s.timeUs, playing: s.playing, seeking: s.seeking })),
  );
  const [digest, setDigest] = useState<DigestState>({ status: 'none' });

  useEffect(() => {
    if (!runtime) return;
    setDigest((d) => ({
      status: 'pending',
      previous:
        d.status === 'ready'
          ? { hex: d.hex, timeUs: d.timeUs }
          : d.status === 'pending'
            ? d.previous
            : undefined,
    }));
    if (playing || seeking) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      runtimeQueue
        .run(async () => {
          const at = runtime.timeUs;
          return { hex: await runtime.digest(), timeUs: at };
        })
        .then(
          (result) => {
            if (!cancelled) setDigest({ status: 'ready', ...result });
          },
          (error: unknown) => {
            if (cancelled) return;
            setDigest({ status: 'error', message: errorMessage(error) });
            reportError('The digest could not be computed', error);
          },
        );
    }, DIGEST_SETTLE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [runtime, actions, timeUs, playing, seeking]);

  const shown =
    digest.status === 'ready' ? digest : digest.status === 'pending' ? digest.previous : undefined;
  return (
    <div className="tw-section">
      <div className="tw-section-title">
        Digest{' '}
        <span className="tw-muted">
          {digest.status === 'ready'
            ? `at ${formatSimTime(digest.timeUs)}`
            : digest.status === 'pending'
              ? playing
                ? 'updates when the clock stops'
                : 'computing…'
              : ''}
        </span>
      </div>
      <code
        className={digest.status === 'ready' ? 'tw-digest' : 'tw-digest tw-stale'}
        data-testid="digest"
        data-state={digest.status}
        data-time-us={shown?.timeUs}
        title="Hash of every engine's state at this sim time; the CLI prints the same for `twin run … --until <t>`"
      >
        {digest.status === 'error' ? `error: ${digest.message}` : (shown?.hex ?? '—')}
      </code>
    </div>
  );
}

interface TimelineRow {
  readonly event: TimelineEvent;
  readonly timeUs: number;
  /** Index in the operator's actions, for removal. */
  readonly actionIndex: number | undefined;
}

function Timeline({
  scenario,
  actions,
}: {
  scenario: Scenario;
  actions: readonly TimelineEvent[];
}) {
  const cluster = useStore(sessionStore, (s) => s.cluster);
  const nowUs = useStore(playbackStore, (s) => s.timeUs);
  const [showAll, setShowAll] = useState(false);
  const rows = useMemo(() => {
    const all: TimelineRow[] = [
      ...scenario.timeline.map((event) => ({
        event,
        timeUs: secondsToUs(event.atSeconds),
        actionIndex: undefined,
      })),
      ...actions.map((event, i) => ({
        event,
        timeUs: secondsToUs(event.atSeconds),
        actionIndex: i,
      })),
    ];
    return all.sort((a, b) => a.timeUs - b.timeUs);
  }, [scenario, actions]);
  return (
    <div className="tw-section">
      <div className="tw-section-title">
        Timeline{' '}
        <span className="tw-muted tw-num">
          {scenario.timeline.length} scenario · {actions.length} operator
        </span>
      </div>
      {rows.length === 0 ? (
        <div className="tw-muted">No events. Operator actions from the inspector appear here.</div>
      ) : (
        <table className="tw-table tw-timeline" data-testid="scenario-timeline">
          <thead>
            <tr>
              <th>time</th>
              <th>event</th>
              <th>target</th>
              <th>by</th>
              <th aria-label="actions" />
            </tr>
          </thead>
          <tbody>
            {(showAll ? rows : rows.slice(0, TIMELINE_ROWS)).map((row, i) => (
              <TimelineRowView
                key={i}
                row={row}
                past={row.timeUs <= nowUs}
                isEntity={cluster !== undefined && parseEntityId(cluster, row.event.target).ok}
              />
            ))}
          </tbody>
        </table>
      )}
      {rows.length > TIMELINE_ROWS && (
        <button type="button" className="tw-btn tw-btn-small" onClick={() => setShowAll((v) => !v)}>
          {showAll
            ? `Show the first ${TIMELINE_ROWS}`
            : `Show all ${formatCount(rows.length)} events`}
        </button>
      )}
    </div>
  );
}

/** Long timelines show their first rows until asked; rows re-render only when their state changes. */
const TIMELINE_ROWS = 200;

const TimelineRowView = memo(function TimelineRowView({
  row,
  past,
  isEntity,
}: {
  row: TimelineRow;
  past: boolean;
  isEntity: boolean;
}) {
  const { event } = row;
  return (
    <tr className={past ? 'tw-past' : undefined} data-by={event.by}>
      <td className="tw-num">{formatSimTime(row.timeUs)}</td>
      <td>
        {event.kind}
        {event.kind === 'workload-load' ? ` → ${Math.round(event.utilisation * 100)} %` : ''}
      </td>
      <td>
        {isEntity ? (
          <button
            type="button"
            className="tw-link"
            title={event.note}
            onClick={() => selectIds([event.target], true)}
          >
            <BreakableId id={event.target} />
          </button>
        ) : (
          <span title={event.note}>{event.target}</span>
        )}
      </td>
      <td>
        <span className={event.by === 'operator' ? 'tw-badge tw-badge-operator' : 'tw-badge'}>
          {event.by}
        </span>
      </td>
      <td>
        {row.actionIndex !== undefined && (
          <button
            type="button"
            className="tw-btn tw-btn-small tw-btn-ghost"
            title="Remove this operator action (replays if it is in the past)"
            aria-label={`Remove ${event.kind} ${event.target}`}
            onClick={() => void removeOperatorAction(row.actionIndex as number)}
          >
            ×
          </button>
        )}
      </td>
    </tr>
  );
});

/** An id that may wrap after its slashes and at the `~` of a link, never inside a name. */
function BreakableId({ id }: { id: string }) {
  const parts = id.split(/(?<=[/~])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </>
  );
}

interface ImportProblem {
  readonly path: string;
  readonly message: string;
}

function FileSection({
  scenario,
  actions,
}: {
  scenario: Scenario;
  actions: readonly TimelineEvent[];
}) {
  const [problems, setProblems] = useState<
    { file: string; errors: readonly ImportProblem[] } | undefined
  >(undefined);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  // A scenario that did load replaces the last import's complaints.
  useEffect(() => setProblems(undefined), [scenario]);

  const onExport = () =>
    downloadText(
      sessionFileName(scenario, frameBus.latest()?.timeUs ?? 0),
      sessionFileJson(scenario, actions),
    );

  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    try {
      const errors = await importScenarioFile(file);
      setProblems(errors.length > 0 ? { file: file.name, errors } : undefined);
    } catch (error) {
      reportError(`Importing ${file.name} failed`, error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tw-section">
      <div className="tw-section-title">File</div>
      <div className="tw-row">
        <button type="button" className="tw-btn" data-testid="scenario-export" onClick={onExport}>
          Export scenario JSON
        </button>
        <button
          type="button"
          className="tw-btn"
          disabled={busy}
          onClick={() => inputRef.current?.click()}
        >
          {busy ? 'Importing…' : 'Import scenario JSON…'}
        </button>
        <input
          ref={inputRef}
          type="file"
          accept=".json,application/json"
          className="tw-visually-hidden"
          data-testid="scenario-import"
          onChange={(e) => void onImport(e)}
        />
      </div>
      <p className="tw-muted tw-hint">
        Export holds the scenario and your {formatCount(actions.length)} operator action(s);
        importing it gives back the same session.
      </p>
      {problems && (
        <div className="tw-import-errors" role="alert" data-testid="import-errors">
          <div className="tw-import-errors-title">
            {problems.file} was not loaded — {problems.errors.length} problem
            {problems.errors.length === 1 ? '' : 's'}:
          </div>
          <ul>
            {problems.errors.map((p, i) => (
              <li key={i}>
                <code>{p.path || '(root)'}</code> {p.message}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="tw-btn tw-btn-small"
            onClick={() => setProblems(undefined)}
          >
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

/** Validates a scenario file and loads it; returns the problems (nothing changes when there are any). */
async function importScenarioFile(file: File): Promise<readonly ImportProblem[]> {
  const text = await file.text();
  const parsed = parseScenarioJson(text);
  if (!parsed.ok) return parsed.errors;
  let cluster;
  try {
    cluster = clusterFor(parsed.scenario.profile);
  } catch (error) {
    return [{ path: 'profile', message: errorMessage(error) }];
  }
  const errors = validateScenarioAgainstCluster(parsed.scenario, cluster);
  if (errors.length > 0) return errors;
  const { scenario, actions } = splitOperatorActions(parsed.scenario);
  history.replaceState(history.state, '', location.pathname + location.search);
  await loadSession({ scenario, actions, origin: `from ${file.name}` });
  return [];
}

function LibrarySection({ current }: { current: string | undefined }) {
  const [choice, setChoice] = useState(current ?? SCENARIO_LIBRARY[0]?.id ?? '');
  const entry = SCENARIO_LIBRARY.find((e) => e.id === choice);
  return (
    <div className="tw-section">
      <div className="tw-section-title">
        Library <span className="tw-muted tw-num">{SCENARIO_LIBRARY.length} scenarios</span>
      </div>
      <div className="tw-row">
        <select
          data-testid="scenario-library"
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
          aria-label="Scenario library"
        >
          {SCENARIO_LIBRARY.map((e) => (
            <option key={e.id} value={e.id}>
              {e.scenario.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="tw-btn tw-btn-primary"
          data-testid="scenario-open"
          disabled={!entry}
          onClick={() => {
            if (!entry) return;
            history.replaceState(history.state, '', location.pathname + location.search);
            void loadSession({
              scenario: entry.scenario,
              actions: [],
              libraryId: entry.id,
              origin: 'from the library',
            });
          }}
        >
          Open
        </button>
      </div>
      {entry && (
        <p className="tw-muted tw-hint tw-clamp">
          {entry.scenario.profile} · {formatSimTime(secondsToUs(entry.scenario.durationSeconds))} ·{' '}
          {entry.scenario.timeline.length} events
          {entry.scenario.description ? ` — ${entry.scenario.description}` : ''}
        </p>
      )}
    </div>
  );
}
