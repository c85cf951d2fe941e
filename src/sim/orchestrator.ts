import { Digest } from './digest';
import type { EngineHost, ScheduledEvent } from './engine';
import type { EngineFrame } from './frame';
import type { Scenario, TimelineEvent } from './scenario';
import { scheduleTimeline } from './timeline';
import { US_PER_MS, type SimTimeUs } from './time';

/**
 * Engines advance in lockstep rounds that end on whole multiples of SYNC_SLICES slices of sim time
 * (and at the requested target). The round boundaries are fixed on the sim clock, not set by how
 * fast the wall clock asks for time, so the engines see the same sequence of rounds — and reach
 * the same state — whether the console plays at ×1 or ×1000, seeks, or the CLI runs flat out.
 * Within a round each engine takes its slices alone, in the fixed order of `hosts` (fabric first:
 * the others read its device and link state).
 */
export const SYNC_SLICES = 10;

export class Orchestrator {
  private schedule: readonly ScheduledEvent[] = [];
  /** Index of the first event not yet delivered. */
  private cursor = 0;
  private now: SimTimeUs = 0;
  private current: Scenario | undefined;

  constructor(private readonly hosts: readonly EngineHost[]) {
    if (hosts.length === 0) throw new Error('the orchestrator needs at least one engine');
  }

  get timeUs(): SimTimeUs {
    return this.now;
  }

  get scenario(): Scenario {
    if (!this.current) throw new Error('no scenario loaded');
    return this.current;
  }

  get sliceUs(): SimTimeUs {
    return this.scenario.sliceMs * US_PER_MS;
  }

  get events(): readonly ScheduledEvent[] {
    return this.schedule;
  }

  /** Loads a scenario and the operator's actions; time goes back to 0. */
  async load(scenario: Scenario, actions: readonly TimelineEvent[]): Promise<void> {
    this.current = scenario;
    this.schedule = scheduleTimeline(scenario, actions);
    await this.restart();
  }

  /**
   * Replaces the operator's actions. Actions at the current instant apply now; if the change
   * touches the past, the run replays from 0 to now so the state is exactly what
   * `scenario + actions` gives.
   */
  async setActions(actions: readonly TimelineEvent[]): Promise<void> {
    const next = scheduleTimeline(this.scenario, actions);
    const past = (events: readonly ScheduledEvent[]) =>
      JSON.stringify(events.filter((e) => e.timeUs < this.now).map((e) => e.event));
    const deliveredNow = this.schedule.slice(0, this.cursor).filter((e) => e.timeUs === this.now);
    const nextNow = next.filter((e) => e.timeUs === this.now);
    const samePast = past(this.schedule) === past(next);
    const nowIsExtension =
      JSON.stringify(nextNow.slice(0, deliveredNow.length).map((e) => e.event)) ===
      JSON.stringify(deliveredNow.map((e) => e.event));
    const target = this.now;
    this.schedule = next;
    if (samePast && nowIsExtension) {
      this.cursor = next.findIndex((e) => e.timeUs > this.now);
      if (this.cursor < 0) this.cursor = next.length;
      const fresh = nextNow.slice(deliveredNow.length);
      if (fresh.length > 0) for (const host of this.hosts) await host.advance(this.now, fresh);
      return;
    }
    await this.restart();
    await this.advanceTo(target);
  }

  /** Moves the clock to `targetUs` (rounded down to a whole slice): forward by stepping, backward by exact replay from 0. */
  async advanceTo(targetUs: SimTimeUs): Promise<void> {
    const slice = this.sliceUs;
    const target = Math.max(0, Math.floor(targetUs / slice) * slice);
    if (target < this.now) await this.restart();
    const round = slice * SYNC_SLICES;
    while (this.now < target) {
      const to = Math.min(target, (Math.floor(this.now / round) + 1) * round);
      await this.deliverThrough(to);
    }
    if (this.now === 0 && this.cursor === 0) await this.deliverThrough(0);
  }

  /** The latest frame of every engine, in host order. */
  async frames(): Promise<EngineFrame[]> {
    const frames: EngineFrame[] = [];
    for (const host of this.hosts) frames.push(await host.frame());
    return frames;
  }

  /** Hash of every engine's state at the current sim time. */
  async digest(): Promise<string> {
    const digest = new Digest().addNumber(this.now);
    for (const host of this.hosts) digest.addString(`${host.name}:${await host.digest()}`);
    return digest.hex();
  }

  private async restart(): Promise<void> {
    for (const host of this.hosts) await host.load(this.scenario);
    this.now = 0;
    this.cursor = 0;
  }

  private async deliverThrough(to: SimTimeUs): Promise<void> {
    let end = this.cursor;
    while (end < this.schedule.length && this.schedule[end].timeUs <= to) end++;
    const events = this.schedule.slice(this.cursor, end);
    for (const host of this.hosts) await host.advance(to, events);
    this.cursor = end;
    this.now = to;
  }
}
