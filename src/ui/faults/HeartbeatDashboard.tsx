import { scaleLog } from 'd3-scale';
import { memo, useMemo, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { HEARTBEAT_TARGET_SECONDS } from '../../engines/fabric/heartbeat';
import { scenarioFabricSettings } from '../../engines/fabric/settings';
import type { HeartbeatStatus } from '../../sim/frame';
import { sessionStore } from '../../store/sessionStore';
import { formatCount } from '../format';
import {
  DESIGN_COLORS,
  DESIGN_LABELS,
  designSeries,
  firstMiss,
  secondsDomain,
} from './heartbeatChart';

const W = 520;
const H = 220;
const M = { top: 10, right: 12, bottom: 30, left: 46 };

const seconds = (s: number) =>
  s >= 100 ? `${s.toFixed(0)} s` : s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(1)} ms`;

/**
 * The heartbeat now (frame.heartbeat: the design, round and detection time at this cluster's size
 * against the < 5 s target, detections, false suspicions, mean time to detect and isolate) and how
 * round and detection time grow with the cluster for the four designs.
 */
export function HeartbeatDashboard({ status }: { status: HeartbeatStatus | undefined }) {
  return (
    <div className="tw-flt-hb" data-testid="heartbeat-dashboard">
      <HeartbeatFigures status={status} />
      <HeartbeatChart endpoints={status?.endpoints} />
    </div>
  );
}

function HeartbeatFigures({ status }: { status: HeartbeatStatus | undefined }) {
  if (!status) return <div className="tw-muted">Waiting for the engine…</div>;
  const target = status.targetSeconds;
  const verdict = (v: number) => (
    <span className={v < target ? 'tw-flt-ok' : 'tw-bad'}>
      {seconds(v)} {v < target ? '✓' : '✗'}
    </span>
  );
  const rows: [string, ReactNode, string?][] = [
    ['Design', status.design, `${formatCount(status.probers)} prober(s)`],
    ['Endpoints', formatCount(status.endpoints)],
    ['Period / timeout', `${seconds(status.periodSeconds)} / ${seconds(status.timeoutSeconds)}`],
    ['Round', verdict(status.roundSeconds)],
    [
      'Detection (worst)',
      verdict(status.detectionSeconds),
      `typ. ${seconds(status.detectionTypicalSeconds)}`,
    ],
    [
      'Rounds / probes',
      `${formatCount(status.roundsCompleted)} / ${formatCount(status.probesSent)}`,
    ],
    ['Detections', formatCount(status.detections)],
    ['False suspicions', formatCount(status.falseSuspicions)],
    ['Mean time to detect', status.detections > 0 ? seconds(status.meanTimeToDetectSeconds) : '—'],
    [
      'Mean time to isolate',
      status.meanTimeToIsolateSeconds > 0 ? seconds(status.meanTimeToIsolateSeconds) : '—',
    ],
    [
      'Unmonitored / dead',
      `${formatCount(status.unmonitoredEndpoints)} / ${formatCount(status.deadEndpoints)}`,
    ],
  ];
  return (
    <div className="tw-flt-hb-figures">
      <div
        className={status.meetsTarget ? 'tw-flt-verdict tw-flt-verdict-ok' : 'tw-flt-verdict'}
        data-testid="heartbeat-verdict"
        data-meets={status.meetsTarget}
      >
        {status.meetsTarget ? 'Meets' : 'Misses'} the &lt; {target} s target at{' '}
        {formatCount(status.endpoints)} endpoints
      </div>
      <dl className="tw-facts tw-num" data-testid="heartbeat-figures">
        {rows.map(([label, value, note]) => (
          <div key={label} className="tw-fact">
            <dt>{label}</dt>
            <dd>
              {value}
              {note && <span className="tw-muted"> · {note}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

// The chart depends only on the scenario and the cluster's size: it is drawn again only when they change.
const HeartbeatChart = memo(function HeartbeatChart({
  endpoints,
}: {
  endpoints: number | undefined;
}) {
  const scenario = useStore(sessionStore, (s) => s.scenario);
  const params = useMemo(
    () => (scenario ? scenarioFabricSettings(scenario).heartbeat : undefined),
    [scenario],
  );
  const series = useMemo(() => (params ? designSeries(params) : []), [params]);
  if (series.length === 0) return null;
  const sizes = series[0].points.map((p) => p.endpoints);
  const x = scaleLog()
    .base(2)
    .domain([sizes[0], sizes[sizes.length - 1]])
    .range([M.left, W - M.right]);
  const y = scaleLog()
    .domain(secondsDomain(series))
    .range([H - M.bottom, M.top]);
  // Decades only: the target line carries its own label.
  const yTicks = y.ticks().filter((t) => Number.isInteger(Math.log10(t)));
  const line = (values: readonly number[]) =>
    values
      .map((v, i) => `${i === 0 ? 'M' : 'L'}${x(sizes[i]).toFixed(1)},${y(v).toFixed(1)}`)
      .join('');
  const current = series.find((s) => s.design === params?.design);
  const largest = formatCount(sizes[sizes.length - 1]);
  return (
    <figure className="tw-flt-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        data-testid="heartbeat-chart"
        data-series={series.length}
        role="img"
        aria-label="Round and detection time against cluster size, four heartbeat designs, 5 s target"
      >
        {yTicks.map((t) => (
          <g key={t}>
            <line className="tw-flt-grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text className="tw-flt-axis" x={M.left - 5} y={y(t) + 3.5} textAnchor="end">
              {t >= 1 ? `${t} s` : `${t * 1000} ms`}
            </text>
          </g>
        ))}
        {sizes.map((n, i) =>
          i % 2 === 0 ? (
            <text
              key={n}
              className="tw-flt-axis"
              x={x(n)}
              y={H - M.bottom + 13}
              textAnchor="middle"
            >
              {n >= 1024 ? `${n / 1024}k` : n}
            </text>
          ) : null,
        )}
        <text className="tw-flt-axis" x={(M.left + W - M.right) / 2} y={H - 3} textAnchor="middle">
          endpoints (NPUs + backups probed)
        </text>
        <line
          className="tw-flt-target"
          x1={M.left}
          x2={W - M.right}
          y1={y(HEARTBEAT_TARGET_SECONDS)}
          y2={y(HEARTBEAT_TARGET_SECONDS)}
          data-testid="heartbeat-target"
        />
        <text
          className="tw-flt-target-label"
          x={W - M.right - 2}
          y={y(HEARTBEAT_TARGET_SECONDS) - 4}
          textAnchor="end"
        >
          {HEARTBEAT_TARGET_SECONDS} s target
        </text>
        {endpoints !== undefined && (
          <g>
            <line
              className="tw-flt-here"
              x1={x(endpoints)}
              x2={x(endpoints)}
              y1={M.top}
              y2={H - M.bottom}
            />
            <text className="tw-flt-axis" x={x(endpoints) + 3} y={M.top + 9}>
              this cluster
            </text>
          </g>
        )}
        {series.map((s) => (
          <g key={s.design} data-design={s.design}>
            <path
              d={line(s.points.map((p) => p.roundSeconds))}
              fill="none"
              stroke={DESIGN_COLORS[s.design]}
              strokeWidth={s === current ? 2.2 : 1.4}
            />
            <path
              d={line(s.points.map((p) => p.detectionSeconds))}
              fill="none"
              stroke={DESIGN_COLORS[s.design]}
              strokeWidth={s === current ? 2.2 : 1.4}
              strokeDasharray="5 3"
            />
          </g>
        ))}
      </svg>
      <figcaption className="tw-flt-chart-legend">
        {series.map((s) => {
          const miss = firstMiss(s);
          return (
            <span key={s.design} className="tw-flt-legend-item">
              <span className="tw-flt-swatch" style={{ background: DESIGN_COLORS[s.design] }} />
              {DESIGN_LABELS[s.design]}
              <span className="tw-muted">
                {miss === undefined
                  ? ` · meets the target up to ${largest}`
                  : ` · misses from ${formatCount(miss)}`}
              </span>
            </span>
          );
        })}
        <span className="tw-muted">solid: round · dashed: worst-case detection</span>
      </figcaption>
    </figure>
  );
});
