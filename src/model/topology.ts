import { LinkKind, type Cluster } from './cluster';
import type { HardwareProfile, LinkClass } from './profile';

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

  add(a: number, b: number, kind: LinkKind, linkClass: LinkClass): void {
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
      : accelerators;
  const intraCabinet = fabric.intraCabinetMesh
    ? cabinets * layout.acceleratorsPerServer * pairs(layout.serversPerCabinet)
    : 0;
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

/**
 * Builds every accelerator, server, cabinet, pod and link of a profile. Links are emitted in a fixed
 * order (intra-server, intra-cabinet, uplinks, backup uplinks, pod cabinet mesh, spine), so link
 * indices are stable for a profile and can travel in share links.
 */
export function buildCluster(profile: HardwareProfile): Cluster {
  const { layout, fabric } = profile;
  const perServer = layout.acceleratorsPerServer;
  const serversPerCabinet = layout.serversPerCabinet;
  const perCabinet = perServer * serversPerCabinet;
  const cabinetsPerPod = layout.podRows * layout.podCols;
  const computeCabinetCount = layout.pods * cabinetsPerPod;
  const serverCount = computeCabinetCount * serversPerCabinet;
  const npuCount = serverCount * perServer;
  const backupCount = computeCabinetCount * layout.backupsPerCabinet;
  const serverSwitches = fabric.intraServer === 'switch' ? serverCount : 0;

  const backupBase = npuCount;
  const serverSwitchBase = backupBase + backupCount;
  const cabinetSwitchBase = serverSwitchBase + serverSwitches;
  const spineSwitchBase = cabinetSwitchBase + computeCabinetCount;
  const nodeCount = spineSwitchBase + layout.interconnectCabinets;

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
    } else {
      for (let i = 0; i < perServer; i++)
        links.add(first + i, serverSwitchBase + s, LinkKind.IntraServer, cls.intraServer);
    }
  }
  if (fabric.intraCabinetMesh && cls.intraCabinet) {
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
  for (let npu = 0; npu < npuCount; npu++)
    links.add(npu, cabinetSwitchBase + npuCabinet[npu], LinkKind.Uplink, cls.uplink);
  if (cls.backupUplink) {
    for (let b = 0; b < backupCount; b++)
      links.add(
        backupBase + b,
        cabinetSwitchBase + Math.floor(b / layout.backupsPerCabinet),
        LinkKind.BackupUplink,
        cls.backupUplink,
      );
  }
  if (fabric.podCabinetMesh && cls.cabinetMesh) {
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
  for (let c = 0; c < computeCabinetCount; c++)
    for (let sp = 0; sp < layout.interconnectCabinets; sp++)
      links.add(cabinetSwitchBase + c, spineSwitchBase + sp, LinkKind.Spine, cls.spine);

  const { adjOffset, adjLink } = adjacency(nodeCount, links);
  return {
    profile,
    npuCount,
    serverCount,
    computeCabinetCount,
    interconnectCabinetCount: layout.interconnectCabinets,
    podCount: layout.pods,
    backupCount,
    perServer,
    serversPerCabinet,
    perCabinet,
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
    linkCount: links.count,
    linkA: links.a,
    linkB: links.b,
    linkKind: links.kind,
    linkBandwidthGBps: links.bandwidth,
    adjOffset,
    adjLink,
  };
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
