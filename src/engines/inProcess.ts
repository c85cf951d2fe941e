import type { EngineCore, EngineHost, ScheduledEvent } from '../sim/engine';
import { engineStream } from '../sim/rng';
import type { Scenario } from '../sim/scenario';
import type { SimTimeUs } from '../sim/time';
import { clusterFor } from './clusterCache';
import { createFabricEngine, type FabricEngine } from './fabric/fabricEngine';

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

  async advance(toUs: SimTimeUs, events: readonly ScheduledEvent[]): Promise<void> {
    this.core.advance(toUs, events);
  }

  async frame() {
    return this.core.frame();
  }

  async digest() {
    return this.core.digest();
  }
}

/** Every engine, in the orchestrator's order (fabric first: the others read its state). */
export function inProcessHosts() {
  const fabric = new InProcessHost('fabric', createFabricCore);
  return { fabric, all: [fabric] as const };
}
