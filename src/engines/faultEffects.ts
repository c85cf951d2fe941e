import { LinkKind, parseEntityId, type Cluster, type EntityRef } from '../model';
import { EventQueue } from '../sim/eventQueue';
import { isFaultEvent, type FaultEvent, type TimelineEvent } from '../sim/scenario';
import { secondsToUs, type SimTimeUs } from '../sim/time';

/**
 * The physical effects of the timeline's faults — which routing nodes and links are down at each
 * instant — for engines that sit beside the fabric and must see the same failures at the same sim
 * time. It follows the fabric's fault life cycle (`fabric/lifecycle.ts`) rule for rule: what each
 * fault kind takes down, a duplicate of an active fault or an `npu-fail` on a device already down
 * is ignored (and so are the later occurrences of an ignored recurring fault), `durationSeconds`
 * ends a fault, `repeat` injects it again `everySeconds` after its first start, `repair` ends every
 * active fault on its target (`npu-repair` / `link-repair` only their own kinds), and a flapping
 * link goes down and up until the fabric dampens it (held down from its isolation on). Internal
 * steps due at an instant run before a timeline event at that instant, as in the fabric engine.
 * Detection, isolation of healthy neighbours at an SLA granularity and backup stand-ins are the
 * fabric's control plane and are not mirrored here; the agreement test in `faultEffects.test.ts`
 * checks the down sets against the fabric engine's own.
 */

/** The fabric timing this mirror needs (from the scenario's resolved fabric settings). */
export interface FlapTiming {
  readonly linkDetectUs: number;
  /** Isolation delay of a link (the fabric isolates links at device granularity). */
  readonly isolateLinkUs: number;
  readonly flapDampenCount: number;
}

/** One fault starting or ending, and the nodes and links that changed state because of it. */
export interface FaultEffect {
  readonly timeUs: SimTimeUs;
  readonly kind: FaultEvent['kind'];
  readonly target: string;
  /** True when the fault (or a flap's down phase) begins; false when it ends or the link comes back. */
  readonly starts: boolean;
  /** Why it ended: `repair`, `duration`, or `flap`; absent when it starts. */
  readonly endedBy?: 'repair' | 'duration' | 'flap';
  readonly by: 'scenario' | 'operator';
  /** Nodes whose down count went 0 → 1 (starts) or 1 → 0 (ends). */
  readonly nodes: readonly number[];
  readonly links: readonly number[];
}

interface Flap {
  readonly link: number;
  readonly periodUs: number;
  readonly downUs: number;
  downs: number;
  down: boolean;
  detected: boolean;
  isolationScheduled: boolean;
  dampened: boolean;
}

interface Fault {
  readonly kind: FaultEvent['kind'];
  readonly ref: EntityRef;
  readonly target: string;
  readonly by: 'scenario' | 'operator';
  readonly downNodes: readonly number[];
  readonly downLinks: readonly number[];
  readonly flap?: Flap;
  active: boolean;
}

type Item =
  | { readonly timeUs: number; readonly seq: number; readonly type: 'end'; readonly fault: Fault }
  | { readonly timeUs: number; readonly seq: number; readonly type: 'flap'; readonly fault: Fault }
  | {
      readonly timeUs: number;
      readonly seq: number;
      readonly type: 'detected' | 'isolated';
      readonly fault: Fault;
    }
  | {
      readonly timeUs: number;
      readonly seq: number;
      readonly type: 'occurrence';
      readonly event: FaultEvent;
      readonly occurrence: number;
      readonly firstUs: number;
    };
type Unsequenced = Item extends infer T ? (T extends unknown ? Omit<T, 'seq'> : never) : never;

export class FaultEffects {
  /** Per routing node and per link: active faults holding it down. */
  readonly nodeDown: Uint16Array;
  readonly linkDown: Uint16Array;
  private readonly faults: Fault[] = [];
  private readonly queue = new EventQueue<Item>();
  private seq = 0;
  private effects: FaultEffect[] = [];

  constructor(
    private readonly cluster: Cluster,
    private readonly timing: FlapTiming,
  ) {
    this.nodeDown = new Uint16Array(cluster.nodeCount);
    this.linkDown = new Uint16Array(cluster.linkCount);
  }

  /** Faults in effect now. */
  get activeCount(): number {
    let n = 0;
    for (const f of this.faults) if (f.active) n++;
    return n;
  }

  /** Time of the next internal step (end, recurrence, flap phase), or Infinity. */
  nextUs(): number {
    return this.queue.peek()?.timeUs ?? Infinity;
  }

  /** Runs the internal steps due at or before `toUs`; returns the effects, in order. */
  runUntil(toUs: SimTimeUs): FaultEffect[] {
    for (let next = this.queue.peek(); next && next.timeUs <= toUs; next = this.queue.peek()) {
      this.queue.pop();
      this.handle(next);
    }
    return this.take();
  }

  /** Applies one timeline event at `nowUs` (non-fault, non-repair events change nothing). */
  apply(event: TimelineEvent, nowUs: SimTimeUs): FaultEffect[] {
    if (isFaultEvent(event)) this.inject(event, 1, nowUs, nowUs);
    else if (event.kind === 'npu-repair' || event.kind === 'link-repair' || event.kind === 'repair')
      this.repair(event.kind, event.target, nowUs);
    return this.take();
  }

  private take(): FaultEffect[] {
    const out = this.effects;
    this.effects = [];
    return out;
  }

  private push(item: Unsequenced): void {
    this.queue.push({ ...item, seq: this.seq++ } as Item);
  }

  private handle(item: Item): void {
    switch (item.type) {
      case 'occurrence':
        return this.inject(item.event, item.occurrence, item.timeUs, item.firstUs);
      case 'end':
        if (item.fault.active) this.end(item.fault, item.timeUs, 'duration');
        return;
      case 'flap':
        if (item.fault.active) this.flapToggle(item.fault, item.timeUs);
        return;
      case 'detected': {
        const flap = item.fault.flap;
        if (!item.fault.active || !flap) return;
        flap.detected = true;
        if (flap.downs >= this.timing.flapDampenCount)
          this.scheduleIsolation(item.fault, item.timeUs);
        return;
      }
      case 'isolated': {
        const fault = item.fault;
        const flap = fault.flap;
        if (!fault.active || !flap) return;
        flap.dampened = true;
        if (!flap.down) {
          flap.down = true;
          const links = this.linkBy(flap.link, 1);
          this.record(fault, item.timeUs, true, [], links);
        }
        return;
      }
    }
  }

  private inject(event: FaultEvent, occurrence: number, nowUs: number, firstUs: number): void {
    const parsed = parseEntityId(this.cluster, event.target);
    if (!parsed.ok) return;
    const resolved = this.resolve(event, parsed.ref);
    if (!resolved) return;
    const ref = normalise(this.cluster, parsed.ref);
    if (event.kind === 'npu-fail' && this.nodeDown[resolved.nodes[0]] > 0) return;
    if (this.faults.some((f) => f.active && f.kind === event.kind && sameRef(f.ref, ref))) return;
    const fault: Fault = {
      kind: event.kind,
      ref,
      target: event.target.trim(),
      by: event.by,
      downNodes: resolved.nodes,
      downLinks: resolved.links,
      flap:
        event.kind === 'link-flap'
          ? {
              link: resolved.link,
              periodUs: secondsToUs(event.flapPeriodSeconds),
              downUs: secondsToUs(event.downSeconds),
              downs: 0,
              down: false,
              detected: false,
              isolationScheduled: false,
              dampened: false,
            }
          : undefined,
      active: true,
    };
    this.faults.push(fault);
    const nodes: number[] = [];
    const links: number[] = [];
    for (const n of fault.downNodes) nodes.push(...this.nodeBy(n, 1));
    for (const l of fault.downLinks) links.push(...this.linkBy(l, 1));
    if (nodes.length > 0 || links.length > 0 || !fault.flap)
      this.record(fault, nowUs, true, nodes, links);
    if (fault.flap) {
      this.flapToggle(fault, nowUs);
      // Loss of signal at the link's ends.
      this.push({ timeUs: nowUs + this.timing.linkDetectUs, type: 'detected', fault });
    }
    if (event.durationSeconds !== undefined)
      this.push({ timeUs: nowUs + secondsToUs(event.durationSeconds), type: 'end', fault });
    if (event.repeat && occurrence < event.repeat.times)
      this.push({
        timeUs: firstUs + occurrence * secondsToUs(event.repeat.everySeconds),
        type: 'occurrence',
        event,
        occurrence: occurrence + 1,
        firstUs,
      });
  }

  private repair(kind: 'npu-repair' | 'link-repair' | 'repair', target: string, nowUs: number) {
    const parsed = parseEntityId(this.cluster, target);
    if (!parsed.ok) return;
    if (kind === 'npu-repair' && parsed.ref.kind !== 'npu') return;
    if (kind === 'link-repair' && parsed.ref.kind !== 'link') return;
    const ref = normalise(this.cluster, parsed.ref);
    for (const f of this.faults) {
      if (!f.active || !sameRef(f.ref, ref)) continue;
      const matches =
        kind === 'repair' ||
        (kind === 'npu-repair'
          ? f.kind === 'npu-fail'
          : f.kind === 'link-fail' || f.kind === 'link-degrade' || f.kind === 'link-flap');
      if (matches) this.end(f, nowUs, 'repair');
    }
  }

  private end(fault: Fault, t: number, why: 'repair' | 'duration'): void {
    fault.active = false;
    const nodes: number[] = [];
    const links: number[] = [];
    for (const n of fault.downNodes) nodes.push(...this.nodeBy(n, -1));
    for (const l of fault.downLinks) links.push(...this.linkBy(l, -1));
    if (fault.flap?.down) links.push(...this.linkBy(fault.flap.link, -1));
    this.record(fault, t, false, nodes, links, why);
  }

  private flapToggle(fault: Fault, t: number): void {
    const flap = fault.flap;
    if (!flap || flap.dampened) return;
    flap.down = !flap.down;
    const links = this.linkBy(flap.link, flap.down ? 1 : -1);
    this.record(fault, t, flap.down, [], links, flap.down ? undefined : 'flap');
    if (flap.down) {
      flap.downs++;
      this.push({ timeUs: t + flap.downUs, type: 'flap', fault });
      if (flap.detected && flap.downs >= this.timing.flapDampenCount)
        this.scheduleIsolation(fault, t);
    } else {
      this.push({ timeUs: t + (flap.periodUs - flap.downUs), type: 'flap', fault });
    }
  }

  private scheduleIsolation(fault: Fault, t: number): void {
    const flap = fault.flap;
    if (!flap || flap.isolationScheduled) return;
    flap.isolationScheduled = true;
    this.push({ timeUs: Math.round(t + this.timing.isolateLinkUs), type: 'isolated', fault });
  }

  private nodeBy(node: number, delta: 1 | -1): number[] {
    const before = this.nodeDown[node];
    this.nodeDown[node] = before + delta;
    return (delta > 0 ? before === 0 : before === 1) ? [node] : [];
  }

  private linkBy(link: number, delta: 1 | -1): number[] {
    const before = this.linkDown[link];
    this.linkDown[link] = before + delta;
    return (delta > 0 ? before === 0 : before === 1) ? [link] : [];
  }

  private record(
    fault: Fault,
    timeUs: number,
    starts: boolean,
    nodes: number[],
    links: number[],
    endedBy?: 'repair' | 'duration' | 'flap',
  ): void {
    this.effects.push({
      timeUs,
      kind: fault.kind,
      target: fault.target,
      starts,
      ...(endedBy ? { endedBy } : {}),
      by: fault.by,
      nodes,
      links,
    });
  }

  /** What a fault takes down physically, or undefined when the target is not of its kind. */
  private resolve(
    event: FaultEvent,
    ref: EntityRef,
  ): { nodes: number[]; links: number[]; link: number } | undefined {
    const cluster = this.cluster;
    const none = { nodes: [] as number[], links: [] as number[], link: -1 };
    switch (event.kind) {
      case 'npu-fail':
        return ref.kind === 'npu' ? { ...none, nodes: [ref.index] } : undefined;
      case 'server-down':
        return ref.kind === 'server'
          ? { ...none, nodes: serverNodes(cluster, ref.index) }
          : undefined;
      case 'cabinet-power-loss':
        return ref.kind === 'cabinet'
          ? {
              ...none,
              nodes: [...cabinetNodes(cluster, ref.index), cluster.cabinetSwitchBase + ref.index],
            }
          : undefined;
      case 'switch-down': {
        const node =
          ref.kind === 'icabinet'
            ? cluster.spineSwitchBase + ref.index
            : ref.kind === 'node' && ref.index >= cluster.cabinetSwitchBase
              ? ref.index
              : -1;
        return node < 0 ? undefined : { ...none, nodes: [node] };
      }
      case 'link-fail':
      case 'link-degrade':
      case 'link-flap':
        if (ref.kind !== 'link') return undefined;
        return {
          ...none,
          links: event.kind === 'link-fail' ? [ref.index] : [],
          link: ref.index,
        };
      case 'agent-loss':
        // Only the heartbeat stops seeing the cabinet: nothing goes down.
        return ref.kind === 'cabinet' || ref.kind === 'icabinet' ? none : undefined;
      case 'pod-cut': {
        if (ref.kind !== 'pod' || cluster.interconnectCabinetCount === 0) return undefined;
        const links: number[] = [];
        for (let l = 0; l < cluster.linkCount; l++) {
          if (cluster.linkKind[l] !== LinkKind.Spine) continue;
          const cab = cluster.linkA[l] - cluster.cabinetSwitchBase;
          if (cluster.cabinetPod[cab] === ref.index) links.push(l);
        }
        return { ...none, links };
      }
    }
  }
}

/** A server's accelerators and, where the profile has one, its server switch. */
export function serverNodes(cluster: Cluster, server: number): number[] {
  const first = server * cluster.perServer;
  const nodes = Array.from({ length: cluster.perServer }, (_, i) => first + i);
  if (cluster.serverSwitchBase < cluster.cabinetSwitchBase)
    nodes.push(cluster.serverSwitchBase + server);
  return nodes;
}

/** A compute cabinet's accelerators, backups and server switches (not its cabinet switch). */
export function cabinetNodes(cluster: Cluster, cabinet: number): number[] {
  const nodes: number[] = [];
  for (let s = 0; s < cluster.serversPerCabinet; s++)
    nodes.push(...serverNodes(cluster, cabinet * cluster.serversPerCabinet + s));
  const per = cluster.profile.layout.backupsPerCabinet;
  for (let b = 0; b < per; b++) nodes.push(cluster.backupBase + cabinet * per + b);
  return nodes;
}

/** An interconnect cabinet is its spine switch. */
function normalise(cluster: Cluster, ref: EntityRef): EntityRef {
  return ref.kind === 'icabinet'
    ? { kind: 'node', index: cluster.spineSwitchBase + ref.index }
    : ref;
}

function sameRef(a: EntityRef, b: EntityRef): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'supernode' || b.kind === 'supernode') return true;
  return a.index === b.index;
}
