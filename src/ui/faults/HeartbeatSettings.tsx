import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { clusterHeartbeatScale } from '../../engines/fabric/detection';
import { heartbeatEstimate } from '../../engines/fabric/heartbeat';
import { scenarioFabricSettings } from '../../engines/fabric/settings';
import { HEARTBEAT_DESIGNS, type HeartbeatDesign } from '../../sim/scenario';
import { formatScenarioErrors } from '../../sim/scenarioIo';
import {
  designDefaultsForm,
  heartbeatFormOf,
  sameHeartbeatForm,
  scenarioWithHeartbeat,
  type HeartbeatForm,
} from '../../store/heartbeatSettings';
import { reloadWithScenario } from '../../store/session';
import { sessionStore } from '../../store/sessionStore';
import { isColorMetric } from '../metrics';
import { currentShareState } from '../shareSnapshot';
import { DESIGN_LABELS } from './heartbeatChart';
import { Field, Segmented } from './formParts';

const seconds = (s: number) => (s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(1)} ms`);

/**
 * The heartbeat's settings as an operator turns them in a drill: design, probe period, deadline,
 * fan-out (and, for gossip, memberlist's suspicion multiplier and Lifeguard). The form previews the
 * round and detection time at this cluster's size with the engine's own formulas; applying restarts
 * the engines on the changed scenario and replays the operator's actions to the same moment.
 */
export function HeartbeatSettings() {
  const scenario = useStore(sessionStore, (s) => s.scenario);
  const cluster = useStore(sessionStore, (s) => s.cluster);
  const ready = useStore(sessionStore, (s) => s.status === 'ready');
  const running = useMemo(() => (scenario ? heartbeatFormOf(scenario) : undefined), [scenario]);
  const [form, setForm] = useState<HeartbeatForm | undefined>(running);
  const [applying, setApplying] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  // A new scenario (loaded, or these settings applied) resets the form to what now runs.
  useEffect(() => {
    setForm(running);
    setFailure(undefined);
  }, [running]);

  const change = useMemo(
    () => (scenario && form ? scenarioWithHeartbeat(scenario, form) : undefined),
    [scenario, form],
  );
  const preview = useMemo(() => {
    if (!change?.ok || !cluster) return undefined;
    const params = scenarioFabricSettings(change.scenario).heartbeat;
    return heartbeatEstimate(params, clusterHeartbeatScale(cluster));
  }, [change, cluster]);

  if (!scenario || !form || !running) return null;
  const edited = !sameHeartbeatForm(form, running);
  const edit = (patch: Partial<HeartbeatForm>) => {
    setFailure(undefined);
    setForm({ ...form, ...patch });
  };
  const pickDesign = (design: HeartbeatDesign) => edit(designDefaultsForm(design));
  const errors = change && !change.ok ? change.errors : [];
  const bad = (field: keyof HeartbeatForm) =>
    errors.some((e) => e.path.endsWith(`.${field}`)) || undefined;

  const apply = async () => {
    const view = currentShareState()?.view;
    if (!change?.ok || !view) return;
    setApplying(true);
    const ok = await reloadWithScenario(
      change.scenario,
      view,
      isColorMetric,
      `heartbeat ${DESIGN_LABELS[form.design]}, period ${form.periodMs} ms, timeout ${form.timeoutMs} ms, fan-out ${form.fanout}`,
    );
    setApplying(false);
    if (!ok)
      setFailure('The engines refused these settings; the previous ones run again (see log).');
  };

  const number = (field: 'periodMs' | 'timeoutMs' | 'fanout' | 'suspicionMult', cls: string) => (
    <input
      type="text"
      className={cls}
      value={form[field]}
      aria-invalid={bad(field)}
      data-testid={`hb-${field}`}
      onChange={(e) => edit({ [field]: e.target.value })}
    />
  );

  return (
    <form
      className="tw-flt-form"
      data-testid="heartbeat-settings"
      onSubmit={(e) => {
        e.preventDefault();
        void apply();
      }}
    >
      <div className="tw-flt-line">
        <Field label="Design">
          <Segmented
            value={form.design}
            options={HEARTBEAT_DESIGNS.map((d) => [d, DESIGN_LABELS[d]] as const)}
            onChange={pickDesign}
            testId="hb-design"
          />
        </Field>
      </div>
      <div className="tw-flt-line">
        <Field label="Period ms">{number('periodMs', 'tw-flt-short')}</Field>
        <Field label="Timeout ms">{number('timeoutMs', 'tw-flt-short')}</Field>
        <Field label={form.design === 'gossip' ? 'Gossip fan-out' : 'Probes in flight'}>
          {number('fanout', 'tw-flt-short')}
        </Field>
        {form.design === 'gossip' && (
          <>
            <Field label="Suspicion ×">{number('suspicionMult', 'tw-flt-tiny')}</Field>
            <Field label="Lifeguard">
              <label className="tw-flt-check">
                <input
                  type="checkbox"
                  checked={form.lifeguard}
                  data-testid="hb-lifeguard"
                  onChange={(e) => edit({ lifeguard: e.target.checked })}
                />
                {form.lifeguard ? 'on' : 'off'}
              </label>
            </Field>
          </>
        )}
        <span className="tw-spacer" />
        <button
          type="button"
          className="tw-btn"
          data-testid="hb-defaults"
          disabled={sameHeartbeatForm(form, designDefaultsForm(form.design))}
          onClick={() => pickDesign(form.design)}
          title="The design's documented defaults"
        >
          Defaults
        </button>
        <button
          type="submit"
          className="tw-btn tw-btn-primary"
          data-testid="hb-apply"
          disabled={!edited || !change?.ok || applying || !ready}
          title="Restart the engines with these settings and replay to this moment"
        >
          {applying ? 'Applying…' : 'Apply'}
        </button>
      </div>
      <div className="tw-flt-notice-row">
        {errors.length > 0 ? (
          <span className="tw-field-error" role="alert" data-testid="hb-error">
            {formatScenarioErrors(errors)}
          </span>
        ) : failure ? (
          <span className="tw-field-error" role="alert" data-testid="hb-error">
            {failure}
          </span>
        ) : preview ? (
          <span className="tw-muted" data-testid="hb-preview" data-meets={preview.meetsTarget}>
            {edited ? 'With these settings: ' : 'Running: '}
            round {seconds(preview.roundSeconds)}, detection ≤ {seconds(preview.detectionSeconds)}{' '}
            at {preview.endpoints.toLocaleString('en')} endpoints —{' '}
            <span className={preview.meetsTarget ? 'tw-flt-ok' : 'tw-bad'}>
              {preview.meetsTarget ? 'meets' : 'misses'} the &lt; {preview.targetSeconds} s target
            </span>
            {edited ? '. Apply replays the session to this moment.' : ''}
          </span>
        ) : null}
      </div>
    </form>
  );
}
