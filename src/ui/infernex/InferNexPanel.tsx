import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { POLICY_DESCRIPTIONS } from '../../engines/infernex/routers';
import { POLICY_NAMES, type PolicyName } from '../../engines/infernex/routers/types';
import {
  discardRun,
  loadBuiltinTrace,
  loadTraceFile,
  pauseInferNex,
  runInferNex,
  updateInferNexSettings,
} from '../../store/infernexRun';
import {
  effectiveProfile,
  INFERNEX_LIMITS,
  INFERNEX_MODELS,
  INFERNEX_PROFILES,
  INFERNEX_SPEEDS,
  settingsProblem,
  type InferNexSpeed,
} from '../../store/infernexSettings';
import { infernexStore } from '../../store/infernexStore';
import { sessionStore } from '../../store/sessionStore';
import { clusterFor } from '../../engines/clusterCache';
import { ComparisonView } from './ComparisonView';
import { DecisionPanel } from './DecisionPanel';
import './infernex.css';
import { formatAxisSeconds, formatReplayClock, formatSeconds, formatShare } from './infernexFormat';
import { InstanceTable } from './InstanceTable';
import { LiveFleetSection } from './LiveFleetSection';
import { SeriesChart, type ChartLine } from './SeriesChart';
import { StudiesView } from './StudiesView';

const MEAN = '#4cc2ff';
const P50 = '#3fb950';
const P90 = '#d29922';
const P99 = '#f85149';

const TTFT_LINES: readonly ChartLine[] = [
  { column: 'ttftMean', label: 'mean', color: MEAN },
  { column: 'ttftP50', label: 'p50', color: P50 },
  { column: 'ttftP90', label: 'p90', color: P90 },
  { column: 'ttftP99', label: 'p99', color: P99 },
];
const E2E_LINES: readonly ChartLine[] = [
  { column: 'e2eMean', label: 'mean', color: MEAN },
  { column: 'e2eP50', label: 'p50', color: P50 },
  { column: 'e2eP90', label: 'p90', color: P90 },
  { column: 'e2eP99', label: 'p99', color: P99 },
];
const QUEUE_LINES: readonly ChartLine[] = [
  { column: 'queueDepth', label: 'waiting', color: MEAN },
  { column: 'inFlight', label: 'in flight', color: '#8b98a9' },
];
const BATCH_LINES: readonly ChartLine[] = [
  { column: 'batchMean', label: 'mean batch', color: '#c297ff' },
];
const KV_LINES: readonly ChartLine[] = [
  { column: 'kvUtilisation', label: 'KV used', color: MEAN },
  { column: 'hitRate', label: 'prefix hit', color: P50 },
];
const THROUGHPUT_LINES: readonly ChartLine[] = [
  { column: 'completedPerS', label: 'completed/s', color: P90 },
];

const formatCountTick = (x: number) =>
  Math.abs(x) >= 1000 ? `${x / 1000}k` : `${Number(x.toFixed(1))}`;
const formatShareTick = (x: number) => `${Math.round(x * 100)}%`;

const MODES = [
  { id: 'agg', label: 'aggregated' },
  { id: 'pd-same', label: 'PD same machine' },
  { id: 'pd-cross', label: 'PD cross machine' },
] as const;

/** The InferNex panel: replay a trace through a routing policy, watch it, explain it, compare. */
export default function InferNexPanel() {
  const traceStatus = useStore(infernexStore, (s) => s.trace.status);
  const source = useStore(infernexStore, (s) => s.settings.trace);
  // Open on something: the default slice's trace starts loading when the panel first shows.
  useEffect(() => {
    if (traceStatus === 'none' && source !== 'upload') void loadBuiltinTrace(source);
  }, [traceStatus, source]);
  return (
    <section className="tw-inx" data-testid="infernex-panel" aria-label="InferNex">
      <LiveFleetSection />
      <h3 className="tw-inx-heading">
        Offline replay and what-if studies{' '}
        <span className="tw-muted">on their own clock, apart from the session</span>
      </h3>
      <Controls />
      <TraceStatus />
      <Readout />
      <Charts />
      <RunDetails />
      <ComparisonView />
      <StudiesView />
      <Assumptions />
    </section>
  );
}

function Controls() {
  const settings = useStore(infernexStore, (s) => s.settings);
  const status = useStore(infernexStore, (s) => s.status);
  const consoleProfile = useStore(sessionStore, (s) => s.scenario?.profile);
  const fileRef = useRef<HTMLInputElement>(null);
  const profile = effectiveProfile(settings, consoleProfile);
  const cluster = clusterFor(profile);
  const problem = settingsProblem(settings, cluster.npuCount, cluster.perServer);
  const running = status === 'running' || status === 'starting';
  const mode =
    settings.mode === 'agg'
      ? 'agg'
      : settings.pdPlacement === 'same-server'
        ? 'pd-same'
        : 'pd-cross';
  return (
    <div className="tw-inx-controls">
      <div className="tw-inx-line">
        <label className="tw-inx-field">
          <span>trace</span>
          <select
            value={settings.trace}
            data-testid="inx-trace"
            onChange={(e) => {
              const value = e.target.value;
              if (value === 'upload') fileRef.current?.click();
              else updateInferNexSettings({ trace: value as 'conversation' | 'azure-code' });
            }}
          >
            <option value="conversation">Mooncake conversation</option>
            <option value="azure-code">Azure code 2023</option>
            <option value="upload">Upload jsonl / csv…</option>
          </select>
        </label>
        <input
          ref={fileRef}
          type="file"
          accept=".jsonl,.json,.csv,.txt"
          hidden
          data-testid="inx-upload"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void loadTraceFile(file);
            e.target.value = '';
          }}
        />
        <label className="tw-inx-field">
          <span>slice</span>
          <select
            value={settings.limit}
            data-testid="inx-limit"
            onChange={(e) => updateInferNexSettings({ limit: Number(e.target.value) })}
          >
            {INFERNEX_LIMITS.map((n) => (
              <option key={n} value={n}>
                {n === 0 ? 'whole trace' : `first ${n.toLocaleString('en-US')}`}
              </option>
            ))}
          </select>
        </label>
        <label className="tw-inx-field">
          <span>policy</span>
          <select
            value={settings.policy}
            data-testid="inx-policy"
            title={POLICY_DESCRIPTIONS[settings.policy]}
            onChange={(e) => updateInferNexSettings({ policy: e.target.value as PolicyName })}
          >
            {POLICY_NAMES.map((p) => (
              <option key={p} value={p} title={POLICY_DESCRIPTIONS[p]}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="tw-inx-field">
          <span>mode</span>
          <select
            value={mode}
            data-testid="inx-mode"
            onChange={(e) => {
              const v = e.target.value;
              updateInferNexSettings(
                v === 'agg'
                  ? { mode: 'agg' }
                  : { mode: 'pd', pdPlacement: v === 'pd-same' ? 'same-server' : 'cross-server' },
              );
            }}
          >
            {MODES.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label className="tw-inx-field">
          <span>instances</span>
          <input
            type="number"
            min={1}
            max={256}
            className="tw-inx-number"
            value={settings.instances}
            data-testid="inx-instances-count"
            aria-invalid={problem !== undefined}
            onChange={(e) =>
              updateInferNexSettings({ instances: Math.round(Number(e.target.value)) })
            }
          />
        </label>
      </div>
      <div className="tw-inx-line">
        <label className="tw-inx-field">
          <span>profile</span>
          <select
            value={settings.profile ?? ''}
            data-testid="inx-profile"
            onChange={(e) => updateInferNexSettings({ profile: e.target.value || undefined })}
          >
            <option value="">
              console's ({effectiveProfile({ ...settings, profile: undefined }, consoleProfile)})
            </option>
            {INFERNEX_PROFILES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="tw-inx-field">
          <span>model</span>
          <select
            value={settings.model}
            onChange={(e) => {
              const model = INFERNEX_MODELS.find((m) => m.id === e.target.value);
              if (model) updateInferNexSettings({ model: model.id, tp: model.tp });
            }}
          >
            {INFERNEX_MODELS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label} · TP {m.tp}
              </option>
            ))}
          </select>
        </label>
        <label className="tw-inx-field">
          <span>seed</span>
          <input
            type="number"
            min={0}
            className="tw-inx-number"
            value={settings.seed}
            onChange={(e) =>
              updateInferNexSettings({ seed: Math.max(0, Math.round(Number(e.target.value))) })
            }
          />
        </label>
        <div className="tw-inx-field">
          <span>speed</span>
          <div className="tw-segmented" role="radiogroup" aria-label="Replay speed">
            {INFERNEX_SPEEDS.map((speed: InferNexSpeed) => (
              <button
                key={speed}
                type="button"
                role="radio"
                aria-checked={settings.speed === speed}
                className={settings.speed === speed ? 'tw-seg tw-seg-on' : 'tw-seg'}
                data-testid={`inx-speed-${speed}`}
                onClick={() => updateInferNexSettings({ speed })}
              >
                {speed === 'max' ? 'max' : `×${speed}`}
              </button>
            ))}
          </div>
        </div>
        <span className="tw-spacer" />
        <div className="tw-inx-actions">
          {running ? (
            <button
              type="button"
              className="tw-btn"
              data-testid="inx-pause"
              onClick={pauseInferNex}
            >
              Pause
            </button>
          ) : (
            <button
              type="button"
              className="tw-btn tw-btn-primary"
              data-testid="inx-run"
              disabled={problem !== undefined}
              onClick={() => void runInferNex()}
            >
              {status === 'paused' ? 'Resume' : status === 'done' ? 'Run again' : 'Run'}
            </button>
          )}
          <button type="button" className="tw-btn" data-testid="inx-reset" onClick={discardRun}>
            Reset
          </button>
        </div>
      </div>
      {problem && <p className="tw-field-error">{problem}</p>}
    </div>
  );
}

function TraceStatus() {
  const trace = useStore(infernexStore, (s) => s.trace);
  const message = useStore(infernexStore, (s) => s.message);
  const status = useStore(infernexStore, (s) => s.status);
  return (
    <div className="tw-inx-trace" data-testid="inx-trace-status" data-state={trace.status}>
      {trace.status === 'none' && <span className="tw-muted">No trace loaded.</span>}
      {trace.status === 'loading' && (
        <div className="tw-inx-progress-row">
          <progress
            max={1}
            value={trace.stage === 'reading' ? trace.fraction : undefined}
            data-testid="inx-trace-progress"
          />
          <span className="tw-muted">
            {trace.stage === 'reading' ? 'reading' : 'validating'} {trace.name}
            {trace.stage === 'reading' && trace.fraction !== undefined
              ? ` · ${Math.round(trace.fraction * 100)} %`
              : '…'}
          </span>
        </div>
      )}
      {trace.status === 'ready' && (
        <span>
          <strong>{trace.info.name}</strong>{' '}
          <span className="tw-muted">
            {trace.info.requests.toLocaleString('en-US')} requests over{' '}
            {Math.round(trace.info.spanS).toLocaleString('en-US')} s · mean{' '}
            {Math.round(trace.info.meanInput).toLocaleString('en-US')} in /{' '}
            {Math.round(trace.info.meanOutput).toLocaleString('en-US')} out tokens ·{' '}
            {trace.info.hasPrefixInfo
              ? `${formatShare(trace.info.repeatedBlockFraction)} of blocks repeat (hit-rate bound)`
              : 'no prefix data'}{' '}
            · {trace.info.notes.join('; ')}
          </span>
        </span>
      )}
      {trace.status === 'error' && (
        <span className="tw-field-error" data-testid="inx-trace-error">
          {trace.name}
          {trace.line > 0 ? ` line ${trace.line}` : ''}: {trace.message}
          {trace.errorCount > 1 ? ` (and ${trace.errorCount - 1} more)` : ''}
        </span>
      )}
      {status === 'error' && message && <span className="tw-field-error"> · {message}</span>}
      {status === 'idle' && message && <span className="tw-muted"> · {message}</span>}
    </div>
  );
}

function Readout() {
  const live = useStore(infernexStore, (s) => s.live);
  const info = useStore(infernexStore, (s) => s.info);
  const status = useStore(infernexStore, (s) => s.status);
  const s = live?.summary;
  const stats: readonly [string, string, string?][] = [
    ['completed', live ? live.completed.toLocaleString('en-US') : '–', 'inx-completed'],
    ['failed', live ? live.failed.toLocaleString('en-US') : '–'],
    ['in flight', live ? live.inFlight.toLocaleString('en-US') : '–'],
    ['TTFT mean', s ? formatSeconds(s.ttftS.mean) : '–', 'inx-ttft-mean'],
    [
      'TTFT p50 / p90 / p99',
      s
        ? `${formatSeconds(s.ttftS.p50)} / ${formatSeconds(s.ttftS.p90)} / ${formatSeconds(s.ttftS.p99)}`
        : '–',
    ],
    ['E2E mean / p99', s ? `${formatSeconds(s.e2eS.mean)} / ${formatSeconds(s.e2eS.p99)}` : '–'],
    ['TPOT mean', s ? formatSeconds(s.tpotS.mean) : '–'],
    ['hit rate', s ? formatShare(s.hitRate) : '–', 'inx-hit-rate'],
  ];
  return (
    <div className="tw-inx-readout">
      <div
        className="tw-inx-clock"
        data-testid="inx-time"
        data-time-us={live?.timeUs ?? 0}
        data-status={status}
      >
        <span className="tw-inx-clock-time tw-num">{formatReplayClock(live?.timeUs ?? 0)}</span>
        <span className="tw-muted tw-num">
          {info
            ? `${(live?.arrived ?? 0).toLocaleString('en-US')} / ${info.requests.toLocaleString('en-US')} arrived`
            : 'not started'}
        </span>
        <span className={`tw-badge tw-inx-status-${status}`}>{status}</span>
        {live && (
          <span
            className="tw-muted tw-num"
            data-testid="inx-wall"
            data-wall-ms={Math.round(live.wallMs)}
          >
            {(live.wallMs / 1000).toFixed(1)} s wall
          </span>
        )}
      </div>
      <dl className="tw-inx-stats">
        {stats.map(([label, value, testId]) => (
          <div key={label} className="tw-inx-stat">
            <dt>{label}</dt>
            <dd className="tw-num" data-testid={testId}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Charts() {
  const info = useStore(infernexStore, (s) => s.info);
  const endUs = info ? info.lastArrivalUs : 0;
  const window = info ? ` · ${info.windowUs / 1e6} s windows` : '';
  return (
    <div className="tw-inx-charts">
      <SeriesChart
        title={`TTFT (s)${window}`}
        lines={TTFT_LINES}
        endUs={endUs}
        format={formatAxisSeconds}
        onlyCompleted
        testId="inx-chart-ttft"
      />
      <SeriesChart
        title="E2E latency (s)"
        lines={E2E_LINES}
        endUs={endUs}
        format={formatAxisSeconds}
        onlyCompleted
        testId="inx-chart-e2e"
      />
      <SeriesChart
        title="Queue depth (requests)"
        lines={QUEUE_LINES}
        endUs={endUs}
        format={formatCountTick}
        testId="inx-chart-queue"
      />
      <SeriesChart
        title="KV utilisation and hit rate"
        lines={KV_LINES}
        endUs={endUs}
        format={formatShareTick}
        yMax={1}
        testId="inx-chart-kv"
      />
      <SeriesChart
        title="Batch size (sequences per step)"
        lines={BATCH_LINES}
        endUs={endUs}
        format={formatCountTick}
        testId="inx-chart-batch"
      />
      <SeriesChart
        title="Throughput"
        lines={THROUGHPUT_LINES}
        endUs={endUs}
        format={formatCountTick}
        testId="inx-chart-throughput"
      />
    </div>
  );
}

function RunDetails() {
  const info = useStore(infernexStore, (s) => s.info);
  if (!info)
    return (
      <p className="tw-muted tw-hint tw-inx-pad">
        Run to place the instances and see their queues, KV and the routing decisions.
      </p>
    );
  return (
    <div className="tw-inx-split">
      <InstanceTable info={info} />
      <DecisionPanel />
    </div>
  );
}

function Assumptions() {
  const info = useStore(infernexStore, (s) => s.info);
  return (
    <details className="tw-inx-card tw-inx-assumptions" data-testid="inx-assumptions">
      <summary>
        Labelled assumptions{' '}
        <span className="tw-muted">
          {info
            ? `${info.assumptions.length} numbers behind ${info.model} on ${info.accelerator} are marked "assumption" in the engine's data files`
            : "step times come from the engine's data files; numbers without a published source are marked there as assumptions"}
        </span>
      </summary>
      {info && (
        <ul className="tw-inx-assumption-list">
          {info.assumptions.map((a) => (
            <li key={a.item}>
              <code>{a.item}</code> — {a.source}
            </li>
          ))}
        </ul>
      )}
      <p className="tw-muted tw-hint">
        Also assumed by the engine: Hermes' buckets and weights, the Mooncake balancing threshold,
        NVMe bandwidth and cold-start time (src/engines/infernex/README.md). Trace timestamps come
        in ~3 s buckets, spread evenly over each bucket.
      </p>
    </details>
  );
}
