import { useState } from 'react';
import { useStore } from 'zustand';
import {
  FAULT_FORM_KINDS,
  FAULT_KIND_LABELS,
  checkFaultForm,
  kindsFor,
  type FaultFormField,
  type FaultFormKind,
} from '../../store/faults';
import { editFaultForm, faultsStore } from '../../store/faultsStore';
import { frameBus } from '../../store/frameBus';
import { addOperatorEvents } from '../../store/session';
import { sessionStore } from '../../store/sessionStore';
import { armTargetPick } from '../../store/targetPickStore';
import { viewStore } from '../../store/viewStore';
import { Field, Segmented } from './formParts';
import { formatSimTime, secondsToUs } from '../../sim/time';

/** What each kind needs as a target, shown as the input's placeholder. */
const TARGET_HINT: Readonly<Record<FaultFormKind, string>> = {
  'npu-fail': 'cab-017/srv-3/npu-5',
  'link-fail': 'cab-042/srv-1/npu-2~cab-042/srv-5/npu-2',
  'link-degrade': 'cab-042/srv-1/npu-2~cab-042/srv-5/npu-2',
  'link-flap': 'cab-042/srv-1/npu-2~cab-042/srv-5/npu-2',
  'server-down': 'cab-010/srv-3',
  'cabinet-power-loss': 'cab-010',
  'switch-down': 'icab-04 or cab-010/lrs',
  'agent-loss': 'cab-010 or icab-04',
  'pod-cut': 'pod-2',
  repair: 'the id of a faulty entity',
};

/**
 * The inject form: kind, target (typed or the selection), start, end, recurrence and the
 * kind's own parameters. Nothing reaches the timeline until the whole form checks out; the one
 * message under the form names the field and what is wrong.
 */
export function InjectForm() {
  const form = useStore(faultsStore, (s) => s.form);
  const notice = useStore(faultsStore, (s) => s.notice);
  const selection = useStore(viewStore, (s) => s.selection);
  const actions = useStore(sessionStore, (s) => s.actions);
  const ready = useStore(sessionStore, (s) => s.status === 'ready');
  const hasCluster = useStore(sessionStore, (s) => s.cluster !== undefined);
  const [busy, setBusy] = useState(false);
  const bad = (field: FaultFormField) =>
    notice?.kind === 'error' && notice.field === field ? true : undefined;
  const isFault = form.kind !== 'repair';
  const selected = selection[0]?.id;

  const useSelection = () => {
    const { cluster } = sessionStore.getState();
    if (!selected || !cluster) return;
    const fits = kindsFor(cluster, selected);
    const keep = form.kind === 'repair' || (fits as readonly string[]).includes(form.kind);
    editFaultForm({ target: selected, ...(keep || fits.length === 0 ? {} : { kind: fits[0] }) });
  };

  const inject = async () => {
    const { scenario, cluster } = sessionStore.getState();
    if (!scenario || !cluster) return;
    const frame = frameBus.latest();
    const result = checkFaultForm(form, {
      scenario,
      cluster,
      nowUs: frame?.timeUs ?? 0,
      faults: frame?.faults ?? [],
    });
    if (!result.ok) {
      faultsStore.setState({
        notice: { kind: 'error', field: result.field, message: result.message },
      });
      return;
    }
    setBusy(true);
    const { event, startNow } = result;
    const ok = await addOperatorEvents([event], { atNow: startNow });
    setBusy(false);
    faultsStore.setState({
      notice: ok
        ? {
            kind: 'ok',
            message: `${event.kind} on ${event.target} ${startNow ? 'now' : `at ${formatSimTime(secondsToUs(event.atSeconds))}`}: on the timeline as an operator action`,
          }
        : { kind: 'error', field: 'kind', message: 'The runtime refused the action (see the log)' },
    });
  };

  return (
    <form
      className="tw-flt-form"
      data-testid="fault-form"
      onSubmit={(e) => {
        e.preventDefault();
        void inject();
      }}
    >
      <div className="tw-flt-line">
        <Field label="Fault">
          <select
            value={form.kind}
            aria-label="Fault kind"
            data-testid="fault-kind"
            onChange={(e) => editFaultForm({ kind: e.target.value as FaultFormKind })}
          >
            {FAULT_FORM_KINDS.map((k) => (
              <option key={k} value={k}>
                {FAULT_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Target" grow>
          <input
            type="text"
            className="tw-flt-target"
            value={form.target}
            placeholder={TARGET_HINT[form.kind]}
            spellCheck={false}
            aria-label="Target id"
            aria-invalid={bad('target')}
            data-testid="fault-target"
            onChange={(e) => editFaultForm({ target: e.target.value })}
          />
        </Field>
        <button
          type="button"
          className="tw-btn"
          data-testid="fault-pick-3d"
          disabled={!hasCluster}
          title={`Click the target in the 3D room (${FAULT_KIND_LABELS[form.kind]}); the form keeps everything else`}
          onClick={armTargetPick}
        >
          Pick in 3D
        </button>
        <button
          type="button"
          className="tw-btn"
          data-testid="fault-use-selection"
          disabled={!selected}
          title={selected ? `Target ${selected}` : 'Select something in the room or navigator'}
          onClick={useSelection}
        >
          Use selection
        </button>
      </div>
      <div className="tw-flt-line">
        <Field label="Start">
          <span className="tw-flt-pair">
            <Segmented
              value={form.start}
              options={[
                ['now', 'now'],
                ['at', 'at'],
              ]}
              onChange={(start) => editFaultForm({ start })}
              testId="fault-start"
            />
            {form.start === 'at' && (
              <input
                type="text"
                className="tw-flt-short"
                value={form.atText}
                placeholder="5m"
                aria-invalid={bad('at')}
                data-testid="fault-at"
                onChange={(e) => editFaultForm({ atText: e.target.value })}
              />
            )}
          </span>
        </Field>
        {isFault && (
          <Field label="Ends">
            <span className="tw-flt-pair">
              <Segmented
                value={form.end}
                options={[
                  ['repaired', 'when repaired'],
                  ['after', 'after'],
                ]}
                onChange={(end) => editFaultForm({ end })}
                testId="fault-end"
              />
              {form.end === 'after' && (
                <input
                  type="text"
                  className="tw-flt-short"
                  value={form.durationText}
                  placeholder="60s"
                  aria-invalid={bad('duration')}
                  data-testid="fault-duration"
                  onChange={(e) => editFaultForm({ durationText: e.target.value })}
                />
              )}
            </span>
          </Field>
        )}
        {isFault && (
          <Field label="Recurs">
            <span className="tw-flt-pair">
              <label className="tw-flt-check">
                <input
                  type="checkbox"
                  checked={form.recur}
                  data-testid="fault-recur"
                  onChange={(e) => editFaultForm({ recur: e.target.checked })}
                />
                {form.recur ? 'every' : 'no'}
              </label>
              {form.recur && (
                <>
                  <input
                    type="text"
                    className="tw-flt-short"
                    value={form.everyText}
                    aria-invalid={bad('every')}
                    data-testid="fault-every"
                    onChange={(e) => editFaultForm({ everyText: e.target.value })}
                  />
                  <span className="tw-muted">×</span>
                  <input
                    type="text"
                    className="tw-flt-tiny"
                    value={form.timesText}
                    aria-invalid={bad('times')}
                    data-testid="fault-times"
                    onChange={(e) => editFaultForm({ timesText: e.target.value })}
                  />
                </>
              )}
            </span>
          </Field>
        )}
        {form.kind === 'link-degrade' && (
          <Field label="Bandwidth left %">
            <input
              type="text"
              className="tw-flt-tiny"
              value={form.bandwidthText}
              aria-invalid={bad('bandwidth')}
              data-testid="fault-bandwidth"
              onChange={(e) => editFaultForm({ bandwidthText: e.target.value })}
            />
          </Field>
        )}
        {form.kind === 'link-flap' && (
          <Field label="Flap: period / down">
            <span className="tw-flt-pair">
              <input
                type="text"
                className="tw-flt-short"
                value={form.flapPeriodText}
                aria-invalid={bad('flapPeriod')}
                data-testid="fault-flap-period"
                onChange={(e) => editFaultForm({ flapPeriodText: e.target.value })}
              />
              <input
                type="text"
                className="tw-flt-short"
                value={form.flapDownText}
                aria-invalid={bad('flapDown')}
                data-testid="fault-flap-down"
                onChange={(e) => editFaultForm({ flapDownText: e.target.value })}
              />
            </span>
          </Field>
        )}
        <span className="tw-spacer" />
        <button
          type="submit"
          className={isFault ? 'tw-btn tw-btn-danger' : 'tw-btn tw-btn-primary'}
          data-testid="fault-inject"
          disabled={busy || !ready}
        >
          {isFault ? 'Inject' : 'Repair'}
        </button>
      </div>
      <div className="tw-flt-notice-row">
        {notice ? (
          <span
            className={notice.kind === 'error' ? 'tw-field-error' : 'tw-flt-ok'}
            role={notice.kind === 'error' ? 'alert' : 'status'}
            data-testid="fault-notice"
            data-kind={notice.kind}
          >
            {notice.message}
          </span>
        ) : (
          <span className="tw-muted">
            {selected ? (
              <>
                Selected: <code>{selected}</code>.{' '}
              </>
            ) : null}
            Faults are timeline events: they travel in the share link and replay exactly.
          </span>
        )}
        <span className="tw-spacer" />
        <span className="tw-muted tw-num" data-testid="fault-actions" data-count={actions.length}>
          {actions.length} operator action(s)
        </span>
      </div>
    </form>
  );
}
