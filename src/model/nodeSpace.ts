import { SwitchRole } from './cluster';
import type { HardwareProfile } from './profile';

const topologyOf = (profile: HardwareProfile) => profile.fabric.topology ?? 'ub-mesh';

/** A switch before the cluster exists: where it stands, what it does, its name there. */
export interface PlannedSwitch {
  /** Compute cabinet index, or interconnect cabinet index when `interconnect`. */
  readonly cabinet: number;
  readonly interconnect: boolean;
  readonly role: SwitchRole;
  readonly name: string;
}

/**
 * The routing-node index space of a profile, worked out from the profile alone (see `Cluster` for
 * the order), so a custom topology's link ends can be checked before anything is built.
 */
export interface NodeSpace {
  readonly cabinets: number;
  readonly serversPerCabinet: number;
  readonly perServer: number;
  readonly perCabinet: number;
  readonly servers: number;
  readonly npuCount: number;
  readonly backupsPerCabinet: number;
  readonly backupBase: number;
  readonly serverSwitchBase: number;
  readonly cabinetSwitchBase: number;
  readonly spineSwitchBase: number;
  readonly nodeCount: number;
  /** The switches in node order: the compute-cabinet range, then the interconnect range. */
  readonly switches: readonly PlannedSwitch[];
  /** Custom topologies: the node of each entry of `fabric.custom.switches`, in list order. */
  readonly listedSwitchNode: readonly number[];
}

/**
 * Shape of a k-ary fat tree laid onto cabinets: a pod is `cabinetsPerPod` cabinets, each holding
 * `edgesPerCabinet` edge switches (their k/2 hosts each fill the cabinet) and `aggsPerCabinet` of
 * its pod's k/2 aggregation switches; the interconnect cabinets hold `coresPerIcab` core switches
 * each. In each cabinet the edge switches come first, then the aggregation switches.
 */
export interface FatTreeShape {
  readonly k: number;
  readonly half: number;
  readonly cabinetsPerPod: number;
  readonly edgesPerCabinet: number;
  readonly aggsPerCabinet: number;
  readonly coresPerIcab: number;
}

export function fatTreeShape(profile: HardwareProfile): FatTreeShape | undefined {
  const tree = profile.fabric.fatTree;
  if (topologyOf(profile) !== 'fat-tree' || !tree) return undefined;
  const l = profile.layout;
  const half = tree.k / 2;
  const cabinetsPerPod = l.podRows * l.podCols;
  return {
    k: tree.k,
    half,
    cabinetsPerPod,
    edgesPerCabinet: (l.serversPerCabinet * l.acceleratorsPerServer) / half,
    aggsPerCabinet: half / cabinetsPerPod,
    coresPerIcab: (half * half) / l.interconnectCabinets,
  };
}

function planSwitches(profile: HardwareProfile, cabinets: number) {
  const icabs = profile.layout.interconnectCabinets;
  const switches: PlannedSwitch[] = [];
  const listedOrder: number[] = [];
  const topology = topologyOf(profile);
  if (topology === 'ub-mesh') {
    for (let c = 0; c < cabinets; c++)
      switches.push({ cabinet: c, interconnect: false, role: SwitchRole.Cabinet, name: 'lrs' });
    for (let i = 0; i < icabs; i++)
      switches.push({ cabinet: i, interconnect: true, role: SwitchRole.Spine, name: 'hrs' });
  } else if (topology === 'fat-tree') {
    const shape = fatTreeShape(profile);
    if (shape) {
      for (let c = 0; c < cabinets; c++) {
        for (let e = 0; e < shape.edgesPerCabinet; e++)
          switches.push({
            cabinet: c,
            interconnect: false,
            role: SwitchRole.Edge,
            name: `edge-${e}`,
          });
        for (let a = 0; a < shape.aggsPerCabinet; a++)
          switches.push({
            cabinet: c,
            interconnect: false,
            role: SwitchRole.Aggregation,
            name: `agg-${a}`,
          });
      }
      for (let i = 0; i < icabs; i++)
        for (let j = 0; j < shape.coresPerIcab; j++)
          switches.push({
            cabinet: i,
            interconnect: true,
            role: SwitchRole.Core,
            name: `core-${j}`,
          });
    }
  } else {
    const listed = (profile.fabric.custom?.switches ?? []).map((s, index) => {
      const interconnect = s.cabinet.startsWith('icab-');
      const cabinet = Number(s.cabinet.slice(interconnect ? 5 : 4));
      return { cabinet, interconnect, role: SwitchRole.Custom, name: s.name, index };
    });
    // Sorted by cabinet within each range (stable: list order inside a cabinet).
    listed.sort(
      (x, y) =>
        Number(x.interconnect) - Number(y.interconnect) ||
        x.cabinet - y.cabinet ||
        x.index - y.index,
    );
    listed.forEach((s, position) => {
      switches.push({
        cabinet: s.cabinet,
        interconnect: s.interconnect,
        role: s.role,
        name: s.name,
      });
      listedOrder[s.index] = position;
    });
  }
  return { switches, listedOrder };
}

export function nodeSpace(profile: HardwareProfile): NodeSpace {
  const l = profile.layout;
  const cabinets = l.pods * l.podRows * l.podCols;
  const servers = cabinets * l.serversPerCabinet;
  const npuCount = servers * l.acceleratorsPerServer;
  const backupBase = npuCount;
  const serverSwitchBase = backupBase + cabinets * l.backupsPerCabinet;
  const cabinetSwitchBase =
    serverSwitchBase + (profile.fabric.intraServer === 'switch' ? servers : 0);
  const { switches, listedOrder } = planSwitches(profile, cabinets);
  const inCabinets = switches.filter((s) => !s.interconnect).length;
  return {
    cabinets,
    serversPerCabinet: l.serversPerCabinet,
    perServer: l.acceleratorsPerServer,
    perCabinet: l.serversPerCabinet * l.acceleratorsPerServer,
    servers,
    npuCount,
    backupsPerCabinet: l.backupsPerCabinet,
    backupBase,
    serverSwitchBase,
    cabinetSwitchBase,
    spineSwitchBase: cabinetSwitchBase + inCabinets,
    nodeCount: cabinetSwitchBase + switches.length,
    switches,
    listedSwitchNode: listedOrder.map((position) => cabinetSwitchBase + position),
  };
}
