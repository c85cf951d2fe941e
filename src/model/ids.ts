import { linkBetween, nodeKindOf, NodeKind, type Cluster } from './cluster';

/** The id of every switch, and the switch of every id, once per cluster. */
const switchIds = new WeakMap<
  Cluster,
  { readonly ids: string[]; readonly byId: Map<string, number> }
>();

function switchTable(cluster: Cluster) {
  let table = switchIds.get(cluster);
  if (!table) {
    const ids: string[] = [];
    const byId = new Map<string, number>();
    for (let node = cluster.cabinetSwitchBase; node < cluster.nodeCount; node++) {
      const i = node - cluster.cabinetSwitchBase;
      const cabinet = cluster.switchCabinet[i];
      const home =
        node < cluster.spineSwitchBase ? cabinetId(cabinet) : interconnectCabinetId(cabinet);
      const id = `${home}/${cluster.switchName[i]}`;
      ids.push(id);
      byId.set(id, node);
    }
    table = { ids, byId };
    switchIds.set(cluster, table);
  }
  return table;
}

/**
 * Readable, stable ids: `pod-2`, `cab-017`, `cab-017/srv-3`, `cab-017/srv-3/npu-5`,
 * `cab-017/bak-0` (backup NPU), `cab-017/srv-3/nvs` (server switch), `cab-017/lrs` (cabinet
 * switch), `icab-04` and `icab-04/hrs` (interconnect cabinet and its spine switch), and links by
 * their two ends joined with `~`. Other topologies name their switches inside the cabinet that
 * holds them: `cab-017/edge-2`, `cab-017/agg-1`, `icab-04/core-07`, `cab-002/tor`.
 */
export type EntityRef =
  | { readonly kind: 'supernode' }
  | { readonly kind: 'pod'; readonly index: number }
  | { readonly kind: 'cabinet'; readonly index: number }
  | { readonly kind: 'icabinet'; readonly index: number }
  | { readonly kind: 'server'; readonly index: number }
  | { readonly kind: 'npu'; readonly index: number }
  | { readonly kind: 'node'; readonly index: number }
  | { readonly kind: 'link'; readonly index: number };

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const SUPERNODE_ID = 'supernode';
export const podId = (pod: number) => `pod-${pod}`;
export const cabinetId = (cabinet: number) => `cab-${pad(cabinet, 3)}`;
export const interconnectCabinetId = (icab: number) => `icab-${pad(icab, 2)}`;

export function serverId(cluster: Cluster, server: number): string {
  const cabinet = cluster.serverCabinet[server];
  return `${cabinetId(cabinet)}/srv-${server - cabinet * cluster.serversPerCabinet}`;
}

export function npuId(cluster: Cluster, npu: number): string {
  return `${serverId(cluster, cluster.npuServer[npu])}/npu-${cluster.npuSlot[npu]}`;
}

/** Id of any routing node: accelerator, backup or switch. */
export function nodeId(cluster: Cluster, node: number): string {
  const perCabinetBackups = cluster.profile.layout.backupsPerCabinet;
  switch (nodeKindOf(cluster, node)) {
    case NodeKind.Accelerator:
      return npuId(cluster, node);
    case NodeKind.Backup: {
      const b = node - cluster.backupBase;
      return `${cabinetId(Math.floor(b / perCabinetBackups))}/bak-${b % perCabinetBackups}`;
    }
    case NodeKind.ServerSwitch:
      return `${serverId(cluster, node - cluster.serverSwitchBase)}/nvs`;
    case NodeKind.CabinetSwitch:
    case NodeKind.SpineSwitch:
      return switchTable(cluster).ids[node - cluster.cabinetSwitchBase];
  }
}

export function linkId(cluster: Cluster, link: number): string {
  return `${nodeId(cluster, cluster.linkA[link])}~${nodeId(cluster, cluster.linkB[link])}`;
}

export function entityId(cluster: Cluster, ref: EntityRef): string {
  switch (ref.kind) {
    case 'supernode':
      return SUPERNODE_ID;
    case 'pod':
      return podId(ref.index);
    case 'cabinet':
      return cabinetId(ref.index);
    case 'icabinet':
      return interconnectCabinetId(ref.index);
    case 'server':
      return serverId(cluster, ref.index);
    case 'npu':
      return npuId(cluster, ref.index);
    case 'node':
      return nodeId(cluster, ref.index);
    case 'link':
      return linkId(cluster, ref.index);
  }
}

export type ParseResult =
  { readonly ok: true; readonly ref: EntityRef } | { readonly ok: false; readonly reason: string };

const NODE_RE =
  /^cab-(\d{3})(?:\/(?:srv-(\d+)(?:\/(npu-(\d+)|nvs))?|bak-(\d+)|([a-z][a-z0-9-]*)))?$|^icab-(\d{2})(?:\/([a-z][a-z0-9-]*))?$|^pod-(\d+)$|^supernode$/;

/** Parses any id the twin prints; the reason names what is wrong. */
export function parseEntityId(cluster: Cluster, raw: string): ParseResult {
  const id = raw.trim();
  if (id.includes('~')) {
    const [a, b, ...rest] = id.split('~');
    if (rest.length > 0 || !a || !b) return fail(`"${id}": a link id is two node ids joined by ~`);
    const ea = parseNode(cluster, a);
    if (!ea.ok) return ea;
    const eb = parseNode(cluster, b);
    if (!eb.ok) return eb;
    const link = linkBetween(cluster, ea.node, eb.node);
    if (link < 0) return fail(`"${id}": there is no link between ${a} and ${b}`);
    return { ok: true, ref: { kind: 'link', index: link } };
  }
  const m = NODE_RE.exec(id);
  if (!m)
    return fail(
      `"${id}" is not an id (expected e.g. cab-017/srv-3/npu-5, cab-017, icab-04, pod-2)`,
    );
  const [, cab, srv, leaf, npu, bak, cabSwitch, icab, icabSwitch, pod] = m;
  if (id === SUPERNODE_ID) return { ok: true, ref: { kind: 'supernode' } };
  if (pod !== undefined) {
    const index = Number(pod);
    if (index >= cluster.podCount)
      return fail(`"${id}": this profile has ${cluster.podCount} pod(s)`);
    return { ok: true, ref: { kind: 'pod', index } };
  }
  if (icab !== undefined && icabSwitch === undefined) {
    const index = Number(icab);
    if (index >= cluster.interconnectCabinetCount)
      return fail(
        `"${id}": this profile has ${cluster.interconnectCabinetCount} interconnect cabinet(s)`,
      );
    return { ok: true, ref: { kind: 'icabinet', index } };
  }
  if (cab !== undefined && srv === undefined && bak === undefined && cabSwitch === undefined) {
    const index = Number(cab);
    if (index >= cluster.computeCabinetCount)
      return fail(
        `"${id}": this profile has ${cluster.computeCabinetCount} compute cabinet(s), cab-000 … ${cabinetIdMax(cluster)}`,
      );
    return { ok: true, ref: { kind: 'cabinet', index } };
  }
  if (cab !== undefined && srv !== undefined && leaf === undefined) {
    const c = Number(cab);
    const s = Number(srv);
    const bad = checkCabinetServer(cluster, id, c, s);
    if (bad) return bad;
    return { ok: true, ref: { kind: 'server', index: c * cluster.serversPerCabinet + s } };
  }
  if (npu !== undefined) {
    const parsed = parseNode(cluster, id);
    if (!parsed.ok) return parsed;
    return { ok: true, ref: { kind: 'npu', index: parsed.node } };
  }
  const parsed = parseNode(cluster, id);
  if (!parsed.ok) return parsed;
  return { ok: true, ref: { kind: 'node', index: parsed.node } };
}

const cabinetIdMax = (cluster: Cluster) => cabinetId(cluster.computeCabinetCount - 1);
const fail = (reason: string) => ({ ok: false as const, reason });

function checkCabinetServer(cluster: Cluster, id: string, cabinet: number, server: number) {
  if (cabinet >= cluster.computeCabinetCount)
    return fail(
      `"${id}": this profile has ${cluster.computeCabinetCount} compute cabinet(s), cab-000 … ${cabinetIdMax(cluster)}`,
    );
  if (server >= cluster.serversPerCabinet)
    return fail(
      `"${id}": a cabinet has ${cluster.serversPerCabinet} servers, srv-0 … srv-${cluster.serversPerCabinet - 1}`,
    );
  return undefined;
}

type NodeParse =
  { readonly ok: true; readonly node: number } | { readonly ok: false; readonly reason: string };

/** Parses the id of a routing node (accelerator, backup, switch) to its node index. */
export function parseNode(cluster: Cluster, raw: string): NodeParse {
  const id = raw.trim();
  const m = NODE_RE.exec(id);
  if (!m) return fail(`"${id}" is not a node id (expected e.g. cab-017/srv-3/npu-5)`);
  const [, cab, srv, leaf, npu, bak, cabSwitch, icab, icabSwitch] = m;
  if (icab !== undefined && icabSwitch !== undefined) {
    const index = Number(icab);
    if (index >= cluster.interconnectCabinetCount)
      return fail(
        `"${id}": this profile has ${cluster.interconnectCabinetCount} interconnect cabinet(s)`,
      );
    return switchNode(cluster, id, `icab-${icab}`);
  }
  if (cab === undefined)
    return fail(`"${id}" is not a node id (expected e.g. cab-017/srv-3/npu-5)`);
  const c = Number(cab);
  if (c >= cluster.computeCabinetCount)
    return fail(
      `"${id}": this profile has ${cluster.computeCabinetCount} compute cabinet(s), cab-000 … ${cabinetIdMax(cluster)}`,
    );
  if (cabSwitch !== undefined) return switchNode(cluster, id, `cab-${cab}`);
  if (bak !== undefined) {
    const k = Number(bak);
    const per = cluster.profile.layout.backupsPerCabinet;
    if (k >= per) return fail(`"${id}": a cabinet has ${per} backup NPU(s)`);
    return { ok: true, node: cluster.backupBase + c * per + k };
  }
  if (srv === undefined) return fail(`"${id}" names a cabinet, not a node`);
  const s = Number(srv);
  const bad = checkCabinetServer(cluster, id, c, s);
  if (bad) return bad;
  const server = c * cluster.serversPerCabinet + s;
  if (leaf === 'nvs') {
    if (cluster.serverSwitchBase === cluster.cabinetSwitchBase)
      return fail(`"${id}": servers of this profile have no switch`);
    return { ok: true, node: cluster.serverSwitchBase + server };
  }
  if (npu === undefined) return fail(`"${id}" names a server, not a node`);
  const slot = Number(npu);
  if (slot >= cluster.perServer)
    return fail(
      `"${id}": a server has ${cluster.perServer} accelerators, npu-0 … npu-${cluster.perServer - 1}`,
    );
  return { ok: true, node: server * cluster.perServer + slot };
}

/** A switch by its id; an unknown name lists the switches the cabinet does hold. */
function switchNode(cluster: Cluster, id: string, cabinet: string): NodeParse {
  const { ids, byId } = switchTable(cluster);
  const node = byId.get(id);
  if (node !== undefined) return { ok: true, node };
  const here = ids
    .filter((s) => s.startsWith(`${cabinet}/`))
    .map((s) => s.slice(cabinet.length + 1));
  const shown = here.length > 8 ? `${here.slice(0, 8).join(', ')}, …` : here.join(', ');
  return fail(
    here.length > 0
      ? `"${id}": ${cabinet} has no such switch (it holds ${shown})`
      : `"${id}": ${cabinet} holds no switch in this profile`,
  );
}
