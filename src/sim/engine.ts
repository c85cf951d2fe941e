import type { Cluster } from '../model';
import type { EngineFrame } from './frame';
import type { Rng } from './rng';
import type { Scenario, TimelineEvent } from './scenario';
import type { SimTimeUs } from './time';

/** A timeline event placed on the sim clock, with its position in the merged timeline. */
export interface ScheduledEvent {
  readonly timeUs: SimTimeUs;
  /** Position in the merged, sorted timeline: ties at one instant apply in this order. */
  readonly seq: number;
  readonly event: TimelineEvent;
}

/**
 * The pure core of an engine: no DOM, no wall clock, randomness only from its own seeded stream.
 * The same object runs inside a worker (browser) and in-process (CLI), so both give the same digest.
 */
export interface EngineCore {
  readonly name: string;
  /** Advances to `toUs`, applying `events` (all in (now, toUs], sorted) at their slice. */
  advance(toUs: SimTimeUs, events: readonly ScheduledEvent[]): void;
  /** A snapshot of the state now; arrays are fresh copies, safe to transfer. */
  frame(): EngineFrame;
  /** Hex hash of the engine state now. */
  digest(): string;
}

export interface EngineContext {
  readonly scenario: Scenario;
  readonly cluster: Cluster;
  /** This engine's own stream, derived from the scenario seed and the engine name. */
  readonly rng: Rng;
}

export type EngineFactory = (context: EngineContext) => EngineCore;

/** One lockstep round of the orchestrator: advance to `toUs`, applying `events` on the way. */
export interface EngineRound {
  readonly toUs: SimTimeUs;
  readonly events: readonly ScheduledEvent[];
}

/** Takes `rounds` one after another, exactly as separate `advance` calls would. */
export function advanceRounds(core: EngineCore, rounds: readonly EngineRound[]): void {
  for (const round of rounds) core.advance(round.toUs, round.events);
}

/**
 * How the orchestrator reaches an engine: in-process for the CLI, a comlink proxy to a worker in the
 * browser. Every call is async so both look the same. `advance` takes as many rounds as the
 * orchestrator hands over at once, so a worker is not asked once per round.
 */
export interface EngineHost {
  readonly name: string;
  load(scenario: Scenario): Promise<void>;
  advance(rounds: readonly EngineRound[]): Promise<void>;
  frame(): Promise<EngineFrame>;
  digest(): Promise<string>;
}
