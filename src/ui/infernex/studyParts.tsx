import { cancelStudy } from '../../store/infernexRun';
import type { InferNexStudies } from '../../store/infernexStore';

/** Form pieces and the progress row shared by the what-if studies. */

export type StudyResultOf<K extends keyof InferNexStudies> = Extract<
  InferNexStudies[K],
  { status: 'done' }
>['result'];

export function NumberField(props: {
  readonly label: string;
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  readonly unit?: string;
  readonly invalid?: boolean;
  readonly testId?: string;
  readonly title?: string;
}) {
  return (
    <label className="tw-inx-field" title={props.title}>
      <span>
        {props.label}
        {props.unit ? ` (${props.unit})` : ''}
      </span>
      <input
        type="number"
        className="tw-inx-number"
        value={Number.isFinite(props.value) ? props.value : ''}
        min={props.min}
        max={props.max}
        step={props.step}
        aria-invalid={props.invalid}
        data-testid={props.testId}
        onChange={(e) =>
          props.onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))
        }
      />
    </label>
  );
}

/** Run / cancel, the progress bar while the worker runs, and the error if it failed. */
export function StudyRunRow(props: {
  readonly kind: keyof InferNexStudies;
  readonly state: InferNexStudies[keyof InferNexStudies];
  readonly label: string;
  readonly disabled: boolean;
  readonly onRun: () => void;
  readonly testId: string;
}) {
  const { state } = props;
  const running = state.status === 'running';
  return (
    <>
      <div className="tw-inx-study-actions">
        {running ? (
          <button
            type="button"
            className="tw-btn"
            data-testid={`${props.testId}-cancel`}
            onClick={() => cancelStudy(props.kind)}
          >
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="tw-btn tw-btn-primary"
            data-testid={props.testId}
            disabled={props.disabled}
            onClick={props.onRun}
          >
            {props.label}
          </button>
        )}
        {running && (
          <div className="tw-inx-progress-row" data-testid={`${props.testId}-progress`}>
            <progress max={Math.max(1, state.total)} value={state.done} />
            <span className="tw-muted tw-num">
              {state.total > 0
                ? `${Math.min(state.total, Math.floor(state.done) + 1)} / ${state.total} · ${state.label}`
                : state.label}
            </span>
          </div>
        )}
        {state.status === 'done' && (
          <span className="tw-muted tw-num">
            {(state.wallMs / 1000).toFixed(1)} s of wall time, in the engine's worker
          </span>
        )}
      </div>
      {state.status === 'error' && (
        <p className="tw-field-error" data-testid={`${props.testId}-error`}>
          {state.message}
        </p>
      )}
    </>
  );
}
