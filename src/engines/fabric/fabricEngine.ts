import { LinkKind, nodeId, parseEntityId, parseNode, type Cluster } from '../../model';
import { Digest } from '../../sim/digest';
import type { EngineContext, EngineCore, ScheduledEvent } from '../../sim/engine';
import { Health, type FabricFrame, type LogEvent, type SeriesPoint } from '../../sim/frame';
import type { Scenario, TimelineEvent } from '../../sim/scenario';
import { expandCabinetRanges } from '../../sim/scenarioIo';
import { US_PER_S, type SimTimeUs } from '../../sim/time';
import { findRoute, type FabricState, type RouteResult } from './routing';
import {
  computeLoad,
  inCommPhase,
  linkLoadInComm,
  placeWorkloads,
  type WorkloadPlacement,
} from './workloadLoad';

/** Series the fabric publishes, one point per simulated second. */
export const FABRIC_SERIES = {
  meanLoad: 'fabric.meanLoad',
  failedDevices: 'fabric.failedDevices',
  linksDown: 'fabric.linksDown',
} as const;

const SERIES_PERIOD_US = US_PER_S;

/**
 * The fabric engine: device and link state of the whole super-node, the workloads' duty cycle on
 * it, and route queries over what is up. Faults arrive as timeline events; their detection and
 * isolation life cycle builds on this state.
 */
export class FabricEngine implements EngineCore, FabricState {
  readonly name = 'fabric';
  readonly cluster: Cluster;
  readonly nodeUp: Uint8Array;
  readonly linkUp: Uint8Array;
  private readonly scenario: Scenario;
  private readonly npuHealth: Uint8Array;
  private readonly utilisation: Float64Array;
  private readonly placement: WorkloadPlacement;
  private timeUs: SimTimeUs = 0;
  private nextSeriesUs: SimTimeUs = 0;
  private pendingLog: LogEvent[] = [];
  private pendingSeries: SeriesPoint[] = [];

  constructor({ scenario, cluster, rng }: EngineContext) {
    this.scenario = scenario;
    this.cluster = cluster;
    this.nodeUp = new Uint8Array(cluster.nodeCount).fill(1);
    this.linkUp = new Uint8Array(cluster.linkCount).fill(1);
    this.npuHealth = new Uint8Array(cluster.npuCount);
    this.utilisation = Float64Array.from(scenario.workloads, (w) => w.utilisation);
    this.placement = placeWorkloads(
      cluster,
      scenario.workloads,
      (w) => {
        const expanded = expandCabinetRanges(cluster, w.cabinets);
        return 'cabinets' in expanded ? expanded.cabinets : [];
      },
      rng,
    );
  }

  get now(): SimTimeUs {
    return this.timeUs;
  }

  advance(toUs: SimTimeUs, events: readonly ScheduledEvent[]): void {
    if (toUs < this.timeUs) throw new Error(`fabric cannot go back in time (${toUs} < ${this.timeUs})`);
    for (const scheduled of events) {
      const at = Math.max(scheduled.timeUs, this.timeUs);
      this.emitSeriesThrough(at);
      this.timeUs = at;
      this.apply(scheduled.event);
    }
    this.emitSeriesThrough(toUs);
    this.timeUs = toUs;
  }

  route(from: number, to: number, bytes: number): RouteResult {
    return findRoute(this.cluster, this, from, to, bytes);
  }

  frame(): FabricFrame {
    const loads = this.loadsAt(this.timeUs);
    const frame: FabricFrame = {
      engine: 'fabric',
      timeUs: this.timeUs,
      npuHealth: this.npuHealth.slice(),
      npuLoad: loads.npuLoad,
      npuHbmUsedGB: this.hbmUsed(),
      linkUp: this.linkUp.slice(),
      linkLoad: loads.linkLoad,
      series: this.pendingSeries,
      log: this.pendingLog,
    };
    this.pendingSeries = [];
    this.pendingLog = [];
    return frame;
  }

  digest(): string {
    const loads = this.loadsAt(this.timeUs);
    const digest = new Digest();
    digest.addNumber(this.timeUs);
    digest.addU8(this.npuHealth);
    digest.addU8(this.nodeUp);
    digest.addU8(this.linkUp);
    for (const u of this.utilisation) digest.addNumber(u);
    digest.addF32(loads.npuLoad);
    digest.addF32(loads.linkLoad);
    return digest.hex();
  }

  private apply(event: TimelineEvent): void {
    switch (event.kind) {
      case 'npu-fail':
      case 'npu-repair':
        return this.setNodeUp(event, event.kind === 'npu-repair');
      case 'link-fail':
      case 'link-repair':
        return this.setLinkUp(event, event.kind === 'link-repair');
      case 'workload-load': {
        const w = this.scenario.workloads.findIndex((x) => x.id === event.target);
        if (w < 0) return this.log('warn', [], `no workload "${event.target}": load change ignored`);
        this.utilisation[w] = event.utilisation;
        return this.log('info', [], `workload ${event.target} utilisation → ${(event.utilisation * 100).toFixed(0)} %${by(event)}`);
      }
    }
  }

  private setNodeUp(event: TimelineEvent, up: boolean): void {
    const parsed = parseNode(this.cluster, event.target);
    if (!parsed.ok || parsed.node >= this.cluster.serverSwitchBase)
      return this.log('warn', [], `${event.kind} ignored: ${parsed.ok ? `"${event.target}" is not an NPU` : parsed.reason}`);
    const node = parsed.node;
    const id = nodeId(this.cluster, node);
    if ((this.nodeUp[node] === 1) === up)
      return this.log('warn', [id], `${event.kind} ignored: ${id} is already ${up ? 'healthy' : 'failed'}`);
    this.nodeUp[node] = up ? 1 : 0;
    if (node < this.cluster.npuCount) this.npuHealth[node] = up ? Health.Healthy : Health.Failed;
    this.log(up ? 'info' : 'error', [id], `${id} ${up ? 'repaired' : 'failed'}${by(event)}`);
  }

  private setLinkUp(event: TimelineEvent, up: boolean): void {
    const parsed = parseEntityId(this.cluster, event.target);
    if (!parsed.ok || parsed.ref.kind !== 'link')
      return this.log('warn', [], `${event.kind} ignored: ${parsed.ok ? `"${event.target}" is not a link` : parsed.reason}`);
    const link = parsed.ref.index;
    if ((this.linkUp[link] === 1) === up)
      return this.log('warn', [event.target], `${event.kind} ignored: the link is already ${up ? 'up' : 'down'}`);
    this.linkUp[link] = up ? 1 : 0;
    this.log(up ? 'info' : 'error', [event.target], `link ${event.target} ${up ? 'back up' : 'down'}${by(event)}`);
  }

  private log(level: LogEvent['level'], targets: readonly string[], message: string): void {
    this.pendingLog.push({ timeUs: this.timeUs, level, source: 'fabric', targets, message });
  }

  private emitSeriesThrough(toUs: SimTimeUs): void {
    while (this.nextSeriesUs <= toUs) {
      const t = this.nextSeriesUs;
      const { npuLoad } = this.loadsAt(t, false);
      let sum = 0;
      for (let i = 0; i < npuLoad.length; i++) sum += npuLoad[i];
      let failed = 0;
      for (let n = 0; n < this.cluster.serverSwitchBase; n++) failed += 1 - this.nodeUp[n];
      let down = 0;
      for (let l = 0; l < this.linkUp.length; l++) down += 1 - this.linkUp[l];
      this.pendingSeries.push(
        { series: FABRIC_SERIES.meanLoad, timeUs: t, value: sum / npuLoad.length },
        { series: FABRIC_SERIES.failedDevices, timeUs: t, value: failed },
        { series: FABRIC_SERIES.linksDown, timeUs: t, value: down },
      );
      this.nextSeriesUs += SERIES_PERIOD_US;
    }
  }

  private loadsAt(timeUs: SimTimeUs, withLinks = true) {
    const { cluster, placement, scenario } = this;
    const npuLoad = new Float32Array(cluster.npuCount);
    const comm = new Uint8Array(cluster.npuCount);
    for (let npu = 0; npu < cluster.npuCount; npu++) {
      const w = placement.npuWorkload[npu];
      if (w < 0 || this.nodeUp[npu] === 0) continue;
      const workload = scenario.workloads[w];
      const inComm = inCommPhase(workload, placement.npuSkewUs[npu], timeUs);
      comm[npu] = inComm ? 1 : 0;
      npuLoad[npu] = computeLoad(this.utilisation[w], placement.npuSpeed[npu], inComm);
    }
    const linkLoad = new Float32Array(withLinks ? cluster.linkCount : 0);
    if (withLinks) {
      for (let link = 0; link < cluster.linkCount; link++) {
        if (this.linkUp[link] === 0) continue;
        const a = cluster.linkA[link];
        if (a >= cluster.npuCount || comm[a] === 0) continue;
        const kind = cluster.linkKind[link];
        const b = cluster.linkB[link];
        const w = placement.npuWorkload[a];
        // Mesh links carry a workload's traffic only when both ends are its NPUs and up.
        if (kind !== LinkKind.Uplink && (b >= cluster.npuCount || placement.npuWorkload[b] !== w || this.nodeUp[b] === 0))
          continue;
        linkLoad[link] = linkLoadInComm(scenario.workloads[w], kind === LinkKind.Uplink);
      }
    }
    return { npuLoad, linkLoad };
  }

  private hbmUsed(): Float32Array {
    const used = new Float32Array(this.cluster.npuCount);
    for (let npu = 0; npu < used.length; npu++) {
      const w = this.placement.npuWorkload[npu];
      if (w >= 0 && this.nodeUp[npu] === 1) used[npu] = this.scenario.workloads[w].hbmGB;
    }
    return used;
  }
}

const by = (event: TimelineEvent) => (event.by === 'operator' ? ' (operator action)' : '');

export const createFabricEngine = (context: EngineContext): FabricEngine => new FabricEngine(context);
