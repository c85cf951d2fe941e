import { Digest } from './digest';
import type { EngineHost, EngineRound, ScheduledEvent } from './engine';
import type { EngineFrame } from './frame';
import type { Scenario, TimelineEvent } from './scenario';
import { scheduleTimeline } from './timeline';
import { US_PER_MS, type SimTimeUs } from './time';

/**
 * Engines advance in lockstep rounds that end on whole multiples of SYNC_SLICES slices of sim time
 * (and at the requested target). The round boundaries are fixed on the sim clock, not set by how
 * fast the wall clock asks for time, so the engines see the same sequence of rounds — and reach
 * the same state — whether the console plays at ×1 or ×1000, seeks, or the CLI runs flat out.
 * Each engine gets the rounds of one request in as few calls as allowed, in the fixed order of
 * `hosts`: engines share no state between rounds (InferNex follows the timeline's faults through
 * its own mirror, `engines/faultEffects.ts`), so only the rounds each one sees decide its state.
 */
export const SYNC_SLICES = 10;

export class Orchestrator {
  private schedule: readonly ScheduledEvent[] = [];
  /** Index of the first event not yet delivered. */
  private cursor = 0;
  private now: SimTimeUs = 0;
  private current: Scenario | undefined;

  /**
   * `roundsPerCall` caps how many rounds one `advance` call carries (default: all of a request).
   * Engines in workers take a few at a time, so they come back to the page between calls: a page
   * short of CPU then slows the engines down instead of the engines starving it.
   */
  constructor(
    private readonly hosts: readonly EngineHost[],
    private readonly roundsPerCall = Number.POSITIVE_INFINITY,
  ) {
    if (hosts.length === 0) throw new Error('the orchestrator needs at least one engine');
    if (!(roundsPerCall >= 1)) throw new Error('roundsPerCall must be at least 1');
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
      if (fresh.length > 0)
        for (const host of this.hosts) await host.advance([{ toUs: this.now, events: fresh }]);
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
    const length = slice * SYNC_SLICES;
    const rounds: EngineRound[] = [];
    /** The schedule cursor after each round. */
    const cursors: number[] = [];
    let now = this.now;
    let cursor = this.cursor;
    const roundTo = (to: SimTimeUs) => {
      let end = cursor;
      while (end < this.schedule.length && this.schedule[end].timeUs <= to) end++;
      rounds.push({ toUs: to, events: this.schedule.slice(cursor, end) });
      cursors.push(end);
      cursor = end;
      now = to;
    };
    while (now < target) roundTo(Math.min(target, (Math.floor(now / length) + 1) * length));
    // At 0 the events due at 0 still apply.
    if (now === 0 && cursor === 0) roundTo(0);
    for (let i = 0; i < rounds.length; i += this.roundsPerCall) {
      const batch = rounds.slice(i, i + this.roundsPerCall);
      for (const host of this.hosts) await host.advance(batch);
      const last = i + batch.length - 1;
      this.now = rounds[last].toUs;
      this.cursor = cursors[last];
    }
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
}
