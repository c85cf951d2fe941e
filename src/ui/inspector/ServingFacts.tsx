import { useStore } from 'zustand';
import { npuId, type Cluster } from '../../model';
import { selectIds } from '../../store/selection';
import { sessionStore } from '../../store/sessionStore';
import { formatPercent } from '../format';
import { useLiveFleet } from '../hooks';
import { instanceOnNpu, instancesInRange, type LiveInstance } from '../infernex/liveFleet';
import { servingInstanceColor } from '../metrics';
import { Facts } from '../widgets/Facts';

/**
 * The serving side of the hardware (system → business): which InferNex instance runs on the
 * selected NPUs and its live numbers. Renders nothing unless the scenario runs a serving fleet.
 */
export function ServingFacts({
  cluster,
  firstNpu,
  endNpu,
}: {
  cluster: Cluster;
  /** The selected entity's accelerators, `[firstNpu, endNpu)`: one NPU, a server, a cabinet. */
  firstNpu: number;
  endNpu: number;
}) {
  const serving = useStore(sessionStore, (s) => s.runtime?.serving === true);
  if (!serving) return null;
  return <FleetFacts cluster={cluster} firstNpu={firstNpu} endNpu={endNpu} />;
}

function FleetFacts({
  cluster,
  firstNpu,
  endNpu,
}: {
  cluster: Cluster;
  firstNpu: number;
  endNpu: number;
}) {
  const fleet = useLiveFleet();
  const single = endNpu - firstNpu === 1;
  const title = (
    <div className="tw-section-title">
      Serving{' '}
      <span className="tw-muted">InferNex instance{single ? '' : 's'} on the session clock</span>
    </div>
  );
  if (!fleet)
    return (
      <div className="tw-section" data-testid="inspector-serving">
        {title}
        <span className="tw-muted">waiting for the first frame</span>
      </div>
    );
  if (single) {
    const inst = instanceOnNpu(fleet, firstNpu);
    return (
      <div className="tw-section" data-testid="inspector-serving" data-instance={inst?.index ?? ''}>
        {title}
        {inst ? (
          <InstanceFacts cluster={cluster} inst={inst} />
        ) : (
          <span className="tw-muted">no instance of the fleet runs on this NPU</span>
        )}
      </div>
    );
  }
  const instances = instancesInRange(fleet, firstNpu, endNpu);
  return (
    <div className="tw-section" data-testid="inspector-serving">
      {title}
      {instances.length === 0 ? (
        <span className="tw-muted">no instance of the fleet runs here</span>
      ) : (
        <table className="tw-table tw-num" data-testid="inspector-serving-instances">
          <thead>
            <tr>
              <th>#</th>
              <th>role</th>
              <th>status</th>
              <th>queue</th>
              <th>batch</th>
              <th>KV</th>
              <th>busy</th>
            </tr>
          </thead>
          <tbody>
            {instances.map((inst) => (
              <tr key={inst.index}>
                <td>
                  <InstanceLink cluster={cluster} inst={inst} />
                </td>
                <td>{inst.role}</td>
                <td className={inst.status === 'down' ? 'tw-bad' : ''}>{inst.status}</td>
                <td>{inst.queue}</td>
                <td>{inst.batch}</td>
                <td>{formatPercent(inst.kv, 0)}</td>
                <td>{formatPercent(inst.busy, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function InstanceLink({ cluster, inst }: { cluster: Cluster; inst: LiveInstance }) {
  return (
    <button
      type="button"
      className="tw-link"
      title="Select this instance's NPUs"
      onClick={() => selectIds(inst.npus.map((n) => npuId(cluster, n)))}
    >
      <span
        className="tw-dot"
        style={{ background: servingInstanceColor(inst.statusCode, inst.busy) }}
      />
      #{inst.index}
    </button>
  );
}

function InstanceFacts({ cluster, inst }: { cluster: Cluster; inst: LiveInstance }) {
  return (
    <Facts
      rows={[
        [
          'Instance',
          <span data-testid="inspector-instance">
            <InstanceLink cluster={cluster} inst={inst} /> {inst.role} ·{' '}
            <span
              className={inst.status === 'down' ? 'tw-bad' : ''}
              data-testid="inspector-instance-status"
              data-status={inst.status}
            >
              {inst.status}
            </span>
          </span>,
        ],
        ['NPUs', inst.npus.map((n) => npuId(cluster, n).split('/').pop()).join(', ')],
        ['Queue', String(inst.queue)],
        ['Running · batch', `${inst.running} · ${inst.batch}`],
        ['KV used', formatPercent(inst.kv)],
        ['Prefix hit rate', formatPercent(inst.hitRate)],
        ['Busy', formatPercent(inst.busy)],
      ]}
    />
  );
}
