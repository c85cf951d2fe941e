import { LinkKind, type Cluster } from './cluster';
import { expandCustomLinks } from './customTopology';
import { fatTreeShape, nodeSpace, type NodeSpace } from './nodeSpace';
import { topologyOf, type HardwareProfile, type LinkClass, type LinkClassName } from './profile';

/** Grows typed link arrays while the builder emits links in a fixed, documented order. */
class LinkList {
  a: Uint32Array;
  b: Uint32Array;
  kind: Uint8Array;
  bandwidth: Float32Array;
  count = 0;

  constructor(capacity: number) {
    this.a = new Uint32Array(capacity);
    this.b = new Uint32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.bandwidth = new Float32Array(capacity);
  }

  add(a: number, b: number, kind: LinkKind, linkClass: LinkClass | undefined): void {
    if (!linkClass) throw new Error(`the profile defines no link class for link kind ${kind}`);
    const i = this.count++;
    this.a[i] = a;
    this.b[i] = b;
    this.kind[i] = kind;
    this.bandwidth[i] = linkClass.bandwidthGBps.value;
  }
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/** Exact link count of a profile, so the builder allocates once. */
export function countLinks(profile: HardwareProfile): number {
  const { layout, fabric } = profile;
  const cabinets = layout.pods * layout.podRows * layout.podCols;
  const servers = cabinets * layout.serversPerCabinet;
  const accelerators = servers * layout.acceleratorsPerServer;
  const intraServer =
    fabric.intraServer === 'full-mesh'
      ? servers * pairs(layout.acceleratorsPerServer)
      : fabric.intraServer === 'switch'
        ? accelerators
        : 0;
  const intraCabinet = fabric.intraCabinetMesh
    ? cabinets * layout.acceleratorsPerServer * pairs(layout.serversPerCabinet)
    : 0;
  const topology = topologyOf(profile);
  if (topology === 'fat-tree') {
    // k³/4 host links + k³/4 edge–aggregation + k³/4 aggregation–core.
    return 3 * accelerators;
  }
  if (topology === 'custom')
    return intraServer + intraCabinet + expandCustomLinks(profile, nodeSpace(profile)).links.length;
  const podMesh = fabric.podCabinetMesh
    ? layout.pods *
      (layout.podRows * pairs(layout.podCols) + layout.podCols * pairs(layout.podRows))
    : 0;
  return (
    intraServer +
    intraCabinet +
    accelerators +
    cabinets * layout.backupsPerCabinet +
    podMesh +
    cabinets * layout.interconnectCabinets
  );
}

const CLASS_KIND: Readonly<Record<LinkClassName, LinkKind>> = {
  intraServer: LinkKind.IntraServer,
  intraCabinet: LinkKind.IntraCabinet,
  uplink: LinkKind.Uplink,
  backupUplink: LinkKind.BackupUplink,
  cabinetMesh: LinkKind.CabinetMesh,
  spine: LinkKind.Spine,
  aggregation: LinkKind.Aggregation,
  core: LinkKind.Core,
};

/**
 * Builds every accelerator, server, cabinet, pod, switch and link of a profile. Links are emitted
 * in a fixed order, so link indices are stable for a profile and can travel in share links:
 * intra-server, intra-cabinet, then by topology — UB-Mesh: uplinks, backup uplinks, pod cabinet
 * mesh, spine; fat tree: host uplinks, edge–aggregation, aggregation–core; custom: the listed
 * links in list order (a server or cabinet end expanded accelerator by accelerator).
 */
export function buildCluster(profile: HardwareProfile): Cluster {
  const { layout, fabric } = profile;
  const space = nodeSpace(profile);
  const perServer = space.perServer;
  const serversPerCabinet = space.serversPerCabinet;
  const cabinetsPerPod = layout.podRows * layout.podCols;
  const computeCabinetCount = space.cabinets;
  const serverCount = space.servers;
  const npuCount = space.npuCount;
  const { backupBase, serverSwitchBase, cabinetSwitchBase, spineSwitchBase, nodeCount } = space;

  const npuServer = new Uint32Array(npuCount);
  const npuCabinet = new Uint32Array(npuCount);
  const npuSlot = new Uint8Array(npuCount);
  for (let npu = 0; npu < npuCount; npu++) {
    const server = Math.floor(npu / perServer);
    npuServer[npu] = server;
    npuCabinet[npu] = Math.floor(server / serversPerCabinet);
    npuSlot[npu] = npu % perServer;
  }
  const serverCabinet = new Uint32Array(serverCount);
  for (let s = 0; s < serverCount; s++) serverCabinet[s] = Math.floor(s / serversPerCabinet);
  const cabinetPod = new Uint32Array(computeCabinetCount);
  const cabinetRow = new Uint8Array(computeCabinetCount);
  const cabinetCol = new Uint8Array(computeCabinetCount);
  for (let c = 0; c < computeCabinetCount; c++) {
    const inPod = c % cabinetsPerPod;
    cabinetPod[c] = Math.floor(c / cabinetsPerPod);
    cabinetRow[c] = Math.floor(inPod / layout.podCols);
    cabinetCol[c] = inPod % layout.podCols;
  }
  const switchCount = space.switches.length;
  const switchCabinet = new Uint32Array(switchCount);
  const switchRole = new Uint8Array(switchCount);
  const switchName: string[] = [];
  space.switches.forEach((s, i) => {
    switchCabinet[i] = s.cabinet;
    switchRole[i] = s.role;
    switchName.push(s.name);
  });

  const links = new LinkList(countLinks(profile));
  const cls = fabric.links;
  const npuAt = (cabinet: number, server: number, slot: number) =>
    (cabinet * serversPerCabinet + server) * perServer + slot;

  for (let s = 0; s < serverCount; s++) {
    const first = s * perServer;
    if (fabric.intraServer === 'full-mesh') {
      for (let i = 0; i < perServer; i++)
        for (let j = i + 1; j < perServer; j++)
          links.add(first + i, first + j, LinkKind.IntraServer, cls.intraServer);
    } else if (fabric.intraServer === 'switch') {
      for (let i = 0; i < perServer; i++)
        links.add(first + i, serverSwitchBase + s, LinkKind.IntraServer, cls.intraServer);
    }
  }
  if (fabric.intraCabinetMesh) {
    for (let c = 0; c < computeCabinetCount; c++)
      for (let slot = 0; slot < perServer; slot++)
        for (let s1 = 0; s1 < serversPerCabinet; s1++)
          for (let s2 = s1 + 1; s2 < serversPerCabinet; s2++)
            links.add(
              npuAt(c, s1, slot),
              npuAt(c, s2, slot),
              LinkKind.IntraCabinet,
              cls.intraCabinet,
            );
  }
  const topology = topologyOf(profile);
  if (topology === 'fat-tree') addFatTreeLinks(profile, space, links);
  else if (topology === 'custom') {
    for (const { a, b, link } of expandCustomLinks(profile, space).links)
      links.add(a, b, CLASS_KIND[link.class], cls[link.class]);
  } else addUbMeshLinks(profile, space, links);

  const { adjOffset, adjLink } = adjacency(nodeCount, links);
  return {
    profile,
    topology,
    npuCount,
    serverCount,
    computeCabinetCount,
    interconnectCabinetCount: layout.interconnectCabinets,
    podCount: layout.pods,
    backupCount: computeCabinetCount * layout.backupsPerCabinet,
    perServer,
    serversPerCabinet,
    perCabinet: space.perCabinet,
    npuServer,
    npuCabinet,
    npuSlot,
    serverCabinet,
    cabinetPod,
    cabinetRow,
    cabinetCol,
    nodeCount,
    backupBase,
    serverSwitchBase,
    cabinetSwitchBase,
    spineSwitchBase,
    switchCabinet,
    switchRole,
    switchName,
    linkCount: links.count,
    linkA: links.a,
    linkB: links.b,
    linkKind: links.kind,
    linkBandwidthGBps: links.bandwidth,
    adjOffset,
    adjLink,
  };
}

/** UB-Mesh: NPU uplinks, backup uplinks, the pod's row/column cabinet mesh, every cabinet to every spine. */
function addUbMeshLinks(profile: HardwareProfile, space: NodeSpace, links: LinkList): void {
  const { layout, fabric } = profile;
  const cls = fabric.links;
  const { cabinetSwitchBase, spineSwitchBase } = space;
  const cabinetsPerPod = layout.podRows * layout.podCols;
  for (let npu = 0; npu < space.npuCount; npu++)
    links.add(
      npu,
      cabinetSwitchBase + Math.floor(npu / space.perCabinet),
      LinkKind.Uplink,
      cls.uplink,
    );
  const backups = space.cabinets * layout.backupsPerCabinet;
  for (let b = 0; b < backups; b++)
    links.add(
      space.backupBase + b,
      cabinetSwitchBase + Math.floor(b / layout.backupsPerCabinet),
      LinkKind.BackupUplink,
      cls.backupUplink,
    );
  if (fabric.podCabinetMesh) {
    for (let pod = 0; pod < layout.pods; pod++) {
      const cab = (row: number, col: number) =>
        cabinetSwitchBase + pod * cabinetsPerPod + row * layout.podCols + col;
      for (let row = 0; row < layout.podRows; row++)
        for (let c1 = 0; c1 < layout.podCols; c1++)
          for (let c2 = c1 + 1; c2 < layout.podCols; c2++)
            links.add(cab(row, c1), cab(row, c2), LinkKind.CabinetMesh, cls.cabinetMesh);
      for (let col = 0; col < layout.podCols; col++)
        for (let r1 = 0; r1 < layout.podRows; r1++)
          for (let r2 = r1 + 1; r2 < layout.podRows; r2++)
            links.add(cab(r1, col), cab(r2, col), LinkKind.CabinetMesh, cls.cabinetMesh);
    }
  }
  for (let c = 0; c < space.cabinets; c++)
    for (let sp = 0; sp < layout.interconnectCabinets; sp++)
      links.add(cabinetSwitchBase + c, spineSwitchBase + sp, LinkKind.Spine, cls.spine);
}

/** Node indices of a fat tree's switches, from the shape (see `FatTreeShape`). */
export function fatTreeNodes(
  space: Pick<NodeSpace, 'cabinetSwitchBase' | 'spineSwitchBase' | 'perCabinet'>,
  shape: { half: number; cabinetsPerPod: number; edgesPerCabinet: number; aggsPerCabinet: number },
) {
  const perCabinet = shape.edgesPerCabinet + shape.aggsPerCabinet;
  const half = shape.half;
  return {
    /** Edge switch `e` (0 … k/2 − 1) of pod `pod`. */
    edge: (pod: number, e: number) =>
      space.cabinetSwitchBase +
      (pod * shape.cabinetsPerPod + Math.floor(e / shape.edgesPerCabinet)) * perCabinet +
      (e % shape.edgesPerCabinet),
    /** Aggregation switch `a` (0 … k/2 − 1) of pod `pod`. */
    aggregation: (pod: number, a: number) =>
      space.cabinetSwitchBase +
      (pod * shape.cabinetsPerPod + Math.floor(a / shape.aggsPerCabinet)) * perCabinet +
      shape.edgesPerCabinet +
      (a % shape.aggsPerCabinet),
    /** Core switch `c` (0 … (k/2)² − 1); aggregation switch a of every pod reaches cores a·k/2 … a·k/2 + k/2 − 1. */
    core: (c: number) => space.spineSwitchBase + c,
    /** The pod and edge-switch number of a host (accelerator). */
    podOf: (host: number) => Math.floor(host / (half * half)),
    edgeOf: (host: number) => Math.floor((host % (half * half)) / half),
  };
}

/**
 * A k-ary fat tree (Al-Fares et al., SIGCOMM 2008), 1:1: each edge switch takes k/2 hosts and k/2
 * uplinks, one to each aggregation switch of its pod; aggregation switch a takes k/2 uplinks to
 * cores a·k/2 … a·k/2 + k/2 − 1, so every core reaches every pod once.
 */
function addFatTreeLinks(profile: HardwareProfile, space: NodeSpace, links: LinkList): void {
  const shape = fatTreeShape(profile);
  if (!shape) throw new Error('a fat-tree profile needs fabric.fatTree');
  const cls = profile.fabric.links;
  const { half, k } = shape;
  const at = fatTreeNodes(space, shape);
  for (let host = 0; host < space.npuCount; host++)
    links.add(host, at.edge(at.podOf(host), at.edgeOf(host)), LinkKind.Uplink, cls.uplink);
  for (let pod = 0; pod < k; pod++)
    for (let e = 0; e < half; e++)
      for (let a = 0; a < half; a++)
        links.add(at.edge(pod, e), at.aggregation(pod, a), LinkKind.Aggregation, cls.aggregation);
  for (let pod = 0; pod < k; pod++)
    for (let a = 0; a < half; a++)
      for (let j = 0; j < half; j++)
        links.add(at.aggregation(pod, a), at.core(a * half + j), LinkKind.Core, cls.core);
}

function adjacency(nodeCount: number, links: LinkList) {
  const adjOffset = new Uint32Array(nodeCount + 1);
  for (let l = 0; l < links.count; l++) {
    adjOffset[links.a[l] + 1]++;
    adjOffset[links.b[l] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) adjOffset[n + 1] += adjOffset[n];
  const fill = adjOffset.slice(0, nodeCount);
  const adjLink = new Uint32Array(links.count * 2);
  for (let l = 0; l < links.count; l++) {
    adjLink[fill[links.a[l]]++] = l;
    adjLink[fill[links.b[l]]++] = l;
  }
  return { adjOffset, adjLink };
}
