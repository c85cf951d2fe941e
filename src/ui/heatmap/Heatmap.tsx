import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { cabinetId, npuId, podId, type Cluster } from '../../model';
import { frameBus, servingFrameBus } from '../../store/frameBus';
import { focusCabinet, selectRef } from '../../store/selection';
import { sessionStore } from '../../store/sessionStore';
import { viewStore } from '../../store/viewStore';
import { formatGB, formatPercent } from '../format';
import { frameOf } from '../frameGuard';
import { healthName } from '../health';
import { writeMetricColors } from '../metrics';
import { outlinedNpus } from '../selectionOutline';
import { MetricControls } from '../widgets/MetricControls';
import { cellOrigin, computeHeatmapLayout, npuAtPixel, type HeatmapLayout } from './heatmapLayout';

const BACKGROUND = 0x00000000; // transparent: the panel's background shows through
const NO_DATA_RGBA = [52, 60, 72, 255] as const;
const FRAME_PAINT_MS = 100;

/** Every NPU as one cell on a canvas, coloured by the chosen metric; no per-cell React. */
export default function Heatmap() {
  const cluster = useStore(sessionStore, (s) => s.cluster);
  return (
    <div className="tw-heatmap" data-testid="heatmap">
      {cluster && (
        <div className="tw-heatmap-bar">
          <span
            className="tw-muted tw-heatmap-caption"
            title="One row per compute cabinet, one column per NPU slot, grouped by server (0–7); pods in blocks"
          >
            {cluster.npuCount.toLocaleString('en-US')} NPUs · row = cabinet · column = server / slot
          </span>
          <MetricControls cluster={cluster} inline />
        </div>
      )}
      {cluster ? <HeatmapCanvas cluster={cluster} /> : <div className="tw-empty">Loading…</div>}
      <div className="tw-room-hint">
        click an NPU · shift-click a second to route · double-click to focus its cabinet in the room
      </div>
    </div>
  );
}

function HeatmapCanvas({ cluster }: { cluster: Cluster }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const wrap = wrapRef.current;
    const canvas = canvasRef.current;
    const tooltip = tooltipRef.current;
    if (!wrap || !canvas || !tooltip) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;

    // Allocated once per size, reused for every frame.
    const colors = new Uint8Array(cluster.npuCount * 4);
    const colors32 = new Uint32Array(colors.buffer);
    let layout: HeatmapLayout | undefined;
    let image: ImageData | undefined;
    let pixels: Uint32Array | undefined;
    // Cell origins per NPU, computed once per layout so painting allocates nothing.
    let originX = new Int32Array(0);
    let originY = new Int32Array(0);
    let scheduled = 0;
    let hoverNpu: number | undefined;

    const noData = new Uint32Array(new Uint8Array(NO_DATA_RGBA).buffer)[0];

    const paint = () => {
      scheduled = 0;
      if (!layout || !image || !pixels) return;
      const frame = frameOf(cluster, frameBus.latest());
      const { metric, selection, route } = viewStore.getState();
      if (frame) writeMetricColors(metric, cluster, frame, colors, servingFrameBus.latest());
      pixels.fill(BACKGROUND);
      const { innerW, innerH, width } = layout;
      for (let n = 0; n < cluster.npuCount; n++) {
        const x0 = originX[n];
        const y0 = originY[n];
        const color = frame ? colors32[n] : noData;
        for (let y = y0; y < y0 + innerH; y++)
          pixels.fill(color, y * width + x0, y * width + x0 + innerW);
      }
      ctx.putImageData(image, 0, 0);
      drawLabels(ctx, layout);
      drawOutlines(ctx, cluster, layout, outlinedNpus(cluster, selection), '#ffffff', 2);
      for (const { ref } of selection)
        if (ref.kind === 'pod') drawPodOutline(ctx, layout, ref.index);
      if (route.status === 'done' && route.result.ok)
        drawOutlines(
          ctx,
          cluster,
          layout,
          route.result.nodes.filter((n) => n < cluster.npuCount),
          '#4cc2ff',
          2,
        );
      if (hoverNpu !== undefined)
        drawOutlines(ctx, cluster, layout, [hoverNpu], 'rgba(255,255,255,0.65)', 1);
    };
    const schedule = () => {
      if (scheduled === 0) scheduled = requestAnimationFrame(paint);
    };
    // New frames repaint at most every FRAME_PAINT_MS (a heatmap read by eye needs no more, and a
    // full-canvas upload per animation frame would cost the main thread at ×1000); hover and
    // selection repaint at once.
    let lastFramePaint = Number.NEGATIVE_INFINITY;
    let frameTimer: ReturnType<typeof setTimeout> | undefined;
    const scheduleFrame = () => {
      if (frameTimer !== undefined) return;
      const wait = lastFramePaint + FRAME_PAINT_MS - performance.now();
      const go = () => {
        frameTimer = undefined;
        lastFramePaint = performance.now();
        schedule();
      };
      if (wait <= 0) go();
      else frameTimer = setTimeout(go, wait);
    };

    const resize = () => {
      const dpr = window.devicePixelRatio || 1;
      const box = wrap.getBoundingClientRect();
      if (box.width < 2 || box.height < 2) return;
      layout = computeHeatmapLayout(cluster, box.width, box.height, dpr);
      canvas.width = layout.width;
      canvas.height = layout.height;
      canvas.style.width = `${layout.width / dpr}px`;
      canvas.style.height = `${layout.height / dpr}px`;
      image = ctx.createImageData(layout.width, layout.height);
      pixels = new Uint32Array(image.data.buffer);
      originX = new Int32Array(cluster.npuCount);
      originY = new Int32Array(cluster.npuCount);
      for (let n = 0; n < cluster.npuCount; n++)
        [originX[n], originY[n]] = cellOrigin(cluster, layout, n);
      canvas.dataset.cell = `${layout.cellW / dpr}x${layout.cellH / dpr}`;
      schedule();
    };

    const npuAtEvent = (e: MouseEvent) => {
      if (!layout) return undefined;
      const box = canvas.getBoundingClientRect();
      return npuAtPixel(
        cluster,
        layout,
        (e.clientX - box.left) * layout.dpr,
        (e.clientY - box.top) * layout.dpr,
      );
    };

    const onMove = (e: MouseEvent) => {
      const npu = npuAtEvent(e);
      if (npu !== hoverNpu) {
        hoverNpu = npu;
        schedule();
      }
      if (npu === undefined) {
        tooltip.hidden = true;
        canvas.style.cursor = 'default';
        return;
      }
      canvas.style.cursor = 'pointer';
      tooltip.textContent = tooltipText(cluster, npu);
      tooltip.hidden = false;
      const box = wrap.getBoundingClientRect();
      const x = e.clientX - box.left;
      const y = e.clientY - box.top;
      const left = x + 14 + tooltip.offsetWidth > box.width ? x - 14 - tooltip.offsetWidth : x + 14;
      const top =
        y + 14 + tooltip.offsetHeight > box.height ? y - 10 - tooltip.offsetHeight : y + 14;
      tooltip.style.transform = `translate(${Math.max(0, left)}px, ${Math.max(0, top)}px)`;
    };
    const onLeave = () => {
      tooltip.hidden = true;
      if (hoverNpu !== undefined) {
        hoverNpu = undefined;
        schedule();
      }
    };
    const onClick = (e: MouseEvent) => {
      const npu = npuAtEvent(e);
      selectRef(npu === undefined ? undefined : { kind: 'npu', index: npu }, e.shiftKey);
    };
    const onDoubleClick = (e: MouseEvent) => {
      const npu = npuAtEvent(e);
      if (npu === undefined) return;
      focusCabinet(cluster.npuCabinet[npu]);
      viewStore.setState({ tab: 'room' });
    };

    const observer = new ResizeObserver(resize);
    observer.observe(wrap);
    resize();
    const stopFrames = frameBus.subscribe(scheduleFrame);
    const stopView = viewStore.subscribe((s, p) => {
      if (s.metric !== p.metric || s.selection !== p.selection || s.route !== p.route) schedule();
    });
    canvas.addEventListener('mousemove', onMove);
    canvas.addEventListener('mouseleave', onLeave);
    canvas.addEventListener('click', onClick);
    canvas.addEventListener('dblclick', onDoubleClick);
    return () => {
      observer.disconnect();
      stopFrames();
      stopView();
      if (scheduled !== 0) cancelAnimationFrame(scheduled);
      if (frameTimer !== undefined) clearTimeout(frameTimer);
      canvas.removeEventListener('mousemove', onMove);
      canvas.removeEventListener('mouseleave', onLeave);
      canvas.removeEventListener('click', onClick);
      canvas.removeEventListener('dblclick', onDoubleClick);
    };
  }, [cluster]);

  return (
    <div className="tw-heatmap-canvas" ref={wrapRef}>
      <canvas ref={canvasRef} data-testid="heatmap-canvas" aria-label="Heatmap of every NPU" />
      <div
        ref={tooltipRef}
        className="tw-tooltip"
        data-testid="heatmap-tooltip"
        hidden
        role="tooltip"
      />
    </div>
  );
}

function drawLabels(ctx: CanvasRenderingContext2D, layout: HeatmapLayout) {
  ctx.textBaseline = 'alphabetic';
  for (const label of layout.labels) {
    const pod = label.kind === 'pod';
    ctx.font = `${pod ? 600 : 400} ${pod ? Math.round(layout.fontPx * 1.1) : layout.fontPx}px ui-sans-serif, system-ui, sans-serif`;
    ctx.fillStyle = pod ? '#d6dde6' : '#8b98a9';
    ctx.textAlign = label.align;
    ctx.fillText(label.text, label.x, label.y);
  }
}

function drawOutlines(
  ctx: CanvasRenderingContext2D,
  cluster: Cluster,
  layout: HeatmapLayout,
  npus: readonly number[],
  color: string,
  widthCss: number,
) {
  if (npus.length === 0) return;
  const w = Math.max(1, Math.round(widthCss * layout.dpr));
  ctx.strokeStyle = color;
  ctx.lineWidth = w;
  ctx.beginPath();
  for (const n of npus) {
    const [x, y] = cellOrigin(cluster, layout, n);
    ctx.rect(x - w / 2, y - w / 2, layout.innerW + w, layout.innerH + w);
  }
  ctx.stroke();
}

function drawPodOutline(ctx: CanvasRenderingContext2D, layout: HeatmapLayout, pod: number) {
  const w = Math.max(1, Math.round(2 * layout.dpr));
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = w;
  ctx.strokeRect(
    layout.blockX[pod] - w,
    layout.blockY[pod] - w,
    layout.blockWidth + 2 * w,
    layout.blockHeight + 2 * w,
  );
}

function tooltipText(cluster: Cluster, npu: number): string {
  const id = npuId(cluster, npu);
  const frame = frameOf(cluster, frameBus.latest());
  const cabinet = cluster.npuCabinet[npu];
  const where = `${podId(cluster.cabinetPod[cabinet])} · ${cabinetId(cabinet)}`;
  if (!frame) return `${id} (${where})`;
  return `${id} · ${healthName(frame.npuHealth[npu])} · load ${formatPercent(frame.npuLoad[npu], 0)} · HBM ${formatGB(frame.npuHbmUsedGB[npu])}`;
}
