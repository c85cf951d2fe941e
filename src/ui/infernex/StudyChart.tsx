import { scaleLinear } from 'd3-scale';
import { useLayoutEffect, useRef, useState } from 'react';

/** One line of a study chart, in display units (x: seconds or requests/s; y: the metric). */
export interface StudyLine {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  /** NaN in y breaks the line (a window with nothing to show). */
  readonly points: readonly (readonly [number, number])[];
  /** Step after each point (instance counts), instead of straight segments. */
  readonly step?: boolean;
  readonly dashed?: boolean;
  /** Dots on the points (a sweep's measured rates). */
  readonly markers?: boolean;
  /** Stroke width, px (a wider line drawn first stays visible under a narrower one). */
  readonly width?: number;
  /** Shown after the label in the legend (a total, the last value). */
  readonly note?: string;
}

/** A shaded span of x (the tidal peak). */
export interface StudyBand {
  readonly x0: number;
  readonly x1: number;
  readonly label: string;
  /** Listed in the legend (off when a line of the chart already names it). */
  readonly legend?: boolean;
}

/** A horizontal reference (the 90 % attainment of DistServe's goodput). */
export interface StudyRule {
  readonly y: number;
  readonly label: string;
}

const MARGIN = { top: 10, right: 12, bottom: 30, left: 44 };
const HEIGHT = 168;

function pathOf(
  points: readonly (readonly [number, number])[],
  x: (v: number) => number,
  y: (v: number) => number,
  step: boolean,
): string {
  let d = '';
  let open = false;
  for (const [px, py] of points) {
    if (!Number.isFinite(py)) {
      open = false;
      continue;
    }
    const sx = x(px).toFixed(1);
    const sy = y(py).toFixed(1);
    if (!open) d += `M${sx},${sy}`;
    else if (step) d += `H${sx}V${sy}`;
    else d += `L${sx},${sy}`;
    open = true;
  }
  return d;
}

/**
 * A small SVG chart of a finished study with d3 scales: lines (straight or stepped), shaded bands
 * and reference rules, axis ticks and a legend. Drawn once per result, so React renders it.
 */
export function StudyChart(props: {
  readonly title: string;
  readonly lines: readonly StudyLine[];
  readonly xLabel: string;
  readonly xFormat: (v: number) => string;
  readonly yFormat: (v: number) => string;
  /** Fixed y top (shares: 1), else the data's maximum. */
  readonly yMax?: number;
  /** x range; defaults to the data's. */
  readonly xDomain?: readonly [number, number];
  readonly bands?: readonly StudyBand[];
  readonly rules?: readonly StudyRule[];
  readonly testId: string;
}) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    setWidth(wrap.clientWidth);
    const observer = new ResizeObserver(() => setWidth(wrap.clientWidth));
    observer.observe(wrap);
    return () => observer.disconnect();
  }, []);

  const { lines, bands = [], rules = [] } = props;
  const xs = lines.flatMap((l) => l.points.map((p) => p[0]));
  const ys = lines.flatMap((l) => l.points.map((p) => p[1]).filter(Number.isFinite));
  const xDomain = props.xDomain ?? [Math.min(0, ...xs), Math.max(1e-9, ...xs)];
  const yTop = props.yMax ?? Math.max(1e-9, ...ys, ...rules.map((r) => r.y)) * 1.08;
  const x = scaleLinear()
    .domain(xDomain)
    .range([MARGIN.left, Math.max(MARGIN.left + 1, width - MARGIN.right)]);
  const y = scaleLinear()
    .domain([0, yTop])
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  if (props.yMax === undefined) y.nice(4);
  const pointCount = lines.reduce((s, l) => s + l.points.length, 0);
  const clipId = `${props.testId}-plot`;
  const plotBottom = HEIGHT - MARGIN.bottom;

  return (
    <figure
      className="tw-inx-chart tw-inx-study-chart"
      data-testid={props.testId}
      data-lines={lines.length}
      data-points={pointCount}
    >
      <figcaption className="tw-inx-chart-head">
        <span className="tw-inx-chart-title">{props.title}</span>
        <span className="tw-inx-legend">
          {lines.map((line) => (
            <span key={line.key} className="tw-inx-legend-item">
              <span
                className={line.dashed ? 'tw-inx-swatch tw-inx-swatch-dashed' : 'tw-inx-swatch'}
                style={{ background: line.dashed ? undefined : line.color, color: line.color }}
              />
              {line.label}
              {line.note && <span className="tw-num tw-inx-legend-value">{line.note}</span>}
            </span>
          ))}
          {bands
            .filter((band) => band.legend !== false)
            .map((band) => (
              <span key={band.label} className="tw-inx-legend-item">
                <span className="tw-inx-swatch tw-inx-swatch-band" />
                {band.label}
              </span>
            ))}
        </span>
      </figcaption>
      <div ref={wrapRef} className="tw-inx-study-plot">
        {width > 0 && (
          <svg width={width} height={HEIGHT} role="img" aria-label={props.title}>
            {bands.map((band) => (
              <rect
                key={band.label}
                className="tw-inx-band"
                x={x(band.x0)}
                y={MARGIN.top}
                width={Math.max(0, x(band.x1) - x(band.x0))}
                height={HEIGHT - MARGIN.top - MARGIN.bottom}
              />
            ))}
            {y.ticks(4).map((tick) => (
              <g key={`y${tick}`}>
                <line
                  className="tw-inx-grid"
                  x1={MARGIN.left}
                  x2={width - MARGIN.right}
                  y1={y(tick)}
                  y2={y(tick)}
                />
                <text
                  className="tw-inx-tick"
                  x={MARGIN.left - 4}
                  y={y(tick)}
                  textAnchor="end"
                  dominantBaseline="middle"
                >
                  {props.yFormat(tick)}
                </text>
              </g>
            ))}
            {x.ticks(Math.max(3, Math.floor(width / 70))).map((tick) => (
              <text
                key={`x${tick}`}
                className="tw-inx-tick"
                x={x(tick)}
                y={HEIGHT - MARGIN.bottom + 12}
                textAnchor="middle"
              >
                {props.xFormat(tick)}
              </text>
            ))}
            <text
              className="tw-inx-axis-label"
              x={(MARGIN.left + width - MARGIN.right) / 2}
              y={HEIGHT - 3}
              textAnchor="middle"
            >
              {props.xLabel}
            </text>
            {rules.map((rule) => (
              <g key={rule.label}>
                <line
                  className="tw-inx-rule"
                  x1={MARGIN.left}
                  x2={width - MARGIN.right}
                  y1={y(rule.y)}
                  y2={y(rule.y)}
                />
                <text
                  className="tw-inx-tick"
                  x={width - MARGIN.right - 2}
                  y={y(rule.y) - 4}
                  textAnchor="end"
                >
                  {rule.label}
                </text>
              </g>
            ))}
            <clipPath id={clipId}>
              <rect
                x={MARGIN.left}
                y={MARGIN.top - 4}
                width={Math.max(0, width - MARGIN.left - MARGIN.right + 4)}
                height={plotBottom - MARGIN.top + 8}
              />
            </clipPath>
            {lines.map((line) => (
              <g key={line.key} clipPath={`url(#${clipId})`}>
                <path
                  d={pathOf(line.points, x, y, line.step ?? false)}
                  fill="none"
                  stroke={line.color}
                  strokeWidth={line.width ?? 1.6}
                  strokeDasharray={line.dashed ? '5 3' : undefined}
                />
                {line.markers &&
                  line.points
                    .filter((p) => Number.isFinite(p[1]))
                    .map(([px, py]) => (
                      <circle key={px} cx={x(px)} cy={y(py)} r={2.6} fill={line.color} />
                    ))}
              </g>
            ))}
          </svg>
        )}
      </div>
    </figure>
  );
}
