import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import {
  HOT_HIGH,
  HOT_LOW,
  OVERLAY_CLASS_NAMES,
  OVERLAY_COLORS,
  OverlayClass,
} from './linkOverlay';
import type { OverlayCounts } from './linkOverlayLayer';

/** Which parts of the room's link overlay are on; both by default, kept across tab switches. */
export const overlaySettings = createStore<{ readonly faults: boolean; readonly hot: boolean }>()(
  () => ({ faults: true, hot: true }),
);

const FAULT_CLASSES = [
  OverlayClass.Down,
  OverlayClass.Isolated,
  OverlayClass.Flapping,
  OverlayClass.Degraded,
] as const;

/** The overlay's toggles and its legend, each class named with how many links are in it now. */
export function OverlayLegend({ counts }: { counts: OverlayCounts | undefined }) {
  const shown = useStore(overlaySettings);
  return (
    <div className="tw-metric-controls" data-testid="overlay-legend">
      <label className="tw-flt-check">
        <input
          type="checkbox"
          checked={shown.faults}
          data-testid="overlay-faults"
          onChange={(e) => overlaySettings.setState({ faults: e.target.checked })}
        />
        faulted links
      </label>{' '}
      <label className="tw-flt-check">
        <input
          type="checkbox"
          checked={shown.hot}
          data-testid="overlay-hot"
          onChange={(e) => overlaySettings.setState({ hot: e.target.checked })}
        />
        hot links
      </label>
      <ul className="tw-legend">
        {FAULT_CLASSES.map((c) => (
          <li
            key={c}
            data-testid={`overlay-count-${OVERLAY_CLASS_NAMES[c]}`}
            data-count={counts?.byClass[c] ?? 0}
          >
            <span className="tw-swatch" style={{ background: OVERLAY_COLORS[c] }} />
            {OVERLAY_CLASS_NAMES[c]} {counts?.byClass[c] ?? 0}
          </li>
        ))}
        <li data-testid="overlay-count-hot" data-count={counts?.byClass[OverlayClass.Hot] ?? 0}>
          <span
            className="tw-swatch"
            style={{ background: `linear-gradient(to right, ${HOT_LOW}, ${HOT_HIGH})` }}
            title="coloured by utilisation, 0 → 100 %"
          />
          hot {counts?.byClass[OverlayClass.Hot] ?? 0}
        </li>
        <li
          data-testid="overlay-count-cabinets"
          data-count={counts?.markedCabinets ?? 0}
          title="Inside a cabinet that is not focused, faulted X-links and the links of its dead devices are shown as one dot on the cabinet; focus the cabinet to see them one by one"
        >
          <span
            className="tw-swatch"
            style={{ background: OVERLAY_COLORS[OverlayClass.Down], borderRadius: '50%' }}
          />
          cabinets with faulted links inside {counts?.markedCabinets ?? 0}
        </li>
        {counts && counts.dropped > 0 && <li>{counts.dropped} more not drawn</li>}
      </ul>
    </div>
  );
}
