import {
  SUPERNODE_ID,
  cabinetId,
  interconnectCabinetId,
  nodeId,
  npuId,
  podId,
  serverId,
  switchesInInterconnectCabinet,
  switchesName,
  type Cluster,
  type EntityRef,
} from '../../model';

/** One row of the navigator tree; `key` is the entity id (or `interconnect` for that group). */
export interface NavRow {
  readonly key: string;
  readonly depth: number;
  readonly ref: EntityRef | undefined;
  readonly label: string;
  readonly detail: string;
  readonly expandable: boolean;
}

export const INTERCONNECT_KEY = 'interconnect';

const cabinetsPerPod = (c: Cluster) => c.computeCabinetCount / c.podCount;

/** Children of a tree row, built only when the row is expanded. */
export function childRows(cluster: Cluster, row: NavRow): NavRow[] {
  const depth = row.depth + 1;
  if (row.key === INTERCONNECT_KEY) {
    return Array.from({ length: cluster.interconnectCabinetCount }, (_, i) => ({
      key: interconnectCabinetId(i),
      depth,
      ref: { kind: 'icabinet', index: i },
      label: interconnectCabinetId(i),
      detail: switchesName(cluster, switchesInInterconnectCabinet(cluster, i)),
      expandable: false,
    }));
  }
  const ref = row.ref;
  if (!ref) return [];
  switch (ref.kind) {
    case 'supernode': {
      const pods: NavRow[] = Array.from({ length: cluster.podCount }, (_, p) => ({
        key: podId(p),
        depth,
        ref: { kind: 'pod', index: p },
        label: podId(p),
        detail: `${cabinetsPerPod(cluster)} cabinets`,
        expandable: true,
      }));
      if (cluster.interconnectCabinetCount > 0)
        pods.push({
          key: INTERCONNECT_KEY,
          depth,
          ref: undefined,
          label: 'interconnect',
          detail: `${cluster.interconnectCabinetCount} cabinets`,
          expandable: true,
        });
      return pods;
    }
    case 'pod': {
      const per = cabinetsPerPod(cluster);
      return Array.from({ length: per }, (_, i) => {
        const c = ref.index * per + i;
        return {
          key: cabinetId(c),
          depth,
          ref: { kind: 'cabinet', index: c },
          label: cabinetId(c),
          detail: `row ${cluster.cabinetRow[c]} · col ${cluster.cabinetCol[c]}`,
          expandable: true,
        };
      });
    }
    case 'cabinet': {
      const rows: NavRow[] = Array.from({ length: cluster.serversPerCabinet }, (_, i) => {
        const s = ref.index * cluster.serversPerCabinet + i;
        return {
          key: serverId(cluster, s),
          depth,
          ref: { kind: 'server', index: s },
          label: `srv-${i}`,
          detail: `${cluster.perServer} ${cluster.profile.accelerator.kind.toUpperCase()}s`,
          expandable: true,
        };
      });
      const backups = cluster.profile.layout.backupsPerCabinet;
      for (let b = 0; b < backups; b++) {
        const node = cluster.backupBase + ref.index * backups + b;
        rows.push({
          key: nodeId(cluster, node),
          depth,
          ref: { kind: 'node', index: node },
          label: `bak-${b}`,
          detail: 'backup NPU',
          expandable: false,
        });
      }
      return rows;
    }
    case 'server':
      return Array.from({ length: cluster.perServer }, (_, slot) => {
        const n = ref.index * cluster.perServer + slot;
        return {
          key: npuId(cluster, n),
          depth,
          ref: { kind: 'npu', index: n },
          label: `${cluster.profile.accelerator.kind}-${slot}`,
          detail: '',
          expandable: false,
        };
      });
    case 'npu':
    case 'node':
    case 'icabinet':
    case 'link':
      return [];
  }
}

export const rootRow = (cluster: Cluster): NavRow => ({
  key: SUPERNODE_ID,
  depth: 0,
  ref: { kind: 'supernode' },
  label: 'super-node',
  detail: `${cluster.npuCount.toLocaleString('en-US')} ${cluster.profile.accelerator.kind.toUpperCase()}s`,
  expandable: true,
});

/** The rows on screen: the root and the children of every expanded row, depth first. */
export function visibleRows(cluster: Cluster, expanded: ReadonlySet<string>): NavRow[] {
  const out: NavRow[] = [];
  const walk = (row: NavRow) => {
    out.push(row);
    if (row.expandable && expanded.has(row.key))
      for (const child of childRows(cluster, row)) walk(child);
  };
  walk(rootRow(cluster));
  return out;
}

/** Keys to expand so that an entity's row is visible. */
export function ancestorKeys(cluster: Cluster, ref: EntityRef): string[] {
  const ofCabinet = (c: number) => [SUPERNODE_ID, podId(cluster.cabinetPod[c])];
  switch (ref.kind) {
    case 'supernode':
      return [];
    case 'pod':
      return [SUPERNODE_ID];
    case 'cabinet':
      return ofCabinet(ref.index);
    case 'server': {
      const c = cluster.serverCabinet[ref.index];
      return [...ofCabinet(c), cabinetId(c)];
    }
    case 'npu': {
      const s = cluster.npuServer[ref.index];
      const c = cluster.serverCabinet[s];
      return [...ofCabinet(c), cabinetId(c), serverId(cluster, s)];
    }
    case 'icabinet':
      return [SUPERNODE_ID, INTERCONNECT_KEY];
    case 'node': {
      if (ref.index < cluster.npuCount)
        return ancestorKeys(cluster, { kind: 'npu', index: ref.index });
      if (ref.index < cluster.serverSwitchBase) {
        const c = Math.floor(
          (ref.index - cluster.backupBase) / cluster.profile.layout.backupsPerCabinet,
        );
        return [...ofCabinet(c), cabinetId(c)];
      }
      return [];
    }
    case 'link':
      return [];
  }
}

const idListCache = new WeakMap<Cluster, readonly string[]>();

/** Every selectable id of the cluster, coarse to fine (built once per cluster, ~9k strings). */
export function allIds(cluster: Cluster): readonly string[] {
  const cached = idListCache.get(cluster);
  if (cached) return cached;
  const ids: string[] = [];
  for (let p = 0; p < cluster.podCount; p++) ids.push(podId(p));
  for (let c = 0; c < cluster.computeCabinetCount; c++) ids.push(cabinetId(c));
  for (let i = 0; i < cluster.interconnectCabinetCount; i++) ids.push(interconnectCabinetId(i));
  for (let s = 0; s < cluster.serverCount; s++) ids.push(serverId(cluster, s));
  for (let b = 0; b < cluster.backupCount; b++) ids.push(nodeId(cluster, cluster.backupBase + b));
  for (let n = 0; n < cluster.npuCount; n++) ids.push(npuId(cluster, n));
  idListCache.set(cluster, ids);
  return ids;
}

/** Ids that start with what was typed, coarsest first, at most `limit`. */
export function suggestIds(cluster: Cluster, typed: string, limit = 8): string[] {
  const prefix = typed.trim().toLowerCase();
  if (prefix.length === 0) return [];
  const out: string[] = [];
  for (const id of allIds(cluster)) {
    if (id.startsWith(prefix)) {
      out.push(id);
      if (out.length >= limit) break;
    }
  }
  return out;
}
