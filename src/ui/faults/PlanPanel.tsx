import { useRef, useState } from 'react';
import { useStore } from 'zustand';
import {
  exportFaultPlan,
  formatChaosErrors,
  importFaultPlan,
} from '../../engines/fabric/chaosPlan';
import { isFaultEvent } from '../../sim/scenario';
import { faultsStore } from '../../store/faultsStore';
import { addOperatorEvents } from '../../store/session';
import { sessionStore } from '../../store/sessionStore';
import { downloadText } from '../hooks';

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'scenario';

/** Largest plan file read: a plan is a few KB; anything far bigger is not one. */
const MAX_PLAN_BYTES = 2_000_000;

/**
 * The fault plan (the scenario's faults and repairs, then the operator's) as Chaos Mesh-shaped
 * YAML: download it, or read one and append its faults as operator actions. Import errors name
 * the line.
 */
export function PlanPanel() {
  const scenario = useStore(sessionStore, (s) => s.scenario);
  const actions = useStore(sessionStore, (s) => s.actions);
  const planErrors = useStore(faultsStore, (s) => s.planErrors);
  const notice = useStore(faultsStore, (s) => s.notice);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  if (!scenario) return null;
  const events = [...scenario.timeline, ...actions].filter((e) => e.kind !== 'workload-load');
  const faultCount = events.filter(isFaultEvent).length;

  const exportPlan = () => {
    downloadText(
      `${slug(scenario.name)}-fault-plan.yaml`,
      exportFaultPlan([...scenario.timeline, ...actions]),
      'application/yaml',
    );
  };

  const importPlan = async (file: File) => {
    const { scenario: current, cluster } = sessionStore.getState();
    if (!current || !cluster) return;
    if (file.size > MAX_PLAN_BYTES) {
      faultsStore.setState({
        planErrors: [`${file.name}: ${file.size} bytes is too large for a fault plan`],
      });
      return;
    }
    const text = await file.text();
    const result = importFaultPlan(text, { scenario: current, cluster });
    if (!result.ok) {
      faultsStore.setState({
        planErrors: formatChaosErrors(result.errors).split('\n'),
        notice: {
          kind: 'error',
          field: 'plan',
          message: `${file.name}: ${result.errors.length} problem(s), nothing imported`,
        },
      });
      return;
    }
    if (result.events.length === 0) {
      faultsStore.setState({
        planErrors: [`${file.name}: the plan has no faults`],
      });
      return;
    }
    setBusy(true);
    const ok = await addOperatorEvents(result.events, {
      atNow: false,
      label: `Imported ${result.events.length} event(s) from ${file.name}`,
    });
    setBusy(false);
    faultsStore.setState({
      planErrors: [],
      notice: ok
        ? {
            kind: 'ok',
            message: `Imported ${result.events.length} event(s) from ${file.name} as operator actions`,
          }
        : { kind: 'error', field: 'plan', message: `${file.name}: the runtime refused the plan` },
    });
  };

  return (
    <div className="tw-flt-plan">
      <div className="tw-flt-line">
        <span className="tw-muted tw-num" data-testid="fault-plan-count" data-count={events.length}>
          {events.length} event(s): {faultCount} fault(s), {events.length - faultCount} repair(s)
        </span>
        <span className="tw-spacer" />
        <button
          type="button"
          className="tw-btn"
          data-testid="fault-plan-export"
          disabled={events.length === 0}
          onClick={exportPlan}
        >
          Export YAML
        </button>
        <button
          type="button"
          className="tw-btn"
          data-testid="fault-plan-import"
          disabled={busy}
          onClick={() => fileRef.current?.click()}
        >
          Import YAML…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".yaml,.yml,application/yaml,text/yaml"
          className="tw-visually-hidden"
          data-testid="fault-plan-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importPlan(file);
          }}
        />
      </div>
      {planErrors.length > 0 && (
        <ul className="tw-flt-plan-errors" role="alert" data-testid="fault-plan-errors">
          {planErrors.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      {notice?.kind === 'error' && notice.field === 'plan' && planErrors.length === 0 && (
        <p className="tw-field-error">{notice.message}</p>
      )}
      <p className="tw-muted tw-flt-hint">
        One <code>FabricChaos</code> document per fault (<code>selector</code>, <code>action</code>,{' '}
        <code>mode</code>, <code>duration</code>); a recurring fault is a <code>Schedule</code> with{' '}
        <code>@every</code>. Imported faults are appended as operator actions at their own times.
      </p>
    </div>
  );
}
