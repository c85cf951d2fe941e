import { memo } from 'react';
import { useStore } from 'zustand';
import { sessionStore } from '../../store/sessionStore';
import { frameOf } from '../frameGuard';
import { useFrameSample } from '../hooks';
import { FaultList, sameFaultRows } from './FaultList';
import { FaultTimeline } from './FaultTimeline';
import { HeartbeatDashboard } from './HeartbeatDashboard';
import { HeartbeatSettings } from './HeartbeatSettings';
import { InjectForm } from './InjectForm';
import { PlanPanel } from './PlanPanel';
import './faults.css';

// The forms read their own stores; the frame samples that re-render the panel (≤ 4/s) must not
// re-render them, nor the fault list when no fault changed: in a storm of a hundred faults that
// work made long tasks.
const Inject = memo(InjectForm);
const Settings = memo(HeartbeatSettings);
const Plan = memo(PlanPanel);
const Faults = memo(FaultList, (a, b) => sameFaultRows(a.faults, b.faults));

/**
 * The fault-injection console: inject any fault kind, follow every fault through its life cycle
 * (list and timeline), the heartbeat's detection figures against the 5 s target, and the fault
 * plan as Chaos Mesh-shaped YAML. Frame data arrives through `useFrameSample` (≤ 4 renders/s).
 */
export default function FaultsPanel() {
  const cluster = useStore(sessionStore, (s) => s.cluster);
  const sampled = useFrameSample();
  const frame = cluster ? frameOf(cluster, sampled) : undefined;
  const faults = frame?.faults ?? [];
  const nowUs = frame?.timeUs ?? 0;
  return (
    <div className="tw-flt" data-testid="faults-panel" aria-label="Fault injection">
      <section className="tw-flt-card">
        <h3 className="tw-flt-title">Inject a fault</h3>
        <Inject />
      </section>
      <section className="tw-flt-card">
        <h3 className="tw-flt-title">
          Faults{' '}
          <span className="tw-muted tw-num" data-testid="fault-count" data-count={faults.length}>
            {faults.length} · {faults.filter((f) => f.active).length} active
          </span>
        </h3>
        <FaultTimeline faults={faults} nowUs={nowUs} />
        <Faults faults={faults} />
      </section>
      <section className="tw-flt-card">
        <h3 className="tw-flt-title">Heartbeat and detection</h3>
        <Settings />
        <HeartbeatDashboard status={frame?.heartbeat} />
      </section>
      <section className="tw-flt-card">
        <h3 className="tw-flt-title">Fault plan (Chaos Mesh YAML)</h3>
        <Plan />
      </section>
    </div>
  );
}
