import {
  computeCabinetOfNode,
  LinkKind,
  nodeId,
  parseEntityId,
  switchesInCabinet,
  switchesInInterconnectCabinet,
  type Cluster,
  type EntityRef,
} from '../../model';
import type { Digest } from '../../sim/digest';
import { EventQueue } from '../../sim/eventQueue';
import type {
  FaultRecord,
  FaultStep,
  FaultStepTime,
  LogLevel,
  RerouteSample,
} from '../../sim/frame';
import type { FaultEvent, FaultKind, IsolationGranularity } from '../../sim/scenario';
import { formatSimTime, secondsToUs, type SimTimeUs } from '../../sim/time';
import type { Detection, Detector } from './detection';
import type { FabricStateStore } from './fabricState';
import { disseminationRounds } from './heartbeat';
import type { FabricSettings } from './settings';
import type { TrafficModel } from './traffic';

/**
 * The life cycle of every fault in sim time (SR-3 … SR-5): injected → (suspected) → detected →
 * isolated → notified → rerouted → repaired. Each step is an internal event on the engine's own
 * queue, scheduled from the heartbeat design's formulas and the settings' delays, so the steps land
 * at the same instants however the clock is advanced.
 *
 * Delays with no public source [assumption]: a host handles a topology-change notification in
 * 50 µs; hop-by-hop flooding costs 1 ms of control-plane processing per hop over a 4-hop diameter;
 * recomputing a route takes 10 µs and writing one table entry 1 µs.
 */
const HOST_NOTIFY_US = 50;
const FLOOD_HOP_US = 1_000;
const NOTIFY_HOPS = 4;
const ROUTE_COMPUTE_US = 10;
const TABLE_WRITE_US = 1;
/** Reroute samples kept per fault, for drawing. */
const SAMPLES_PER_FAULT = 3;

export interface LifecycleContext {
  readonly cluster: Cluster;
  readonly settings: FabricSettings;
  readonly state: FabricStateStore;
  readonly detector: Detector;
  readonly traffic: TrafficModel | undefined;
  /** The SLA isolation granularity of the workload on a compute cabinet. */
  granularityAt(cabinet: number): IsolationGranularity;
  log(
    level: LogLevel,
    targets: readonly string[],
    message: string,
    faultId?: string,
    step?: FaultStep,
  ): void;
}

interface Flap {
  readonly link: number;
  readonly periodUs: number;
  readonly downUs: number;
  downs: number;
  down: boolean;
  dampened: boolean;
}

interface Fault {
  readonly index: number;
  readonly id: string;
  readonly kind: FaultKind;
  readonly target: string;
  readonly by: 'scenario' | 'operator';
  readonly occurrence: number;
  readonly occurrences: number;
  readonly detail: string;
  /** Nodes and links the fault takes down physically while active. */
  readonly downNodes: readonly number[];
  readonly downLinks: readonly number[];
  /** Heartbeat endpoints the fault kills (what the heartbeat can notice). */
  readonly deadEndpoints: readonly number[];
  readonly cabinet: number;
  readonly flap?: Flap;
  readonly degrade?: { readonly link: number; readonly fraction: number };
  readonly agent: number;
  readonly agentNodes: readonly number[];
  steps: FaultStepTime[];
  active: boolean;
  endsUs?: SimTimeUs;
  awaitingAgent: boolean;
  granularity?: IsolationGranularity;
  isolatedNodes: number[];
  isolatedLinks: number[];
  excludedNodes: number[];
  excludedLinks: number[];
  standInFor: number;
  /** The backup that stood in, kept after the repair for the record. */
  backup?: string;
  unmonitored: boolean;
  isolationScheduled: boolean;
  hostsNotified: number;
  reroutedFlows: number;
  unroutableFlows: number;
  samples: RerouteSample[];
}

type Internal =
  | {
      readonly timeUs: number;
      readonly seq: number;
      readonly type: 'step';
      readonly fault: Fault;
      readonly step: FaultStep;
    }
  | { readonly timeUs: number; readonly seq: number; readonly type: 'end'; readonly fault: Fault }
  | { readonly timeUs: number; readonly seq: number; readonly type: 'flap'; readonly fault: Fault }
  | {
      readonly timeUs: number;
      readonly seq: number;
      readonly type: 'suspect';
      readonly node: number;
      readonly delta: 1 | -1;
    }
  | {
      readonly timeUs: number;
      readonly seq: number;
      readonly type: 'occurrence';
      readonly event: FaultEvent;
      readonly occurrence: number;
      readonly firstUs: number;
    };

type Unsequenced = Internal extends infer T ? (T extends unknown ? Omit<T, 'seq'> : never) : never;

/** What a fault event's target resolves to, or why it cannot be a target of that kind. */
type Resolved =
  | {
      readonly ok: true;
      readonly downNodes: number[];
      readonly downLinks: number[];
      readonly deadEndpoints: number[];
      readonly cabinet: number;
      readonly link: number;
      readonly agent: number;
      readonly agentNodes: number[];
    }
  | { readonly ok: false; readonly reason: string };

const US = 1e6;

export class FaultLifecycle {
  private readonly queue = new EventQueue<Internal>();
  private seq = 0;
  private readonly faults: Fault[] = [];
  private readonly records: FaultRecord[] = [];
  /** Per heartbeat agent: active agent-loss faults. */
  private readonly agentLost: Uint16Array;
  private detections = 0;
  private detectSumUs = 0;
  private isolations = 0;
  private isolateSumUs = 0;
  private falseSuspicions = 0;

  constructor(private readonly ctx: LifecycleContext) {
    this.agentLost = new Uint16Array(
      ctx.cluster.computeCabinetCount + ctx.cluster.interconnectCabinetCount,
    );
  }

  /** Runs every internal event due at or before `timeUs`, in order; `before(t)` runs ahead of each. */
  runUntil(timeUs: SimTimeUs, before: (t: SimTimeUs) => void): void {
    for (
      let next = this.queue.peek();
      next !== undefined && next.timeUs <= timeUs;
      next = this.queue.peek()
    ) {
      this.queue.pop();
      before(next.timeUs);
      this.handle(next);
    }
  }

  get faultRecords(): readonly FaultRecord[] {
    return this.records;
  }

  get activeFaults(): number {
    let n = 0;
    for (const f of this.faults) if (f.active) n++;
    return n;
  }

  get stats() {
    return {
      detections: this.detections,
      falseSuspicions: this.falseSuspicions,
      meanTimeToDetectSeconds: this.detections > 0 ? this.detectSumUs / this.detections / US : 0,
      meanTimeToIsolateSeconds: this.isolations > 0 ? this.isolateSumUs / this.isolations / US : 0,
    };
  }

  /** Reroute samples of the faults whose reroute is in effect now. */
  rerouteSamples(): RerouteSample[] {
    const out: RerouteSample[] = [];
    for (const f of this.faults) if (f.active) out.push(...f.samples);
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Timeline events

  /** A fault event from the timeline, at `nowUs`. */
  inject(event: FaultEvent, nowUs: SimTimeUs): void {
    this.injectOccurrence(event, 1, nowUs, nowUs);
  }

  /** A repair event: ends every active fault on the target (npu-repair and link-repair only their own kinds). */
  repair(
    kind: 'npu-repair' | 'link-repair' | 'repair',
    target: string,
    by: string,
    nowUs: SimTimeUs,
  ): void {
    const { cluster } = this.ctx;
    const parsed = parseEntityId(cluster, target);
    if (!parsed.ok) return this.ctx.log('warn', [], `${kind} ignored: ${parsed.reason}`);
    const ref = parsed.ref;
    if (kind === 'npu-repair' && ref.kind !== 'npu')
      return this.ctx.log('warn', [], `${kind} ignored: "${target}" is not an NPU`);
    if (kind === 'link-repair' && ref.kind !== 'link')
      return this.ctx.log('warn', [], `${kind} ignored: "${target}" is not a link`);
    const id = canonicalId(cluster, ref, target);
    const matching = this.faults.filter(
      (f) =>
        f.active &&
        sameEntity(cluster, f.target, ref) &&
        (kind === 'repair' ||
          (kind === 'npu-repair'
            ? f.kind === 'npu-fail'
            : ['link-fail', 'link-degrade', 'link-flap'].includes(f.kind))),
    );
    if (matching.length === 0) {
      const down =
        (ref.kind === 'npu' || ref.kind === 'node') && this.ctx.state.nodeDown[ref.index] > 0;
      if (down)
        return this.ctx.log(
          'warn',
          [id],
          `${kind} ignored: it is down because of a fault on a larger target; repair that fault's target with "repair"`,
        );
      const what = ref.kind === 'link' ? 'the link is already up' : `${id} is already healthy`;
      return this.ctx.log('warn', [id], `${kind} ignored: ${what} (no active fault on it)`);
    }
    for (const fault of matching) this.end(fault, nowUs, by);
  }

  // -------------------------------------------------------------------------------------------

  private injectOccurrence(
    event: FaultEvent,
    occurrence: number,
    nowUs: SimTimeUs,
    firstUs: SimTimeUs,
  ): void {
    const { ctx } = this;
    const { cluster, state, settings } = ctx;
    const resolved = this.resolve(event);
    const label = event.kind;
    if (!resolved.ok) return ctx.log('warn', [], `${label} ignored: ${resolved.reason}`);
    const parsed = parseEntityId(cluster, event.target);
    const target = parsed.ok ? canonicalId(cluster, parsed.ref, event.target) : event.target.trim();
    // Repeating a fault that is already in effect changes nothing: say so.
    if (event.kind === 'npu-fail' && state.nodeDown[resolved.downNodes[0]] > 0)
      return ctx.log('warn', [target], `${label} ignored: ${target} is already failed`);
    const duplicate = this.faults.find(
      (f) =>
        f.active && f.kind === event.kind && parsed.ok && sameEntity(cluster, f.target, parsed.ref),
    );
    if (duplicate)
      return ctx.log(
        'warn',
        [target],
        `${label} ignored: ${duplicate.id} on ${target} is still active`,
      );

    const occurrences = event.repeat?.times ?? 1;
    const index = this.faults.length;
    const fault: Fault = {
      index,
      id: `F${index + 1}`,
      kind: event.kind,
      target,
      by: event.by,
      occurrence,
      occurrences,
      detail: describeFault(event),
      downNodes: resolved.downNodes,
      downLinks: resolved.downLinks,
      deadEndpoints: resolved.deadEndpoints,
      cabinet: resolved.cabinet,
      flap:
        event.kind === 'link-flap'
          ? {
              link: resolved.link,
              periodUs: secondsToUs(event.flapPeriodSeconds),
              downUs: secondsToUs(event.downSeconds),
              downs: 0,
              down: false,
              dampened: false,
            }
          : undefined,
      degrade:
        event.kind === 'link-degrade'
          ? { link: resolved.link, fraction: event.bandwidthFraction }
          : undefined,
      agent: resolved.agent,
      agentNodes: resolved.agentNodes,
      steps: [],
      active: true,
      awaitingAgent: false,
      isolatedNodes: [],
      isolatedLinks: [],
      excludedNodes: [],
      excludedLinks: [],
      standInFor: -1,
      unmonitored: false,
      isolationScheduled: false,
      hostsNotified: 0,
      reroutedFlows: 0,
      unroutableFlows: 0,
      samples: [],
    };
    if (event.durationSeconds !== undefined)
      fault.endsUs = nowUs + secondsToUs(event.durationSeconds);
    this.faults.push(fault);

    // Physical effects.
    for (const n of fault.downNodes) state.nodeDownBy(n, 1);
    for (const l of fault.downLinks) state.linkDownBy(l, 1);
    if (fault.degrade) state.setCapacity(fault.degrade.link, fault.degrade.fraction);
    if (fault.flap) {
      state.flappingBy(fault.flap.link, 1);
      this.flapToggle(fault, nowUs);
    }
    if (fault.agent >= 0) this.agentLost[fault.agent]++;
    ctx.traffic?.invalidate();
    this.step(fault, 'injected', nowUs, 'error', injectedMessage(fault, event.by));

    // Detection.
    const design = settings.heartbeat.design;
    switch (fault.kind) {
      case 'npu-fail':
      case 'server-down':
      case 'cabinet-power-loss':
      case 'switch-down':
        this.scheduleDetection(fault, nowUs);
        break;
      case 'link-fail':
      case 'pod-cut':
      case 'link-flap':
        // Loss of signal at the link's ends.
        this.schedule(fault, 'detected', nowUs + settings.timing.linkDetectUs);
        break;
      case 'link-degrade': {
        const d = ctx.detector.detectAtNextRound(
          ctx.detector.agentOf(cluster.linkA[resolved.link]),
          nowUs,
          state.deadEndpoints,
        );
        this.schedule(fault, 'detected', d.detectedUs);
        break;
      }
      case 'agent-loss':
        if (design === 'hierarchical') {
          const d = ctx.detector.detectAtNextRound(fault.agent, nowUs, state.deadEndpoints);
          this.schedule(fault, 'detected', d.detectedUs);
        } else {
          ctx.log(
            'info',
            [target],
            `${fault.id}: the ${design} design has no cabinet agents, so losing one changes nothing`,
            fault.id,
          );
        }
        break;
    }
    if (fault.endsUs !== undefined) this.push({ timeUs: fault.endsUs, type: 'end', fault });
    if (event.repeat && occurrence < event.repeat.times) {
      this.push({
        timeUs: firstUs + occurrence * secondsToUs(event.repeat.everySeconds),
        type: 'occurrence',
        event,
        occurrence: occurrence + 1,
        firstUs,
      });
    }
  }

  private resolve(event: FaultEvent): Resolved {
    const { cluster } = this.ctx;
    const parsed = parseEntityId(cluster, event.target);
    if (!parsed.ok) return parsed;
    const ref = parsed.ref;
    const fail = (needs: string): Resolved => ({
      ok: false,
      reason: `"${event.target.trim()}" is not ${needs}`,
    });
    const none = {
      downNodes: [],
      downLinks: [],
      deadEndpoints: [],
      cabinet: -1,
      link: -1,
      agent: -1,
      agentNodes: [],
    };
    switch (event.kind) {
      case 'npu-fail': {
        if (ref.kind !== 'npu') return fail('an NPU');
        const npu = ref.index;
        return {
          ok: true,
          ...none,
          downNodes: [npu],
          deadEndpoints: [npu],
          cabinet: cluster.npuCabinet[npu],
        };
      }
      case 'server-down': {
        if (ref.kind !== 'server') return fail('a server');
        const nodes = serverNodes(cluster, ref.index);
        return {
          ok: true,
          ...none,
          downNodes: nodes,
          deadEndpoints: nodes,
          cabinet: cluster.serverCabinet[ref.index],
        };
      }
      case 'cabinet-power-loss': {
        if (ref.kind !== 'cabinet') return fail('a compute cabinet');
        const nodes = [
          ...cabinetNodes(cluster, ref.index),
          ...switchesInCabinet(cluster, ref.index),
        ];
        return { ok: true, ...none, downNodes: nodes, deadEndpoints: nodes, cabinet: ref.index };
      }
      case 'switch-down': {
        // An interconnect cabinet stands for its switches (one HRS; a fat tree's core switches).
        const nodes =
          ref.kind === 'icabinet'
            ? switchesInInterconnectCabinet(cluster, ref.index)
            : ref.kind === 'node' && ref.index >= cluster.cabinetSwitchBase
              ? [ref.index]
              : [];
        if (nodes.length === 0) return fail('a switch (icab-NN, icab-NN/hrs or cab-NNN/lrs)');
        const cabinet = computeCabinetOfNode(cluster, nodes[0]);
        return { ok: true, ...none, downNodes: nodes, deadEndpoints: nodes, cabinet };
      }
      case 'link-fail':
      case 'link-degrade':
      case 'link-flap': {
        if (ref.kind !== 'link') return fail('a link');
        const link = ref.index;
        return {
          ok: true,
          ...none,
          downLinks: event.kind === 'link-fail' ? [link] : [],
          link,
          cabinet: cabinetOfNode(cluster, cluster.linkA[link]),
        };
      }
      case 'agent-loss': {
        if (ref.kind !== 'cabinet' && ref.kind !== 'icabinet')
          return fail('a compute or interconnect cabinet');
        const agent = ref.kind === 'cabinet' ? ref.index : cluster.computeCabinetCount + ref.index;
        const agentNodes =
          ref.kind === 'cabinet'
            ? [...cabinetNodes(cluster, ref.index), ...switchesInCabinet(cluster, ref.index)]
            : switchesInInterconnectCabinet(cluster, ref.index);
        return {
          ok: true,
          ...none,
          agent,
          agentNodes,
          cabinet: ref.kind === 'cabinet' ? ref.index : -1,
        };
      }
      case 'pod-cut': {
        if (ref.kind !== 'pod') return fail('a pod');
        if (cluster.interconnectCabinetCount === 0)
          return {
            ok: false,
            reason: 'this profile has no spine switches, so a pod cannot be cut off',
          };
        const links: number[] = [];
        for (let l = 0; l < cluster.linkCount; l++) {
          const kind = cluster.linkKind[l];
          if (kind !== LinkKind.Spine && kind !== LinkKind.Core) continue;
          const cab = computeCabinetOfNode(cluster, cluster.linkA[l]);
          if (cluster.cabinetPod[cab] === ref.index) links.push(l);
        }
        return { ok: true, ...none, downLinks: links };
      }
    }
  }

  private scheduleDetection(fault: Fault, nowUs: SimTimeUs): void {
    const { detector, settings, state } = this.ctx;
    if (settings.heartbeat.design === 'hierarchical') {
      const agents = new Set(fault.deadEndpoints.map((n) => detector.agentOf(n)));
      if ([...agents].every((a) => this.agentLost[a] > 0)) {
        fault.awaitingAgent = true;
        this.ctx.log(
          'warn',
          [fault.target],
          `${fault.id}: ${fault.target} is unmonitored (its heartbeat agent is lost): the failure goes unnoticed until the agent is back`,
          fault.id,
        );
        return;
      }
    }
    // The first of the fault's dead endpoints the heartbeat reaches (per design and phase).
    let best: Detection | undefined;
    for (const node of fault.deadEndpoints) {
      if (
        settings.heartbeat.design === 'hierarchical' &&
        this.agentLost[detector.agentOf(node)] > 0
      )
        continue;
      const d = detector.detectNode(node, nowUs, `${fault.id}`, state.deadEndpoints);
      if (!best || d.detectedUs < best.detectedUs) best = d;
    }
    if (!best) return;
    if (best.suspectedUs !== undefined) this.schedule(fault, 'suspected', best.suspectedUs);
    this.schedule(fault, 'detected', best.detectedUs);
  }

  private push(item: Unsequenced): void {
    this.queue.push({ ...item, seq: this.seq++ });
  }

  private schedule(fault: Fault, step: FaultStep, atUs: SimTimeUs): void {
    const last = fault.steps[fault.steps.length - 1]?.timeUs ?? atUs;
    this.push({ timeUs: Math.max(Math.round(atUs), last), type: 'step', fault, step });
  }

  private handle(item: Internal): void {
    switch (item.type) {
      case 'step':
        if (item.fault.active) this.onStep(item.fault, item.step, item.timeUs);
        return;
      case 'end':
        if (item.fault.active) this.end(item.fault, item.timeUs, 'its duration ended');
        return;
      case 'flap':
        if (item.fault.active) this.flapToggle(item.fault, item.timeUs);
        return;
      case 'suspect':
        this.ctx.state.suspectBy(item.node, item.delta);
        if (item.delta > 0) {
          this.falseSuspicions++;
          const id = nodeId(this.ctx.cluster, item.node);
          this.ctx.log(
            'warn',
            [id],
            `${id} suspected: a heartbeat probe was lost on its flapping uplink, though it is alive`,
          );
        }
        return;
      case 'occurrence':
        this.injectOccurrence(item.event, item.occurrence, item.timeUs, item.firstUs);
        return;
    }
  }

  private onStep(fault: Fault, step: FaultStep, t: SimTimeUs): void {
    const { ctx } = this;
    const { settings } = ctx;
    switch (step) {
      case 'injected':
      case 'repaired':
        return;
      case 'suspected':
        return this.step(
          fault,
          step,
          t,
          'warn',
          `${fault.target} suspected by the ${settings.heartbeat.design} heartbeat`,
        );
      case 'detected': {
        this.detections++;
        this.detectSumUs += t - fault.steps[0].timeUs;
        const after = formatDelay(t - fault.steps[0].timeUs);
        const by =
          fault.kind === 'link-degrade'
            ? 'by telemetry at the next heartbeat round'
            : fault.kind.startsWith('link') || fault.kind === 'pod-cut'
              ? 'at the link ends'
              : `by the ${settings.heartbeat.design} heartbeat`;
        this.step(
          fault,
          step,
          t,
          'warn',
          `${describeTarget(fault)} detected ${by}, ${after} after the fault`,
        );
        if (fault.kind === 'agent-loss') {
          for (const n of fault.agentNodes) ctx.state.unmonitoredBy(n, 1);
          fault.unmonitored = true;
          this.schedule(fault, 'notified', t + this.notifyDelayUs());
          return;
        }
        if (fault.flap && fault.flap.downs < settings.timing.flapDampenCount) return; // isolated when dampened
        return this.scheduleIsolation(fault, t);
      }
      case 'isolated':
        return this.isolate(fault, t);
      case 'notified': {
        fault.hostsNotified = this.hostsToNotify(fault);
        const how =
          settings.heartbeat.design === 'gossip'
            ? 'by gossip'
            : settings.routing.notification === 'direct'
              ? 'directly'
              : 'by flooding';
        this.step(
          fault,
          step,
          t,
          'info',
          `topology change for ${fault.target} delivered ${how} to ${fault.hostsNotified} host(s)`,
        );
        if (fault.kind !== 'agent-loss')
          this.schedule(fault, 'rerouted', t + this.rerouteDelayUs(fault));
        return;
      }
      case 'rerouted':
        return this.reroute(fault, t);
    }
  }

  private scheduleIsolation(fault: Fault, t: SimTimeUs): void {
    if (fault.isolationScheduled) return;
    fault.isolationScheduled = true;
    const granularity = this.granularityFor(fault);
    fault.granularity = granularity;
    this.schedule(
      fault,
      'isolated',
      t + this.ctx.settings.timing.isolateUs[granularity ?? 'device'],
    );
  }

  private granularityFor(fault: Fault): IsolationGranularity | undefined {
    switch (fault.kind) {
      case 'npu-fail':
      case 'server-down':
        return this.ctx.granularityAt(fault.cabinet);
      case 'cabinet-power-loss':
        return 'cabinet';
      case 'switch-down':
        return 'device';
      case 'link-fail':
      case 'link-degrade':
      case 'link-flap':
      case 'pod-cut':
      case 'agent-loss':
        return undefined;
    }
  }

  /** Takes the fault's scope out of service at its SLA granularity; a free backup NPU stands in for a single failed NPU. */
  private isolate(fault: Fault, t: SimTimeUs): void {
    const { cluster, state } = this.ctx;
    const nodes: number[] = [];
    const links: number[] = [];
    let extra = '';
    switch (fault.kind) {
      case 'npu-fail':
      case 'server-down': {
        const g = fault.granularity ?? 'device';
        const npu = fault.downNodes[0];
        if (g === 'cabinet') nodes.push(...cabinetNodes(cluster, fault.cabinet));
        else if (g === 'server' || fault.kind === 'server-down')
          nodes.push(...serverNodes(cluster, cluster.npuServer[npu]));
        else nodes.push(npu);
        if (fault.kind === 'npu-fail' && g === 'device') {
          const backup = cluster.backupCount > 0 ? state.freeBackup(npu) : -1;
          if (backup >= 0) {
            state.setStandIn(npu, backup);
            fault.standInFor = npu;
            fault.backup = nodeId(cluster, backup);
            extra = `: backup ${nodeId(cluster, backup)} takes over (one more hop, through the cabinet switch)`;
          } else if (cluster.backupCount > 0) extra = ': no free backup NPU in the cabinet';
        }
        break;
      }
      case 'cabinet-power-loss':
      case 'switch-down':
        nodes.push(...fault.downNodes);
        break;
      case 'link-fail':
      case 'pod-cut':
        links.push(...fault.downLinks);
        break;
      case 'link-degrade':
      case 'link-flap': {
        const link = fault.degrade?.link ?? fault.flap?.link ?? -1;
        links.push(link);
        if (fault.flap) {
          // Dampened: held down until repaired.
          fault.flap.dampened = true;
          if (!fault.flap.down) {
            fault.flap.down = true;
            state.linkDownBy(link, 1);
            this.ctx.traffic?.invalidate();
          }
        }
        break;
      }
      case 'agent-loss':
        return;
    }
    for (const n of nodes) state.nodeIsolatedBy(n, 1);
    for (const l of links) state.linkIsolatedBy(l, 1);
    fault.isolatedNodes = nodes;
    fault.isolatedLinks = links;
    this.isolations++;
    this.isolateSumUs += t - fault.steps[0].timeUs;
    const scope = fault.granularity
      ? ` (${fault.granularity} level, ${nodes.length} device(s))`
      : ` (${links.length} link(s))`;
    this.step(fault, 'isolated', t, 'warn', `${describeTarget(fault)} isolated${scope}${extra}`);
    this.schedule(fault, 'notified', t + this.notifyDelayUs());
  }

  private notifyDelayUs(): number {
    const { settings, cluster } = this.ctx;
    if (settings.heartbeat.design === 'gossip') {
      const p = settings.heartbeat;
      return Math.round(disseminationRounds(cluster.npuCount, p.fanout) * p.gossipIntervalS * US);
    }
    const { endpointUs, perHopUs } = cluster.profile.fabric.latency;
    if (settings.routing.notification === 'direct')
      return Math.round(HOST_NOTIFY_US + endpointUs.value + NOTIFY_HOPS * perHopUs.value);
    return HOST_NOTIFY_US + NOTIFY_HOPS * FLOOD_HOP_US;
  }

  /**
   * Table entries each affected source rewrites: one segment entry with structured tables; with
   * flat tables, one per destination behind the failed element.
   */
  private rerouteDelayUs(fault: Fault): number {
    const { settings, cluster } = this.ctx;
    if (settings.routing.tables === 'structured') return ROUTE_COMPUTE_US + TABLE_WRITE_US;
    const podSize = cluster.npuCount / Math.max(1, cluster.podCount);
    const crossPod =
      cluster.podCount > 1 ? cluster.npuCount - podSize : cluster.npuCount - cluster.perCabinet;
    let entries = 1;
    switch (fault.kind) {
      case 'npu-fail':
        entries = fault.isolatedNodes.length || 1;
        break;
      case 'server-down':
      case 'cabinet-power-loss':
        entries = fault.isolatedNodes.length;
        break;
      case 'switch-down':
        entries = fault.downNodes[0] >= cluster.spineSwitchBase ? crossPod : cluster.perCabinet;
        break;
      case 'pod-cut':
        entries = crossPod;
        break;
      case 'link-fail':
      case 'link-degrade':
      case 'link-flap': {
        const kind = cluster.linkKind[fault.isolatedLinks[0] ?? fault.downLinks[0] ?? 0];
        entries =
          kind === LinkKind.CabinetMesh ||
          kind === LinkKind.Spine ||
          kind === LinkKind.Aggregation ||
          kind === LinkKind.Core
            ? cluster.perCabinet
            : 1;
        break;
      }
      case 'agent-loss':
        entries = 0;
    }
    return ROUTE_COMPUTE_US + entries * TABLE_WRITE_US;
  }

  private hostsToNotify(fault: Fault): number {
    const { cluster, state, traffic } = this.ctx;
    if (traffic && traffic.count > 0 && fault.kind !== 'agent-loss') {
      // Direct notification: the pre-computed set of sources whose paths cross the fault.
      this.applyExclusion(fault, 1);
      const servers = traffic.sourceServersCrossing(state.view);
      this.applyExclusion(fault, -1);
      return servers;
    }
    // Without flows, the hosts of the cabinets the fault touches (all hosts for a spine switch or a pod).
    if (fault.cabinet < 0) return cluster.serverCount;
    return cluster.serversPerCabinet;
  }

  private exclusionOf(fault: Fault): { nodes: number[]; links: number[] } {
    const nodes = [...new Set([...fault.downNodes, ...fault.isolatedNodes])];
    const links = [...new Set([...fault.downLinks, ...fault.isolatedLinks])];
    return { nodes, links };
  }

  private applyExclusion(fault: Fault, delta: 1 | -1): void {
    const { state } = this.ctx;
    const { nodes, links } = this.exclusionOf(fault);
    for (const n of nodes) state.viewNodeBy(n, delta);
    for (const l of links) state.viewLinkBy(l, delta);
  }

  private reroute(fault: Fault, t: SimTimeUs): void {
    const { traffic, state } = this.ctx;
    const { nodes, links } = this.exclusionOf(fault);
    fault.excludedNodes = nodes;
    fault.excludedLinks = links;
    this.applyExclusion(fault, 1);
    let message = `routes around ${fault.target} updated`;
    if (traffic && traffic.count > 0) {
      const result = traffic.rerouteAffected(state.view, SAMPLES_PER_FAULT);
      fault.reroutedFlows = result.moved;
      fault.unroutableFlows = result.unroutable;
      fault.samples = result.samples.map((s) => ({
        faultId: fault.id,
        fromNode: traffic.flows.src[s.flow],
        toNode: traffic.flows.dst[s.flow],
        before: s.before,
        ...(s.after ? { after: s.after } : {}),
      }));
      message += `: ${result.moved} flow(s) moved${result.unroutable > 0 ? `, ${result.unroutable} left with no path` : ''}`;
    }
    this.step(fault, 'rerouted', t, 'info', message);
  }

  /** Ends a fault (repair event or its duration): every effect it had is undone. */
  private end(fault: Fault, t: SimTimeUs, why: string): void {
    const { state, traffic } = this.ctx;
    fault.active = false;
    for (const n of fault.downNodes) state.nodeDownBy(n, -1);
    for (const l of fault.downLinks) state.linkDownBy(l, -1);
    if (fault.degrade) state.setCapacity(fault.degrade.link, 1);
    if (fault.flap) {
      if (fault.flap.down) state.linkDownBy(fault.flap.link, -1);
      state.flappingBy(fault.flap.link, -1);
    }
    for (const n of fault.isolatedNodes) state.nodeIsolatedBy(n, -1);
    for (const l of fault.isolatedLinks) state.linkIsolatedBy(l, -1);
    if (fault.standInFor >= 0) state.clearStandIn(fault.standInFor);
    for (const n of fault.excludedNodes) state.viewNodeBy(n, -1);
    for (const l of fault.excludedLinks) state.viewLinkBy(l, -1);
    if (fault.unmonitored) for (const n of fault.agentNodes) state.unmonitoredBy(n, -1);
    fault.samples = [];
    if (traffic) {
      traffic.invalidate();
      if (traffic.count > 0) traffic.restore(state.view);
    }
    const by = why === 'operator' ? ' (operator action)' : why === 'scenario' ? '' : ` (${why})`;
    this.step(fault, 'repaired', t, 'info', `${repairedMessage(fault)}${by}`);
    if (fault.agent >= 0) {
      this.agentLost[fault.agent]--;
      if (this.agentLost[fault.agent] === 0) {
        for (const waiting of this.faults) {
          if (!waiting.active || !waiting.awaitingAgent) continue;
          const agents = waiting.deadEndpoints.map((n) => this.ctx.detector.agentOf(n));
          if (!agents.includes(fault.agent)) continue;
          waiting.awaitingAgent = false;
          this.scheduleDetection(waiting, t);
        }
      }
    }
  }

  /** A flapping link changes phase: down for `downSeconds`, up for the rest of the period. */
  private flapToggle(fault: Fault, t: SimTimeUs): void {
    const flap = fault.flap;
    if (!flap || flap.dampened) return;
    const { state, settings, traffic } = this.ctx;
    flap.down = !flap.down;
    state.linkDownBy(flap.link, flap.down ? 1 : -1);
    traffic?.invalidate();
    if (flap.down) {
      flap.downs++;
      this.push({ timeUs: t + flap.downUs, type: 'flap', fault });
      this.falseSuspicion(flap.link, t, t + flap.downUs);
      const detected = fault.steps.some((s) => s.step === 'detected');
      if (detected && flap.downs >= settings.timing.flapDampenCount)
        this.scheduleIsolation(fault, t);
    } else {
      this.push({ timeUs: t + (flap.periodUs - flap.downUs), type: 'flap', fault });
    }
  }

  /**
   * A probe that crosses a flapping uplink while it is down goes unanswered although the endpoint
   * is alive: the endpoint is suspected until its next probe after the link is back. Gossip with
   * Lifeguard asks other members to probe it indirectly (over its mesh links) and refutes it.
   */
  private falseSuspicion(link: number, downUs: SimTimeUs, upUs: SimTimeUs): void {
    const { cluster, state, settings, detector } = this.ctx;
    if (!state.isProbePath(link)) return;
    if (settings.heartbeat.design === 'gossip' && settings.heartbeat.lifeguard) return;
    const endpoint = cluster.linkA[link];
    if (state.nodeDown[endpoint] > 0) return;
    const probe = detector.nextProbe(endpoint, downUs, state.deadEndpoints);
    if (probe.probeUs >= upUs || probe.deadlineUs > upUs) return;
    const clear = detector.nextProbe(endpoint, upUs, state.deadEndpoints);
    this.push({ timeUs: probe.deadlineUs, type: 'suspect', node: endpoint, delta: 1 });
    this.push({
      timeUs: Math.max(clear.probeUs, probe.deadlineUs),
      type: 'suspect',
      node: endpoint,
      delta: -1,
    });
  }

  private step(
    fault: Fault,
    step: FaultStep,
    t: SimTimeUs,
    level: LogLevel,
    message: string,
  ): void {
    fault.steps.push({ step, timeUs: t });
    this.records[fault.index] = this.snapshot(fault);
    this.ctx.log(level, [fault.target], `${fault.id} ${message}`, fault.id, step);
  }

  private snapshot(fault: Fault): FaultRecord {
    return {
      id: fault.id,
      kind: fault.kind,
      target: fault.target,
      by: fault.by,
      occurrence: fault.occurrence,
      occurrences: fault.occurrences,
      steps: [...fault.steps],
      current: fault.steps[fault.steps.length - 1].step,
      active: fault.active,
      ...(fault.endsUs !== undefined ? { endsUs: fault.endsUs } : {}),
      ...(fault.granularity ? { granularity: fault.granularity } : {}),
      isolatedDevices: fault.isolatedNodes.length,
      isolatedLinks: fault.isolatedLinks.length,
      ...(fault.backup !== undefined ? { backup: fault.backup } : {}),
      hostsNotified: fault.hostsNotified,
      reroutedFlows: fault.reroutedFlows,
      unroutableFlows: fault.unroutableFlows,
      detail: fault.detail,
    };
  }

  addToDigest(digest: Digest): void {
    digest.addNumber(this.faults.length);
    for (const f of this.faults) {
      digest.addString(
        `${f.kind}|${f.target}|${f.active ? 1 : 0}|${f.steps.map((s) => `${s.step}@${s.timeUs}`).join(',')}`,
      );
      digest.addNumber(f.reroutedFlows);
    }
    digest.addNumber(this.falseSuspicions);
    digest.addNumber(this.queue.size);
  }
}

// ---------------------------------------------------------------------------------------------

function serverNodes(cluster: Cluster, server: number): number[] {
  const first = server * cluster.perServer;
  const nodes = Array.from({ length: cluster.perServer }, (_, i) => first + i);
  if (cluster.serverSwitchBase < cluster.cabinetSwitchBase)
    nodes.push(cluster.serverSwitchBase + server);
  return nodes;
}

/** A compute cabinet's accelerators, backups and server switches (not its cabinet switch). */
function cabinetNodes(cluster: Cluster, cabinet: number): number[] {
  const nodes: number[] = [];
  for (let s = 0; s < cluster.serversPerCabinet; s++)
    nodes.push(...serverNodes(cluster, cabinet * cluster.serversPerCabinet + s));
  const per = cluster.profile.layout.backupsPerCabinet;
  for (let b = 0; b < per; b++) nodes.push(cluster.backupBase + cabinet * per + b);
  return nodes;
}

const cabinetOfNode = computeCabinetOfNode;

/** The id the twin prints for a reference (links in their canonical order). */
function canonicalId(cluster: Cluster, ref: EntityRef, raw: string): string {
  if (ref.kind === 'link') {
    const a = nodeId(cluster, cluster.linkA[ref.index]);
    const b = nodeId(cluster, cluster.linkB[ref.index]);
    return `${a}~${b}`;
  }
  return raw.trim();
}

/** Whether a fault's target and a reference name one entity (an interconnect cabinet is its spine switch). */
function sameEntity(cluster: Cluster, target: string, ref: EntityRef): boolean {
  const parsed = parseEntityId(cluster, target);
  if (!parsed.ok) return false;
  const a = normalise(cluster, parsed.ref);
  const b = normalise(cluster, ref);
  if (a.kind !== b.kind) return false;
  if (a.kind === 'supernode' || b.kind === 'supernode') return true;
  return a.index === b.index;
}

function normalise(cluster: Cluster, ref: EntityRef): EntityRef {
  if (ref.kind !== 'icabinet') return ref;
  const switches = switchesInInterconnectCabinet(cluster, ref.index);
  return switches.length === 1 ? { kind: 'node', index: switches[0] } : ref;
}

function describeFault(event: FaultEvent): string {
  const duration =
    event.durationSeconds !== undefined ? `for ${event.durationSeconds} s` : 'until repaired';
  const repeat = event.repeat
    ? `, ${event.repeat.times}× every ${event.repeat.everySeconds} s`
    : '';
  switch (event.kind) {
    case 'link-degrade':
      return `bandwidth ${(event.bandwidthFraction * 100).toFixed(0)} %, ${duration}${repeat}`;
    case 'link-flap':
      return `down ${event.downSeconds} s every ${event.flapPeriodSeconds} s, ${duration}${repeat}`;
    default:
      return `${duration}${repeat}`;
  }
}

function describeTarget(fault: Fault): string {
  switch (fault.kind) {
    case 'npu-fail':
      return `${fault.target} failure`;
    case 'link-fail':
      return `link ${fault.target} down`;
    case 'link-degrade':
      return `link ${fault.target} degradation`;
    case 'link-flap':
      return `link ${fault.target} flapping`;
    case 'server-down':
      return `server ${fault.target} down`;
    case 'cabinet-power-loss':
      return `power loss of ${fault.target}`;
    case 'switch-down':
      return `switch ${fault.target} down`;
    case 'agent-loss':
      return `loss of ${fault.target}'s UBM agent`;
    case 'pod-cut':
      return `${fault.target} cut off`;
  }
}

function injectedMessage(fault: Fault, by: string): string {
  const op = by === 'operator' ? ' (operator action)' : '';
  switch (fault.kind) {
    case 'npu-fail':
      return `${fault.target} failed${op}`;
    case 'link-fail':
      return `link ${fault.target} down${op}`;
    case 'link-degrade':
      return `link ${fault.target} degraded: ${fault.detail}${op}`;
    case 'link-flap':
      return `link ${fault.target} flapping: ${fault.detail}${op}`;
    case 'server-down':
      return `server ${fault.target} down${op}`;
    case 'cabinet-power-loss':
      return `${fault.target} lost power${op}`;
    case 'switch-down':
      return `switch ${fault.target} down${op}`;
    case 'agent-loss':
      return `${fault.target}'s UBM agent lost${op}`;
    case 'pod-cut':
      return `${fault.target} cut off from the spine${op}`;
  }
}

function repairedMessage(fault: Fault): string {
  switch (fault.kind) {
    case 'npu-fail':
      return `${fault.target} repaired`;
    case 'link-fail':
    case 'link-degrade':
    case 'link-flap':
      return `link ${fault.target} back up`;
    case 'server-down':
      return `server ${fault.target} back up`;
    case 'cabinet-power-loss':
      return `${fault.target} power restored`;
    case 'switch-down':
      return `switch ${fault.target} back up`;
    case 'agent-loss':
      return `${fault.target}'s UBM agent back`;
    case 'pod-cut':
      return `${fault.target} reconnected`;
  }
}

/** `850 ms`, `1.21 s`, `1m 12.0s`. */
export function formatDelay(us: number): string {
  if (us < 1_000) return `${us} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 2 : 0)} ms`;
  if (us < 60_000_000) return `${(us / 1e6).toFixed(2)} s`;
  return formatSimTime(us);
}
