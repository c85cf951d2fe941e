import { useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import {
  LINK_KIND_NAMES,
  NodeKind,
  cabinetId,
  nodeId,
  nodeKindOf,
  nodeRoleName,
  npuId,
  podId,
  serverId,
  switchesInInterconnectCabinet,
  switchesName,
  type Cluster,
  type EntityRef,
  type LinkKind,
} from '../../model';
import { Health, LINK_STATE_NAMES, LinkState, type FabricFrame } from '../../sim/frame';
import { activeFaultsCovering } from '../../store/faults';
import { addOperatorAction, type OperatorActionKind } from '../../store/session';
import { cabinetOf, focusCabinet, selectRef } from '../../store/selection';
import { sessionStore } from '../../store/sessionStore';
import { routeEndpoints, viewStore, type SelectedEntity } from '../../store/viewStore';
import { formatCount, formatGB, formatGBps, formatPercent } from '../format';
import { frameOf } from '../frameGuard';
import { healthColors, healthName } from '../health';
import { useFrameSample } from '../hooks';
import {
  cabinetNodes,
  linkCounts,
  meshNeighbours,
  npuGroupStats,
  npuNodes,
  npuPosition,
  npuRange,
  podNodes,
  serverNodes,
  spineNodes,
  worstHealth,
  type NodeSet,
} from './entityFacts';
import { RoutePanel } from './RoutePanel';
import { ServingFacts } from './ServingFacts';
import { Facts } from '../widgets/Facts';

export function Inspector() {
  const cluster = useStore(sessionStore, (s) => s.cluster);
  const selection = useStore(viewStore, (s) => s.selection);
  const sampled = useFrameSample();
  const frame = cluster ? frameOf(cluster, sampled) : undefined;
  if (!cluster)
    return (
      <section className="tw-inspector" data-testid="inspector">
        <div className="tw-empty">Loading…</div>
      </section>
    );
  const ends = routeEndpoints(selection);
  return (
    <section className="tw-inspector" data-testid="inspector" aria-label="Inspector">
      {selection.length === 0 ? (
        <Overview cluster={cluster} frame={frame} />
      ) : (
        <>
          {ends && <RoutePanel cluster={cluster} from={ends[0]} to={ends[1]} />}
          <EntityDetails cluster={cluster} frame={frame} entity={selection[0]} primary />
          {selection.slice(1).map((entity) =>
            ends ? (
              <EntityDetails key={entity.id} cluster={cluster} frame={frame} entity={entity} />
            ) : (
              <div key={entity.id} className="tw-also">
                also selected: <EntityLink cluster={cluster} refTo={entity.ref} label={entity.id} />
              </div>
            ),
          )}
        </>
      )}
    </section>
  );
}

function Overview({ cluster, frame }: { cluster: Cluster; frame: FabricFrame | undefined }) {
  const stats = npuGroupStats(cluster, frame, 0, cluster.npuCount);
  const links = frame ? linkStateCounts(frame) : undefined;
  const p = cluster.profile;
  return (
    <div className="tw-entity">
      <div className="tw-entity-head">
        <span className="tw-kind">super-node</span>
        <span className="tw-entity-id" data-testid="inspector-id">
          supernode
        </span>
      </div>
      <p className="tw-muted tw-hint">
        Click an NPU in the room or the heatmap, or find an id in the navigator. Shift-click a
        second NPU to see the route between them.
      </p>
      <Facts
        rows={[
          ['Profile', p.name],
          ['Accelerator', `${p.accelerator.model} · ${formatGB(p.accelerator.hbmGB.value)} HBM`],
          [
            'Layout',
            `${cluster.podCount} pod(s) · ${cluster.computeCabinetCount} cabinets · ${formatCount(cluster.serverCount)} servers · ${formatCount(cluster.npuCount)} NPUs`,
          ],
          [
            'Interconnect',
            `${cluster.interconnectCabinetCount} cabinets · ${formatCount(cluster.linkCount)} links`,
          ],
        ]}
      />
      <GroupState cluster={cluster} stats={stats} frame={frame} />
      <Facts
        rows={[
          [
            'Links not up',
            links ? (
              <span data-testid="inspector-links-not-up" data-count={links.notUp}>
                <span className={links.notUp > 0 ? 'tw-bad' : ''}>{formatCount(links.notUp)}</span>
                {links.notUp > 0 && <span className="tw-muted"> · {links.detail}</span>}
              </span>
            ) : (
              '—'
            ),
          ],
        ]}
      />
    </div>
  );
}

function EntityDetails(props: {
  cluster: Cluster;
  frame: FabricFrame | undefined;
  entity: SelectedEntity;
  primary?: boolean;
}) {
  const { cluster, frame, entity, primary } = props;
  const ref = entity.ref;
  const head = (kind: string, actions?: ReactNode) => (
    <div className="tw-entity-head">
      <span className="tw-kind">{kind}</span>
      <span className="tw-entity-id" data-testid={primary ? 'inspector-id' : 'inspector-id-2'}>
        {entity.id}
      </span>
      {actions && <span className="tw-entity-actions">{actions}</span>}
    </div>
  );
  const focused = useStore(viewStore, (s) => s.focusedCabinet);
  const focus = cabinetOf(ref);
  const focusButton =
    focus === undefined ? undefined : focused === focus ? (
      <button
        type="button"
        className="tw-btn tw-btn-small"
        data-testid="unfocus-cabinet"
        onClick={() => focusCabinet(undefined)}
        title="Back to the whole room (Esc)"
      >
        Leave focus
      </button>
    ) : (
      <button
        type="button"
        className="tw-btn tw-btn-small"
        data-testid="focus-cabinet"
        onClick={() => focusCabinet(focus)}
        title={`Zoom the room into ${cabinetId(focus)}`}
      >
        Focus cabinet
      </button>
    );

  switch (ref.kind) {
    case 'npu':
      return (
        <div className="tw-entity">
          {head('NPU', focusButton)}
          <NpuDetails
            cluster={cluster}
            frame={frame}
            npu={ref.index}
            withActions={primary === true}
          />
        </div>
      );
    case 'server': {
      const [first, end] = npuRange(cluster, 'server', ref.index);
      const cabinet = cluster.serverCabinet[ref.index];
      return (
        <div className="tw-entity">
          {head('server', focusButton)}
          <Facts
            rows={[
              [
                'Position',
                <CabinetPosition
                  cluster={cluster}
                  cabinet={cabinet}
                  server={ref.index - cabinet * cluster.serversPerCabinet}
                />,
              ],
            ]}
          />
          <GroupState
            cluster={cluster}
            stats={npuGroupStats(cluster, frame, first, end)}
            frame={frame}
          />
          <ServingFacts cluster={cluster} firstNpu={first} endNpu={end} />
          <LinkTable cluster={cluster} frame={frame} set={serverNodes(cluster, ref.index)} />
          <Members
            cluster={cluster}
            frame={frame}
            title="NPUs"
            refs={range(first, end).map((n) => ({ kind: 'npu', index: n }))}
          />
        </div>
      );
    }
    case 'cabinet': {
      const [first, end] = npuRange(cluster, 'cabinet', ref.index);
      const backups = cluster.profile.layout.backupsPerCabinet;
      return (
        <div className="tw-entity">
          {head('cabinet', focusButton)}
          <Facts rows={[['Position', <CabinetPosition cluster={cluster} cabinet={ref.index} />]]} />
          <GroupState
            cluster={cluster}
            stats={npuGroupStats(cluster, frame, first, end)}
            frame={frame}
          />
          <LinkTable cluster={cluster} frame={frame} set={cabinetNodes(cluster, ref.index)} />
          <Members
            cluster={cluster}
            frame={frame}
            title="Servers"
            refs={range(
              ref.index * cluster.serversPerCabinet,
              (ref.index + 1) * cluster.serversPerCabinet,
            ).map((s) => ({ kind: 'server', index: s }))}
          />
          {backups > 0 && (
            <Members
              cluster={cluster}
              frame={frame}
              title="Backup NPU"
              refs={range(0, backups).map((b) => ({
                kind: 'node',
                index: cluster.backupBase + ref.index * backups + b,
              }))}
            />
          )}
        </div>
      );
    }
    case 'pod': {
      const [first, end] = npuRange(cluster, 'pod', ref.index);
      const perPod = cluster.computeCabinetCount / cluster.podCount;
      return (
        <div className="tw-entity">
          {head('pod')}
          <Facts
            rows={[
              [
                'Cabinets',
                `${perPod} (${cluster.profile.layout.podRows} × ${cluster.profile.layout.podCols} full mesh)`,
              ],
            ]}
          />
          <GroupState
            cluster={cluster}
            stats={npuGroupStats(cluster, frame, first, end)}
            frame={frame}
          />
          <LinkTable cluster={cluster} frame={frame} set={podNodes(cluster, ref.index)} />
          <Members
            cluster={cluster}
            frame={frame}
            title="Cabinets"
            refs={range(ref.index * perPod, (ref.index + 1) * perPod).map((c) => ({
              kind: 'cabinet',
              index: c,
            }))}
            grid={cluster.profile.layout.podCols}
          />
        </div>
      );
    }
    case 'icabinet': {
      const switches = switchesInInterconnectCabinet(cluster, ref.index);
      return (
        <div className="tw-entity">
          {head('interconnect cabinet')}
          <Facts
            rows={[[switches.length === 1 ? 'Switch' : 'Switches', switchList(cluster, switches)]]}
          />
          <LinkTable cluster={cluster} frame={frame} set={spineNodes(cluster, ref.index)} />
        </div>
      );
    }
    case 'node': {
      const kind = nodeKindOf(cluster, ref.index);
      if (kind === NodeKind.Accelerator)
        return (
          <EntityDetails
            {...props}
            entity={{ id: npuId(cluster, ref.index), ref: { kind: 'npu', index: ref.index } }}
          />
        );
      return (
        <div className="tw-entity">
          {head(nodeRoleName(cluster, ref.index), focusButton)}
          {focus !== undefined && (
            <Facts
              rows={[
                [
                  'Cabinet',
                  <EntityLink cluster={cluster} refTo={{ kind: 'cabinet', index: focus }} />,
                ],
              ]}
            />
          )}
          <LinkTable cluster={cluster} frame={frame} set={npuNodes(ref.index)} />
        </div>
      );
    }
    case 'link': {
      const l = ref.index;
      const up = frame ? frame.linkUp[l] === 1 : undefined;
      return (
        <div className="tw-entity">
          {head('link')}
          <Facts
            rows={[
              ['Kind', LINK_KIND_NAMES[cluster.linkKind[l] as LinkKind]],
              [
                'Ends',
                <span className="tw-ends">
                  <EntityLink
                    cluster={cluster}
                    refTo={{ kind: 'node', index: cluster.linkA[l] }}
                    label={nodeId(cluster, cluster.linkA[l])}
                  />{' '}
                  ↔{' '}
                  <EntityLink
                    cluster={cluster}
                    refTo={{ kind: 'node', index: cluster.linkB[l] }}
                    label={nodeId(cluster, cluster.linkB[l])}
                  />
                </span>,
              ],
              ['Bandwidth', `${formatGBps(cluster.linkBandwidthGBps[l])} per direction`],
              ['State', up === undefined ? '—' : up ? 'up' : <span className="tw-bad">down</span>],
              ['Utilisation', frame ? formatPercent(frame.linkLoad[l]) : '—'],
            ]}
          />
        </div>
      );
    }
    case 'supernode':
      return <Overview cluster={cluster} frame={frame} />;
  }
}

/** An interconnect cabinet's switches: `icab-04/hrs (spine switch)`, or a fat tree's first and last core. */
function switchList(cluster: Cluster, switches: readonly number[]): string {
  if (switches.length === 0) return 'none';
  const name = switchesName(cluster, switches);
  const first = nodeId(cluster, switches[0]);
  if (switches.length === 1) return `${first} (${name})`;
  return `${name}: ${first} … ${nodeId(cluster, switches[switches.length - 1])}`;
}

function NpuDetails({
  cluster,
  frame,
  npu,
  withActions,
}: {
  cluster: Cluster;
  frame: FabricFrame | undefined;
  npu: number;
  withActions: boolean;
}) {
  const pos = npuPosition(cluster, npu);
  const health = frame ? frame.npuHealth[npu] : undefined;
  const load = frame ? frame.npuLoad[npu] : undefined;
  const hbm = frame ? frame.npuHbmUsedGB[npu] : undefined;
  const capacity = cluster.profile.accelerator.hbmGB.value;
  return (
    <>
      <Facts
        rows={[
          [
            'Position',
            <CabinetPosition
              cluster={cluster}
              cabinet={pos.cabinet}
              server={pos.server}
              slot={pos.slot}
            />,
          ],
          ['Health', health === undefined ? '—' : <HealthChip cluster={cluster} health={health} />],
          ['Load', load === undefined ? '—' : <Meter value={load} label={formatPercent(load)} />],
          [
            'HBM',
            hbm === undefined ? (
              '—'
            ) : (
              <Meter value={hbm / capacity} label={`${formatGB(hbm)} / ${formatGB(capacity)}`} />
            ),
          ],
        ]}
      />
      <ServingFacts cluster={cluster} firstNpu={npu} endNpu={npu + 1} />
      {withActions && health !== undefined && (
        <NpuActions cluster={cluster} frame={frame} npu={npu} health={health} />
      )}
      <LinkTable cluster={cluster} frame={frame} set={npuNodes(npu)} />
      <Neighbours cluster={cluster} frame={frame} npu={npu} />
    </>
  );
}

function NpuActions({
  cluster,
  frame,
  npu,
  health,
}: {
  cluster: Cluster;
  frame: FabricFrame | undefined;
  npu: number;
  health: number;
}) {
  const [busy, setBusy] = useState(false);
  const id = npuId(cluster, npu);
  // Repair keys on an active fault that takes this NPU down (its own, or its server's or
  // cabinet's): an isolated NPU or one whose backup stands in is still faulty, not only `Failed`.
  const covering = activeFaultsCovering(cluster, frame?.faults ?? [], id)[0];
  const failed = covering !== undefined || health === Health.Failed;
  const run = (kind: OperatorActionKind, target: string) => {
    setBusy(true);
    void addOperatorAction(kind, target).finally(() => setBusy(false));
  };
  return (
    <div className="tw-actions" aria-label="Operator actions">
      <span className="tw-actions-label">Operator</span>
      {failed ? (
        <button
          type="button"
          className="tw-btn tw-btn-small"
          data-testid="action-repair-npu"
          disabled={busy}
          title={
            covering ? `Ends ${covering.id} (${covering.kind} on ${covering.target})` : undefined
          }
          onClick={() => (covering ? run('repair', covering.target) : run('npu-repair', id))}
        >
          {covering && covering.target !== id ? `Repair ${covering.target}` : 'Repair NPU'}
        </button>
      ) : (
        <button
          type="button"
          className="tw-btn tw-btn-small tw-btn-danger"
          data-testid="action-fail-npu"
          disabled={busy}
          onClick={() => run('npu-fail', id)}
        >
          Fail NPU
        </button>
      )}
      <span className="tw-muted">adds an action at the current sim time</span>
    </div>
  );
}

function GroupState({
  cluster,
  stats,
  frame,
}: {
  cluster: Cluster;
  stats: ReturnType<typeof npuGroupStats>;
  frame: FabricFrame | undefined;
}) {
  const colors = healthColors(cluster);
  const worst = worstHealth(stats.byHealth);
  return (
    <Facts
      rows={[
        [
          'Health',
          frame ? (
            <span className="tw-health-counts">
              {stats.byHealth.map((n, h) =>
                n > 0 ? (
                  <span key={h} className="tw-health-count">
                    <span className="tw-dot" style={{ background: colors[h] }} />
                    {formatCount(n)} {healthName(h)}
                  </span>
                ) : null,
              )}
              {worst === Health.Healthy && <span className="tw-muted">all healthy</span>}
            </span>
          ) : (
            '—'
          ),
        ],
        [
          'Mean load',
          frame ? <Meter value={stats.meanLoad} label={formatPercent(stats.meanLoad)} /> : '—',
        ],
        [
          'HBM',
          frame ? (
            <Meter
              value={stats.hbmUsedGB / stats.hbmCapacityGB}
              label={`${formatGB(stats.hbmUsedGB)} / ${formatGB(stats.hbmCapacityGB)}`}
            />
          ) : (
            '—'
          ),
        ],
      ]}
    />
  );
}

function LinkTable({
  cluster,
  frame,
  set,
}: {
  cluster: Cluster;
  frame: FabricFrame | undefined;
  set: NodeSet;
}) {
  const counts = linkCounts(cluster, frame, set);
  if (counts.length === 0) return null;
  const total = counts.reduce((s, c) => s + c.count, 0);
  const down = counts.reduce((s, c) => s + c.down, 0);
  return (
    <div className="tw-section">
      <div className="tw-section-title">
        Links{' '}
        <span className="tw-muted tw-num">
          {formatCount(total)} ·{' '}
          {down > 0 ? <span className="tw-bad">{formatCount(down)} down</span> : 'none down'}
        </span>
      </div>
      <table className="tw-table tw-num" data-testid="inspector-links">
        <thead>
          <tr>
            <th>kind</th>
            <th>count</th>
            <th>down</th>
            <th>mean util.</th>
          </tr>
        </thead>
        <tbody>
          {counts.map((c) => (
            <tr key={c.kind}>
              <td>{c.name}</td>
              <td>{formatCount(c.count)}</td>
              <td className={c.down > 0 ? 'tw-bad' : ''}>{frame ? formatCount(c.down) : '—'}</td>
              <td>{frame ? formatPercent(c.meanLoad, 0) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Neighbours({
  cluster,
  frame,
  npu,
}: {
  cluster: Cluster;
  frame: FabricFrame | undefined;
  npu: number;
}) {
  const neighbours = meshNeighbours(cluster, npu);
  if (neighbours.length === 0) return null;
  const colors = healthColors(cluster);
  return (
    <div className="tw-section">
      <div className="tw-section-title">
        Mesh neighbours <span className="tw-muted tw-num">{neighbours.length}</span>
      </div>
      <div className="tw-neighbours" data-testid="inspector-neighbours">
        {(['X', 'Y'] as const).map((axis) => (
          <div key={axis} className="tw-neighbour-row">
            <span
              className="tw-axis"
              title={axis === 'X' ? 'same server (X-links)' : 'same slot, other servers (Y-links)'}
            >
              {axis}
            </span>
            {neighbours
              .filter((n) => n.axis === axis)
              .map((n) => {
                const down = frame !== undefined && frame.linkUp[n.link] === 0;
                const h = frame ? frame.npuHealth[n.npu] : Health.Healthy;
                const id = npuId(cluster, n.npu);
                return (
                  <button
                    key={n.npu}
                    type="button"
                    className={down ? 'tw-neighbour tw-link-down' : 'tw-neighbour'}
                    title={`${id} · ${healthName(h)}${down ? ' · link down' : ''}`}
                    onClick={(e) => selectRef({ kind: 'npu', index: n.npu }, e.shiftKey)}
                  >
                    <span className="tw-dot" style={{ background: colors[h] }} />
                    {shortNpuLabel(cluster, n.npu)}
                  </button>
                );
              })}
          </div>
        ))}
      </div>
    </div>
  );
}

/** `s3/5`: server and slot, enough inside one cabinet. */
const shortNpuLabel = (cluster: Cluster, npu: number) => {
  const pos = npuPosition(cluster, npu);
  return `s${pos.server}·${pos.slot}`;
};

function Members({
  cluster,
  frame,
  title,
  refs,
  grid,
}: {
  cluster: Cluster;
  frame: FabricFrame | undefined;
  title: string;
  refs: EntityRef[];
  grid?: number;
}) {
  const colors = healthColors(cluster);
  return (
    <div className="tw-section">
      <div className="tw-section-title">
        {title} <span className="tw-muted tw-num">{refs.length}</span>
      </div>
      <div
        className="tw-members"
        style={grid ? { gridTemplateColumns: `repeat(${grid}, minmax(0, 1fr))` } : undefined}
      >
        {refs.map((r) => {
          const worst = memberHealth(cluster, frame, r);
          const label = memberLabel(cluster, r);
          return (
            <button
              key={`${r.kind}:${'index' in r ? r.index : ''}`}
              type="button"
              className="tw-member"
              onClick={(e) => selectRef(r, e.shiftKey)}
              title={`${label} · ${healthName(worst)}`}
            >
              <span className="tw-dot" style={{ background: colors[worst] }} />
              {label}
            </button>
          );
        })}
      </div>
    </div>
  );
}

function memberHealth(cluster: Cluster, frame: FabricFrame | undefined, ref: EntityRef): number {
  if (!frame) return Health.Healthy;
  switch (ref.kind) {
    case 'npu':
      return frame.npuHealth[ref.index];
    case 'server':
    case 'cabinet':
    case 'pod': {
      const [first, end] = npuRange(cluster, ref.kind, ref.index);
      return worstHealth(npuGroupStats(cluster, frame, first, end).byHealth);
    }
    case 'supernode':
    case 'icabinet':
    case 'node':
    case 'link':
      return Health.Healthy;
  }
}

function memberLabel(cluster: Cluster, ref: EntityRef): string {
  switch (ref.kind) {
    case 'npu':
      return `npu-${cluster.npuSlot[ref.index]}`;
    case 'server':
      return `srv-${ref.index - cluster.serverCabinet[ref.index] * cluster.serversPerCabinet}`;
    case 'cabinet':
      return cabinetId(ref.index);
    case 'node':
      return nodeId(cluster, ref.index).split('/').pop() ?? '';
    case 'pod':
      return podId(ref.index);
    case 'supernode':
    case 'icabinet':
    case 'link':
      return '';
  }
}

/** `pod-2 · row 1 · col 3 · srv-3 · slot 5`, each part clickable. */
function CabinetPosition({
  cluster,
  cabinet,
  server,
  slot,
}: {
  cluster: Cluster;
  cabinet: number;
  server?: number;
  slot?: number;
}) {
  const pod = cluster.cabinetPod[cabinet];
  return (
    <span className="tw-position" data-testid="inspector-position">
      <EntityLink cluster={cluster} refTo={{ kind: 'pod', index: pod }} /> · row{' '}
      {cluster.cabinetRow[cabinet]} · col {cluster.cabinetCol[cabinet]} ·{' '}
      <EntityLink cluster={cluster} refTo={{ kind: 'cabinet', index: cabinet }} />
      {server !== undefined && (
        <>
          {' · '}
          <EntityLink
            cluster={cluster}
            refTo={{ kind: 'server', index: cabinet * cluster.serversPerCabinet + server }}
            label={`srv-${server}`}
          />
        </>
      )}
      {slot !== undefined && <> · slot {slot}</>}
    </span>
  );
}

export function EntityLink({
  cluster,
  refTo,
  label,
}: {
  cluster: Cluster;
  refTo: EntityRef;
  label?: string;
}) {
  const text =
    label ??
    (refTo.kind === 'pod'
      ? podId(refTo.index)
      : refTo.kind === 'cabinet'
        ? cabinetId(refTo.index)
        : refTo.kind === 'server'
          ? serverId(cluster, refTo.index)
          : refTo.kind === 'npu'
            ? npuId(cluster, refTo.index)
            : refTo.kind === 'node'
              ? nodeId(cluster, refTo.index)
              : refTo.kind);
  return (
    <button type="button" className="tw-link" onClick={(e) => selectRef(refTo, e.shiftKey)}>
      {text}
    </button>
  );
}

export function HealthChip({ cluster, health }: { cluster: Cluster; health: number }) {
  const color = healthColors(cluster)[health];
  return (
    <span
      className="tw-health-chip"
      data-testid="inspector-health"
      data-health={healthName(health)}
      style={{ borderColor: color, color }}
    >
      <span className="tw-dot" style={{ background: color }} />
      {healthName(health)}
    </span>
  );
}

function Meter({ value, label }: { value: number; label: string }) {
  const clamped = Math.max(0, Math.min(1, Number.isFinite(value) ? value : 0));
  return (
    <span className="tw-meter">
      <span className="tw-meter-track">
        <span className="tw-meter-fill" style={{ width: `${(clamped * 100).toFixed(1)}%` }} />
      </span>
      <span className="tw-num">{label}</span>
    </span>
  );
}

const range = (start: number, end: number) =>
  Array.from({ length: end - start }, (_, i) => start + i);

/**
 * Links by state, as the room's overlay counts them: a link is not up when it failed itself or
 * when a device at one of its ends is down or isolated (a cabinet power loss takes hundreds).
 */
function linkStateCounts(frame: FabricFrame): { notUp: number; detail: string } {
  const counts = new Map<LinkState, number>();
  const n = frame.linkUp.length;
  for (let l = 0; l < n; l++) {
    const state = (frame.linkState?.[l] ??
      (frame.linkUp[l] ? LinkState.Up : LinkState.Down)) as LinkState;
    if (state !== LinkState.Up) counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  let notUp = 0;
  const parts: string[] = [];
  for (const [state, count] of [...counts].sort((a, b) => a[0] - b[0])) {
    notUp += count;
    parts.push(`${formatCount(count)} ${LINK_STATE_NAMES[state]}`);
  }
  return { notUp, detail: parts.join(', ') };
}
