import * as Comlink from 'comlink';
import type { FabricWorkerApi } from '../../workers/fabric.worker';
import { clusterFor } from '../engines/clusterCache';
import type { RouteResult } from '../engines/fabric/routing';
import { floorLayout, type Cluster, type FloorLayout } from '../model';
import type { EngineHost } from '../sim/engine';
import type { FabricFrame } from '../sim/frame';
import { Orchestrator } from '../sim/orchestrator';
import type { Scenario, TimelineEvent } from '../sim/scenario';
import { SerialQueue } from './serialQueue';

export interface TwinRuntime {
  readonly cluster: Cluster;
  readonly layout: FloorLayout;
  readonly scenario: Scenario;
  /** Sim time of the engines now, µs. */
  readonly timeUs: number;
  /** Replaces the operator's actions; returns the frame at the current time. */
  setActions(actions: readonly TimelineEvent[]): Promise<FabricFrame>;
  /** Forward by stepping, backward by exact replay from 0; rounds down to a whole slice. */
  advanceTo(timeUs: number): Promise<FabricFrame>;
  route(fromNode: number, toNode: number, bytes: number): Promise<RouteResult>;
  /** Hash of the engines' state now: the CLI's `twin run … --until t` prints the same. */
  digest(): Promise<string>;
  dispose(): void;
}

/**
 * Starts the engine workers for a scenario and drives them with the orchestrator from the main
 * thread. Calls are queued one after another, so a slow replay never interleaves with the next
 * playback step.
 */
export async function createTwinRuntime(
  scenario: Scenario,
  actions: readonly TimelineEvent[],
): Promise<TwinRuntime> {
  // The cluster is immutable and deterministic: the main thread builds its own copy (~20 ms at
  // 8,192 NPUs) for ids, layout and colouring instead of receiving it from the worker.
  const cluster = clusterFor(scenario.profile);
  const layout = floorLayout(cluster);
  const worker = new Worker(new URL('../../workers/fabric.worker.ts', import.meta.url), {
    type: 'module',
    name: 'fabric-engine',
  });
  const failure = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) =>
      reject(new Error(`fabric worker failed: ${e.message}`)),
    );
  });
  failure.catch(() => undefined);
  const fabric = Comlink.wrap<FabricWorkerApi>(worker);
  const host: EngineHost = {
    name: 'fabric',
    load: (s) => fabric.load(s),
    advance: (toUs, events) => fabric.advance(toUs, events),
    frame: () => fabric.frame(),
    digest: () => fabric.digest(),
  };
  const orchestrator = new Orchestrator([host]);

  const queue = new SerialQueue();
  const serial = <T>(work: () => Promise<T>): Promise<T> =>
    Promise.race([queue.run(work), failure]);
  const fabricFrame = async () => (await orchestrator.frames())[0];

  await serial(() => orchestrator.load(scenario, actions));

  return {
    cluster,
    layout,
    scenario,
    get timeUs() {
      return orchestrator.timeUs;
    },
    setActions: (next) =>
      serial(async () => {
        await orchestrator.setActions(next);
        return fabricFrame();
      }),
    advanceTo: (timeUs) =>
      serial(async () => {
        await orchestrator.advanceTo(timeUs);
        return fabricFrame();
      }),
    route: (from, to, bytes) => serial<RouteResult>(() => fabric.route(from, to, bytes)),
    digest: () => serial(() => orchestrator.digest()),
    dispose: () => {
      fabric[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
