import { scaleLinear } from 'd3-scale';
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { FAULT_STEPS, type FaultRecord } from '../../sim/frame';
import { formatSimTime } from '../../sim/time';
import { faultsStore } from '../../store/faultsStore';
import { selectFault } from './FaultList';
import { STEP_COLORS, stepOffsets, timelineLayout } from './faultTimeline';

const ROW_H = 18;
const MAX_ROWS = 40;
const MARGIN = { top: 4, right: 14, bottom: 20, left: 44 };

/**
 * Every step of every fault on a sim-time axis: one row per fault (oldest at the top), a bar from
 * injection to repair (or to now) and a mark per step. Clicking a row selects the fault's target.
 * SVG with d3 scales; it re-renders with the sampled frame (≤ 4×/s), never per frame.
 */
export function FaultTimeline({
  faults,
  nowUs,
}: {
  faults: readonly FaultRecord[];
  nowUs: number;
}) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  const selectedFault = useStore(faultsStore, (s) => s.selectedFault);
  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const observer = new ResizeObserver(() => setWidth(Math.max(200, wrap.clientWidth)));
    observer.observe(wrap);
    return () => observer.disconnect();
  }, []);

  const layout = timelineLayout(faults, nowUs, MAX_ROWS);
  // The steps of one fault are often milliseconds apart: the strip below spells them out.
  const focus = faults.find((f) => f.id === selectedFault) ?? faults[faults.length - 1];
  const height = MARGIN.top + Math.max(1, layout.rows.length) * ROW_H + MARGIN.bottom;
  const x = scaleLinear()
    .domain([layout.domainUs[0], layout.domainUs[1]])
    .range([MARGIN.left, width - MARGIN.right]);
  const ticks = x.ticks(Math.max(2, Math.floor(width / 110)));
  const axisY = height - MARGIN.bottom;

  return (
    <div className="tw-flt-timeline" ref={wrapRef} hidden={faults.length === 0}>
      <div className="tw-flt-legend" aria-label="Life-cycle steps">
        {FAULT_STEPS.map((step) => (
          <span key={step} className="tw-flt-legend-item">
            <span className="tw-dot" style={{ background: STEP_COLORS[step] }} />
            {step}
          </span>
        ))}
        {layout.hidden > 0 && (
          <span className="tw-muted">· {layout.hidden} older fault(s) not drawn</span>
        )}
      </div>
      <svg
        width={width}
        height={height}
        data-testid="fault-timeline"
        data-marks={layout.marks}
        data-rows={layout.rows.length}
        role="img"
        aria-label={`Fault timeline: ${layout.rows.length} fault(s), ${layout.marks} step(s)`}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line className="tw-flt-grid" x1={x(t)} x2={x(t)} y1={MARGIN.top} y2={axisY} />
            <text className="tw-flt-axis" x={x(t)} y={axisY + 13} textAnchor="middle">
              {formatSimTime(t)}
            </text>
          </g>
        ))}
        {layout.rows.map((row, i) => {
          const y = MARGIN.top + i * ROW_H + ROW_H / 2;
          const on = row.fault.id === selectedFault;
          return (
            <g
              key={row.fault.id}
              className={on ? 'tw-flt-lane tw-flt-lane-on' : 'tw-flt-lane'}
              data-fault={row.fault.id}
              onClick={() => selectFault(row.fault)}
            >
              <title>{`${row.fault.id} ${row.fault.kind} on ${row.fault.target} · ${row.fault.current}`}</title>
              <rect
                className="tw-flt-lane-hit"
                x={0}
                y={y - ROW_H / 2}
                width={width}
                height={ROW_H}
              />
              <text className="tw-flt-axis" x={4} y={y + 3.5}>
                {row.fault.id}
              </text>
              <line
                className={row.fault.active ? 'tw-flt-bar tw-flt-bar-active' : 'tw-flt-bar'}
                x1={x(row.startUs)}
                x2={Math.max(x(row.endUs), x(row.startUs) + 1)}
                y1={y}
                y2={y}
              />
              {row.fault.steps.map((s) => (
                <circle
                  key={s.step}
                  cx={x(s.timeUs)}
                  cy={y}
                  r={4}
                  fill={STEP_COLORS[s.step]}
                  data-step={s.step}
                >
                  <title>{`${s.step} at ${formatSimTime(s.timeUs)}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
        <line
          className="tw-flt-now"
          x1={x(nowUs)}
          x2={x(nowUs)}
          y1={MARGIN.top}
          y2={axisY}
          data-testid="fault-timeline-now"
        />
        <line
          className="tw-flt-axis-line"
          x1={MARGIN.left}
          x2={width - MARGIN.right}
          y1={axisY}
          y2={axisY}
        />
      </svg>
      {focus && (
        <div className="tw-flt-steps" data-testid="fault-steps" data-fault={focus.id}>
          <span className="tw-flt-steps-id">
            {focus.id} · {focus.kind} · {focus.target}
          </span>
          {stepOffsets(focus).map((s, i) => (
            <span key={s.step} className="tw-flt-stepchip" data-step={s.step}>
              {i > 0 && <span className="tw-muted">→</span>}
              <span className="tw-dot" style={{ background: STEP_COLORS[s.step] }} />
              {s.step}
              <span className="tw-muted tw-num">
                {i === 0
                  ? formatSimTime(focus.steps[0].timeUs)
                  : `+${s.afterS.toFixed(s.afterS < 10 ? 3 : 1)} s`}
              </span>
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
