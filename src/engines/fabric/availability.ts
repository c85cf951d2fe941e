import { computeCabinetOfNode, LinkKind, type Cluster } from '../../model';

/**
 * Availability of the interconnect (fabric-collectives.md §1.2, §2.5; UB-Mesh §6.6): system MTBF
 * = 1 / Σ (count × failure rate) over the components whose failure interrupts a job, and
 * availability = MTBF / (MTBF + MTTR).
 *
 * UB-Mesh states its results (8K NPUs: MTBF 13.8 h for a Clos against 98.5 h; MTTR 75 min, or 13
 * min with monitoring that locates in ≤ 10 min and migrates in ≤ 3 min) but its component failure
 * rates were in a table we could not read. So the rates below are fitted [derived]: with this
 * twin's own 8K inventory for UB-Mesh, and a Clos inventory taken from the paper's ratios (93 %
 * fewer optical modules, 98 % fewer high-radix switches in UB-Mesh), three annual failure rates
 * reproduce both MTBFs:
 *
 *   Clos:    292,571 optics × r_o + 1,600 HRS × r_s                        = 8,766 h / 13.8 h
 *   UB-Mesh:  20,480 optics × r_o +   160 switches × r_s + 65,664 × r_e    = 8,766 h / 98.5 h
 *
 * r_o = 0.2 %/year per optical module (inside the 0.1–0.5 % range vendors and field studies
 * quote), r_s = 3.125 %/year per switch, which leaves r_e ≈ 0.066 %/year per electrical link.
 */
export const HOURS_PER_YEAR = 8766;

export interface ComponentClass {
  readonly name: string;
  readonly count: number;
  /** Failures per unit per year. */
  readonly annualFailureRate: number;
}

export const FITTED_RATES = {
  opticalModule: 0.002,
  switch: 0.03125,
  /** Fitted (see above): what the UB-Mesh MTBF leaves for the electrical links. */
  electricalLink: 0.000655,
} as const;

/** UB-Mesh §6.6's published figures. */
export const UB_MESH_PAPER = {
  closMtbfHours: 13.8,
  ubMeshMtbfHours: 98.5,
  mttrHours: 75 / 60,
  /** Locate in ≤ 10 min, migrate in ≤ 3 min. */
  monitoredMttrHours: (10 + 3) / 60,
  closAvailability: 0.916,
  ubMeshAvailability: 0.988,
  monitoredAvailability: 0.9978,
} as const;

export const mtbfHours = (components: readonly ComponentClass[]): number => {
  let perYear = 0;
  for (const c of components) perYear += c.count * c.annualFailureRate;
  return perYear > 0 ? HOURS_PER_YEAR / perYear : Infinity;
};

export const availability = (mtbf: number, mttr: number): number => mtbf / (mtbf + mttr);

/** Optical modules per link end: one x8 module per 8 lanes at ~14 GB/s a lane. */
const GBPS_PER_MODULE = 8 * 14;

/**
 * The interconnect inventory of a cluster: links inside a cabinet (board traces and backplane,
 * server uplinks) are electrical; cabinet-to-cabinet links (pod mesh, spine) are optical, one x8
 * module per 112 GB/s at each end; every cabinet and spine switch counts once.
 */
export function interconnectInventory(cluster: Cluster, rates = FITTED_RATES): ComponentClass[] {
  let electrical = 0;
  let optics = 0;
  for (let l = 0; l < cluster.linkCount; l++) {
    const kind = cluster.linkKind[l];
    // A fat tree's edge–aggregation link is optical only where the two switches stand apart.
    const betweenCabinets =
      kind === LinkKind.CabinetMesh ||
      kind === LinkKind.Spine ||
      kind === LinkKind.Core ||
      (kind === LinkKind.Aggregation &&
        computeCabinetOfNode(cluster, cluster.linkA[l]) !==
          computeCabinetOfNode(cluster, cluster.linkB[l]));
    if (betweenCabinets)
      optics += 2 * Math.max(1, Math.round(cluster.linkBandwidthGBps[l] / GBPS_PER_MODULE));
    else electrical++;
  }
  const switches = cluster.nodeCount - cluster.cabinetSwitchBase;
  return [
    { name: 'optical modules', count: optics, annualFailureRate: rates.opticalModule },
    { name: 'electrical links', count: electrical, annualFailureRate: rates.electricalLink },
    { name: 'switches', count: switches, annualFailureRate: rates.switch },
  ];
}

/** The Clos of the same size by UB-Mesh's ratios: 1 / 0.07 the optics, 1 / 0.02 the high-radix switches. */
export function closInventory(
  ubMesh: readonly ComponentClass[],
  rates = FITTED_RATES,
): ComponentClass[] {
  const optics = ubMesh.find((c) => c.name === 'optical modules')?.count ?? 0;
  const spines = ubMesh.find((c) => c.name === 'switches')?.count ?? 0;
  // The paper counts high-radix switches; a UB-Mesh super-node has one per interconnect cabinet
  // (a fifth of its 160 switches at 8K), so scale those.
  const hrs = Math.round(spines / 5);
  return [
    {
      name: 'optical modules',
      count: Math.round(optics / 0.07),
      annualFailureRate: rates.opticalModule,
    },
    { name: 'switches', count: Math.round(hrs / 0.02), annualFailureRate: rates.switch },
  ];
}

export interface AvailabilityEstimate {
  readonly components: readonly ComponentClass[];
  readonly mtbfHours: number;
  readonly mttrHours: number;
  readonly availability: number;
  readonly monitoredMttrHours: number;
  readonly monitoredAvailability: number;
  readonly clos: {
    readonly components: readonly ComponentClass[];
    readonly mtbfHours: number;
    readonly availability: number;
  };
}

/** The configured topology's estimate, beside the Clos of the same size. */
export function availabilityEstimate(
  cluster: Cluster,
  mttrHours: number = UB_MESH_PAPER.mttrHours,
  monitoredMttrHours: number = UB_MESH_PAPER.monitoredMttrHours,
): AvailabilityEstimate {
  const components = interconnectInventory(cluster);
  const mtbf = mtbfHours(components);
  const closComponents = closInventory(components);
  const closMtbf = mtbfHours(closComponents);
  return {
    components,
    mtbfHours: mtbf,
    mttrHours,
    availability: availability(mtbf, mttrHours),
    monitoredMttrHours,
    monitoredAvailability: availability(mtbf, monitoredMttrHours),
    clos: {
      components: closComponents,
      mtbfHours: closMtbf,
      availability: availability(closMtbf, mttrHours),
    },
  };
}
