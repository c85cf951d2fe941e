import { useState } from 'react';
import { useStore } from 'zustand';
import type { FaultRecord } from '../../sim/frame';
import { formatSimTime } from '../../sim/time';
import { faultsStore } from '../../store/faultsStore';
import { selectIds } from '../../store/selection';
import { addOperatorEvents } from '../../store/session';
import { isolationScope, STEP_COLORS, stepOffsets } from './faultTimeline';

/** Rows the list renders at most (newest first); the timeline shows the rest's shape. */
const MAX_LIST_ROWS = 200;

/** Selects a fault's target in the room and inspector, and highlights the fault. */
export function selectFault(fault: FaultRecord): void {
  faultsStore.setState({ selectedFault: fault.id });
  selectIds([fault.target], true);
}

/** Ends every active fault on `target` (a `repair` operator action at the current time). */
export function repairTarget(target: string): Promise<boolean> {
  return addOperatorEvents([{ kind: 'repair', target, atSeconds: 0, by: 'operator' }], {
    atNow: true,
  });
}

const after = (fault: FaultRecord, step: string) => {
  const hit = stepOffsets(fault).find((s) => s.step === step);
  return hit === undefined ? '—' : `+${hit.afterS.toFixed(hit.afterS < 10 ? 3 : 1)} s`;
};

/** Whether two frames' faults would render the same rows (frames carry fresh copies every time). */
export function sameFaultRows(a: readonly FaultRecord[], b: readonly FaultRecord[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (
      x.id !== y.id ||
      x.current !== y.current ||
      x.active !== y.active ||
      x.steps.length !== y.steps.length ||
      x.granularity !== y.granularity ||
      x.isolatedDevices !== y.isolatedDevices ||
      x.isolatedLinks !== y.isolatedLinks ||
      x.backup !== y.backup
    )
      return false;
  }
  return true;
}

export function FaultList({ faults }: { faults: readonly FaultRecord[] }) {
  const selectedFault = useStore(faultsStore, (s) => s.selectedFault);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  if (faults.length === 0)
    return (
      <p className="tw-muted tw-flt-empty" data-testid="fault-list-empty">
        No faults yet. Inject one above, or play the scenario: its own faults appear here as they
        happen.
      </p>
    );
  const rows = faults.slice(Math.max(0, faults.length - MAX_LIST_ROWS)).reverse();
  return (
    <div className="tw-flt-list">
      <table className="tw-table tw-num" data-testid="fault-list">
        <thead>
          <tr>
            <th>id</th>
            <th>kind</th>
            <th>target</th>
            <th>step</th>
            <th>injected</th>
            <th title="injected → detected">detect</th>
            <th title="injected → isolated">isolate</th>
            <th title="what isolation took out of service">isolation</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => (
            <tr
              key={f.id}
              data-testid={`fault-row-${f.id}`}
              data-step={f.current}
              data-active={f.active}
              className={f.id === selectedFault ? 'tw-flt-row-on' : undefined}
            >
              <td>
                {f.id}
                {f.by === 'operator' && <span className="tw-badge tw-badge-operator">op</span>}
              </td>
              <td title={f.detail}>
                {f.kind}
                {f.occurrences > 1 && (
                  <span className="tw-muted">
                    {' '}
                    {f.occurrence}/{f.occurrences}
                  </span>
                )}
              </td>
              <td>
                <button
                  type="button"
                  className="tw-link"
                  title={`Select ${f.target}`}
                  onClick={() => selectFault(f)}
                >
                  {f.target}
                </button>
              </td>
              <td>
                <span
                  className="tw-flt-step"
                  data-testid={`fault-step-${f.id}`}
                  style={{ borderColor: STEP_COLORS[f.current], color: STEP_COLORS[f.current] }}
                >
                  {f.current}
                </span>
              </td>
              <td>{formatSimTime(f.steps[0]?.timeUs ?? 0)}</td>
              <td>{after(f, 'detected')}</td>
              <td>{after(f, 'isolated')}</td>
              <td title={f.backup ? `backup ${f.backup}` : undefined}>{isolationScope(f)}</td>
              <td>
                {f.active && (
                  <button
                    type="button"
                    className="tw-btn tw-btn-small"
                    data-testid={`fault-repair-${f.id}`}
                    disabled={busy !== undefined}
                    onClick={() => {
                      setBusy(f.id);
                      void repairTarget(f.target).finally(() => setBusy(undefined));
                    }}
                  >
                    Repair
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {faults.length > rows.length && (
        <p className="tw-muted">
          Showing the {rows.length} most recent of {faults.length} faults.
        </p>
      )}
    </div>
  );
}
