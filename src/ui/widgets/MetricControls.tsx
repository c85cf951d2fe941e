import { useStore } from 'zustand';
import type { Cluster } from '../../model';
import { sessionStore } from '../../store/sessionStore';
import { viewStore } from '../../store/viewStore';
import { metricDef, metricsFor, type LegendSpec } from '../metrics';

/** Metric picker and its legend, overlaid on the 3D room and the heatmap (same colours in both). */
export function MetricControls({
  cluster,
  inline = false,
}: {
  cluster: Cluster;
  inline?: boolean;
}) {
  const metric = useStore(viewStore, (s) => s.metric);
  // Serving is offered only when the scenario runs a fleet; the session falls back to health
  // when a fleet metric meets a scenario without one.
  const serving = useStore(sessionStore, (s) => s.runtime?.serving === true);
  const def = metricDef(metric);
  return (
    <div className={inline ? 'tw-metric-controls tw-metric-inline' : 'tw-metric-controls'}>
      <div className="tw-segmented" role="radiogroup" aria-label="Colour by">
        {metricsFor(serving).map((m) => (
          <button
            key={m.id}
            type="button"
            role="radio"
            aria-checked={m.id === metric}
            className={m.id === metric ? 'tw-seg tw-seg-on' : 'tw-seg'}
            title={m.description}
            data-testid={`metric-${m.id}`}
            onClick={() => viewStore.setState({ metric: m.id })}
          >
            {m.label}
          </button>
        ))}
      </div>
      <Legend spec={def.legend(cluster)} />
    </div>
  );
}

export function Legend({ spec }: { spec: LegendSpec }) {
  switch (spec.kind) {
    case 'categorical':
      return (
        <ul className="tw-legend" data-testid="legend">
          {spec.items.map((item) => (
            <li key={item.label}>
              <span className="tw-swatch" style={{ background: item.color }} />
              {item.label}
            </li>
          ))}
        </ul>
      );
    case 'continuous':
      return (
        <div className="tw-legend tw-legend-continuous" data-testid="legend">
          <span className="tw-num">{formatLegendValue(spec.min)}</span>
          <span
            className="tw-gradient"
            style={{ background: `linear-gradient(to right, ${spec.stops.join(', ')})` }}
          />
          <span className="tw-num">
            {formatLegendValue(spec.max)} {spec.unit}
          </span>
          {spec.items?.map((item) => (
            <span key={item.label} className="tw-legend-item">
              <span className="tw-swatch" style={{ background: item.color }} />
              {item.label}
            </span>
          ))}
        </div>
      );
  }
}

const formatLegendValue = (v: number) =>
  Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(v < 10 ? 2 : 1);
