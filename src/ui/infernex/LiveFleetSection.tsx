import { useStore } from 'zustand';
import { cabinetId, npuId, serverId, type Cluster } from '../../model';
import { SERVING_DEFAULTS, type ServingSettingsInput } from '../../sim/scenario';
import { formatSimTime } from '../../sim/time';
import { selectIds } from '../../store/selection';
import { sessionStore } from '../../store/sessionStore';
import { viewStore } from '../../store/viewStore';
import { useLiveFleet } from '../hooks';
import { metricDef, servingInstanceColor } from '../metrics';
import { Legend } from '../widgets/MetricControls';
import { formatSeconds, formatShare } from './infernexFormat';
import type { LiveFleet, LiveInstance } from './liveFleet';
import { InstanceTableHead } from './InstanceTable';

const STATUS_CLASS: Readonly<Record<string, string>> = {
  serving: 'tw-inx-ok',
  down: 'tw-inx-bad',
  off: 'tw-muted',
  starting: 'tw-inx-warn',
};

/**
 * The scenario's serving fleet as it stands on the session clock (play, pause and seek of the
 * console move it), from `servingFrameBus`. A hint instead when the scenario runs no fleet.
 */
export function LiveFleetSection() {
  const runtime = useStore(sessionStore, (s) => s.runtime);
  const status = useStore(sessionStore, (s) => s.status);
  const generation = useStore(sessionStore, (s) => s.generation);
  if (!runtime?.serving)
    return (
      <p className="tw-muted tw-hint tw-inx-live-hint" data-testid="live-fleet-hint">
        {status === 'loading'
          ? 'Loading the scenario…'
          : 'This scenario runs no serving fleet on the session clock: open "Serving fleet under faults" (serving) from the scenario library to watch one live.'}
      </p>
    );
  // A new session starts from a cleared bus: remount so no number of the old fleet lingers.
  return <LiveFleetView key={generation} cluster={runtime.cluster} />;
}

function LiveFleetView({ cluster }: { cluster: Cluster }) {
  const fleet = useLiveFleet();
  const settings = useStore(sessionStore, (s) => s.scenario?.engines?.infernex);
  return (
    <section
      className="tw-inx-card tw-inx-live"
      data-testid="live-fleet"
      data-time-us={fleet?.timeUs ?? ''}
      aria-label="Live fleet"
    >
      <div className="tw-section-title">
        <span className="tw-inx-live-title">Live fleet (session clock)</span>
        <span className="tw-muted">
          {settings ? fleetLine(settings, fleet) : ''}
          {fleet ? ` · at ${formatSimTime(fleet.timeUs)}` : ' · waiting for the first frame'}
        </span>
      </div>
      {fleet && (
        <>
          <Totals fleet={fleet} />
          <Strip cluster={cluster} fleet={fleet} />
          <Table cluster={cluster} fleet={fleet} />
        </>
      )}
    </section>
  );
}

function fleetLine(settings: ServingSettingsInput, fleet: LiveFleet | undefined): string {
  const d = SERVING_DEFAULTS;
  const roles = fleet
    ? fleet.instances.reduce<Record<string, number>>((acc, i) => {
        acc[i.role] = (acc[i.role] ?? 0) + 1;
        return acc;
      }, {})
    : {};
  const split =
    roles.prefill !== undefined || roles.decode !== undefined
      ? ` (${roles.prefill ?? 0} P + ${roles.decode ?? 0} D)`
      : '';
  const trace = settings.trace ?? d.trace;
  return `${settings.model ?? d.model} · TP ${settings.tp ?? d.tp} · ${fleet?.instances.length ?? settings.instances ?? d.instances} instances${split} · ${settings.policy ?? d.policy} · ${typeof trace === 'string' ? trace : 'synthetic'} trace`;
}

function Totals({ fleet }: { fleet: LiveFleet }) {
  const count = (n: number) => n.toLocaleString('en-US');
  const stats: readonly {
    label: string;
    value: number;
    text: string;
    id: string;
    bad?: boolean;
    title?: string;
  }[] = [
    {
      label: 'instances down',
      value: fleet.instancesDown,
      text: `${count(fleet.instancesDown)} / ${count(fleet.instances.length)}`,
      id: 'live-down',
      bad: fleet.instancesDown > 0,
      title: 'Instances with an accelerator under them down now',
    },
    { label: 'arrived', value: fleet.arrived, text: count(fleet.arrived), id: 'live-arrived' },
    {
      label: 'completed',
      value: fleet.completed,
      text: count(fleet.completed),
      id: 'live-completed',
    },
    {
      label: 'failed',
      value: fleet.failed,
      text: count(fleet.failed),
      id: 'live-failed',
      bad: fleet.failed > 0,
    },
    {
      label: 'in flight',
      value: fleet.inFlight,
      text: count(fleet.inFlight),
      id: 'live-in-flight',
    },
    {
      label: 'rerouted on fault',
      value: fleet.reroutedOnFault,
      text: count(fleet.reroutedOnFault),
      id: 'live-rerouted',
      title: 'Requests handed back to the router because their instance stopped, since the start',
    },
    {
      label: 'failed on fault',
      value: fleet.failedOnFault,
      text: count(fleet.failedOnFault),
      id: 'live-failed-on-fault',
      bad: fleet.failedOnFault > 0,
      title:
        'Requests lost because their instance stopped and no re-route was left, since the start',
    },
    {
      label: 'TTFT mean',
      value: fleet.ttftMeanS,
      text: fleet.ttftMeanS > 0 ? formatSeconds(fleet.ttftMeanS) : '–',
      id: 'live-ttft-mean',
      title: 'Time to first token of every request that got one so far',
    },
    {
      label: 'TTFT p99',
      value: fleet.ttftP99S,
      text: fleet.ttftMeanS > 0 ? formatSeconds(fleet.ttftP99S) : '–',
      id: 'live-ttft-p99',
    },
  ];
  return (
    <dl className="tw-inx-stats">
      {stats.map((s) => (
        <div key={s.id} className="tw-inx-stat" title={s.title}>
          <dt>{s.label}</dt>
          <dd
            className={s.bad ? 'tw-num tw-inx-bad' : 'tw-num'}
            data-testid={s.id}
            data-value={s.value}
          >
            {s.text}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Selects an instance's accelerators; `show` also brings up the room, zoomed into its cabinet. */
function selectInstance(cluster: Cluster, inst: LiveInstance, show: boolean): void {
  selectIds(inst.npus.map((n) => npuId(cluster, n)));
  if (show && inst.npus.length > 0)
    // The camera the room kept when it was left would override the focus as it mounts again.
    viewStore.setState({
      focusedCabinet: cluster.npuCabinet[inst.npus[0]],
      pendingCamera: undefined,
      tab: 'room',
    });
}

const where = (cluster: Cluster, inst: LiveInstance) =>
  inst.npus.length > 0 ? serverId(cluster, cluster.npuServer[inst.npus[0]]) : '–';

function useSelectedNpus(): ReadonlySet<number> {
  const selection = useStore(viewStore, (s) => s.selection);
  const out = new Set<number>();
  for (const { ref } of selection) if (ref.kind === 'npu') out.add(ref.index);
  return out;
}

const isSelected = (inst: LiveInstance, selected: ReadonlySet<number>) =>
  inst.npus.length > 0 && inst.npus.every((n) => selected.has(n));

/** The instances of each cabinet, in fleet order (cabinets in the order the fleet first uses them). */
function byCabinet(cluster: Cluster, fleet: LiveFleet): [number, LiveInstance[]][] {
  const groups = new Map<number, LiveInstance[]>();
  for (const inst of fleet.instances) {
    const cabinet = inst.npus.length > 0 ? cluster.npuCabinet[inst.npus[0]] : -1;
    let group = groups.get(cabinet);
    if (!group) groups.set(cabinet, (group = []));
    group.push(inst);
  }
  return [...groups];
}

/** One cell per instance, a row per cabinet, coloured as the room's Serving metric colours its NPUs. */
function Strip({ cluster, fleet }: { cluster: Cluster; fleet: LiveFleet }) {
  const selected = useSelectedNpus();
  const legend = metricDef('serving').legend(cluster);
  return (
    <div className="tw-inx-live-strip-row">
      <div className="tw-inx-live-strips" data-testid="live-strip">
        {byCabinet(cluster, fleet).map(([cabinet, instances]) => (
          <div key={cabinet} className="tw-inx-live-strip" role="list">
            <span className="tw-inx-live-strip-label">
              {cabinet >= 0 ? cabinetId(cabinet) : 'no NPU'}
            </span>
            {instances.map((inst) => (
              <button
                key={inst.index}
                type="button"
                role="listitem"
                className={
                  isSelected(inst, selected)
                    ? 'tw-inx-live-cell tw-inx-live-cell-on'
                    : 'tw-inx-live-cell'
                }
                style={{ background: servingInstanceColor(inst.statusCode, inst.busy) }}
                data-testid={`live-cell-${inst.index}`}
                data-status={inst.status}
                title={`#${inst.index} ${inst.role} · ${inst.status} · ${where(cluster, inst)} · queue ${inst.queue} · busy ${formatShare(inst.busy, 0)}`}
                onClick={() => selectInstance(cluster, inst, false)}
              />
            ))}
          </div>
        ))}
      </div>
      <div className="tw-inx-live-legend">
        <Legend spec={legend} />
        <button
          type="button"
          className="tw-btn tw-btn-small"
          data-testid="live-colour-room"
          title="Colour the 3D room by the Serving metric and show it"
          onClick={() => viewStore.setState({ metric: 'serving', tab: 'room' })}
        >
          Colour room by Serving
        </button>
      </div>
    </div>
  );
}

function Table({ cluster, fleet }: { cluster: Cluster; fleet: LiveFleet }) {
  const selected = useSelectedNpus();
  return (
    <>
      <p className="tw-muted tw-hint">
        Click an instance to select its NPUs (the inspector shows them and the instance); “3D” zooms
        the room into its cabinet.
      </p>
      <div className="tw-inx-scroll">
        <table className="tw-table tw-inx-table" data-testid="live-instances">
          <InstanceTableHead place="server" />
          <tbody>
            {fleet.instances.map((inst) => (
              <tr
                key={inst.index}
                className={isSelected(inst, selected) ? 'tw-inx-row tw-inx-row-on' : 'tw-inx-row'}
                data-testid={`live-instance-${inst.index}`}
                data-status={inst.status}
                onClick={() => selectInstance(cluster, inst, false)}
              >
                <td className="tw-num">{inst.index}</td>
                <td>{inst.role}</td>
                <td>
                  <code title={inst.npus.map((n) => npuId(cluster, n)).join('\n')}>
                    {where(cluster, inst)}
                  </code>
                </td>
                <td className={STATUS_CLASS[inst.status] ?? ''}>{inst.status}</td>
                <td className="tw-num tw-inx-r">{inst.queue}</td>
                <td className="tw-num tw-inx-r">{inst.running}</td>
                <td className="tw-num tw-inx-r">{inst.batch}</td>
                <td className="tw-num tw-inx-r">
                  <span className="tw-inx-bar">
                    <span
                      className="tw-inx-bar-fill"
                      style={{ width: `${Math.min(100, inst.kv * 100)}%` }}
                    />
                  </span>
                  {formatShare(inst.kv, 0)}
                </td>
                <td className="tw-num tw-inx-r">{formatShare(inst.hitRate, 0)}</td>
                <td className="tw-num tw-inx-r">{formatShare(inst.busy, 0)}</td>
                <td>
                  <button
                    type="button"
                    className="tw-link"
                    title="Select this instance's NPUs and show them in the 3D room"
                    onClick={(e) => {
                      e.stopPropagation();
                      selectInstance(cluster, inst, true);
                    }}
                  >
                    3D
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
