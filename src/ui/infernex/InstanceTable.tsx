import { useStore } from 'zustand';
import type { RunInfo } from '../../../workers/infernex.worker';
import { infernexStore } from '../../store/infernexStore';
import { selectIds } from '../../store/selection';
import { sessionStore } from '../../store/sessionStore';
import { viewStore } from '../../store/viewStore';
import { formatShare } from './infernexFormat';

/** Names of the engine's `InstanceStatus` codes (0 serving, 1 down, 2 off, 3 starting). */
const STATUS_NAMES = ['serving', 'down', 'off', 'starting'] as const;
const STATUS_CLASS = ['tw-inx-ok', 'tw-inx-bad', 'tw-muted', 'tw-inx-warn'] as const;

/**
 * Every instance with its queue, batch, KV and hit rate now; a row's accelerators can be selected
 * in the console (the inspector lists them, the room outlines them).
 */
export function InstanceTable({ info }: { readonly info: RunInfo }) {
  const live = useStore(infernexStore, (s) => s.live);
  const consoleProfile = useStore(sessionStore, (s) => s.scenario?.profile);
  const selection = useStore(viewStore, (s) => s.selection);
  const linked = consoleProfile === info.profile;
  const selected = new Set(selection.map((e) => e.id));
  const a = live?.instances;
  const select = (ids: readonly string[], show: boolean) => {
    selectIds(ids);
    if (show) {
      viewStore.setState({ tab: 'room' });
    }
  };
  return (
    <div className="tw-inx-card tw-inx-instances">
      <div className="tw-section-title">
        Instances{' '}
        <span className="tw-muted">
          {info.instances.length} × {info.model} on {info.accelerator}
        </span>
      </div>
      <p className="tw-muted tw-hint">
        {linked
          ? 'Click a row to select its NPUs in the console; "3D" shows them in the room.'
          : `Profile ${info.profile} is not the console's (${consoleProfile ?? 'none'}): no NPU links.`}
      </p>
      <div className="tw-inx-scroll">
        <table className="tw-table tw-inx-table" data-testid="inx-instances">
          <InstanceTableHead place="NPUs" />
          <tbody>
            {info.instances.map((inst, i) => {
              const status = a ? a.status[i] : 0;
              const isSelected = inst.npuIds.every((id) => selected.has(id));
              return (
                <tr
                  key={i}
                  className={isSelected ? 'tw-inx-row tw-inx-row-on' : 'tw-inx-row'}
                  onClick={linked ? () => select(inst.npuIds, false) : undefined}
                  data-testid={`inx-instance-${i}`}
                >
                  <td className="tw-num">{i}</td>
                  <td>{inst.role}</td>
                  <td>
                    <code title={inst.npuIds.join('\n')}>
                      {inst.server} ×{inst.npuIds.length}
                    </code>
                  </td>
                  <td className={STATUS_CLASS[status] ?? ''}>{STATUS_NAMES[status] ?? status}</td>
                  <td className="tw-num tw-inx-r">{a ? a.queue[i] : '–'}</td>
                  <td className="tw-num tw-inx-r">{a ? a.running[i] : '–'}</td>
                  <td className="tw-num tw-inx-r">{a ? a.batch[i] : '–'}</td>
                  <td className="tw-num tw-inx-r">
                    <span className="tw-inx-bar">
                      <span
                        className="tw-inx-bar-fill"
                        style={{ width: `${Math.min(100, (a ? a.kvUtilisation[i] : 0) * 100)}%` }}
                      />
                    </span>
                    {a ? formatShare(a.kvUtilisation[i], 0) : '–'}
                  </td>
                  <td className="tw-num tw-inx-r">{a ? formatShare(a.hitRate[i], 0) : '–'}</td>
                  <td className="tw-num tw-inx-r">{a ? formatShare(a.utilisation[i], 0) : '–'}</td>
                  <td>
                    <button
                      type="button"
                      className="tw-link"
                      disabled={!linked}
                      title="Select this instance's NPUs and show them in the 3D room"
                      onClick={(e) => {
                        e.stopPropagation();
                        select(inst.npuIds, true);
                      }}
                    >
                      3D
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The columns both instance tables share; `place` names where an instance runs. */
export function InstanceTableHead({ place }: { place: 'server' | 'NPUs' }) {
  return (
    <thead>
      <tr>
        <th>#</th>
        <th>role</th>
        <th>{place}</th>
        <th>status</th>
        <th className="tw-inx-r">queue</th>
        <th className="tw-inx-r">running</th>
        <th className="tw-inx-r">batch</th>
        <th className="tw-inx-r">KV</th>
        <th className="tw-inx-r">hit</th>
        <th className="tw-inx-r">busy</th>
        <th />
      </tr>
    </thead>
  );
}
