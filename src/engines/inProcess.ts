import { advanceRounds, type EngineCore, type EngineHost, type EngineRound } from '../sim/engine';
import { engineStream } from '../sim/rng';
import type { Scenario } from '../sim/scenario';
import { clusterFor } from './clusterCache';
import { createFabricEngine, type FabricEngine } from './fabric/fabricEngine';
import type { InferNexCore } from './infernex/core';
import { createServingCore, servingTraceFile } from './infernex/serving';

/** Builds the named engine's pure core for a scenario, with its own seeded stream. */
export function createFabricCore(scenario: Scenario): FabricEngine {
  return createFabricEngine({
    scenario,
    cluster: clusterFor(scenario.profile),
    rng: engineStream(scenario.seed, 'fabric'),
  });
}

/**
 * An engine called in-process, behind the same async interface a worker proxy has. The CLI and
 * the benchmarks run the orchestrator on these; the browser runs it on worker proxies.
 */
export class InProcessHost<TCore extends EngineCore> implements EngineHost {
  private current: TCore | undefined;

  constructor(
    readonly name: string,
    private readonly create: (scenario: Scenario) => TCore,
  ) {}

  get core(): TCore {
    if (!this.current) throw new Error(`engine ${this.name} has no scenario loaded`);
    return this.current;
  }

  async load(scenario: Scenario): Promise<void> {
    this.current = this.create(scenario);
  }

  async advance(rounds: readonly EngineRound[]): Promise<void> {
    advanceRounds(this.core, rounds);
  }

  /** The core's own frame type (a fabric host gives a `FabricFrame`). */
  async frame(): Promise<ReturnType<TCore['frame']>> {
    return this.core.frame() as ReturnType<TCore['frame']>;
  }

  async digest() {
    return this.core.digest();
  }
}

/**
 * Reads a shipped trace file (`public/traces/<file>`) for an in-process InferNex engine. The pure
 * layer cannot touch the file system: the CLI passes a Node reader, tests a fixture reader.
 */
export type TraceReader = (file: string) => string;

/** The InferNex core of a scenario with a serving fleet, its trace read through `readTrace`. */
export function createInferNexCoreFor(scenario: Scenario, readTrace?: TraceReader): InferNexCore {
  const file = servingTraceFile(scenario);
  let text: string | undefined;
  if (file !== undefined) {
    if (!readTrace) throw new Error(`reading the trace ${file} needs a trace reader`);
    text = readTrace(file);
  }
  return createServingCore(scenario, clusterFor(scenario.profile), text);
}

/**
 * Every engine the scenario runs, in the orchestrator's order (fabric first; the order fixes the
 * digest's). InferNex joins when the scenario has `engines.infernex`; the trace text is read once
 * per file and kept, so a replay from 0 does not read it again.
 */
export function inProcessHosts(scenario?: Scenario, readTrace?: TraceReader) {
  const fabric = new InProcessHost('fabric', createFabricCore);
  if (!scenario?.engines?.infernex) return { fabric, infernex: undefined, all: [fabric] };
  const texts = new Map<string, string>();
  const cachedReader: TraceReader | undefined = readTrace
    ? (file) => {
        let text = texts.get(file);
        if (text === undefined) {
          text = readTrace(file);
          texts.set(file, text);
        }
        return text;
      }
    : undefined;
  const infernex = new InProcessHost('infernex', (s: Scenario) =>
    createInferNexCoreFor(s, cachedReader),
  );
  return { fabric, infernex, all: [fabric, infernex] };
}
