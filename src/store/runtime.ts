import * as Comlink from 'comlink';
import type { FabricWorkerApi } from '../../workers/fabric.worker';
import type { InferNexEngineWorkerApi } from '../../workers/infernexEngine.worker';
import { clusterFor } from '../engines/clusterCache';
import type { RouteResult } from '../engines/fabric/routing';
import { servingErrors } from '../engines/infernex/serving';
import { floorLayout, type Cluster, type FloorLayout } from '../model';
import type { EngineHost } from '../sim/engine';
import type { EngineFrame, FabricFrame, InferNexFrame } from '../sim/frame';
import { Orchestrator } from '../sim/orchestrator';
import type { Scenario, TimelineEvent } from '../sim/scenario';
import { servingFrameBus } from './frameBus';
import { SerialQueue } from './serialQueue';

export interface TwinRuntime {
  readonly cluster: Cluster;
  readonly layout: FloorLayout;
  readonly scenario: Scenario;
  /** Whether the scenario runs a serving fleet (InferNex in lockstep beside the fabric). */
  readonly serving: boolean;
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
 * The way a worker's failure reaches the caller. The worker itself is constructed at the call site:
 * Vite bundles a worker only when `new Worker(new URL('…', import.meta.url))` is written literally.
 */
function watchWorker(worker: Worker, name: string): { worker: Worker; failure: Promise<never> } {
  const failure = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) =>
      reject(new Error(`${name} worker failed: ${e.message || 'its script could not be loaded'}`)),
    );
  });
  failure.catch(() => undefined);
  return { worker, failure };
}

/**
 * Starts the engine workers for a scenario — the fabric, and InferNex beside it when the scenario
 * has a serving fleet — and drives them with the orchestrator from the main thread. Calls are
 * queued one after another, so a slow replay never interleaves with the next playback step. The
 * fabric frame is returned (the playback loop publishes it); the InferNex frame of the same
 * instant goes to `servingFrameBus`.
 */
export async function createTwinRuntime(
  scenario: Scenario,
  actions: readonly TimelineEvent[],
): Promise<TwinRuntime> {
  servingFrameBus.clear();
  // The cluster is immutable and deterministic: the main thread builds its own copy (~20 ms at
  // 8,192 NPUs) for ids, layout and colouring instead of receiving it from the worker.
  const cluster = clusterFor(scenario.profile);
  const layout = floorLayout(cluster);
  const problems = servingErrors(scenario, cluster);
  if (problems.length > 0) throw new Error(`${problems[0].path}: ${problems[0].message}`);

  const workers: Worker[] = [];
  const failures: Promise<never>[] = [];
  const fabricWorker = watchWorker(
    new Worker(new URL('../../workers/fabric.worker.ts', import.meta.url), {
      type: 'module',
      name: 'fabric-engine',
    }),
    'fabric-engine',
  );
  workers.push(fabricWorker.worker);
  failures.push(fabricWorker.failure);
  const fabric = Comlink.wrap<FabricWorkerApi>(fabricWorker.worker);
  const hosts: EngineHost[] = [
    {
      name: 'fabric',
      load: (s) => fabric.load(s),
      advance: (toUs, events) => fabric.advance(toUs, events),
      frame: () => fabric.frame(),
      digest: () => fabric.digest(),
    },
  ];
  let infernex: Comlink.Remote<InferNexEngineWorkerApi> | undefined;
  if (scenario.engines?.infernex) {
    const started = watchWorker(
      new Worker(new URL('../../workers/infernexEngine.worker.ts', import.meta.url), {
        type: 'module',
        name: 'infernex-engine',
      }),
      'infernex-engine',
    );
    workers.push(started.worker);
    failures.push(started.failure);
    const remote = Comlink.wrap<InferNexEngineWorkerApi>(started.worker);
    infernex = remote;
    hosts.push({
      name: 'infernex',
      load: (s) => remote.load(s),
      advance: (toUs, events) => remote.advance(toUs, events),
      frame: () => remote.frame(),
      digest: () => remote.digest(),
    });
  }
  const orchestrator = new Orchestrator(hosts);
  const failure = Promise.race(failures);
  failure.catch(() => undefined);

  const queue = new SerialQueue();
  const serial = <T>(work: () => Promise<T>): Promise<T> =>
    Promise.race([queue.run(work), failure]);
  const fabricFrame = async (): Promise<FabricFrame> => {
    const frames: EngineFrame[] = await orchestrator.frames();
    let result: FabricFrame | undefined;
    for (const frame of frames) {
      if (frame.engine === 'fabric') result = frame;
      else servingFrameBus.publish(frame as InferNexFrame);
    }
    if (!result) throw new Error('the fabric engine returned no frame');
    return result;
  };

  await serial(() => orchestrator.load(scenario, actions));

  return {
    cluster,
    layout,
    scenario,
    serving: infernex !== undefined,
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
      infernex?.[Comlink.releaseProxy]();
      for (const worker of workers) worker.terminate();
    },
  };
}
