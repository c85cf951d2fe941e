import { scaleLinear } from 'd3-scale';
import { useEffect, useRef } from 'react';
import { infernexSeries, type InferNexColumn } from '../../store/infernexSeries';

export interface ChartLine {
  readonly column: InferNexColumn;
  readonly label: string;
  readonly color: string;
}

const MARGIN = { top: 8, right: 10, bottom: 18, left: 40 };
const GRID = 'rgba(139, 152, 169, 0.16)';
const AXIS_TEXT = '#8b98a9';

/**
 * One time-series chart of the replay on a canvas with d3 scales. It redraws from the shared
 * series buffer when that changes (at most once per animation frame), never through React state;
 * the legend's last values are written the same way.
 */
export function SeriesChart(props: {
  readonly title: string;
  readonly lines: readonly ChartLine[];
  /** x-axis end, µs (the last arrival, or later once the run drains). */
  readonly endUs: number;
  readonly format: (value: number) => string;
  /** Latency lines: skip windows in which nothing completed instead of drawing zeros. */
  readonly onlyCompleted?: boolean;
  /** Fixed y-axis top (e.g. 1 for shares), else the data's maximum. */
  readonly yMax?: number;
  readonly testId: string;
}) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const valueRefs = useRef<(HTMLSpanElement | null)[]>([]);
  const { lines, endUs, format, onlyCompleted, yMax, title } = props;

  useEffect(() => {
    const wrap = wrapRef.current;
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!wrap || !canvas || !ctx) return;
    let frame: number | undefined;
    let width = 0;
    let height = 0;

    const draw = () => {
      frame = undefined;
      const series = infernexSeries;
      wrap.dataset.points = String(series.length);
      const dpr = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
        canvas.width = Math.round(width * dpr);
        canvas.height = Math.round(height * dpr);
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      if (width <= 0 || height <= 0) return;
      const times = series.timesUs();
      const lastUs = times.length > 0 ? times[times.length - 1] : 0;
      const x = scaleLinear()
        .domain([0, Math.max(endUs, lastUs, 1) / 1e6])
        .range([MARGIN.left, width - MARGIN.right]);
      const top =
        yMax ??
        series.max(
          lines.map((l) => l.column),
          onlyCompleted,
        );
      const y = scaleLinear()
        .domain([0, yMax ?? (top > 0 ? top * 1.08 : 1)])
        .range([height - MARGIN.bottom, MARGIN.top]);
      if (yMax === undefined) y.nice(4);

      ctx.font = '10px ui-monospace, Menlo, Consolas, monospace';
      ctx.lineWidth = 1;
      ctx.strokeStyle = GRID;
      ctx.fillStyle = AXIS_TEXT;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      for (const tick of y.ticks(4)) {
        const py = Math.round(y(tick)) + 0.5;
        ctx.beginPath();
        ctx.moveTo(MARGIN.left, py);
        ctx.lineTo(width - MARGIN.right, py);
        ctx.stroke();
        ctx.fillText(format(tick), MARGIN.left - 4, py);
      }
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      if (endUs === 0 && times.length === 0) {
        // Nothing configured yet: no time axis to speak of.
        ctx.fillText('run a replay to fill this chart', (MARGIN.left + width) / 2, height / 2 - 8);
      } else {
        for (const tick of x.ticks(Math.max(2, Math.floor(width / 90))))
          ctx.fillText(`${tick}s`, x(tick), height - MARGIN.bottom + 4);
      }

      const done = series.column('completed');
      lines.forEach((line, k) => {
        const values = series.column(line.column);
        ctx.strokeStyle = line.color;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        let drawing = false;
        for (let i = 0; i < values.length; i++) {
          if (onlyCompleted && done[i] === 0) continue;
          const px = x(times[i] / 1e6);
          const py = y(values[i]);
          if (drawing) ctx.lineTo(px, py);
          else ctx.moveTo(px, py);
          drawing = true;
        }
        ctx.stroke();
        const label = valueRefs.current[k];
        if (label) {
          let last: number | undefined;
          for (let i = values.length - 1; i >= 0 && last === undefined; i--)
            if (!onlyCompleted || done[i] > 0) last = values[i];
          label.textContent = last === undefined ? '–' : format(last);
        }
      });
    };
    const schedule = () => {
      if (frame === undefined) frame = requestAnimationFrame(draw);
    };
    const observer = new ResizeObserver(() => {
      width = canvas.clientWidth;
      height = canvas.clientHeight;
      schedule();
    });
    observer.observe(canvas);
    const unsubscribe = infernexSeries.subscribe(schedule);
    schedule();
    return () => {
      unsubscribe();
      observer.disconnect();
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [lines, endUs, format, onlyCompleted, yMax]);

  return (
    <figure className="tw-inx-chart" ref={wrapRef} data-testid={props.testId} data-points="0">
      <figcaption className="tw-inx-chart-head">
        <span className="tw-inx-chart-title">{title}</span>
        <span className="tw-inx-legend">
          {lines.map((line, k) => (
            <span key={line.column} className="tw-inx-legend-item">
              <span className="tw-inx-swatch" style={{ background: line.color }} />
              {line.label}{' '}
              <span
                className="tw-num tw-inx-legend-value"
                ref={(el) => {
                  valueRefs.current[k] = el;
                }}
              >
                –
              </span>
            </span>
          ))}
        </span>
      </figcaption>
      <canvas ref={canvasRef} className="tw-inx-canvas" />
    </figure>
  );
}
